// The cylinder registry end to end through the API on PGlite: registration and its refusals, one code
// never reused after scrapping, inspections, transfers and scrapping on the timeline, the CSV import's
// per-line errors, who sees what (a filling unit its own cylinders; use units and firms none), the public
// lookup's safe subset, the media edit moving dates, a unit's day, the daily scan's statuses and
// aggregated alerts (idempotent), the figures, and the bus announcing every change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, startTestService, type TestService } from './support/service.ts'
import { addDays, addMonths, localDate } from '../platform/calendar.ts'
import { recordCylinderEvents } from '../cylinders/store.ts'
import type { CylindersChanged } from '../cylinders/events.ts'
import type { Alert } from '../alerts/store.ts'
import { createServer, type Server } from 'node:http'

let service: TestService
const tokens: Record<string, string> = {}
const ids: Record<string, number> = {}
const changes: CylindersChanged[] = []

async function call (method: string, url: string, who: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await service.api!.inject({
    method: method as 'GET', url, payload: payload as string,
    headers: { 'accept-language': 'en', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers }
  })
  return { status: response.statusCode, headers: response.headers, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body }
}
const ok = async (method: string, url: string, who: string, payload?: unknown) => {
  const answer = await call(method, url, who, payload)
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}
const today = () => localDate(Date.now(), 'Asia/Shanghai')
/** A date some months from today (negative: ago): the fixture's fresh cylinders stay fresh whenever the test runs. */
const months = (n: number) => addMonths(today(), n)
const cylinder = (code: string, fillingUnitId: number, extra: Record<string, unknown> = {}) => ({
  code, registrationNo: `R-${code}`, fillingUnitId, manufacturer: '北方钢瓶厂', serial: `S-${code}`, volumeL: 35.5, medium: 'LPG',
  nominalPressureMpa: 2.1, manufacturedOn: months(-6), emptyMassKg: 15.5, capacityKg: 14.5, ...extra
})

beforeAll(async () => {
  service = await startTestService({ CYLINDER_PUBLIC_LOOKUPS_PER_MIN: '20' })
  service.bus.on('cylinder.changed', (e) => changes.push(e))
  const login = async (username: string, password: string) => (await call('POST', '/api/auth/login', null, { username, password })).body.token as string
  tokens.admin = await login('admin', ADMIN_PASSWORD)
  const district = await ok('POST', '/api/districts', 'admin', { code: 'Q1', name: '城东区', arrivalLimitMin: 30 })
  const unitA = await ok('POST', '/api/filling-units', 'admin', { name: '城东液化气充装站', licenseNo: 'TS4263001', districtId: district.id, address: '东环路 1 号' })
  const unitB = await ok('POST', '/api/filling-units', 'admin', { name: '城西气体公司', licenseNo: 'TS4263002', districtId: district.id })
  const useUnit = await ok('POST', '/api/use-units', 'admin', { name: '某物业' })
  const firm = await ok('POST', '/api/maintenance-firms', 'admin', { name: '某维保' })
  Object.assign(ids, { district: district.id, unitA: unitA.id, unitB: unitB.id, useUnit: useUnit.id })
  for (const [username, role, extra] of [['fu-a', 'filling_unit', { fillingUnitId: unitA.id }], ['fu-b', 'filling_unit', { fillingUnitId: unitB.id }],
    ['insp', 'inspector', {}], ['desk', 'dispatcher', {}], ['firm', 'maintainer', { maintenanceFirmId: firm.id }], ['owner', 'use_unit', { useUnitId: useUnit.id }]] as const) {
    await ok('POST', '/api/users', 'admin', { username, role, password: `${username}-password`, ...extra })
    tokens[username] = await login(username, `${username}-password`)
  }
})
afterAll(async () => {
  await service?.stop()
})

describe('filling units and users', () => {
  it('binds a filling-unit user to its unit', async () => {
    const refused = await call('POST', '/api/users', 'admin', { username: 'fu-x', role: 'filling_unit', password: 'fu-x-password' })
    expect(refused.status).toBe(400)
    expect(refused.body.code).toBe('user.filling_unit_needs_unit')
    const me = await ok('GET', '/api/auth/me', 'fu-a')
    expect(me).toMatchObject({ role: 'filling_unit', fillingUnitId: ids.unitA })
  })

  it('adds stations, a code once', async () => {
    const station = await ok('POST', `/api/filling-units/${ids.unitA}/stations`, 'admin', { code: 'CD-01', name: '一号充装枪' })
    expect(station).toMatchObject({ code: 'CD-01', fillingUnitId: ids.unitA })
    expect((await call('POST', `/api/filling-units/${ids.unitB}/stations`, 'admin', { code: 'CD-01', name: '重复' })).status).toBe(409)
    expect((await call('POST', '/api/filling-units/9999/stations', 'admin', { code: 'CD-99', name: '无主' })).status).toBe(404)
    expect((await call('POST', `/api/filling-units/${ids.unitA}/stations`, 'fu-a', { code: 'CD-02', name: '自建' })).status).toBe(403)
    const detail = await ok('GET', `/api/filling-units/${ids.unitA}`, 'fu-a')
    expect(detail.stationList.map((s: { code: string }) => s.code)).toEqual(['CD-01'])
    expect((await call('GET', `/api/filling-units/${ids.unitB}`, 'fu-a')).status).toBe(404)
    expect((await ok('GET', '/api/filling-units', 'fu-a')).map((u: { id: number }) => u.id)).toEqual([ids.unitA])
    expect((await ok('GET', '/api/filling-units', 'insp'))).toHaveLength(2)
  })
})

