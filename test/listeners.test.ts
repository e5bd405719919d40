// The optional listeners: MQTT over TLS and over WebSocket, with the same authentication and ingest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { freePort } from '../platform/net.ts'

let service: TestService
let certDir: string
let secret: string
let code: string

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'tianjian-tls-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' })
  service = await startTestService({
    MQTT_TLS_PORT: String(await freePort()), MQTT_TLS_CERT: join(certDir, 'cert.pem'), MQTT_TLS_KEY: join(certDir, 'key.pem'),
    MQTT_WS_PORT: String(await freePort())
  })
  code = (await seedRegistry(service.registry, 1)).codes[0]!
  secret = (await provisionGateway(service.gateways, 'gw-tls', [code])).secret
})
afterAll(async () => {
  await service?.stop()
  rmSync(certDir, { recursive: true, force: true })
})

async function publishOver (url: string, options: mqtt.IClientOptions, floor: number) {
  const client = await mqtt.connectAsync(url, { username: 'gw-tls', password: secret, clientId: `gw-tls-${floor}`, protocolVersion: 4, reconnectPeriod: 0, ...options })
  await client.publishAsync(`se/v1/gw-tls/elevator/${code}/state`, JSON.stringify({ mode: 1, moving: false, dir: 0, floor, doorZone: true, doorClosed: true, occupied: false }), { qos: 1 })
  await client.endAsync()
}

describe('optional listeners', () => {
  it('accept gateways over TLS, verified against the server certificate', async () => {
    await publishOver(`mqtts://127.0.0.1:${service.broker!.ports.tls}`, { ca: readFileSync(join(certDir, 'cert.pem')) }, 21)
    expect(service.latest.peek(code)).toMatchObject({ floor: 21 })
  })

  it('refuse a wrong secret over TLS too', async () => {
    await expect(mqtt.connectAsync(`mqtts://127.0.0.1:${service.broker!.ports.tls}`, { username: 'gw-tls', password: 'wrong', protocolVersion: 4, reconnectPeriod: 0, ca: readFileSync(join(certDir, 'cert.pem')) }))
      .rejects.toThrow(/Bad username or password/i)
  })

  it('accept gateways over WebSocket', async () => {
    await publishOver(`ws://127.0.0.1:${service.broker!.ports.ws}`, {}, 22)
    expect(service.latest.peek(code)).toMatchObject({ floor: 22 })
  })
})
