// Paperless maintenance end to end on PostgreSQL and the test InfluxDB: checklist versions, a visit from
// start to submit with every refusal (the draft kept), photos checked by type and size, the use unit's
// confirmation, follow-ups of 不合格 items, immutability in the database, the hash chain finding an edited
// and a removed record (API and command), the lift terminal's verdict from real telemetry, the overdue
// scan (raised once across two nodes, cleared by a visit), the work list and the firms' figures.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestDatabase, startTestService, type TestService } from './support/service.ts'
import { addDays, localDate } from '../platform/calendar.ts'

let service: TestService
let other: TestService | null = null
let databaseUrl: string
const tokens: Record<string, string> = {}
const ids: Record<string, number> = {}
const MIN = 60_000

async function call (method: string, url: string, who: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await service.api!.inject({
    method: method as 'GET', url, payload: payload as string,
    headers: { 'accept-language': 'en', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers }
  })
  return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.rawPayload, headers: response.headers }
}
const ok = async (method: string, url: string, who: string, payload?: unknown) => {
  const answer = await call(method, url, who, payload)
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}
const jpeg = (size = 300) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size)])
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)])
const webp = () => Buffer.concat([Buffer.from('RIFF'), randomBytes(4), Buffer.from('WEBPVP8 '), randomBytes(64)])
const SIGNATURE = `data:image/png;base64,${png().toString('base64')}`
const upload = (visitId: number, who: string, bytes: Buffer, type = 'image/jpeg') => call('POST', `/api/maintenance/visits/${visitId}/photos`, who, bytes, { 'content-type': type })
const WORKERS = [{ name: '张师傅', certificateNo: 'TS-630100-0001', signature: SIGNATURE }, { name: '李师傅', certificateNo: null, signature: SIGNATURE }]
const lift = (districtId: number, useUnitId: number, firmId: number, n: number, kind = 'traction') => ({
  rescueId: String(650000 + n), kind, address: `西宁市维保路${n}号`, districtId, useUnitId, maintenanceFirmId: firmId
})