describe('registration and the lifecycle', () => {
  it('registers a cylinder with the dates its medium gives, on its timeline, announced on the bus', async () => {
    changes.length = 0
    const row = await ok('POST', '/api/cylinders', 'fu-a', cylinder('LPG-A-0001', ids.unitA!))
    expect(row).toMatchObject({ code: 'LPG-A-0001', fillingUnitId: ids.unitA, fillingUnitName: '城东液化气充装站', status: 'in_use',
      nextInspectionDue: addMonths(months(-6), 48), endOfLife: addMonths(months(-6), 96), lastInspectedOn: null })
    expect(changes.flatMap((c) => c.cylinders)).toMatchObject([{ code: 'LPG-A-0001', medium: 'LPG', fillingUnitId: ids.unitA, status: 'in_use', nextInspectionDue: addMonths(months(-6), 48), endOfLife: addMonths(months(-6), 96), capacityKg: 14.5 }])
    const { items } = await ok('GET', '/api/cylinders/LPG-A-0001/timeline', 'fu-a')
    expect(items.map((e: { kind: string }) => e.kind)).toEqual(['registered'])
    // Onboarding with the last inspection from the mark: the next is one interval after it.
    const onboarded = await ok('POST', '/api/cylinders', 'insp', cylinder('O2-B-0001', ids.unitB!, { medium: 'O2', nominalPressureMpa: 15, volumeL: 40, manufacturedOn: months(-60), lastInspectedOn: months(-6) }))
    expect(onboarded).toMatchObject({ lastInspectedOn: months(-6), inspectionResult: 'pass', nextInspectionDue: addMonths(months(-6), 36), endOfLife: addMonths(months(-60), 360) })
  })

  it('refuses bad registrations with the field named', async () => {
    const future = addDays(today(), 2)
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [cylinder('LPG-A-0002', ids.unitA!, { medium: 'XE' }), 400, 'cylinder.unknown_medium', 'body/medium'],
      [cylinder('LPG-A-0002', ids.unitA!, { manufacturedOn: future }), 400, 'cylinder.in_future', 'body/manufacturedOn'],
      [cylinder('LPG-A-0002', ids.unitA!, { manufacturedOn: '2023-02-30' }), 400, 'cylinder.bad_date', 'body/manufacturedOn'],
      [cylinder('LPG-A-0002', ids.unitA!, { lastInspectedOn: months(-7) }), 400, 'cylinder.before_manufacture', 'body/lastInspectedOn'],
      [cylinder('LPG-A-0002', ids.unitB!), 400, 'cylinder.other_unit', 'body/fillingUnitId'],
      [cylinder('LPG-A-0001', ids.unitA!), 409, 'cylinder.code_taken', 'body/code']
    ]
    for (const [body, status, code, path] of cases) {
      const answer = await call('POST', '/api/cylinders', 'fu-a', body)
      expect([answer.status, answer.body.code], JSON.stringify(body)).toEqual([status, code])
      expect(answer.body.details.map((d: { path: string }) => d.path)).toContain(path)
    }
    expect((await call('POST', '/api/cylinders', 'fu-a', { ...cylinder('LPG-A-0002', ids.unitA!), volumeL: -1 })).status).toBe(400)
    expect((await call('POST', '/api/cylinders', 'admin', cylinder('LPG-A-0002', 9999))).body.code).toBe('cylinder.unknown_unit')
    expect((await call('POST', '/api/cylinders', 'desk', cylinder('LPG-A-0002', ids.unitA!))).status).toBe(403)
    // In Chinese too.
    const zh = await call('POST', '/api/cylinders', 'fu-a', cylinder('LPG-A-0001', ids.unitA!), { 'accept-language': 'zh-CN' })
    expect(zh.body.message).toContain('一瓶一码')
  })

  it('records inspections, transfers and scrapping on the timeline; a scrapped code is never reused', async () => {
    await ok('POST', '/api/cylinders', 'admin', cylinder('LPG-A-0003', ids.unitA!, { manufacturedOn: '2014-06-15' }))
    let row = await ok('GET', '/api/cylinders/LPG-A-0003', 'insp')
    expect(row).toMatchObject({ nextInspectionDue: '2018-06-15', endOfLife: '2022-06-15' })
    row = await ok('POST', '/api/cylinders/LPG-A-0003/inspections', 'insp', { on: '2018-06-10', result: 'pass', inspector: '王检' })
    expect(row).toMatchObject({ lastInspectedOn: '2018-06-10', nextInspectionDue: '2022-06-10', endOfLife: '2022-06-15', status: 'inspection_overdue' })
    // The 8-year pass extends the life to 12 years.
    row = await ok('POST', '/api/cylinders/LPG-A-0003/inspections', 'insp', { on: '2022-06-01', result: 'pass' })
    expect(row).toMatchObject({ nextInspectionDue: '2026-06-01', endOfLife: '2026-06-15' })
    const failed = await ok('POST', '/api/cylinders/LPG-A-0003/inspections', 'insp', { on: '2024-01-05', result: 'fail', notes: '瓶体腐蚀' })
    expect(failed).toMatchObject({ status: 'failed', inspectionResult: 'fail' })
    expect((await call('POST', '/api/cylinders/LPG-A-0003/inspections', 'insp', { on: '2013-01-01', result: 'pass' })).body.code).toBe('cylinder.before_manufacture')
    expect((await call('POST', '/api/cylinders/LPG-A-0003/inspections', 'fu-a', { on: '2024-01-05', result: 'pass' })).status).toBe(403)

    expect((await call('POST', '/api/cylinders/LPG-A-0003/transfer', 'fu-a', { toFillingUnitId: ids.unitA })).status).toBe(409)
    const moved = await ok('POST', '/api/cylinders/LPG-A-0003/transfer', 'fu-a', { toFillingUnitId: ids.unitB })
    expect(moved.fillingUnitId).toBe(ids.unitB)
    // Given away: no longer the giver's.
    expect((await call('GET', '/api/cylinders/LPG-A-0003', 'fu-a')).status).toBe(404)
    const scrapped = await ok('POST', '/api/cylinders/LPG-A-0003/scrap', 'fu-b', { on: today(), reason: '检验不合格，报废' })
    expect(scrapped).toMatchObject({ status: 'scrapped', scrappedOn: today() })
    expect((await call('POST', '/api/cylinders/LPG-A-0003/inspections', 'insp', { on: today(), result: 'pass' })).body.code).toBe('cylinder.is_scrapped')
    expect((await call('POST', '/api/cylinders/LPG-A-0003/scrap', 'admin', { on: today(), reason: 'again' })).status).toBe(409)
    const again = await call('POST', '/api/cylinders', 'admin', cylinder('LPG-A-0003', ids.unitA!))
    expect([again.status, again.body.code]).toEqual([409, 'cylinder.code_taken'])

    const { items } = await ok('GET', '/api/cylinders/LPG-A-0003/timeline', 'insp')
    expect(items.map((e: { kind: string }) => e.kind)).toEqual(['scrapped', 'transferred', 'inspected', 'inspected', 'inspected', 'registered'])
    expect(items[1].details).toMatchObject({ fromFillingUnitId: ids.unitA, toFillingUnitId: ids.unitB })
    expect(items[2].details).toMatchObject({ on: '2024-01-05', result: 'fail', notes: '瓶体腐蚀' })
  })
})

