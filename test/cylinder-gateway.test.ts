// The gateway side of gas cylinders over a real broker, real MQTT clients, PGlite and InfluxDB: the
// pre-fill check from the in-memory view (every reason, each answer to its asker only), fills stored and
// flagged, the forced-fill alert, leak and over-pressure alarms raised and cleared through the common alert
// lifecycle, bad input explained on the gateway's errors topic, and the view following the registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { ADMIN_PASSWORD, startTestService, type TestService } from './support/service.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { announceChanges, checkFieldsOf } from '../cylinders/store.ts'
import { monitorTopic, stationTopic } from '../cylinders/payloads.ts'
import { seriesRows } from '../platform/influx/client.ts'
import { localDate, addDays } from '../platform/calendar.ts'
import type { Alert } from '../alerts/store.ts'

let service: TestService
let unitA: number
let unitB: number
let districtId: number
const secrets = new Map<string, string>()
const clients: MqttClient[] = []
const TODAY = localDate(Date.now(), 'Asia/Shanghai')

interface Got { topic: string, payload: any }
/** A gateway's connection, subscribed to everything under its own prefix. */
async function gateway (id: string) {
  const client = await connectGateway(service.mqttPort!, id, secrets.get(id)!)
  clients.push(client)
  const got: Got[] = []
  client.on('message', (topic, payload) => got.push({ topic, payload: JSON.parse(payload.toString()) }))
  await client.subscribeAsync(`se/v1/${id}/#`, { qos: 1 })
  return { client, got }
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function insertCylinder (code: string, fields: { unit?: number, medium?: string, status?: string, due?: string, life?: string, capacity?: number | null }) {
  const status = fields.status ?? 'in_use'
  await service.db.query(`insert into cylinders (code, filling_unit_id, manufacturer, serial, volume_l, medium, nominal_pressure_mpa, manufactured_on,
      next_inspection_due, end_of_life, status, scrapped_on, capacity_kg, empty_mass_kg)
    values ($1, $2, '宁波钢瓶厂', $1, 35.5, $3, 2.1, '2020-01-01', $4, $5, $6, $7, $8, 15.2)`,
  [code, fields.unit ?? unitA, fields.medium ?? 'LPG', fields.due ?? addDays(TODAY, 400), fields.life ?? addDays(TODAY, 2000), status,
    status === 'scrapped' ? '2026-01-01' : null, fields.capacity === undefined ? 14.5 : fields.capacity])
}
/** What the registry's writes do: announce the rows as they now stand. */
async function announce (codes: string[]) {
  announceChanges(service.bus, await checkFieldsOf(service.db, codes))
}

async function check (g: { client: MqttClient, got: Got[] }, gw: string, station: string, id: string, cylinder: string, medium = 'LPG') {
  await g.client.publishAsync(stationTopic(gw, station, 'check'), JSON.stringify({ id, cylinder, medium }), { qos: 1 })
  return (await until(() => g.got.find((m) => m.topic === stationTopic(gw, station, 'reply') && m.payload.id === id))).payload
}
const errorsAbout = (g: { got: Got[] }, topic: string) => g.got.filter((m) => m.topic.endsWith('/errors') && m.payload.topic === topic)
const alertsOf = async (type: string) => (await service.alerts.list({}, { type }, { limit: 50, offset: 0 })).items

beforeAll(async () => {
  service = await startTestService({ MQTT_GATEWAY_MAX_CONNECTIONS: '100', CITY_TIMEZONE: 'Asia/Shanghai' })
  const db = service.db
  const [d] = await db.query<{ id: number }>(`insert into districts (code, name, arrival_limit_min) values ('CX', '城西区', 30) returning id`)
  districtId = d!.id
  const units = await db.query<{ id: number }>(`insert into filling_units (name, license_no, district_id, address) values
    ('西宁燃气充装站', 'TS-A', $1, '城西区海湖路1号'), ('大通液化气站', 'TS-B', $1, '大通县桥头镇') returning id`, [districtId])
  unitA = units[0]!.id
  unitB = units[1]!.id
  await db.query(`insert into filling_stations (code, filling_unit_id, name) values ('ST-A1', $1, '一号充装枪'), ('ST-A2', $1, '二号充装枪'), ('ST-B1', $2, '大通一号')`, [unitA, unitB])
  // The service started with an empty registry: the rows below reach its view as the registry's changes do.
  service.bus.emit('filling_station.changed', { stations: [{ code: 'ST-A1', fillingUnitId: unitA }, { code: 'ST-A2', fillingUnitId: unitA }, { code: 'ST-B1', fillingUnitId: unitB }] })
  await insertCylinder('LPG-OK-1', {})
  await insertCylinder('LPG-OK-2', {})
  await insertCylinder('LPG-OK-3', {})
  await insertCylinder('LPG-DUE-1', { due: addDays(TODAY, -1) })
  await insertCylinder('LPG-DUE-2', { status: 'inspection_overdue', due: addDays(TODAY, -30) })
  await insertCylinder('LPG-FAIL-1', { status: 'failed' })
  await insertCylinder('LPG-SCRAP-1', { status: 'scrapped' })
  await insertCylinder('LPG-OLD-1', { life: TODAY })
  await insertCylinder('LPG-B-1', { unit: unitB })
  await insertCylinder('O2-A-1', { medium: 'O2', capacity: null })
  await insertCylinder('MON-1', {})
  await insertCylinder('MON-2', {})
  await announce(['LPG-OK-1', 'LPG-OK-2', 'LPG-OK-3', 'LPG-DUE-1', 'LPG-DUE-2', 'LPG-FAIL-1', 'LPG-SCRAP-1', 'LPG-OLD-1', 'LPG-B-1', 'O2-A-1', 'MON-1', 'MON-2'])
  for (const [id, equipment] of [
    ['gw-sa1', { station: ['ST-A1'] }], ['gw-sa2', { station: ['ST-A2'] }], ['gw-sb1', { station: ['ST-B1'] }], ['gw-home', { cylinder: ['MON-1', 'MON-2'] }]
  ] as const) {
    const { secret } = await service.gateways.create({ id, name: null, useUnitId: null, equipment })
    secrets.set(id, secret)
  }
})
afterAll(async () => {
  for (const c of clients) c.end(true)
  await service?.stop()
})

describe('assigning stations and cylinders to gateways', () => {
  it('provisions a station gateway through the API, and refuses a kind nobody registered', async () => {
    const login = await fetch(`${service.httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
    const { token } = await login.json() as { token: string }
    const post = (body: object) => fetch(`${service.httpUrl}/api/gateways`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })
    const created = await post({ id: 'gw-api-st', name: '三号枪网关', equipment: { station: ['ST-A2'] } })
    expect(created.status).toBe(409) // ST-A2 is gw-sa2's already
    expect(await created.json()).toMatchObject({ message: 'equipment already assigned to another gateway: ST-A2' })
    const boiler = await post({ id: 'gw-api-b', equipment: { boiler: ['B1'] } })
    expect(boiler.status).toBe(400)
    expect(await boiler.json()).toMatchObject({ message: 'no equipment kind "boiler" is registered' })
    await service.db.query(`insert into filling_stations (code, filling_unit_id, name) values ('ST-A9', $1, '九号枪')`, [unitA])
    const ok = await post({ id: 'gw-api-st', equipment: { station: ['ST-A9'] } })
    expect(ok.status).toBe(201)
    expect((await service.gateways.credentials('gw-api-st'))!.equipment).toEqual([{ kind: 'station', code: 'ST-A9' }])
  })

  it('checks the codes against the stations and the cylinders', async () => {
    await expect(service.gateways.update('gw-sa2', { equipment: { station: ['ST-A2', 'ST-NOPE'] } })).rejects.toThrow(/unknown equipment code/)
    await expect(service.gateways.update('gw-home', { equipment: { cylinder: ['MON-1', 'NOPE-9'] } })).rejects.toThrow(/unknown equipment code/)
  })
})

describe('the pre-fill check', () => {
  it.each([
    ['a compliant cylinder', 'LPG-OK-1', 'LPG', true, []],
    ['an unregistered code', 'LPG-NEVER-SEEN', 'LPG', false, ['unregistered']],
    ['the wrong medium', 'LPG-OK-1', 'CNG', false, ['wrong_medium']],
    ['another unit\'s cylinder', 'LPG-B-1', 'LPG', false, ['other_unit']],
    ['a cylinder due yesterday', 'LPG-DUE-1', 'LPG', false, ['inspection_overdue']],
    ['a cylinder the scan marked overdue', 'LPG-DUE-2', 'LPG', false, ['inspection_overdue']],
    ['a failed cylinder', 'LPG-FAIL-1', 'LPG', false, ['failed']],
    ['a scrapped cylinder', 'LPG-SCRAP-1', 'LPG', false, ['scrapped']],
    ['a cylinder past its design life', 'LPG-OLD-1', 'LPG', false, ['past_design_life']]
  ])('answers %s over MQTT', async (_name, cylinder, medium, allowed, reasons) => {
    const g = await gateway('gw-sa1')
    const reply = await check(g, 'gw-sa1', 'ST-A1', `c-${cylinder}-${medium}`, cylinder, medium)
    expect(reply).toEqual({ id: `c-${cylinder}-${medium}`, allowed, reasons })
  })

  it('answers concurrent checks of several stations, each to its asker only', async () => {
    const stations = [['gw-sa1', 'ST-A1'], ['gw-sa2', 'ST-A2'], ['gw-sb1', 'ST-B1']] as const
    const gs = await Promise.all(stations.map(([gw]) => gateway(gw)))
    // Another gateway may not listen in on a station's replies.
    await expect(gs[2]!.client.subscribeAsync('se/v1/gw-sa1/station/ST-A1/reply', { qos: 1 })).rejects.toMatchObject({ packet: { granted: [128] } })
    await expect(gs[2]!.client.subscribeAsync('se/v1/+/station/+/reply', { qos: 1 })).rejects.toMatchObject({ packet: { granted: [128] } })
    const listener = await gateway('gw-home')
    const cylinders = ['LPG-OK-1', 'LPG-B-1', 'LPG-DUE-1', 'LPG-OK-2']
    await Promise.all(gs.flatMap((g, i) => cylinders.map((c, j) =>
      g.client.publishAsync(stationTopic(stations[i]![0], stations[i]![1], 'check'), JSON.stringify({ id: `${stations[i]![1]}-${j}`, cylinder: c, medium: 'LPG' }), { qos: 1 }))))
    for (const [i, g] of gs.entries()) {
      const [gw, station] = stations[i]!
      const replies = await until(() => {
        const r = g.got.filter((m) => m.topic.endsWith('/reply'))
        return r.length >= cylinders.length && r
      })
      await pause(100)
      const all = g.got.filter((m) => m.topic.endsWith('/reply'))
      expect(all.every((m) => m.topic === stationTopic(gw, station, 'reply'))).toBe(true)
      expect(all.map((m) => m.payload.id).sort()).toEqual(cylinders.map((_c, j) => `${station}-${j}`).sort())
      const byId = new Map(replies.map((m) => [m.payload.id, m.payload]))
      // Unit A's stations may fill unit A's cylinders; unit B's station only unit B's.
      expect(byId.get(`${station}-0`)!.allowed).toBe(station !== 'ST-B1')
      expect(byId.get(`${station}-1`)!.allowed).toBe(station === 'ST-B1')
      expect(byId.get(`${station}-2`)!.reasons).toEqual(station === 'ST-B1' ? ['other_unit', 'inspection_overdue'] : ['inspection_overdue'])
    }
    expect(listener.got.filter((m) => m.topic.endsWith('/reply'))).toEqual([])
  })

  it('writes refusals to the cylinder\'s timeline', async () => {
    await service.cylinderTimeline.flush()
    const rows = await service.db.query<{ kind: string, stationCode: string, details: { reasons: string[] } }>(
      `select kind, station_code as "stationCode", details from cylinder_events where cylinder_code = 'LPG-FAIL-1'`)
    expect(rows).toEqual([{ kind: 'refused', stationCode: 'ST-A1', details: expect.objectContaining({ reasons: ['failed'], medium: 'LPG' }) }])
  })

  it('follows the registry: a cylinder scrapped through the store is refused at the next check', async () => {
    const g = await gateway('gw-sa2')
    expect(await check(g, 'gw-sa2', 'ST-A2', 'before-scrap', 'LPG-OK-3')).toMatchObject({ allowed: true })
    await pause(5) // a later updated_at than the row the view holds
    await service.db.query(`update cylinders set status = 'scrapped', scrapped_on = $2, scrap_reason = '腐蚀', updated_at = now() where code = $1`, ['LPG-OK-3', TODAY])
    await announce(['LPG-OK-3'])
    expect(await check(g, 'gw-sa2', 'ST-A2', 'after-scrap', 'LPG-OK-3')).toEqual({ id: 'after-scrap', allowed: false, reasons: ['scrapped'] })
    // An older version of the row arriving late (another node's echo) changes nothing.
    const [row] = await checkFieldsOf(service.db, ['LPG-OK-3'])
    service.bus.emit('cylinder.changed', { cylinders: [{ ...row!, status: 'in_use', updatedAt: row!.updatedAt - 60_000 }] })
    expect(await check(g, 'gw-sa2', 'ST-A2', 'after-echo', 'LPG-OK-3')).toMatchObject({ allowed: false, reasons: ['scrapped'] })
  })
})

describe('fills', () => {
  it('stores a compliant fill in InfluxDB and on the timeline, and raises nothing', async () => {
    const g = await gateway('gw-sa1')
    const ts = Date.now() - 1000
    const record = JSON.stringify({ ts, cylinder: 'LPG-OK-1', medium: 'LPG', massKg: 14.2, pressureMPa: 0.8, operator: '李师傅' })
    await g.client.publishAsync(stationTopic('gw-sa1', 'ST-A1', 'fill'), record, { qos: 1 })
    // The gateway missed the PUBACK and sends it again (DUP): once at once, once after the timeline was written.
    await g.client.publishAsync(stationTopic('gw-sa1', 'ST-A1', 'fill'), record, { qos: 1, dup: true })
    await service.shipper!.drain()
    await service.cylinderTimeline.flush()
    await g.client.publishAsync(stationTopic('gw-sa1', 'ST-A1', 'fill'), record, { qos: 1, dup: true })
    await service.shipper!.drain()
    const rows = seriesRows((await service.influx.query(`SELECT * FROM cylinder_fill WHERE station = 'ST-A1' AND cylinder = 'LPG-OK-1'`))[0])
    expect(rows).toEqual([expect.objectContaining({ time: ts, mass_kg: 14.2, pressure_mpa: 0.8, operator: '李师傅', compliant: true, mass_in_range: true, medium: 'LPG', gateway: 'gw-sa1' })])
    await service.cylinderTimeline.flush()
    const events = await service.db.query<{ kind: string, details: object }>(`select kind, details from cylinder_events where cylinder_code = 'LPG-OK-1' and kind = 'filled'`)
    expect(events).toEqual([{ kind: 'filled', details: { medium: 'LPG', massKg: 14.2, pressureMPa: 0.8, operator: '李师傅' } }])
    await pause(100)
    expect(errorsAbout(g, stationTopic('gw-sa1', 'ST-A1', 'fill'))).toEqual([])
    expect(await alertsOf('non_compliant_filling')).toEqual([])
  })

  it('raises a critical non-compliant filling alert against the station for a fill after a refusal', async () => {
    const g = await gateway('gw-sa1')
    const raised: Alert[] = []
    const off = service.bus.on('alert.raised', (a) => { raised.push(a) })
    expect(await check(g, 'gw-sa1', 'ST-A1', 'forced-1', 'LPG-DUE-2')).toMatchObject({ allowed: false, reasons: ['inspection_overdue'] })
    const topic = stationTopic('gw-sa1', 'ST-A1', 'fill')
    await g.client.publishAsync(topic, JSON.stringify({ cylinder: 'LPG-DUE-2', medium: 'LPG', massKg: 14, operator: '赵六' }), { qos: 1 })
    const alert = await until(() => raised.find((a) => a.type === 'non_compliant_filling'))
    off()
    expect(alert).toMatchObject({
      equipmentCode: 'ST-A1', subjectKind: 'station', severity: 'critical', status: 'raised', code: 'LPG-DUE-2', source: 'forced_fill',
      useUnitName: '西宁燃气充装站', districtId, address: '一号充装枪 · 城西区海湖路1号',
      details: expect.objectContaining({ cylinder: 'LPG-DUE-2', reasons: ['inspection_overdue'], operator: '赵六', massKg: 14 })
    })
    const report = await until(() => errorsAbout(g, topic)[0])
    expect(report.payload).toMatchObject({ accepted: 1, rejected: 0, errors: [expect.objectContaining({ reason: 'non_compliant_filling', message: expect.stringContaining('LPG-DUE-2') })] })
    await service.cylinderTimeline.flush()
    const kinds = (await service.db.query<{ kind: string }>(`select kind from cylinder_events where cylinder_code = 'LPG-DUE-2' order by id`)).map((r) => r.kind)
    // Refused twice: by the table of reasons above, and just now.
    expect(kinds).toEqual(['refused', 'refused', 'filled', 'forced_fill'])
    // Listed like any alert, for the city's eyes; a resend of the same fill raises nothing new.
    await g.client.publishAsync(topic, JSON.stringify({ cylinder: 'LPG-DUE-2', medium: 'LPG', massKg: 14, operator: '赵六' }), { qos: 1 })
    await pause(300)
    expect(await alertsOf('non_compliant_filling')).toHaveLength(1)
  })

  it('raises it too for a fill the check would refuse though nobody asked', async () => {
    const g = await gateway('gw-sa2')
    await g.client.publishAsync(stationTopic('gw-sa2', 'ST-A2', 'fill'), JSON.stringify({ cylinder: 'LPG-OLD-1', medium: 'LPG', massKg: 14, operator: 'x' }), { qos: 1 })
    const alert = await until(async () => (await alertsOf('non_compliant_filling')).find((a) => a.equipmentCode === 'ST-A2'))
    expect(alert.details).toMatchObject({ cylinder: 'LPG-OLD-1', reasons: ['past_design_life'] })
  })
})

describe('bad input', () => {
  it.each([
    ['a malformed check (no medium)', 'gw-sa1', stationTopic('gw-sa1', 'ST-A1', 'check'), { id: 'bad-1', cylinder: 'LPG-OK-1' }, 'schema', /medium/, 0],
    ['a check not in JSON', 'gw-sa1', stationTopic('gw-sa1', 'ST-A1', 'check'), '{"id":', 'invalid_json', /not valid JSON/, 0],
    ['a station code not assigned to the gateway', 'gw-sa1', stationTopic('gw-sa1', 'ST-B1', 'check'), { id: 'bad-2', cylinder: 'LPG-OK-1', medium: 'LPG' }, 'acl', /equipment ST-B1 is not assigned to gateway gw-sa1/, 0],
    ['an unknown station code', 'gw-sa1', stationTopic('gw-sa1', 'ST-ZZ', 'fill'), { cylinder: 'LPG-OK-1', medium: 'LPG', massKg: 1, operator: 'x' }, 'acl', /equipment ST-ZZ is not assigned/, 0],
    ['a fill mass over the cylinder\'s capacity', 'gw-sa1', stationTopic('gw-sa1', 'ST-A1', 'fill'), { cylinder: 'LPG-OK-2', medium: 'LPG', massKg: 40, operator: 'x' }, 'mass_out_of_range', /massKg 40 of cylinder LPG-OK-2 is outside 0\.\.14\.5 kg/, 1],
    ['a negative fill mass', 'gw-sa1', stationTopic('gw-sa1', 'ST-A1', 'fill'), { cylinder: 'O2-A-1', medium: 'O2', massKg: -1, operator: 'x' }, 'mass_out_of_range', /massKg -1 of cylinder O2-A-1 is outside/, 1],
    ['a fill of another unit\'s cylinder', 'gw-sb1', stationTopic('gw-sb1', 'ST-B1', 'fill'), { cylinder: 'LPG-OK-2', medium: 'LPG', massKg: 14, operator: 'x' }, 'other_unit', /cylinder LPG-OK-2 belongs to another filling unit than station ST-B1/, 1],
    ['a fill of an unregistered cylinder', 'gw-sb1', stationTopic('gw-sb1', 'ST-B1', 'fill'), { cylinder: 'GHOST-1', medium: 'LPG', massKg: 14, operator: 'x' }, 'unregistered', /cylinder GHOST-1 is not registered/, 1],
    ['a reading out of range', 'gw-home', monitorTopic('gw-home', 'MON-2'), { pressureMPa: 1, tempC: 20, leakLEL: 120 }, 'schema', /leakLEL/, 0]
  ])('explains %s on the errors topic and counts it', async (_name, gw, topic, payload, reason, message, accepted) => {
    const g = await gateway(gw)
    const before = await rejectedCount(reason)
    await g.client.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 })
    const report = await until(() => errorsAbout(g, topic).find((m) => m.payload.errors.some((e: { reason: string }) => e.reason === reason)))
    expect(report.payload.accepted).toBe(accepted)
    expect(report.payload.errors).toContainEqual(expect.objectContaining({ reason, message: expect.stringMatching(message) }))
    expect(await rejectedCount(reason)).toBeGreaterThan(before)
  })

  it('stores the flagged fills, with their flags', async () => {
    await service.shipper!.drain()
    const rows = seriesRows((await service.influx.query(`SELECT cylinder, mass_kg, compliant, mass_in_range, reasons FROM cylinder_fill WHERE compliant = false OR mass_in_range = false`))[0])
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ cylinder: 'LPG-OK-2', mass_kg: 40, mass_in_range: false, compliant: true }),
      expect.objectContaining({ cylinder: 'LPG-OK-2', compliant: false, reasons: 'other_unit' }),
      expect.objectContaining({ cylinder: 'GHOST-1', compliant: false, reasons: 'unregistered' })
    ]))
  })
})

async function rejectedCount (reason: string): Promise<number> {
  const metric = await service.metrics.registry.getSingleMetric('tianjian_mqtt_rejected_total')!.get()
  return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0
}

describe('monitored installations', () => {
  const reading = (leakLEL: number, pressureMPa = 0.8) => JSON.stringify({ pressureMPa, tempC: 22, leakLEL })

  it('raises a level-1 leak, escalates it to level 2, and clears it when the gas is gone', async () => {
    const g = await gateway('gw-home')
    const topic = monitorTopic('gw-home', 'MON-1')
    await g.client.publishAsync(topic, reading(2), { qos: 1 })
    await g.client.publishAsync(topic, reading(30), { qos: 1 })
    const level1 = await until(async () => (await alertsOf('cylinder_leak')).find((a) => a.status === 'raised'))
    expect(level1).toMatchObject({ equipmentCode: 'MON-1', subjectKind: 'cylinder', severity: 'major', details: expect.objectContaining({ level: 1, leakLEL: 30 }), useUnitName: '西宁燃气充装站', districtId })
    await g.client.publishAsync(topic, reading(62), { qos: 1 })
    const level2 = await until(async () => (await alertsOf('cylinder_leak')).find((a) => a.status === 'raised' && a.severity === 'critical'))
    expect(level2.details).toMatchObject({ level: 2, leakLEL: 62 })
    expect((await service.alerts.get(level1.id))!.status).toBe('cleared')
    // Still gas at 30 %LEL: level 2 stays; under 20 it is over.
    await g.client.publishAsync(topic, reading(30), { qos: 1 })
    await g.client.publishAsync(topic, reading(5), { qos: 1 })
    await until(async () => (await service.alerts.get(level2.id))!.status === 'cleared')
    const history = await service.alerts.history(level2.id)
    expect(history.map((h) => h.action)).toEqual(['raised', 'cleared'])
    expect(history[1]!.commentMessage).toEqual({ key: 'note.cylinder_leak_over', params: { lel: 5 } })
    await service.shipper!.drain()
    const rows = seriesRows((await service.influx.query(`SELECT leak_lel FROM cylinder_monitor WHERE cylinder = 'MON-1'`))[0])
    expect(rows.map((r) => r.leak_lel)).toEqual([2, 30, 62, 30, 5])
  })

  it('raises over-pressure above the medium\'s limit and clears it under 95 % of it', async () => {
    const g = await gateway('gw-home')
    const topic = monitorTopic('gw-home', 'MON-2')
    await g.client.publishAsync(topic, reading(0, 2.3), { qos: 1 })
    const alert = await until(async () => (await alertsOf('cylinder_overpressure')).find((a) => a.status === 'raised'))
    expect(alert).toMatchObject({ equipmentCode: 'MON-2', severity: 'major', details: expect.objectContaining({ pressureMPa: 2.3, maxPressureMPa: 2.1 }) })
    await g.client.publishAsync(topic, reading(0, 2.05), { qos: 1 })
    await pause(200)
    expect((await service.alerts.get(alert.id))!.status).toBe('raised')
    await g.client.publishAsync(topic, reading(0, 1.2), { qos: 1 })
    await until(async () => (await service.alerts.get(alert.id))!.status === 'cleared')
  })
})