/** A whole visit through the API: start, every item (one failing if asked), photos, workers, submit. */
async function completeVisit (code: string, who: string, options: { startedAt: number, endedAt: number, fail?: string, interval?: string, gps?: { latitude: number, longitude: number, accuracyM: number } }) {
  const visit = await ok('POST', '/api/maintenance/visits', who, { equipmentCode: code, startedAt: new Date(options.startedAt).toISOString(), ...(options.interval ? { interval: options.interval } : {}), ...(options.gps ? { gps: options.gps } : {}) })
  const results = Object.fromEntries(visit.items.map((i: { code: string }) => [i.code, i.code === options.fail ? { result: 'fail', note: '制动器间隙过大，已调整待复查' } : { result: 'pass' }]))
  await ok('PATCH', `/api/maintenance/visits/${visit.id}`, who, { results, workers: WORKERS })
  for (let i = 0; i < 4; i++) expect((await upload(visit.id, who, jpeg())).status).toBe(201)
  return ok('POST', `/api/maintenance/visits/${visit.id}/submit`, who, { endedAt: new Date(options.endedAt).toISOString() })
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase()
  service = await startTestService({ DATABASE_URL: databaseUrl, MAINTENANCE_PHOTO_MAX_KB: '16', LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' })
  const login = async (username: string, password: string) => (await call('POST', '/api/auth/login', null, { username, password })).body.token as string
  tokens.admin = await login('admin', ADMIN_PASSWORD)
  const d = await ok('POST', '/api/districts', 'admin', { code: 'MT', name: '维保区', arrivalLimitMin: 30 })
  const unitA = await ok('POST', '/api/use-units', 'admin', { name: '维保甲物业' })
  const unitB = await ok('POST', '/api/use-units', 'admin', { name: '维保乙物业' })
  const firmA = await ok('POST', '/api/maintenance-firms', 'admin', { name: '维保甲公司' })
  const firmB = await ok('POST', '/api/maintenance-firms', 'admin', { name: '维保乙公司' })
  Object.assign(ids, { unitA: unitA.id, unitB: unitB.id, firmA: firmA.id, firmB: firmB.id })
  const lifts: Array<[string, number, number, string]> = [['M-A1', unitA.id, firmA.id, 'traction'], ['M-A2', unitA.id, firmA.id, 'escalator'], ['M-A3', unitA.id, firmA.id, 'traction'], ['M-A4', unitA.id, firmA.id, 'traction'], ['M-B1', unitB.id, firmB.id, 'traction']]
  for (const [i, [code, unit, firm, kind]] of lifts.entries()) await ok('PUT', `/api/elevators/${code}`, 'admin', lift(d.id, unit, firm, i, kind))
  await ok('POST', '/api/gateways', 'admin', { id: 'gw-maint', equipmentCodes: ['M-A1', 'M-A2', 'M-A3', 'M-A4'] })
  for (const [username, role, extra] of [['maint-a', 'maintainer', { maintenanceFirmId: firmA.id }], ['maint-b', 'maintainer', { maintenanceFirmId: firmB.id }],
    ['unit-a', 'use_unit', { useUnitId: unitA.id }], ['unit-b', 'use_unit', { useUnitId: unitB.id }], ['insp', 'inspector', {}]] as const) {
    await ok('POST', '/api/users', 'admin', { username, role, password: `${username}-password`, ...extra })
    tokens[username] = await login(username, `${username}-password`)
  }
})
afterAll(async () => {
  await other?.stop()
  await service?.stop()
})

describe('checklists', () => {
  it('are seeded as version 1 of Annex A (76 items) and D, and an admin adds a version', async () => {
    const list = await ok('GET', '/api/maintenance/checklists', 'maint-a')
    expect(list.map((c: { annex: string, version: number, items: number }) => [c.annex, c.version, c.items])).toEqual([['A', 1, 76], ['D', 1, 60]])
    const a = await ok('GET', `/api/maintenance/checklists/${list[0].id}`, 'insp')
    expect(a.items.filter((i: { interval: string }) => i.interval === 'half_monthly')).toHaveLength(31)
    expect((await call('POST', '/api/maintenance/checklists', 'maint-a', { annex: 'A', title: 'x', items: a.items })).status).toBe(403)
    const dup = await call('POST', '/api/maintenance/checklists', 'admin', { annex: 'A', title: 'x', items: [a.items[0], a.items[0]] })
    expect(dup).toMatchObject({ status: 400, body: { code: 'maintenance.duplicate_item' } })
  })
})

describe('a visit', () => {
  let visitId: number
  const started = Date.now() - 120 * MIN

  it('is started only by the lift\'s own firm', async () => {
    expect((await call('POST', '/api/maintenance/visits', 'maint-b', { equipmentCode: 'M-A1' })).body).toMatchObject({ code: 'maintenance.not_your_lift' })
    expect((await call('POST', '/api/maintenance/visits', 'unit-a', { equipmentCode: 'M-A1' })).status).toBe(403)
    expect((await call('POST', '/api/maintenance/visits', 'maint-a', { equipmentCode: 'NOPE' })).status).toBe(404)
    const visit = await ok('POST', '/api/maintenance/visits', 'maint-a', { equipmentCode: 'M-A1', startedAt: new Date(started).toISOString(), gps: { latitude: 36.62, longitude: 101.78, accuracyM: 12 } })
    expect(visit).toMatchObject({ status: 'draft', interval: 'half_monthly', checklistVersion: 1, gps: { latitude: 36.62 }, photosMin: 4 })
    expect(visit.items).toHaveLength(31)
    visitId = visit.id
    expect((await call('GET', `/api/maintenance/visits/${visitId}`, 'maint-b')).status).toBe(404)
    expect((await call('GET', `/api/maintenance/visits/${visitId}`, 'unit-b')).status).toBe(404)
  })

  it('is refused with every reason while anything is missing, and stays a draft', async () => {
    let answer = await call('POST', `/api/maintenance/visits/${visitId}/submit`, 'maint-a', {})
    expect(answer.status).toBe(400)
    expect(answer.body.code).toBe('maintenance.not_ready')
    expect(answer.body.details.map((d: { path: string }) => d.path)).toEqual(['visit/missing_items', 'visit/too_few_photos', 'visit/one_worker', 'visit/no_certified_worker'])
    expect(answer.body.details[0].message).toMatch(/^31 checklist item\(s\) have no result: A1-01, A1-02/)
    const zh = await call('POST', `/api/maintenance/visits/${visitId}/submit`, 'maint-a', {}, { 'accept-language': 'zh-CN' })
    expect(zh.body.details[1].message).toBe('已拍照片 0 张，至少需要 4 张')

    const items = (await ok('GET', `/api/maintenance/visits/${visitId}`, 'maint-a')).items as Array<{ code: string }>
    const results = Object.fromEntries(items.map((i) => [i.code, { result: i.code === 'A1-05' ? 'fail' : i.code === 'A1-06' ? 'na' : 'pass' }]))
    expect((await call('PATCH', `/api/maintenance/visits/${visitId}`, 'maint-a', { results: { 'Z9-99': { result: 'pass' } } })).body.code).toBe('maintenance.unknown_item')
    expect((await call('PATCH', `/api/maintenance/visits/${visitId}`, 'maint-a', { workers: [{ name: '张师傅', signature: 'data:image/png;base64,R0lGODlh' }] })).body.code).toBe('maintenance.bad_signature')
    await ok('PATCH', `/api/maintenance/visits/${visitId}`, 'maint-a', { results, workers: [{ name: '王师傅', certificateNo: null, signature: SIGNATURE }] })
    answer = await call('POST', `/api/maintenance/visits/${visitId}/submit`, 'maint-a', {})
    expect(answer.body.details.map((d: { path: string }) => d.path)).toEqual(['visit/fail_without_note', 'visit/too_few_photos', 'visit/one_worker', 'visit/no_certified_worker'])

    await ok('PATCH', `/api/maintenance/visits/${visitId}`, 'maint-a', { results: { 'A1-05': { result: 'fail', note: '制动器间隙超出制造单位要求' } }, workers: [WORKERS[0], { ...WORKERS[1], signature: null }] })
    answer = await call('POST', `/api/maintenance/visits/${visitId}/submit`, 'maint-a', { endedAt: new Date(started - MIN).toISOString() })
    expect(answer.body.details.map((d: { path: string }) => d.path)).toEqual(['visit/too_few_photos', 'visit/missing_signature', 'visit/end_before_start'])
    expect((await ok('GET', `/api/maintenance/visits/${visitId}`, 'maint-a')).status).toBe('draft')
  })

  it('takes photos checked by their bytes and size', async () => {
    expect(await upload(visitId, 'maint-a', Buffer.from('GIF89a-----------'), 'image/jpeg')).toMatchObject({ status: 415, body: { code: 'maintenance.photo_type' } })
    expect(await upload(visitId, 'maint-a', jpeg(17 * 1024))).toMatchObject({ status: 413, body: { code: 'maintenance.photo_too_large' } })
    expect((await upload(visitId, 'maint-a', jpeg(), 'text/plain')).status).toBe(415)
    expect((await upload(visitId, 'maint-b', jpeg())).status).toBe(404)
    expect((await call('POST', `/api/maintenance/visits/${visitId}/photos`, null, jpeg(), { 'content-type': 'image/jpeg' })).status).toBe(401)
    const first = jpeg()
    const stored = []
    for (const [bytes, type] of [[first, 'image/jpeg'], [png(), 'image/png'], [webp(), 'application/octet-stream'], [jpeg(), 'image/jpeg'], [jpeg(), 'image/jpeg']] as const) {
      const answer = await upload(visitId, 'maint-a', bytes, type)
      expect(answer.status).toBe(201)
      stored.push(answer.body)
    }
    expect(stored.map((p) => p.mime)).toEqual(['image/jpeg', 'image/png', 'image/webp', 'image/jpeg', 'image/jpeg'])
    expect((await call('DELETE', `/api/maintenance/visits/${visitId}/photos/${stored[4].id}`, 'maint-a')).status).toBe(204)
    const image = await call('GET', `/api/maintenance/photos/${stored[0].id}`, 'unit-a')
    expect(image.status).toBe(200)
    expect(image.headers['content-type']).toBe('image/jpeg')
    expect(Buffer.compare(image.body as Buffer, first)).toBe(0)
    expect((await call('GET', `/api/maintenance/photos/${stored[0].id}`, 'maint-b')).status).toBe(404)
  })

  it('is submitted once complete, verified by the lift\'s 检修 reports, and confirmed by its own use unit', async () => {
    // The terminal: normal, then 检修 for the visit, then normal again.
    const line = (t: number, mode: number) => `elevator_state,equipment=M-A1,gateway=gw-maint mode=${mode}i,floor=1i,moving=false ${t}`
    await service.influx.write([line(started - 10 * MIN, 1), line(started + 2 * MIN, 2), line(started + 20 * MIN, 2), line(started + 35 * MIN, 1)].join('\n'))
    await ok('PATCH', `/api/maintenance/visits/${visitId}`, 'maint-a', { workers: WORKERS })
    const record = await ok('POST', `/api/maintenance/visits/${visitId}/submit`, 'maint-a', { endedAt: new Date(started + 38 * MIN).toISOString() })
    expect(record).toMatchObject({ status: 'submitted', seq: 1, prevHash: null, problems: [], verification: { verified: true, reason: 'inspection_mode_seen', inspectionModePoints: 2 } })
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(record.photos).toHaveLength(4)
    expect((await call('PATCH', `/api/maintenance/visits/${visitId}`, 'maint-a', { workers: WORKERS })).body.code).toBe('maintenance.not_draft')
    expect((await call('POST', `/api/maintenance/visits/${visitId}/submit`, 'maint-a', {})).status).toBe(409)
    expect((await upload(visitId, 'maint-a', jpeg())).status).toBe(409)

    expect((await call('POST', `/api/maintenance/visits/${visitId}/confirm`, 'unit-b', { name: '赵安全', signature: SIGNATURE })).status).toBe(404)
    expect((await call('POST', `/api/maintenance/visits/${visitId}/confirm`, 'maint-a', { name: '赵安全', signature: SIGNATURE })).status).toBe(403)
    const confirmed = await ok('POST', `/api/maintenance/visits/${visitId}/confirm`, 'unit-a', { name: '赵安全', signature: SIGNATURE })
    expect(confirmed.confirmation).toMatchObject({ name: '赵安全', username: 'unit-a' })
    expect((await call('POST', `/api/maintenance/visits/${visitId}/confirm`, 'unit-a', { name: '赵安全', signature: SIGNATURE })).body.code).toBe('maintenance.already_confirmed')

    const history = await ok('GET', '/api/elevators/M-A1/maintenance', 'unit-a')
    expect(history.records[0]).toMatchObject({ id: visitId, verified: true, failed: 1, photos: 4, confirmedBy: '赵安全', workers: ['张师傅', '李师傅'] })
    expect(history.followUps).toEqual([expect.objectContaining({ itemCode: 'A1-05', item: '制动器间隙', closedByRecord: null })])
    expect(history.chain).toMatchObject({ valid: true, records: 1 })
    expect(history.due).toMatchObject({ status: 'ok', nextInterval: 'half_monthly' })
    expect((await call('GET', '/api/elevators/M-A1/maintenance', 'maint-b')).status).toBe(404)
  })

  it('refuses any change to a submitted record in the database itself', async () => {
    await expect(service.db.query('update maintenance_records set results = \'{}\' where id = $1', [visitId])).rejects.toThrow(/immutable/)
    await expect(service.db.query('delete from maintenance_records where id = $1', [visitId])).rejects.toThrow(/immutable/)
    await expect(service.db.query('delete from maintenance_photos where record_id = $1', [visitId])).rejects.toThrow(/submitted/)
  })

  it('keeps the checklist version a record was made with; a later record closes the follow-up and records no 检修 seen', async () => {
    const a = (await ok('GET', '/api/maintenance/checklists', 'admin'))[0]
    const items = (await ok('GET', `/api/maintenance/checklists/${a.id}`, 'admin')).items
    const v2 = await ok('POST', '/api/maintenance/checklists', 'admin', { annex: 'A', title: 'TSG T5002-2017 附件A（本市补充）', items: [...items, { code: 'X1-01', interval: 'half_monthly', item: '电梯物联网监测终端', requirement: '在线，数据上传正常' }] })
    expect(v2).toMatchObject({ annex: 'A', version: 2, current: true })
    const t0 = Date.now() - 30 * MIN
    const second = await completeVisit('M-A1', 'maint-a', { startedAt: t0, endedAt: t0 + 25 * MIN })
    expect(second).toMatchObject({ checklistVersion: 2, seq: 2, verification: { verified: false, reason: 'no_inspection_mode' } })
    expect(second.items).toHaveLength(32)
    expect(second.prevHash).toBe((await ok('GET', `/api/maintenance/visits/${visitId}`, 'admin')).hash)
    expect((await ok('GET', `/api/maintenance/visits/${visitId}`, 'admin')).checklistVersion).toBe(1)
    const history = await ok('GET', '/api/elevators/M-A1/maintenance', 'maint-a')
    expect(history.followUps[0]).toMatchObject({ itemCode: 'A1-05', closedByRecord: second.id })
    // No terminal, and a visit too short for one.
    const noTerminal = await completeVisit('M-B1', 'maint-b', { startedAt: Date.now() - 30 * MIN, endedAt: Date.now() - 5 * MIN })
    expect(noTerminal.verification).toMatchObject({ verified: false, reason: 'no_terminal' })
    const line = (t: number) => `elevator_state,equipment=M-A4,gateway=gw-maint mode=2i,floor=1i,moving=false ${t}`
    const t1 = Date.now() - 20 * MIN
    await service.influx.write(line(t1 + MIN))
    expect((await completeVisit('M-A4', 'maint-a', { startedAt: t1, endedAt: t1 + 8 * MIN })).verification).toMatchObject({ verified: false, reason: 'too_short' })
  })

  it('is vouched for only when it started near the lift, if the phone gave its position and the lift has a registered place', async () => {
    // A firm and lift of their own, so the other figures of this file stay as they are.
    const firm = await ok('POST', '/api/maintenance-firms', 'admin', { name: '维保丁公司（定位）' })
    const { districtId } = await ok('GET', '/api/elevators/M-A1', 'admin')
    const half = await call('PUT', '/api/elevators/M-G1', 'admin', { ...lift(districtId, ids.unitA!, firm.id, 9), latitude: 36.6171 })
    expect(half).toMatchObject({ status: 400, body: { code: 'registry.coordinates_pair' } })
    await ok('PUT', '/api/elevators/M-G1', 'admin', { ...lift(districtId, ids.unitA!, firm.id, 9), latitude: 36.6171, longitude: 101.7782 })
    expect(await ok('GET', '/api/elevators/M-G1', 'admin')).toMatchObject({ latitude: 36.6171, longitude: 101.7782 })
    await ok('POST', '/api/gateways', 'admin', { id: 'gw-maint-gps', equipmentCodes: ['M-G1'] })
    await ok('POST', '/api/users', 'admin', { username: 'maint-gps', role: 'maintainer', password: 'maint-gps-password', maintenanceFirmId: firm.id })
    tokens['maint-gps'] = (await call('POST', '/api/auth/login', null, { username: 'maint-gps', password: 'maint-gps-password' })).body.token
    const line = (t: number) => `elevator_state,equipment=M-G1,gateway=gw-maint-gps mode=2i,floor=1i,moving=false ${t}`
    const t0 = Date.now() - 100 * MIN
    const t2 = Date.now() - 60 * MIN
    await service.influx.write([t0 + 5 * MIN, t0 + 20 * MIN, t2 + 5 * MIN, t2 + 20 * MIN].map(line).join('\n'))
    // 2.6 km away (西宁站), then 40 m away with 15 m accuracy; the terminal saw 检修 both times.
    const far = await completeVisit('M-G1', 'maint-gps', { startedAt: t0, endedAt: t0 + 30 * MIN, gps: { latitude: 36.6270, longitude: 101.8049, accuracyM: 15 } })
    expect(far.verification).toMatchObject({ verified: false, reason: 'far_from_lift' })
    const near = await completeVisit('M-G1', 'maint-gps', { startedAt: t2, endedAt: t2 + 30 * MIN, gps: { latitude: 36.6174, longitude: 101.7785, accuracyM: 15 } })
    expect(near.verification).toMatchObject({ verified: true, reason: 'inspection_mode_seen' })
  })

  it('corrects a submitted record with a new one that names it', async () => {
    expect((await call('POST', '/api/maintenance/visits', 'maint-a', { equipmentCode: 'M-A3', correctsId: visitId })).body.code).toBe('maintenance.corrects_other_lift')
    const correction = await ok('POST', '/api/maintenance/visits', 'maint-a', { equipmentCode: 'M-A1', correctsId: visitId })
    expect(correction).toMatchObject({ correctsId: visitId, status: 'draft' })
  })
})

describe('the hash chain', () => {
  it('holds for untouched records and names the first broken link of an edited and of a removed record (API and command)', async () => {
    const t = Date.now() - 10 * 86_400_000
    for (let i = 0; i < 3; i++) await completeVisit('M-A3', 'maint-a', { startedAt: t + i * 3_600_000, endedAt: t + i * 3_600_000 + 30 * MIN })
    expect(await ok('GET', '/api/maintenance/chain?equipmentCode=M-A3', 'insp')).toMatchObject({ valid: true, lifts: 1, results: [{ equipmentCode: 'M-A3', valid: true, records: 3 }] })
    expect((await call('GET', '/api/maintenance/chain', 'insp')).body.code).toBe('maintenance.bad_chain_scope')
    const { verifyChains } = { verifyChains: service.maintenance.verifyChains.bind(service.maintenance) }
    expect((await verifyChains({}, { firmId: ids.firmA! })).valid).toBe(true)

    // What only someone with the database's owner rights could do: switch the trigger off and edit.
    const [seq2] = await service.db.query<{ id: number }>('select r.id from maintenance_records r join elevators e on e.id = r.elevator_id where e.equipment_code = \'M-A3\' and r.seq = 2')
    await service.db.query('alter table maintenance_records disable trigger maintenance_records_immutable')
    await service.db.query('update maintenance_records set results = jsonb_set(results, \'{A1-01,result}\', \'"na"\') where id = $1', [seq2!.id])
    await service.db.query('alter table maintenance_records enable trigger maintenance_records_immutable')
    expect(await ok('GET', '/api/maintenance/chain?equipmentCode=M-A3', 'maint-a')).toMatchObject({ valid: false, broken: 1, results: [{ brokenAt: { seq: 2, recordId: seq2!.id, reason: 'content_changed' } }] })
    const byFirm = await ok('GET', `/api/maintenance/chain?firmId=${ids.firmA}`, 'insp')
    expect(byFirm.results.filter((r: { valid: boolean }) => !r.valid).map((r: { equipmentCode: string }) => r.equipmentCode)).toEqual(['M-A3'])

    // Removed: M-A1's first record (with its photos and what refers to it) goes.
    const [first] = await service.db.query<{ id: number }>('select r.id from maintenance_records r join elevators e on e.id = r.elevator_id where e.equipment_code = \'M-A1\' and r.seq = 1')
    await service.db.query('alter table maintenance_photos disable trigger maintenance_photos_immutable')
    await service.db.query('alter table maintenance_records disable trigger maintenance_records_immutable')
    await service.db.query('delete from maintenance_photos where record_id = $1', [first!.id])
    await service.db.query('delete from maintenance_confirmations where record_id = $1', [first!.id])
    await service.db.query('update maintenance_followups set closed_by_record = null where closed_by_record = $1', [first!.id])
    await service.db.query('delete from maintenance_followups where opened_by_record = $1', [first!.id])
    await service.db.query('update maintenance_records set corrects_id = null where corrects_id = $1', [first!.id])
    await service.db.query('delete from maintenance_records where id = $1', [first!.id])
    await service.db.query('alter table maintenance_records enable trigger maintenance_records_immutable')
    await service.db.query('alter table maintenance_photos enable trigger maintenance_photos_immutable')
    expect((await ok('GET', '/api/maintenance/chain?equipmentCode=M-A1', 'admin')).results[0].brokenAt).toEqual({ seq: 1, recordId: null, reason: 'missing_record' })
    const report = await verifyChains({}, {})
    expect(report).toMatchObject({ valid: false, broken: 2 })
  })

  it('the command names the broken links and exits 1', async () => {
    const { execFile } = await import('node:child_process')
    const run = (args: string[]) => new Promise<{ code: number | null, out: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/verify-maintenance.ts', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } }, (err, stdout, stderr) => resolve({ code: err === null ? 0 : (err as { code?: number }).code ?? 1, out: stdout + stderr }))
    })
    const broken = await run(['--firm', String(ids.firmA)])
    expect(broken.code).toBe(1)
    expect(broken.out).toMatch(/BROKEN {2}M-A3: first broken link at seq 2 \(record \d+\): content_changed/)
    expect(broken.out).toMatch(/BROKEN {2}M-A1: first broken link at seq 1: missing_record/)
    const fine = await run(['--lift', 'M-B1'])
    expect(fine).toMatchObject({ code: 0 })
    expect(fine.out).toMatch(/ok {6}M-B1: 1 record\(s\)/)
    expect((await run(['--lift'])).code).toBe(2)
  })
})