describe('CSV import', () => {
  it('registers the good lines and reports each bad one with its reasons', async () => {
    const [made, made2, inspected] = [months(-12), months(-24), months(-1)]
    const csv = [
      '气瓶编码,使用登记证编号,制造单位,出厂编号,容积(L),充装介质,公称工作压力(MPa),制造日期,上次检验日期,最大充装量(kg),备注',
      `CSV-0001,R1,北方钢瓶厂,S1,35.5,LPG,2.1,${made},,14.5,`,
      `CSV-0002,R2,北方钢瓶厂,S2,35.5,lpg,2.1,${made2},${inspected},14.5,`,
      'CSV-0003,R3,北方钢瓶厂,S3,-2,LPG,2.1,2021-13-01,,14.5,',
      `CSV-0001,R4,北方钢瓶厂,S4,35.5,LPG,2.1,${made},,14.5,`,
      `LPG-A-0001,R5,北方钢瓶厂,S5,35.5,LPG,2.1,${made},,14.5,`,
      `CSV-0006,R6,,S6,35.5,XX,2.1,${made},,14.5,`,
      'CSV-0007,R7,北方钢瓶厂,S7,35.5',
      `a b,R8,北方钢瓶厂,S8,40,CO2,15,${made},,,`
    ].join('\n')
    const answer = await call('POST', '/api/cylinders/import', 'fu-a', csv, { 'content-type': 'text/csv' })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ imported: 2, rejected: 6, ignoredColumns: ['备注'] })
    const errors = answer.body.errors as Array<{ line: number, message: string }>
    expect(errors.map((e) => e.line)).toEqual([4, 5, 6, 7, 8, 9])
    expect(errors[0]!.message).toMatch(/volumeL "-2".*manufacturedOn "2021-13-01"/)
    expect(errors[1]!.message).toContain('already appears on line 2')
    expect(errors[2]!.message).toContain('never given out twice')
    expect(errors[3]!.message).toContain('manufacturer is empty')
    expect(errors[4]!.message).toContain('fields')
    expect(errors[5]!.message).toContain('cylinder code "a b"')
    expect(await ok('GET', '/api/cylinders/CSV-0002', 'fu-a')).toMatchObject({ medium: 'LPG', fillingUnitId: ids.unitA, nextInspectionDue: addMonths(inspected, 48) })
    // A filling unit imports only into itself; an admin names the unit.
    const other = await call('POST', '/api/cylinders/import', 'fu-a', `code,filling_unit,manufacturer,serial,volume_l,medium,nominal_pressure_mpa,manufactured_on\nCSV-0010,城西气体公司,厂,S,40,O2,15,${made}`, { 'content-type': 'text/csv' })
    expect(other.body).toMatchObject({ imported: 0, rejected: 1 })
    const missing = await call('POST', '/api/cylinders/import', 'admin', `code,manufacturer,serial,volume_l,medium,nominal_pressure_mpa,manufactured_on\nCSV-0011,厂,S,40,O2,15,${made}`, { 'content-type': 'text/csv' })
    expect([missing.status, missing.body.code]).toEqual([400, 'cylinder.csv_missing_columns'])
    const byAdmin = await call('POST', '/api/cylinders/import', 'admin', `code,filling_unit,manufacturer,serial,volume_l,medium,nominal_pressure_mpa,manufactured_on\nCSV-0012,城西气体公司,厂,S,40,O2,15,${made}\nCSV-0013,无此单位,厂,S,40,O2,15,${made}`, { 'content-type': 'text/csv' })
    expect(byAdmin.body).toMatchObject({ imported: 1, rejected: 1, errors: [{ line: 3 }] })
    expect((await call('POST', '/api/cylinders/import', 'owner', 'code\nX', { 'content-type': 'text/csv' })).status).toBe(403)
  })
})

