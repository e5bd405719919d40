// A second equipment kind, known to the tests only (support/thermometer-kind.ts), registered through the
// service's one option and driven over real MQTT: it is authorised, validated, stored in InfluxDB, announced
// on the bus and answered on its reply channel, with no line of ingest/ or protocol/ naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { startTestService, type TestService } from './support/service.ts'
import { seedRegistry } from './support/fixtures.ts'
import { collect, connectGateway, until } from './support/mqtt.ts'
import { THERMOMETER, THERMOMETER_TABLE, thermometerKind, type ThermometerReadingReceived } from './support/thermometer-kind.ts'
import { EquipmentConflictError } from '../gateways/store.ts'
import { seriesRows } from '../platform/influx/client.ts'

let service: TestService
let lifts: string[]
const secrets = new Map<string, string>()
const clients: MqttClient[] = []

async function gateway (id: string) {
  const client = await connectGateway(service.mqttPort!, id, secrets.get(id)!)
  clients.push(client)
  return client
}
/** Everything a client receives, with the QoS it came at. */
function inbox (client: MqttClient) {
  const got: Array<{ topic: string, qos: number, payload: any }> = []
  client.on('message', (topic, payload, packet) => got.push({ topic, qos: packet.qos, payload: JSON.parse(payload.toString()) }))
  return got
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  // Each test's connections stay open until the end of the file: more than one gateway may hold by default.
  service = await startTestService({ MQTT_GATEWAY_MAX_CONNECTIONS: '100' }, { kinds: (deps) => [thermometerKind(deps)] })
  await service.db.query(THERMOMETER_TABLE)
  await service.db.query("insert into thermometers (code, calibrated_on) values ('T1', '2026-01-10'), ('T2', null), ('T3', null)")
  lifts = (await seedRegistry(service.registry, 2)).codes
  for (const [id, equipment] of [['gw-t', { [THERMOMETER]: ['T1'] }], ['gw-u', { [THERMOMETER]: ['T2'] }]] as const) {
    const { secret } = await service.gateways.create({ id, name: null, useUnitId: null, equipment })
    secrets.set(id, secret)
  }
  await service.gateways.update('gw-t', { equipmentCodes: [lifts[0]!] })
})
afterAll(async () => {
  for (const c of clients) c.end(true)
  await service?.stop()
})

describe('assigning equipment of several kinds', () => {
  it('checks each code against its kind\'s registry and keeps one gateway per piece', async () => {
    await expect(service.gateways.update('gw-u', { equipment: { [THERMOMETER]: ['T2', 'T404'] } })).rejects.toThrow(/unknown equipment code/)
    const taken = await service.gateways.update('gw-u', { equipment: { [THERMOMETER]: ['T1'] } }).catch((err: unknown) => err)
    expect(taken).toBeInstanceOf(EquipmentConflictError)
    expect(taken).toMatchObject({ codes: ['T1'] })
    // A lift's code is not a thermometer's: the kinds' registries are separate.
    await expect(service.gateways.update('gw-u', { equipment: { [THERMOMETER]: [lifts[1]!] } })).rejects.toThrow(/unknown equipment code/)
    await expect(service.gateways.update('gw-u', { equipment: { boiler: ['B1'] } })).rejects.toThrow(/no equipment kind "boiler"/)
  })

  it('lets the API\'s equipmentCodes (lifts) leave the other kinds alone', async () => {
    expect(await service.gateways.get('gw-t')).toMatchObject({ equipmentCodes: [lifts[0]] })
    expect((await service.gateways.credentials('gw-t'))!.equipment).toEqual(expect.arrayContaining([{ kind: THERMOMETER, code: 'T1' }, { kind: 'elevator', code: lifts[0] }]))
    await service.gateways.update('gw-t', { equipmentCodes: [] })
    expect((await service.gateways.credentials('gw-t'))!.equipment).toEqual([{ kind: THERMOMETER, code: 'T1' }])
    await service.gateways.update('gw-t', { equipmentCodes: [lifts[0]!] })
    await service.sessions!.reload()
  })
})