describe('plans and overdue', () => {
  it('raises one maintenance-overdue alert per lift on day 16, across two nodes, and clears it with a visit', async () => {
    const today = localDate(Date.now(), 'Asia/Shanghai')
    // M-A2 (escalator): last maintained 17 days ago, at noon in the city.
    const at = Date.parse(`${addDays(today, -17)}T04:00:00Z`)
    await completeVisit('M-A2', 'maint-a', { startedAt: at, endedAt: at + 40 * MIN })
    other = await startTestService({ DATABASE_URL: databaseUrl })
    await service.maintenanceScheduler!.scan()
    await Promise.all([service.maintenanceScheduler!.scan(), other.maintenanceScheduler!.scan(), service.maintenanceScheduler!.scan()])
    const alerts = (await ok('GET', '/api/alerts?type=maintenance_overdue&equipmentCode=M-A2', 'admin')).items
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ type: 'maintenance_overdue', severity: 'major', status: 'raised', source: 'half_monthly', code: addDays(today, -2) })
    const due = await ok('GET', '/api/maintenance/due', 'maint-a')
    expect(due.items.map((i: { equipmentCode: string }) => i.equipmentCode).sort()).toEqual(['M-A1', 'M-A2', 'M-A3', 'M-A4'])
    expect(due.items.find((i: { equipmentCode: string }) => i.equipmentCode === 'M-A2')).toMatchObject({ status: 'overdue', nextInterval: 'half_monthly', dueBy: addDays(today, -2) })
    expect(due.counts).toMatchObject({ overdue: 1, inProgress: 1 })
    expect(due.items[0]).toMatchObject({ equipmentCode: 'M-A1', draftId: expect.any(Number) })
    expect((await ok('GET', '/api/maintenance/due?status=overdue', 'unit-b')).items).toEqual([])

    const visit = await completeVisit('M-A2', 'maint-a', { startedAt: Date.now() - 45 * MIN, endedAt: Date.now() - 5 * MIN })
    expect(visit.items).toHaveLength(33)
    const after = (await ok('GET', '/api/alerts?type=maintenance_overdue&equipmentCode=M-A2', 'admin')).items
    expect(after[0]).toMatchObject({ status: 'cleared' })
    await service.maintenanceScheduler!.scan()
    expect((await ok('GET', '/api/alerts?type=maintenance_overdue&equipmentCode=M-A2&status=raised', 'admin')).items).toEqual([])
  })

  it('gives the inspector each firm\'s on-time and verified rates, overdue lifts and open 不合格 items', async () => {
    expect((await call('GET', '/api/figures/maintenance', 'maint-a')).status).toBe(403)
    const figures = await ok('GET', '/api/figures/maintenance', 'insp')
    const a = figures.firms.find((f: { firmName: string }) => f.firmName === '维保甲公司')
    // Firm A: M-A1 (1 left after the removal), M-A3 ×3, M-A4, M-A2 ×2 = 7 records; M-A2's second came 17 days after its first.
    expect(a).toMatchObject({ lifts: 4, records: 7, onTime: 6, overdueLifts: 0, workers: 2, liftsPerWorker: 2 })
    expect(a.onTimeRate).toBeCloseTo(85.7, 1)
    expect(a.verified).toBe(0)
    const b = figures.firms.find((f: { firmName: string }) => f.firmName === '维保乙公司')
    expect(b).toMatchObject({ lifts: 1, records: 1, verified: 0, verifiedRate: 0 })
  })
})