describe('who sees which cylinders', () => {
  it('gives a filling unit its own cylinders only, use units and firms none, and a filling unit no lift', async () => {
    const mine = await ok('GET', '/api/cylinders?pageSize=500', 'fu-a')
    expect(mine.items.length).toBeGreaterThan(0)
    expect(mine.items.every((c: { fillingUnitId: number }) => c.fillingUnitId === ids.unitA)).toBe(true)
    expect(mine.total).toBe(mine.items.length)
    const all = await ok('GET', '/api/cylinders?pageSize=500', 'insp')
    expect(all.total).toBeGreaterThan(mine.total)
    // Asking for the other unit's cylinders gives nothing, not theirs.
    expect((await ok('GET', `/api/cylinders?fillingUnitId=${ids.unitB}`, 'fu-a')).total).toBe(0)
    expect((await call('GET', '/api/cylinders/O2-B-0001', 'fu-a')).status).toBe(404)
    expect((await call('GET', '/api/cylinders/O2-B-0001/timeline', 'fu-a')).status).toBe(404)
    expect((await call('POST', '/api/cylinders/O2-B-0001/scrap', 'fu-a', { on: today(), reason: 'x' })).status).toBe(404)
    for (const who of ['owner', 'firm']) {
      expect((await call('GET', '/api/cylinders', who)).status).toBe(403)
      expect((await call('GET', '/api/filling-units', who)).status).toBe(403)
    }
    expect((await call('GET', '/api/cylinders', null)).status).toBe(401)
    // A filling unit's lift scope is empty.
    await ok('PUT', '/api/elevators/L-1', 'admin', { rescueId: '700001', kind: 'traction', status: 'in_use', address: '某路 1 号', districtId: ids.district, useUnitId: ids.useUnit })
    expect((await ok('GET', '/api/elevators', 'insp')).total).toBe(1)
    expect((await ok('GET', '/api/elevators', 'fu-a')).total).toBe(0)
  })

  it('searches by code or registration prefix, pages and filters', async () => {
    const byCode = await ok('GET', '/api/cylinders?q=CSV-&pageSize=2&page=1', 'insp')
    expect(byCode.total).toBe(3)
    expect(byCode.items.map((c: { code: string }) => c.code)).toEqual(['CSV-0001', 'CSV-0002'])
    expect((await ok('GET', '/api/cylinders?q=CSV-&pageSize=2&page=2', 'insp')).items.map((c: { code: string }) => c.code)).toEqual(['CSV-0012'])
    expect((await ok('GET', '/api/cylinders?q=R-O2', 'insp')).items.map((c: { code: string }) => c.code)).toEqual(['O2-B-0001'])
    // % and _ are literal in a search.
    expect((await ok('GET', '/api/cylinders?q=%25', 'insp')).total).toBe(0)
    expect((await ok('GET', '/api/cylinders?medium=O2', 'insp')).total).toBe(2)
    expect((await ok('GET', '/api/cylinders?status=scrapped', 'insp')).items.map((c: { code: string }) => c.code)).toEqual(['LPG-A-0003'])
    // Due within 40 months: CSV-0012 (oxygen made a year ago, +24), O2-B-0001 (inspected 6 months ago, +30), CSV-0001 (+36), not LPG-A-0001 (+42).
    expect((await ok('GET', `/api/cylinders?districtId=${ids.district}&dueBefore=${months(40)}`, 'insp')).items.map((c: { code: string }) => c.code)).toEqual(['CSV-0001', 'CSV-0012', 'O2-B-0001'])
    expect((await call('GET', '/api/cylinders?pageSize=501', 'insp')).status).toBe(400)
    expect((await call('GET', '/api/cylinders?status=lost', 'insp')).status).toBe(400)
  })
})