describe('a kind the ingest path has never heard of', () => {
  it('stores a QoS 1 reading in its own measurement and announces it on the bus', async () => {
    const client = await gateway('gw-t')
    const seen: ThermometerReadingReceived[] = []
    const off = service.bus.on('thermometer.reading', (e) => seen.push(e))
    const ts = Date.now() - 2000
    await client.publishAsync('se/v1/gw-t/thermometer/T1/reading', JSON.stringify([{ ts, celsius: 21.5 }, { celsius: 22 }]), { qos: 1 })
    // The PUBACK came after the write-ahead log and the announcement.
    expect(seen).toEqual([{ gatewayId: 'gw-t', code: 'T1', celsius: 21.5, ts }, expect.objectContaining({ celsius: 22 })])
    off()
    await service.shipper!.drain()
    const rows = seriesRows((await service.influx.query("SELECT * FROM thermometer_reading WHERE thermometer = 'T1'"))[0])
    expect(rows).toEqual([expect.objectContaining({ time: ts, celsius: 21.5, gateway: 'gw-t' }), expect.objectContaining({ celsius: 22 })])
    const metric = await service.metrics.registry.getSingleMetricAsString('tianjian_mqtt_items_total')
    expect(metric).toContain('kind="thermometer.reading"} 2')
  })

  it.each([
    ['a reading out of range', 'se/v1/gw-t/thermometer/T1/reading', '{"celsius":900}', 'schema', 'celsius must be <= 200'],
    ['another gateway\'s thermometer', 'se/v1/gw-t/thermometer/T2/reading', '{"celsius":20}', 'acl', 'equipment T2 is not assigned to gateway gw-t'],
    ['a channel the kind does not have', 'se/v1/gw-t/thermometer/T1/state', '{"celsius":20}', 'topic', 'unknown thermometer channel "state", expected "reading" or "request"'],
    ['the server-only reply topic', 'se/v1/gw-t/thermometer/T1/reply', '{"id":"x"}', 'acl', 'the reply topic is written by the server only']
  ])('rejects %s and says why on the errors topic', async (_name, topic, payload, reason, message) => {
    const client = await gateway('gw-t')
    const { messages } = await collect(client, 'se/v1/gw-t/errors')
    await client.publishAsync(topic, payload, { qos: 1 })
    const report = await until(() => messages.find((m) => m.payload.topic === topic))
    expect(report.payload).toMatchObject({ accepted: 0, rejected: 1, errors: [expect.objectContaining({ reason, message })] })
  })
})

describe('the reply channel', () => {
  it('answers a request with the same id at QoS 1, to the asking gateway only', async () => {
    const asking = await gateway('gw-t')
    const other = await gateway('gw-u')
    // The other gateway may not listen in: not on everything, not on the asking gateway's replies.
    await expect(other.subscribeAsync('#', { qos: 1 })).rejects.toMatchObject({ packet: { granted: [128] } })
    await expect(other.subscribeAsync('se/v1/gw-t/thermometer/T1/reply', { qos: 1 })).rejects.toMatchObject({ packet: { granted: [128] } })
    await expect(other.subscribeAsync('se/v1/+/thermometer/+/reply', { qos: 1 })).rejects.toMatchObject({ packet: { granted: [128] } })
    const overheard = inbox(other)
    await other.subscribeAsync('se/v1/gw-u/#', { qos: 1 })

    const got = inbox(asking)
    await asking.subscribeAsync('se/v1/gw-t/#', { qos: 1 })
    await asking.publishAsync('se/v1/gw-t/thermometer/T1/request', JSON.stringify({ id: 'req-1', question: 'calibration' }), { qos: 1 })
    const reply = await until(() => got.find((m) => m.topic === 'se/v1/gw-t/thermometer/T1/reply'))
    expect(reply).toEqual({ topic: 'se/v1/gw-t/thermometer/T1/reply', qos: 1, payload: { id: 'req-1', calibrated: true, calibratedOn: '2026-01-10' } })

    // Its own request on its own thermometer gets its own answer, and nothing of gw-t's.
    await other.publishAsync('se/v1/gw-u/thermometer/T2/request', JSON.stringify([{ id: 'u-1', question: 'calibration' }, { id: 'u-2', question: 'calibration' }]), { qos: 1 })
    await until(() => overheard.length >= 2)
    await pause(200)
    expect(overheard.map((m) => [m.topic, m.payload.id, m.payload.calibrated])).toEqual([
      ['se/v1/gw-u/thermometer/T2/reply', 'u-1', false], ['se/v1/gw-u/thermometer/T2/reply', 'u-2', false]
    ])
    expect(got.filter((m) => m.topic.endsWith('/reply')).map((m) => m.payload.id)).toEqual(['req-1'])
    expect(asking.connected && other.connected).toBe(true)
  })

  it.each([
    ['a request without an id', { question: 'calibration' }, 'schema', /id/],
    ['a question the kind does not know', { id: 'q-1', question: 'weather' }, 'schema', /question/],
    ['a request whose handler fails', { id: 'q-2', question: 'fail' }, 'request_failed', /request "q-2" could not be answered \(the server failed\)/],
    ['a handler answering outside its reply schema', { id: 'q-3', question: 'malformed' }, 'request_failed', /request "q-3" could not be answered \(the server's answer was malformed\)/],
    ['more requests than may wait for an answer', Array.from({ length: 33 }, (_, i) => ({ id: `b-${i}`, question: 'calibration' })), 'too_many_requests', /at most 32 allowed/]
  ])('reports %s on the errors topic and sends no reply', async (_name, request, reason, message) => {
    const client = await gateway('gw-t')
    const got = inbox(client)
    await client.subscribeAsync('se/v1/gw-t/#', { qos: 1 })
    await client.publishAsync('se/v1/gw-t/thermometer/T1/request', JSON.stringify(request), { qos: 1 })
    const report = await until(() => got.find((m) => m.topic === 'se/v1/gw-t/errors' && m.payload.topic === 'se/v1/gw-t/thermometer/T1/request'))
    expect(report.payload.errors).toEqual([expect.objectContaining({ reason, message: expect.stringMatching(message) })])
    await pause(100)
    expect(got.some((m) => m.topic.endsWith('/reply'))).toBe(false)
  })
})
