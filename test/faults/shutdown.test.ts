// A defect this suite found: the service's close() never finished while a gateway was connected.
// ingest/broker.ts close() awaited the TCP servers' close() first, and a server closes only once every
// connection has ended — but it was broker.close() after it that would end them. Every graceful stop
// (SIGTERM from systemd or Docker) hung until the SIGKILL that follows. Now Aedes (its clients) is closed
// before the servers are awaited, and connections that never became clients are ended too.
import { afterAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { connectGateway } from '../support/mqtt.ts'
import { waitFor } from './support/wait.ts'

let service: TestService | null = null
let client: MqttClient | null = null

afterAll(async () => {
  client?.end(true)
  await service?.stop()
})

describe('fault: graceful shutdown with gateways connected', () => {
  it('closes, and disconnects the gateways, while they are still connected', async () => {
    const running = await startTestService({ DATABASE_URL: await createTestDatabase() })
    service = running
    const { codes } = await seedRegistry(running.registry, 1)
    const { secret } = await provisionGateway(running.gateways, 'gw-stay', codes)
    const gateway = await connectGateway(running.mqttPort!, 'gw-stay', secret)
    client = gateway
    let closed = false
    let disconnected = false
    gateway.on('close', () => { disconnected = true })
    void running.stop().then(() => { closed = true })
    service = null
    // A hang is the defect; 20 s only bounds how long the test waits to say so.
    await waitFor('the service closed', () => closed, 20_000)
    expect(disconnected).toBe(true)
  })
})