describe('the public lookup', () => {
  it('shows the safe subset without signing in, and 404 for an unknown code', async () => {
    const answer = await call('GET', '/api/public/cylinders/O2-B-0001', null)
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ code: 'O2-B-0001', medium: 'O2', mediumNameZh: '氧气', mediumNameEn: 'Oxygen', ownerUnitName: '城西气体公司',
      lastInspectedOn: months(-6), nextInspectionDue: addMonths(months(-6), 36), status: 'in_use' })
    const text = JSON.stringify(answer.body)
    for (const secret of ['R-O2-B-0001', 'S-O2-B-0001', '北方钢瓶厂', 'insp', 'fillingUnitId']) expect(text).not.toContain(secret)
    const unknown = await call('GET', '/api/public/cylinders/NOPE-0000', null)
    expect([unknown.status, unknown.body.code]).toEqual([404, 'cylinder.unknown_code'])
    expect((await call('GET', '/api/public/cylinders/a%20b', null)).status).toBe(400)
  })

  it('limits look-ups per address', async () => {
    let last = await call('GET', '/api/public/cylinders/O2-B-0001', null)
    for (let i = 0; i < 25 && last.status !== 429; i++) last = await call('GET', '/api/public/cylinders/O2-B-0001', null)
    expect(last.status).toBe(429)
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0)
  })
})

describe('the media table', () => {
  it('lets an admin change a medium and moves its cylinders\' dates', async () => {
    const media = await ok('GET', '/api/cylinder-media', 'fu-a')
    expect(media.find((m: { code: string }) => m.code === 'LPG')).toMatchObject({ inspectionIntervalYears: 4, firstInspectionYears: 4, designLifeYears: 8, lifeExtensionYears: 4, maxWorkingPressureMpa: 2.1 })
    const co2 = media.find((m: { code: string }) => m.code === 'CO2')
    expect((await call('PUT', '/api/cylinder-media', 'insp', [co2])).status).toBe(403)
    const badMix = await call('PUT', '/api/cylinder-media', 'admin', [{ ...co2, code: 'MIX2', components: ['CO2', 'XE'] }])
    expect([badMix.status, badMix.body.code]).toEqual([400, 'cylinder.bad_component'])
    changes.length = 0
    const result = await ok('PUT', '/api/cylinder-media', 'admin', [{ ...co2, inspectionIntervalYears: 2 }])
    expect(result.media.find((m: { code: string }) => m.code === 'CO2').inspectionIntervalYears).toBe(2)
    // O2-B-0001 is oxygen: unmoved. No CO2 cylinder: nothing moved yet; now oxygen every 2 years moves both O2 cylinders.
    expect(result.moved).toBe(0)
    const o2 = media.find((m: { code: string }) => m.code === 'O2')
    const moved = await ok('PUT', '/api/cylinder-media', 'admin', [{ ...o2, inspectionIntervalYears: 2 }])
    expect(moved.moved).toBe(2)
    expect(await ok('GET', '/api/cylinders/O2-B-0001', 'insp')).toMatchObject({ nextInspectionDue: addMonths(months(-6), 24) })
    expect(changes.flatMap((c) => c.cylinders.map((r) => r.code)).sort()).toEqual(['CSV-0012', 'O2-B-0001'])
    await ok('PUT', '/api/cylinder-media', 'admin', [o2])
    expect(await ok('GET', '/api/cylinders/O2-B-0001', 'insp')).toMatchObject({ nextInspectionDue: addMonths(months(-6), 36) })
  })
})

