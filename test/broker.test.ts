// Gateways over real MQTT (mqtt.js over TCP) into a real Aedes broker, a real InfluxDB and PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { ADMIN_PASSWORD, startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { collect, connectGateway, until } from './support/mqtt.ts'
import { seriesRows } from '../platform/influx/client.ts'

let service: TestService
let codes: string[]
let secretA: string
let secretB: string
const clients: MqttClient[] = []
const state = { mode: 1, moving: false, dir: 0, floor: 5, doorZone: true, doorClosed: true, occupied: false }

async function gateway (id: string, secret: string) {
  const client = await connectGateway(service.mqttPort!, id, secret)
  clients.push(client)
  return client
}
async function influxRows (q: string) {
  await service.shipper!.drain()
  return seriesRows((await service.influx.query(q))[0])
}

beforeAll(async () => {
  // Each test's connections stay open until the end of the file: more than one gateway may hold by default.
  service = await startTestService({ MQTT_GATEWAY_MAX_CONNECTIONS: '100' })
  codes = (await seedRegistry(service.registry, 4)).codes
  secretA = (await provisionGateway(service.gateways, 'gw-a', [codes[0]!, codes[1]!])).secret
  secretB = (await provisionGateway(service.gateways, 'gw-b', [codes[2]!])).secret
})
afterAll(async () => {
  for (const c of clients) c.end(true)
  await service?.stop()
})

describe('gateway authentication', () => {
  it('admits a gateway with its id and secret', async () => {
    const client = await gateway('gw-a', secretA)
    expect(client.connected).toBe(true)
    await until(() => service.broker!.connections >= 1)
  })

  it.each([
    ['a wrong secret', 'gw-a', 'not-the-secret'],
    ['an unknown gateway', 'gw-zzz', 'whatever'],
    ['another gateway\'s secret', 'gw-b', 'SECRET_A'],
    ['no credentials', '', '']
  ])('refuses %s with CONNACK "bad username or password"', async (_name, id, secret) => {
    const err = await connectGateway(service.mqttPort!, id, secret === 'SECRET_A' ? secretA : secret).then(() => null, (e: Error & { code?: number }) => e)
    expect(err).not.toBeNull()
    expect(err!.code ?? err!.message).toSatisfy((v: unknown) => v === 4 || /Bad username or password/i.test(String(v)))
  })

  it('refuses a disabled gateway and counts refusals', async () => {
    // As the API does: change the registry, then tell the broker.
    await service.gateways.update('gw-b', { enabled: false })
    await service.sessions!.refresh('gw-b')
    const err = await connectGateway(service.mqttPort!, 'gw-b', secretB).then(() => null, (e: Error & { code?: number }) => e)
    expect(err?.code).toBe(5)
    await service.gateways.update('gw-b', { enabled: true })
    await service.sessions!.refresh('gw-b')
    const metrics = await service.metrics.registry.getSingleMetricAsString('tianjian_mqtt_auth_failures_total')
    expect(metrics).toMatch(/reason="bad_credentials"} [3-9]/)
    expect(metrics).toMatch(/reason="disabled"} 1/)
  })

  it('names the connected gateways a registry reload revoked: disabled or given a new secret elsewhere', async () => {
    const a = await gateway('gw-a', secretA)
    const b = await gateway('gw-b', secretB)
    // Another node's API changed the registry; this node learns it on its periodic reload.
    await service.gateways.update('gw-b', { enabled: false })
    expect(await service.sessions!.reload()).toEqual(['gw-b'])
    await service.gateways.update('gw-b', { enabled: true })
    secretA = (await service.gateways.rotateSecret('gw-a'))!
    expect(await service.sessions!.reload()).toEqual(['gw-a'])
    expect(await service.sessions!.reload()).toEqual([])
    // New equipment changes what it may publish, not whether it may stay connected.
    await service.gateways.update('gw-a', { equipmentCodes: [codes[0]!] })
    expect(await service.sessions!.reload()).toEqual([])
    await service.gateways.update('gw-a', { equipmentCodes: [codes[0]!, codes[1]!] })
    await service.sessions!.reload()
    a.end(true)
    b.end(true)
  })
})