describe('maintenance without a record', () => {
  it('raises one notice for 检修 reported with no visit around it, none for a recorded visit or a 检修 still going on, never twice', async () => {
    const firmC = await ok('POST', '/api/maintenance-firms', 'admin', { name: '维保丙公司' })
    const d = (await ok('GET', '/api/districts', 'admin'))[0]
    for (const [i, code] of ['M-C1', 'M-C2', 'M-C3'].entries()) await ok('PUT', `/api/elevators/${code}`, 'admin', lift(d.id, ids.unitB!, firmC.id, 10 + i))
    await ok('POST', '/api/gateways', 'admin', { id: 'gw-maint-c', equipmentCodes: ['M-C1', 'M-C2', 'M-C3'] })
    await ok('POST', '/api/users', 'admin', { username: 'maint-c', role: 'maintainer', password: 'maint-c-password', maintenanceFirmId: firmC.id })
    tokens['maint-c'] = (await call('POST', '/api/auth/login', null, { username: 'maint-c', password: 'maint-c-password' })).body.token
    const now = Date.now()
    const line = (code: string, t: number, mode: number) => `elevator_state,equipment=${code},gateway=gw-maint-c mode=${mode}i,floor=1i,moving=false ${t}`
    const period = (code: string, from: number, minutes: number) => [line(code, from - 5 * MIN, 1), ...Array.from({ length: minutes / 10 + 1 }, (_, i) => line(code, from + i * 10 * MIN, 2)), line(code, from + (minutes + 2) * MIN, 1)]
    // M-C1: an hour of 检修 six hours ago, nothing recorded. M-C2: the same, with its visit. M-C3: 检修 now.
    await service.influx.write([...period('M-C1', now - 6 * 3_600_000, 60), ...period('M-C2', now - 7 * 3_600_000, 60), ...period('M-C3', now - 40 * MIN, 30)].join('\n'))
    await completeVisit('M-C2', 'maint-c', { startedAt: now - 7 * 3_600_000 + 5 * MIN, endedAt: now - 6 * 3_600_000 - 5 * MIN })

    await Promise.all([service.maintenanceScheduler!.scan(), other!.maintenanceScheduler!.scan(), service.maintenanceScheduler!.scan()])
    await service.maintenanceScheduler!.scan()
    const notices = (await ok('GET', '/api/alerts?type=maintenance_unrecorded', 'admin')).items
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ equipmentCode: 'M-C1', type: 'maintenance_unrecorded', severity: 'warning', status: 'raised', source: 'inspection_mode', code: localDate(now - 6 * 3_600_000, 'Asia/Shanghai') })
    // The firm sees it on its own lift; the reason is in the alert's history, in the reader's language.
    expect((await ok('GET', '/api/alerts?type=maintenance_unrecorded', 'maint-c')).items).toHaveLength(1)
    expect((await ok('GET', '/api/alerts?type=maintenance_unrecorded', 'maint-a')).items).toHaveLength(0)
    const zh = await call('GET', `/api/alerts/${notices[0].id}`, 'admin', undefined, { 'accept-language': 'zh-CN' })
    expect(zh.body.history[0].comment).toMatch(/报告检修状态（7 条），该时段前后没有维保记录/)

    // Closed by a person, it is not raised again for that day.
    await ok('POST', `/api/alerts/${notices[0].id}/close`, 'admin', { comment: '已核实：为故障维修，非维保' })
    await service.maintenanceScheduler!.scan()
    expect((await ok('GET', '/api/alerts?type=maintenance_unrecorded&status=raised', 'admin')).items).toEqual([])
  })
})