describe('a filling unit\'s day', () => {
  it('counts fills, refusals by reason and forced fills of the city\'s day, and lists what it must not fill', async () => {
    const now = new Date()
    const yesterday = new Date(Date.now() - 2 * 86_400_000)
    const event = (code: string, kind: 'filled' | 'refused' | 'forced_fill', at: Date, details: Record<string, unknown>, unit = ids.unitA!) =>
      ({ cylinderCode: code, at, kind, fillingUnitId: unit, stationCode: 'CD-01', details })
    await recordCylinderEvents(service.db, [
      event('LPG-A-0001', 'filled', now, { medium: 'LPG', massKg: 14.2, operator: '张师傅' }),
      event('CSV-0001', 'filled', now, { medium: 'LPG', massKg: 14.0, operator: '张师傅' }),
      event('NOPE-0001', 'refused', now, { medium: 'LPG', reasons: ['unregistered'] }),
      event('CSV-0002', 'refused', now, { medium: 'LPG', reasons: ['inspection_overdue', 'past_design_life'] }),
      event('CSV-0002', 'forced_fill', now, { medium: 'LPG', massKg: 14.1, reasons: ['inspection_overdue'] }),
      event('LPG-A-0001', 'filled', yesterday, { medium: 'LPG', massKg: 14.2 }),
      event('O2-B-0001', 'filled', now, { medium: 'O2', massKg: 6 }, ids.unitB!)
    ])
    const day = await ok('GET', `/api/filling-units/${ids.unitA}/today`, 'fu-a')
    expect(day).toMatchObject({ date: today(), fills: 2, refusals: 2, forcedFills: 1, reasons: { unregistered: 1, inspection_overdue: 1, past_design_life: 1 } })
    expect(day.events.map((e: { kind: string }) => e.kind).sort()).toEqual(['forced_fill', 'refused', 'refused'])
    expect((await call('GET', `/api/filling-units/${ids.unitB}/today`, 'fu-a')).status).toBe(404)
    expect((await call('GET', '/api/filling-units/9999/today', 'insp')).status).toBe(404)
    // The fills are on the cylinder's timeline too.
    const { items } = await ok('GET', '/api/cylinders/LPG-A-0001/timeline', 'fu-a')
    expect(items.filter((e: { kind: string }) => e.kind === 'filled')).toHaveLength(2)
  })
})

