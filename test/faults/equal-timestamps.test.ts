// Issue #9 item 1 (every observation kept): two different items for one lift and one timestamp —
// two items of one array without `ts`, or two messages with the same `ts` — are both stored, while an
// identical retransmission (a QoS 1 DUP, a resend after reconnect) is stored once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import type { MqttClient } from 'mqtt'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { connectGateway } from '../support/mqtt.ts'
import { encodeConnect, encodePublishQos1, encodeTopic } from '../../simulators/mqtt/wire.ts'
import { createInfluxClient, influxString, seriesRows } from '../../platform/influx/client.ts'
import { waitFor } from './support/wait.ts'

let service: TestService
let client: MqttClient
let code: string
let secret: string

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase() })
  code = (await seedRegistry(service.registry, 1)).codes[0]!
  secret = (await provisionGateway(service.gateways, 'gw-ts', [code])).secret
  client = await connectGateway(service.mqttPort!, 'gw-ts', secret, { clientId: 'gw-ts' })
})
afterAll(async () => {
  client?.end(true)
  await service?.stop()
})

const state = (trips: number, ts?: number) => ({ ...(ts === undefined ? {} : { ts }), mode: 1, moving: false, dir: 0, floor: trips % 30, doorZone: true, doorClosed: true, occupied: false, trips })

/** The `trips` values stored for the lift, one per point (whatever timestamps the service gave them). */
async function storedTrips (): Promise<number[]> {
  expect(await service.shipper!.drain()).toBe(true)
  const influx = createInfluxClient({ url: service.influx.url, database: service.influx.database })
  return (await influx.query(`SELECT trips FROM elevator_state WHERE equipment = ${influxString(code)} GROUP BY *`)).flatMap((s) => seriesRows(s).map((r) => r.trips as number)).sort((a, b) => a - b)
}

describe('every observation kept', () => {
  it('stores both items of one array without ts', async () => {
    await client.publishAsync(`se/v1/gw-ts/elevator/${code}/state`, JSON.stringify([state(1), state(2)]), { qos: 1 })
    expect((await storedTrips()).filter((t) => t === 1 || t === 2)).toEqual([1, 2])
  })

  it('stores two different messages with the same ts', async () => {
    const ts = Date.now() - 60_000
    await client.publishAsync(`se/v1/gw-ts/elevator/${code}/state`, JSON.stringify(state(10, ts)), { qos: 1 })
    await client.publishAsync(`se/v1/gw-ts/elevator/${code}/state`, JSON.stringify(state(11, ts)), { qos: 1 })
    expect((await storedTrips()).filter((t) => t === 10 || t === 11)).toEqual([10, 11])
  })

  it('stores a QoS 1 retransmission (DUP, same packet id, no ts) once', async () => {
    const socket = connect({ host: '127.0.0.1', port: service.mqttPort! })
    socket.on('error', () => {})
    let received = Buffer.alloc(0)
    socket.on('data', (d: Buffer) => { received = Buffer.concat([received, d]) })
    await new Promise((resolve) => socket.on('connect', resolve))
    socket.write(encodeConnect({ clientId: 'gw-ts-raw', username: 'gw-ts', password: secret, keepaliveS: 30, clean: false }))
    const publish = encodePublishQos1(encodeTopic(`se/v1/gw-ts/elevator/${code}/state`), 7, JSON.stringify(state(20)))
    const pubacks = () => received.toString('hex').split('40020007').length - 1
    socket.write(publish)
    await waitFor('the PUBACK for packet 7', () => pubacks() >= 1)
    // The resend comes in a later millisecond than the original, as one after a lost PUBACK does.
    const ackedAt = Date.now()
    await waitFor('the clock moved on', () => Date.now() > ackedAt)
    const dup = Buffer.from(publish)
    dup[0] = dup[0]! | 0x08 // [MQTT-3.3.1-1] DUP: a resend of packet 7
    socket.write(dup)
    await waitFor('the second PUBACK for packet 7', () => pubacks() >= 2)
    socket.destroy()
    expect((await storedTrips()).filter((t) => t === 20)).toEqual([20])
  })
})