describe('ingest', () => {
  it('stores a QoS 1 state in InfluxDB and the latest state, and announces the change', async () => {
    const client = await gateway('gw-a', secretA)
    const seen: unknown[] = []
    const off = service.bus.on('elevator.state', (e) => seen.push(e))
    const ts = Date.now() - 1000
    await client.publishAsync(`se/v1/gw-a/elevator/${codes[0]}/state`, JSON.stringify({ ...state, ts, speed: 0, trips: 12 }), { qos: 1 })
    // PUBACK came after the write-ahead log: the latest state is already there.
    expect(service.latest.peek(codes[0]!)).toMatchObject({ floor: 5, ts, gatewayId: 'gw-a' })
    expect(seen).toEqual([expect.objectContaining({ equipmentCode: codes[0], changed: true })])
    off()
    const rows = await influxRows(`SELECT * FROM elevator_state WHERE equipment = '${codes[0]}'`)
    // Door zone and doors closed: bits 2 and 4 of the packed booleans (elevators/state-flags.ts).
    expect(rows).toEqual([expect.objectContaining({ time: ts, floor: 5, mode: 1, flags: 6, gateway: 'gw-a', trips: 12 })])
  })

  it('stores events, flags unknown codes and tells the gateway', async () => {
    const client = await gateway('gw-a', secretA)
    const { messages } = await collect(client, 'se/v1/gw-a/errors')
    await client.publishAsync(`se/v1/gw-a/elevator/${codes[1]}/event`, JSON.stringify([{ code: '02', active: true }, { code: 'x99', active: true, ts: Date.now() - 5 }]), { qos: 1 })
    const rows = await influxRows(`SELECT * FROM elevator_event WHERE equipment = '${codes[1]}'`)
    expect(rows.map((r) => [r.code, r.known])).toEqual(expect.arrayContaining([['02', true], ['x99', false]]))
    const report = await until(() => messages.find((m) => m.payload.errors.some((e: { reason: string }) => e.reason === 'unknown_code')))
    expect(report.payload).toMatchObject({ accepted: 2, rejected: 0 })
  })

  it('keeps the good items of an array and reports the bad ones on the errors topic', async () => {
    const client = await gateway('gw-a', secretA)
    const { messages } = await collect(client, 'se/v1/gw-a/errors')
    const t0 = Date.now() - 10_000
    await client.publishAsync(`se/v1/gw-a/elevator/${codes[1]}/state`, JSON.stringify([
      { ...state, ts: t0, floor: 1 }, { ...state, ts: t0 + 1, floor: 'two' }, { ...state, ts: t0 + 2, floor: 3 }, { ...state, ts: t0 + 3, mode: 12 }
    ]), { qos: 1 })
    const rows = await influxRows(`SELECT floor FROM elevator_state WHERE equipment = '${codes[1]}' AND time >= ${t0}ms`)
    expect(rows.map((r) => r.floor)).toEqual([1, 3])
    const report = await until(() => messages.find((m) => m.payload.topic.endsWith('/state')))
    expect(report.payload).toMatchObject({ accepted: 2, rejected: 2 })
    expect(report.payload.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ item: 1, path: '/floor', reason: 'schema' }),
      expect.objectContaining({ item: 3, path: '/mode', reason: 'schema', message: 'mode must be <= 7' })
    ]))
  })

  it.each([
    ['bad JSON', (c: string[]) => `se/v1/gw-a/elevator/${c[0]}/state`, '{"mode":1,', 'invalid_json'],
    ['wrong types', (c: string[]) => `se/v1/gw-a/elevator/${c[0]}/state`, JSON.stringify({ ...state, moving: 'yes', floor: 1.5 }), 'schema'],
    ['a foreign gateway prefix', (c: string[]) => `se/v1/gw-b/elevator/${c[2]}/state`, JSON.stringify(state), 'acl'],
    ['equipment of another gateway', (c: string[]) => `se/v1/gw-a/elevator/${c[2]}/state`, JSON.stringify(state), 'acl'],
    ['unregistered equipment', () => 'se/v1/gw-a/elevator/NOT-A-LIFT/state', JSON.stringify(state), 'acl'],
    ['an unknown topic', () => 'se/v1/gw-a/boiler/B1/state', JSON.stringify(state), 'topic'],
    ['the server-only errors topic', () => 'se/v1/gw-a/errors', '{}', 'acl'],
    // Over MQTT_MAX_PAYLOAD_BYTES (64 KiB) but within the packet's 1 KiB of headroom: refused and explained. A
    // packet any bigger closes its connection before it is read (test/faults/parser-limits.test.ts).
    ['an oversized payload', (c: string[]) => `se/v1/gw-a/elevator/${c[0]}/event`, JSON.stringify({ code: '01', active: true, pad: 'x'.repeat(65_700) }), 'too_large']
  ])('rejects %s, reports why, stores nothing and keeps the connection', async (_name, topic, payload, reason) => {
    const client = await gateway('gw-a', secretA)
    const { messages } = await collect(client, 'se/v1/gw-a/errors')
    const target = topic(codes)
    await client.publishAsync(target, payload, { qos: 1 })
    const report = await until(() => messages.find((m) => m.payload.topic === target))
    expect(report.payload).toMatchObject({ accepted: 0, rejected: 1, errors: expect.arrayContaining([expect.objectContaining({ reason })]) })
    expect(report.payload.errors[0].message.length).toBeGreaterThan(10)
    expect(client.connected).toBe(true)
    const metric = await service.metrics.registry.getSingleMetricAsString('tianjian_mqtt_rejected_total')
    expect(metric).toContain(`reason="${reason}"`)
    expect(service.sessions!.get('gw-a')!.recentRejections.at(-1)!.topic).toBe(target)
  })

  it('does not let one gateway read another\'s topics', async () => {
    const a = await gateway('gw-a', secretA)
    // SUBACK 0x80 for the filter [MQTT-3.9.3-2]; mqtt.js turns it into an error.
    await expect(a.subscribeAsync('se/v1/gw-b/#', { qos: 0 })).rejects.toMatchObject({ packet: { granted: [128] } })
    await expect(a.subscribeAsync('#', { qos: 0 })).rejects.toMatchObject({ packet: { granted: [128] } })
    expect(a.connected).toBe(true)
    const own = await a.subscribeAsync('se/v1/gw-a/#', { qos: 1 })
    expect(own[0]!.qos).toBe(1)
    // Its own telemetry is not echoed back; what the server says to it is.
    const received: string[] = []
    a.on('message', (topic) => received.push(topic))
    await a.publishAsync(`se/v1/gw-a/elevator/${codes[0]}/state`, JSON.stringify(state), { qos: 1 })
    await a.publishAsync(`se/v1/gw-a/elevator/${codes[0]}/state`, 'not json', { qos: 1 })
    await until(() => received.includes('se/v1/gw-a/errors'))
    expect(received).toEqual(['se/v1/gw-a/errors'])
  })

  it('refuses a lift deleted from the registry at once on its gateway\'s open connection (no periodic re-read on PGlite)', async () => {
    const secretD = (await provisionGateway(service.gateways, 'gw-d', [codes[3]!])).secret
    const d = await gateway('gw-d', secretD)
    const { messages } = await collect(d, 'se/v1/gw-d/errors')
    const topic = `se/v1/gw-d/elevator/${codes[3]}/state`
    await d.publishAsync(topic, JSON.stringify(state), { qos: 1 })
    const login = await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
    const removed = await service.api!.inject({ method: 'DELETE', url: `/api/elevators/${codes[3]}`, headers: { authorization: `Bearer ${login.json().token}` } })
    expect(removed.statusCode).toBe(204)
    await d.publishAsync(topic, JSON.stringify({ ...state, floor: 6 }), { qos: 1 })
    const report = await until(() => messages.find((m) => m.payload.topic === topic))
    expect(report.payload).toMatchObject({ accepted: 0, rejected: 1, errors: [expect.objectContaining({ reason: 'acl' })] })
    expect(d.connected).toBe(true)
  })

  it('tracks presence with the retained status and the last will', async () => {
    const b = await connectGateway(service.mqttPort!, 'gw-b', secretB, { will: { topic: 'se/v1/gw-b/status', payload: Buffer.from('{"online":false}'), qos: 1, retain: true } })
    await b.publishAsync('se/v1/gw-b/status', JSON.stringify({ online: true, fw: '3.2.1' }), { qos: 1, retain: true })
    const session = () => service.sessions!.get('gw-b')
    await until(() => session()?.connections === 1 && session()?.firmware === '3.2.1')
    b.stream.destroy() // an unclean loss: the broker publishes the will
    await until(() => session()?.connections === 0)
    const rows = await until(async () => {
      const r = await influxRows("SELECT online FROM gateway_status WHERE gateway = 'gw-b'")
      return r.length >= 2 && r
    })
    expect(rows.map((r) => r.online)).toEqual([true, false])
  })
})

describe('a misbehaving gateway', () => {
  it('gets a bounded number of error reports while every rejection is counted, and others are undisturbed', async () => {
    const bad = await gateway('gw-a', secretA)
    const { messages } = await collect(bad, 'se/v1/gw-a/errors')
    const rejectedBefore = service.sessions!.get('gw-a')!.rejected
    for (let i = 0; i < 200; i++) bad.publish(`se/v1/gw-a/elevator/${codes[0]}/state`, 'garbage', { qos: 0 })
    await bad.publishAsync(`se/v1/gw-a/elevator/${codes[0]}/state`, 'garbage', { qos: 1 })
    await until(() => service.sessions!.get('gw-a')!.rejected - rejectedBefore === 201)
    expect(messages.length).toBeLessThanOrEqual(20)

    const good = await gateway('gw-b', secretB)
    await good.publishAsync(`se/v1/gw-b/elevator/${codes[2]}/state`, JSON.stringify({ ...state, floor: 2 }), { qos: 1 })
    expect(service.latest.peek(codes[2]!)).toMatchObject({ floor: 2 })
    expect(bad.connected).toBe(true)
  })
})