describe('the daily scan', () => {
  it('marks overdue cylinders, raises one alert per unit and condition, and raises nothing twice', async () => {
    // Unit B: three LPG cylinders made in 2015 (first inspection 2019, life over 2023), never inspected.
    for (const n of [1, 2, 3]) await ok('POST', '/api/cylinders', 'admin', cylinder(`OLD-B-000${n}`, ids.unitB!, { manufacturedOn: `2015-0${n}-01` }))
    changes.length = 0
    const first = await service.cylinderScan.scan(today())
    expect(first).not.toBeNull()
    expect(first!.changed.sort()).toEqual(['OLD-B-0001', 'OLD-B-0002', 'OLD-B-0003'])
    expect((await ok('GET', '/api/cylinders/OLD-B-0002', 'insp')).status).toBe('inspection_overdue')
    const alerts = (await ok('GET', '/api/cylinder-alerts?open=true', 'insp')).items as Array<Record<string, unknown>>
    const forB = alerts.filter((a) => a.fillingUnitId === ids.unitB).sort((a, b) => String(a.type) < String(b.type) ? -1 : 1)
    expect(forB).toMatchObject([
      { type: 'cylinder_inspection_overdue', severity: 'major', cylinders: 3, earliest: '2019-01-01', status: 'raised' },
      { type: 'cylinder_past_life', severity: 'critical', cylinders: 3, earliest: '2023-01-01' }
    ])
    expect(forB[0]!.message).toContain('3 cylinder(s) in use past their inspection date')
    // Again, and two nodes at once: nothing new.
    const second = await service.cylinderScan.scan(today())
    expect(second).toEqual({ changed: [], raised: [], updated: [], cleared: [] })
    const both = await Promise.all([service.cylinderScan.scan(today()), service.cylinderScan.scan(today())])
    for (const r of both) expect(r === null || (r.raised.length === 0 && r.updated.length === 0 && r.cleared.length === 0)).toBe(true)
    expect((await ok('GET', '/api/cylinder-alerts?open=true', 'insp')).items).toHaveLength(alerts.length)
    // One open per unit and condition holds in the database even without the scan's lock (migration 021).
    await expect(service.db.query(`insert into alerts (subject_kind, subject_code, type, severity, code, raised_at)
      values ('filling_unit', $1, 'cylinder_inspection_overdue', 'major', '2001-01-01', now())`, [String(ids.unitB)])).rejects.toThrow(/unique|duplicate/)
    // A filling unit sees its own alerts only.
    const mine = (await ok('GET', '/api/cylinder-alerts', 'fu-a')).items as Array<{ fillingUnitId: number }>
    expect(mine.every((a) => a.fillingUnitId === ids.unitA)).toBe(true)
    // Scrapping one updates the count; inspecting and scrapping the rest clears the alerts.
    await ok('POST', '/api/cylinders/OLD-B-0001/scrap', 'admin', { on: today(), reason: '超过设计使用年限' })
    const third = await service.cylinderScan.scan(today())
    expect(third!.updated).toHaveLength(2)
    const updated = (await ok('GET', `/api/cylinder-alerts?open=true&fillingUnitId=${ids.unitB}`, 'insp')).items as Array<{ id: number, cylinders: number, earliest: string, message: string }>
    expect(updated.map((a) => [a.cylinders, a.earliest]).sort()).toEqual([[2, '2019-02-01'], [2, '2023-02-01']])
    expect(updated.map((a) => a.message).join()).toContain('2 cylinder(s)')
    // The same alert in the common list, its history telling the change.
    const overdueId = updated.find((a) => a.earliest === '2019-02-01')!.id
    const detail = await ok('GET', `/api/alerts/${overdueId}`, 'desk')
    expect(detail.alert).toMatchObject({ subjectKind: 'filling_unit', code: '2019-02-01', details: expect.objectContaining({ cylinders: 2, earliest: '2019-02-01' }) })
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['raised', 'updated'])
    expect(detail.history[1].comment).toContain('2 cylinder(s) in use past their inspection date (the earliest due 2019-02-01)')
    for (const code of ['OLD-B-0002', 'OLD-B-0003']) await ok('POST', `/api/cylinders/${code}/scrap`, 'admin', { on: today(), reason: '报废' })
    const fourth = await service.cylinderScan.scan(today())
    expect(fourth!.cleared).toHaveLength(2)
    expect((await ok('GET', `/api/cylinder-alerts?open=true&fillingUnitId=${ids.unitB}`, 'insp')).items).toEqual([])
    expect((await ok('GET', `/api/alerts/${overdueId}`, 'insp')).alert.status).toBe('cleared')
  })

  it('announces the scheduled scan\'s alerts as any alert (the bus that feeds the desk\'s stream, the webhooks); listed for the city, not for use units, firms or filling units', async () => {
    const received: string[] = []
    const receiver: Server = createServer((req, res) => { let body = ''; req.on('data', (c) => { body += c }); req.on('end', () => { received.push(body); res.statusCode = 204; res.end() }) })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
      const hook = (await ok('POST', '/api/webhooks', 'admin', { url, secret: 'a-webhook-secret-of-length', events: ['alert.raised', 'alert.critical'] })).id as number
      const raised: Alert[] = []
      const off = service.bus.on('alert.raised', (a) => { raised.push(a) })
      // Unit A: one LPG cylinder made in 2016 (overdue since 2020, past its life since 2024).
      await ok('POST', '/api/cylinders', 'admin', cylinder('OLD-A-0001', ids.unitA!, { manufacturedOn: '2016-01-01' }))
      const result = await service.cylinderScheduler!.scan()
      off()
      expect(result!.raised).toHaveLength(2)
      expect(raised.map((a) => a.id).sort()).toEqual([...result!.raised].sort())
      const want = { equipmentCode: String(ids.unitA), subjectKind: 'filling_unit', useUnitName: '城东液化气充装站', address: '东环路 1 号', districtId: ids.district }
      expect(raised.find((a) => a.type === 'cylinder_past_life')).toMatchObject({ ...want, severity: 'critical', status: 'raised', code: '2024-01-01', details: expect.objectContaining({ cylinders: 1 }) })
      for (const who of ['admin', 'desk', 'insp']) {
        const list = await ok('GET', `/api/alerts?status=open&type=cylinder_inspection_overdue&equipmentCode=${ids.unitA}`, who)
        expect(list.items, who).toEqual([expect.objectContaining({ ...want, type: 'cylinder_inspection_overdue', severity: 'major', code: '2020-01-01' })])
      }
      for (const who of ['owner', 'firm', 'fu-a']) expect((await ok('GET', '/api/alerts?type=cylinder_*', who)).total, who).toBe(0)
      const queued = await service.db.query<{ event: string, type: string }>(
        'select event, payload->\'data\'->>\'type\' as type from webhook_deliveries where webhook_id = $1 order by event, type', [hook])
      expect(queued).toEqual([
        { event: 'alert.critical', type: 'cylinder_past_life' },
        { event: 'alert.raised', type: 'cylinder_inspection_overdue' },
        { event: 'alert.raised', type: 'cylinder_past_life' }
      ])
      await ok('DELETE', `/api/webhooks/${hook}`, 'admin')
    } finally {
      await new Promise<void>((resolve) => { receiver.closeAllConnections(); receiver.close(() => resolve()) })
    }
  })

  it('does not raise a closed alert again for the same cylinders', async () => {
    const open = (await ok('GET', `/api/cylinder-alerts?open=true&fillingUnitId=${ids.unitA}`, 'insp')).items as Array<{ id: number, type: string }>
    expect(open.map((a) => a.type).sort()).toEqual(['cylinder_inspection_overdue', 'cylinder_past_life'])
    // One closed here, one on the desk: the same lifecycle.
    expect((await call('POST', `/api/cylinder-alerts/${open[0]!.id}/close`, 'insp')).status).toBe(204)
    expect((await call('POST', `/api/cylinder-alerts/${open[0]!.id}/close`, 'insp')).status).toBe(404)
    expect((await call('POST', `/api/alerts/${open[1]!.id}/close`, 'desk', {})).status).toBe(200)
    expect((await call('POST', `/api/cylinder-alerts/${open[1]!.id}/close`, 'insp')).status).toBe(404)
    expect((await ok('GET', `/api/alerts/${open[0]!.id}`, 'admin')).alert.status).toBe('closed')
    expect((await service.cylinderScan.scan(today()))!.raised).toEqual([])
    // Not an id of the cylinder scan's: no such per-unit alert.
    const [other] = await service.db.query<{ id: number }>(`insert into alerts (subject_kind, subject_code, type, severity, raised_at, details)
      values ('cylinder', 'LPG-A-0001', 'cylinder_leak', 'major', now(), '{}'::jsonb) returning id`)
    expect((await call('POST', `/api/cylinder-alerts/${other!.id}/close`, 'insp')).status).toBe(404)
    await service.db.query('delete from alerts where id = $1', [other!.id])
  })
})

describe('figures', () => {
  it('gives 定检率 by filling unit and district with the elevators\' formula', async () => {
    const report = await ok('GET', '/api/figures/cylinders', 'insp')
    expect(report).toMatchObject({ referenceDate: today(), by: 'unit' })
    expect(report.formula).toContain('(1 − overdue ÷ cylinders in use)')
    const a = report.rows.find((r: { id: number }) => r.id === ids.unitA)
    // Unit A: LPG-A-0001, CSV-0001, CSV-0002 in time; OLD-A-0001 overdue and past life → 3/4 = 75%.
    expect(a).toMatchObject({ inUse: 4, overdue: 1, failed: 0, pastLife: 1, scrapped: 0, rate: 75 })
    const b = report.rows.find((r: { id: number }) => r.id === ids.unitB)
    // Unit B: O2-B-0001, CSV-0012 in use; the transferred LPG-A-0003 and three old ones scrapped.
    expect(b).toMatchObject({ inUse: 2, overdue: 0, scrapped: 4, rate: 100 })
    expect(report.city).toMatchObject({ id: null, inUse: 6, overdue: 1, rate: 83.33 })
    const byDistrict = await ok('GET', '/api/figures/cylinders?by=district', 'insp')
    expect(byDistrict.rows).toEqual([expect.objectContaining({ id: ids.district, inUse: 6, rate: 83.33 })])
    // A filling unit sees its own row.
    const own = await ok('GET', '/api/figures/cylinders', 'fu-a')
    expect(own.rows.map((r: { id: number }) => r.id)).toEqual([ids.unitA])
    expect(own.city.inUse).toBe(4)
    // Before anything was registered: nothing in use, no rate.
    const before = await ok('GET', `/api/figures/cylinders?at=${addDays(today(), -3)}`, 'insp')
    expect(before.city).toMatchObject({ inUse: 0, rate: null })
    expect((await call('GET', `/api/figures/cylinders?at=${addDays(today(), 1)}`, 'insp')).status).toBe(400)
    expect((await call('GET', '/api/figures/cylinders', 'owner')).status).toBe(403)
  })
})

describe('the per-unit alerts after a close', () => {
  it('raises again when another cylinder falls due first', async () => {
    // Made in 2015: due in 2019 and past its life in 2023, before OLD-A-0001's dates.
    await ok('POST', '/api/cylinders', 'admin', cylinder('OLD-A-0002', ids.unitA!, { manufacturedOn: '2015-06-01' }))
    const result = await service.cylinderScan.scan(today())
    expect(result!.raised).toHaveLength(2)
    const open = (await ok('GET', `/api/cylinder-alerts?open=true&fillingUnitId=${ids.unitA}`, 'insp')).items as Array<{ cylinders: number, earliest: string }>
    expect(open.map((a) => [a.cylinders, a.earliest]).sort()).toEqual([[2, '2019-06-01'], [2, '2023-06-01']])
    expect((await service.cylinderScan.scan(today()))!.raised).toEqual([])
  })
})
