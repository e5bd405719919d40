// Periodic inspection end to end on PostgreSQL: 定检率 and the rates per 10,000 against a hand-computed
// fixture, records through the API with their refusals, the CSV import, the scan's alerts (raised once
// across two nodes, cleared by a valid record), incidents, and what a firm or a use unit may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestDatabase, startTestService, type TestService } from './support/service.ts'
import { addDays, localDate } from '../platform/calendar.ts'
import { elevatorStateLine } from '../elevators/line-protocol.ts'

let service: TestService
let other: TestService | null = null
let databaseUrl: string
const tokens: Record<string, string> = {}
const ids: Record<string, number> = {}

async function call (method: string, url: string, who: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await service.api!.inject({
    method: method as 'GET', url, payload: payload as string,
    headers: { 'accept-language': 'en', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers }
  })
  return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body }
}
const ok = async (method: string, url: string, who: string, payload?: unknown) => {
  const answer = await call(method, url, who, payload)
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}
const today = () => localDate(Date.now(), 'Asia/Shanghai')
const lift = (districtId: number, useUnitId: number, firmId: number, n: number, status = 'in_use', dates: { last?: string, next?: string } = {}) => ({
  rescueId: String(600000 + n), kind: 'traction', status, address: `西宁市测试路${n}号`, districtId, useUnitId, maintenanceFirmId: firmId,
  lastInspectionDate: dates.last ?? null, nextInspectionDate: dates.next ?? null
})
const record = (equipmentCode: string, reportNo: string, inspectedOn: string, result: string, nextDue: string | null, kind = 'periodic') =>
  ({ equipmentCode, kind, inspectedOn, body: '青海省特种设备检验检测院', inspector: '李检验', result, reportNo, nextDue })

beforeAll(async () => {
  databaseUrl = await createTestDatabase()
  service = await startTestService({ DATABASE_URL: databaseUrl })
  const login = async (username: string, password: string) => (await call('POST', '/api/auth/login', null, { username, password })).body.token as string
  tokens.admin = await login('admin', ADMIN_PASSWORD)
  const k1 = await ok('POST', '/api/districts', 'admin', { code: 'K1', name: '甲区', arrivalLimitMin: 30 })
  const k2 = await ok('POST', '/api/districts', 'admin', { code: 'K2', name: '乙区', arrivalLimitMin: 60 })
  const unitA = await ok('POST', '/api/use-units', 'admin', { name: '甲物业', contact: '张三', phone: '0971-1000000' })
  const unitB = await ok('POST', '/api/use-units', 'admin', { name: '乙物业', contact: '李四', phone: '0971-2000000' })
  const firmA = await ok('POST', '/api/maintenance-firms', 'admin', { name: '甲维保' })
  const firmB = await ok('POST', '/api/maintenance-firms', 'admin', { name: '乙维保' })
  Object.assign(ids, { k1: k1.id, k2: k2.id, unitA: unitA.id, unitB: unitB.id, firmA: firmA.id, firmB: firmB.id })
  for (const [username, role, extra] of [['insp', 'inspector', {}], ['desk', 'dispatcher', {}], ['firm-a', 'maintainer', { maintenanceFirmId: firmA.id }], ['unit-b', 'use_unit', { useUnitId: unitB.id }]] as const) {
    await ok('POST', '/api/users', 'admin', { username, role, password: `${username}-password`, ...extra })
    tokens[username] = await login(username, `${username}-password`)
  }
})
afterAll(async () => {
  await other?.stop()
  await service?.stop()
})

describe('定检率 and rates per 10,000 against a hand-computed fixture', () => {
  // Reference 2024-02-29 (a leap day), 3 months: 2023-12-31, 2024-01-31, 2024-02-29. The lifts are
  // registered today; a lift counts at a date once it was inspected (or registered with dates) by then.
  //   L1 甲 in use  acceptance 2023-01-15 → 2024-01-15, periodic 2024-01-10 → 2025-01-10     valid, valid, valid
  //   L2 甲 in use  periodic 2023-03-01 → 2024-02-29 (due on the leap day itself)            valid, valid, due today (not overdue)
  //   L3 甲 scrapped periodic 2022-01-01 → 2023-01-01                                        left out: not in use
  //   L4 乙 in use  periodic 2023-06-01 → 2024-06-01, fails 2024-01-20, passes again 2024-02-10 → 2025-02-10
  //                                                                                          valid, overdue (failed), valid
  //   L5 乙 stopped periodic 2021-01-01 → 2022-01-01                                         left out: not in use
  //   L6 乙 in use  no record, registered last 2023-05-01 / next 2024-02-01                  valid, valid (due soon), overdue
  //   L7 乙 in use  acceptance 2024-02-15 → 2025-02-15                                       absent, absent, valid
  // → in use 4, 4, 5; overdue 0, 1, 1; 定检率 100%, 75%, 80% (甲 2/2 = 100%, 乙 2/3 = 66.67%).
  // Period 2023-11-30 .. 2024-02-29: an accident on L1 on 2024-02-29 (1 death, 2 injured), an incident on
  // stopped L5 on 2024-01-05 (1 injured), one on L4 on 2023-11-29 (before the period); entrapments on L4
  // reported 2023-11-29 16:30 UTC (= 11-30 in Xining: in) and 2024-02-29 16:30 UTC (= 03-01: out), and a false
  // alarm on L1. Lifts in use today 5 (甲 2, 乙 3): incidents 2 → 4,000 per 10,000; deaths 1 → 2,000; entrapments 1 → 2,000.
  beforeAll(async () => {
    const lifts: Array<[string, number, string, { last?: string, next?: string }]> = [
      ['L1', ids.k1!, 'in_use', {}], ['L2', ids.k1!, 'in_use', {}], ['L3', ids.k1!, 'in_use', {}], ['L4', ids.k2!, 'in_use', {}],
      ['L5', ids.k2!, 'in_use', {}], ['L6', ids.k2!, 'in_use', { last: '2023-05-01', next: '2024-02-01' }], ['L7', ids.k2!, 'in_use', {}]
    ]
    for (const [i, [code, district, status, dates]] of lifts.entries()) await ok('PUT', `/api/elevators/${code}`, 'admin', lift(district, ids.unitA!, ids.firmA!, i, status, dates))
    for (const r of [
      record('L1', 'F-1', '2023-01-15', 'pass', '2024-01-15', 'acceptance'), record('L1', 'F-2', '2024-01-10', 'pass', '2025-01-10'),
      record('L2', 'F-3', '2023-03-01', 'pass', '2024-02-29'), record('L3', 'F-4', '2022-01-01', 'pass', '2023-01-01'),
      record('L4', 'F-5', '2023-06-01', 'pass', '2024-06-01'), record('L4', 'F-6', '2024-01-20', 'fail', null),
      record('L4', 'F-7', '2024-02-10', 'pass_after_retest', '2025-02-10'), record('L5', 'F-8', '2021-01-01', 'pass', '2022-01-01'),
      record('L7', 'F-9', '2024-02-15', 'pass', '2025-02-15', 'acceptance')
    ]) await ok('POST', '/api/inspections', 'insp', r)
    for (const [code, status] of [['L3', 'scrapped'], ['L5', 'stopped']] as const) {
      await ok('PUT', `/api/elevators/${code}`, 'admin', lift(code === 'L3' ? ids.k1! : ids.k2!, ids.unitA!, ids.firmA!, code === 'L3' ? 2 : 4, status))
    }
    for (const i of [
      { equipmentCode: 'L1', kind: 'accident', occurredOn: '2024-02-29', deaths: 1, injured: 2, cause: '制动器失效', source: 'police' },
      { equipmentCode: 'L5', kind: 'incident', occurredOn: '2024-01-05', injured: 1, source: 'report' },
      { equipmentCode: 'L4', kind: 'incident', occurredOn: '2023-11-29', injured: 1, source: 'inspection' }
    ]) await ok('POST', '/api/incidents', 'insp', i)
    const rescue = (code: string, at: string, status: string) => service.db.query(`insert into rescue_cases (elevator_id, source, status, reported_at, arrival_limit_min)
      select id, 'phone', $2, $3, 30 from elevators where equipment_code = $1`, [code, status, at])
    await rescue('L4', '2023-11-29T16:30:00Z', 'closed')
    await rescue('L4', '2024-02-29T16:30:00Z', 'closed')
    await rescue('L1', '2024-01-10T02:00:00Z', 'false_alarm')
  })

  it('answers the city by district at the reference date, with the trend and the formulas', async () => {
    const figures = await ok('GET', '/api/figures/inspection?date=2024-02-29&months=3', 'insp')
    expect(figures.period).toEqual({ from: '2023-11-30', to: '2024-02-29' })
    expect(figures.target).toBe(96)
    expect(figures.trend.map((t: { referenceDate: string, inUse: number, overdue: number, rate: number }) => [t.referenceDate, t.inUse, t.overdue, t.rate]))
      .toEqual([['2023-12-31', 4, 0, 100], ['2024-01-31', 4, 1, 75], ['2024-02-29', 5, 1, 80]])
    expect(figures.total).toMatchObject({ inUse: 5, overdue: 1, dueSoon: 1, failed: 0, rate: 80, liftsInUse: 5, incidents: 2, accidents: 1, deaths: 1, injured: 3, entrapments: 1, incidentsPer10k: 4000, deathsPer10k: 2000, entrapmentsPer10k: 2000 })
    const byName = Object.fromEntries(figures.byDistrict.map((d: { name: string }) => [d.name, d]))
    expect(byName['甲区']).toMatchObject({ inUse: 2, overdue: 0, dueSoon: 1, rate: 100, liftsInUse: 2, incidents: 1, deaths: 1, deathsPer10k: 5000, entrapments: 0 })
    expect(byName['乙区']).toMatchObject({ inUse: 3, overdue: 1, rate: 66.67, liftsInUse: 3, incidents: 1, injured: 1, entrapments: 1, entrapmentsPer10k: 3333.333 })
    expect(figures.formula.rate).toMatch(/overdue ÷ lifts in use/)
    // The period form, 2023-11-30 .. 2024-02-29: due dates of lifts in use in the period — L1 2024-01-15 (met by
    // its inspection of 2024-01-10: on time), L2 2024-02-29 (not inspected by then), L6 2024-02-01 (registry
    // date, no record); L4's failure is no due date, its others fall outside. 甲 1 of 2, 乙 0 of 1, city 1 of 3.
    expect(figures.form).toBe('at_date')
    expect(figures.periodForm.total).toMatchObject({ due: 3, onTime: 1, rate: 33.33 })
    expect(figures.periodForm.byDistrict.map((d: { name: string, due: number, onTime: number, rate: number | null }) => [d.name, d.due, d.onTime, d.rate]))
      .toEqual([['甲区', 2, 1, 50], ['乙区', 1, 0, 0]])
    expect(figures.formula.periodRate).toMatch(/inspected on time ÷ due in the period/)
    // By use unit and by maintenance firm at the reference date: every fixture lift is 甲物业's, kept by 甲维保.
    expect(figures.byUseUnit).toEqual([{ id: ids.unitA, name: '甲物业', inUse: 5, overdue: 1, rate: 80 }])
    expect(figures.byFirm).toEqual([{ id: ids.firmA, name: '甲维保', inUse: 5, overdue: 1, rate: 80 }])
    const zh = await call('GET', '/api/figures/inspection?date=2024-02-29&months=3', 'insp', undefined, { 'accept-language': 'zh-CN' })
    expect(zh.body.formula.rate).toMatch(/^定检率 = \(1 − 超期未检台数 ÷ 在用台数\)/)
  })

  it('gives one district\'s trend on drill-down and exports CSV', async () => {
    const k2 = await ok('GET', `/api/figures/inspection?date=2024-02-29&months=3&districtId=${ids.k2}`, 'insp')
    expect(k2.trend.map((t: { rate: number }) => t.rate)).toEqual([100, 50, 66.67])
    const csv = await call('GET', '/api/figures/inspection?date=2024-02-29&months=3&format=csv', 'insp')
    expect(csv.status).toBe(200)
    expect(csv.body).toContain('total,2024-02-29,,City,5,1,1,0,80,5,2,1,1,3,1,4000,2000,2000,2000')
    expect(csv.body).toContain('trend,2024-01-31,,,4,1,2,1,75')
  })

  it('takes the period\'s first day for a monthly report (a calendar month)', async () => {
    // February 2024: the accident on L1 of 02-29 (1 death); the entrapment of 02-29 16:30 UTC is March 1st in
    // Xining. Due in February: L2 on 02-29 (not inspected) and L6 on 02-01 (registry date): 0 of 2 on time.
    const month = await ok('GET', '/api/figures/inspection?date=2024-02-29&months=1&from=2024-02-01', 'insp')
    expect(month.period).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(month.total).toMatchObject({ rate: 80, incidents: 1, deaths: 1, entrapments: 0 })
    expect(month.periodForm).toMatchObject({ from: '2024-02-01', to: '2024-02-29', total: { due: 2, onTime: 0 } })
    const wrong = await call('GET', '/api/figures/inspection?date=2024-02-29&from=2024-03-01', 'insp')
    expect(wrong.status).toBe(400)
    expect(wrong.body.details[0].path).toBe('querystring/from')
  })

  it('refuses a reference date after today', async () => {
    const answer = await call('GET', `/api/figures/inspection?date=${addDays(today(), 2)}`, 'insp')
    expect(answer.status).toBe(400)
    expect(answer.body.details[0].path).toBe('querystring/date')
  })
})

describe('inspection records through the API', () => {
  beforeAll(async () => {
    // Lifts for the status and alert checks, dated from today: valid, due soon, overdue, failed.
    const t = today()
    for (const [i, code] of ['A-VALID', 'A-SOON', 'A-LATE', 'A-FAIL', 'B-LATE'].entries()) {
      await ok('PUT', `/api/elevators/${code}`, 'admin', lift(code.startsWith('B') ? ids.k2! : ids.k1!, code.startsWith('B') ? ids.unitB! : ids.unitA!, code.startsWith('B') ? ids.firmB! : ids.firmA!, 20 + i))
    }
    await ok('POST', '/api/inspections', 'insp', record('A-VALID', 'T-1', addDays(t, -10), 'pass', addDays(t, 355)))
    await ok('POST', '/api/inspections', 'insp', record('A-SOON', 'T-2', addDays(t, -355), 'pass', addDays(t, 10)))
    await ok('POST', '/api/inspections', 'insp', record('A-LATE', 'T-3', addDays(t, -400), 'pass', addDays(t, -35)))
    await ok('POST', '/api/inspections', 'admin', record('A-FAIL', 'T-4', addDays(t, -5), 'fail', null))
    await ok('POST', '/api/inspections', 'insp', record('B-LATE', 'T-5', addDays(t, -400), 'pass', addDays(t, -1)))
  })

  it('derives a lift\'s status and dates from its records, not from what the registry typed', async () => {
    const t = today()
    const history = await ok('GET', '/api/elevators/A-LATE/inspections', 'insp')
    expect(history.inspection).toMatchObject({ status: 'overdue', validUntil: addDays(t, -35), daysLeft: -35, basis: 'records', today: t })
    expect(history.records.map((r: { reportNo: string }) => r.reportNo)).toEqual(['T-3'])
    expect((await ok('GET', '/api/elevators/A-FAIL/inspections', 'insp')).inspection).toMatchObject({ status: 'failed', lastResult: 'fail' })
    expect((await ok('GET', '/api/elevators/A-SOON/inspections', 'insp')).inspection).toMatchObject({ status: 'due_soon', daysLeft: 10 })
    // The registry's row shows the records' dates; a typed date no longer overrides them.
    await ok('PUT', '/api/elevators/A-LATE', 'admin', { ...lift(ids.k1!, ids.unitA!, ids.firmA!, 22), lastInspectionDate: t, nextInspectionDate: addDays(t, 365) })
    expect(await ok('GET', '/api/elevators/A-LATE', 'admin')).toMatchObject({ lastInspectionDate: addDays(t, -400), nextInspectionDate: addDays(t, -35) })
    expect((await ok('GET', '/api/elevators/A-LATE/inspections', 'insp')).inspection.status).toBe('overdue')
  })

  it('refuses bad input with the field and the reason', async () => {
    const t = today()
    const cases: Array<[object, number, string, string]> = [
      [record('A-VALID', 'X-1', addDays(t, -3), 'pass', addDays(t, -4)), 400, 'body/nextDue', 'inspection.next_due_not_after'],
      [record('A-VALID', 'X-2', addDays(t, 1), 'pass', addDays(t, 366)), 400, 'body/inspectedOn', 'inspection.in_future'],
      [record('NO-SUCH-LIFT', 'X-3', addDays(t, -3), 'pass', addDays(t, 362)), 400, 'body/equipmentCode', 'inspection.unknown_equipment'],
      [record('A-VALID', 'X-4', addDays(t, -3), '合格', addDays(t, 362)), 400, 'body/result', 'http.invalid'],
      [record('A-VALID', 'T-1', addDays(t, -3), 'pass', addDays(t, 362)), 409, 'body/reportNo', 'inspection.duplicate_report']
    ]
    for (const [body, status, path, code] of cases) {
      const answer = await call('POST', '/api/inspections', 'insp', body)
      expect([answer.status, answer.body.code], JSON.stringify(body)).toEqual([status, code])
      expect(answer.body.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path)
    }
    const zh = await call('POST', '/api/inspections', 'insp', record('A-VALID', 'X-5', addDays(t, -3), 'pass', addDays(t, -4)), { 'accept-language': 'zh-CN' })
    expect(zh.body.message).toMatch(/^下次检验日期 .* 须晚于检验日期/)
  })

  it('imports a CSV register: good rows kept, bad rows reported by line', async () => {
    const t = today()
    const csv = [
      '设备代码,检验类别,检验日期,检验机构,检验人员,检验结论,报告编号,下次检验日期',
      `A-VALID,定期检验,${addDays(t, -2)},青海省特检院,王五,合格,C-1,${addDays(t, 363)}`,
      `A-VALID,自行检测,${addDays(t, -2)},青海省特检院,王五,合格,C-2,${addDays(t, -3)}`,
      `NO-SUCH,定期检验,${addDays(t, -2)},青海省特检院,王五,合格,C-3,${addDays(t, 363)}`,
      `A-VALID,定期检验,${addDays(t, -2)},青海省特检院,王五,良好,C-4,${addDays(t, 363)}`,
      `A-VALID,定期检验,${addDays(t, -2)},青海省特检院,王五,合格,C-1,${addDays(t, 363)}`,
      `A-VALID,定期检验,${addDays(t, -2)},青海省特检院,王五,合格,T-2,${addDays(t, 363)}`,
      `A-VALID,定期检验,${addDays(t, 5)},青海省特检院,王五,合格,C-7,${addDays(t, 363)}`,
      `A-SOON,自行检测,${addDays(t, -1)},青海省特检院,,不合格,C-8,`
    ].join('\n')
    const answer = await call('POST', '/api/inspections/import', 'insp', csv, { 'content-type': 'text/csv' })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ imported: 2, rejected: 6 })
    expect(answer.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, 6, 7, 8])
    const byLine = Object.fromEntries(answer.body.errors.map((e: { line: number, message: string }) => [e.line, e.message]))
    expect(byLine[3]).toMatch(/next due date .* must be after/)
    expect(byLine[4]).toMatch(/no lift has equipment code NO-SUCH/)
    expect(byLine[5]).toMatch(/result "良好" is not one of/)
    expect(byLine[6]).toMatch(/C-1 already appears on line 2/)
    expect(byLine[7]).toMatch(/T-2 is already recorded/)
    expect(byLine[8]).toMatch(/in the future/)
    expect((await ok('GET', '/api/elevators/A-SOON/inspections', 'insp')).inspection.status).toBe('failed')
    const missing = await call('POST', '/api/inspections/import', 'insp', 'equipment_code,kind\nA-VALID,periodic\n', { 'content-type': 'text/csv' })
    expect([missing.status, missing.body.code]).toEqual([400, 'inspection.csv_missing_columns'])
  })

  it('lists the lifts needing attention, soonest due first, with the use unit\'s contact for the inspector', async () => {
    const page = await ok('GET', '/api/inspections/lifts?status=attention&limit=100', 'insp')
    const codes = page.items.map((r: { equipmentCode: string }) => r.equipmentCode)
    expect(codes).toEqual(expect.arrayContaining(['A-LATE', 'A-FAIL', 'A-SOON', 'B-LATE']))
    expect(codes).not.toContain('A-VALID')
    const dates = page.items.map((r: { validUntil: string }) => r.validUntil)
    expect([...dates].sort()).toEqual(dates)
    expect(page.items.find((r: { equipmentCode: string }) => r.equipmentCode === 'B-LATE')).toMatchObject({ useUnitContact: '李四', status: 'overdue', daysLeft: -1 })
    // The registry's overdue filter judges on the city's date too (between 16:00 and 24:00 UTC, UTC's is a day behind).
    const overdue = (await ok('GET', '/api/elevators?overdue=true&limit=500', 'insp')).items.map((e: { equipmentCode: string }) => e.equipmentCode)
    expect(overdue).toEqual(expect.arrayContaining(['A-LATE', 'A-FAIL', 'B-LATE']))
  })
})

describe('overdue and still running (违规使用), from real InfluxDB data', () => {
  // R-LATE overdue since t-35 (unfit from the day after): states 40 days ago (before), 20 days ago moving at
  // trips 1100, 2 days ago standing at 1250 → 150 trips, 1 moving state. R-FAIL failed t-5, its terminal
  // sends no counter: moving 3 days ago → trips unknown, 1 moving state. R-IDLE overdue since t-1: it moved
  // 3 days ago only, and stands still today. R-OK valid and running. Only R-LATE and R-FAIL are flagged.
  // R-FAIL's states are in today's layout (`moving` a bit of `flags`, written by the service's own writer),
  // the others' in the layout of versions before 0.2.0 (a boolean field `moving`): the scan reads both.
  const DAY = 86_400_000
  const state = (code: string, at: number, moving: boolean, trips?: number) => code === 'R-FAIL'
    ? elevatorStateLine('g-run', code, { ts: at, mode: 1, moving, dir: moving ? 1 : 0, floor: 3, doorZone: !moving, doorClosed: true, occupied: false, trips }).trimEnd()
    : `elevator_state,equipment=${code},gateway=g-run mode=1i,moving=${moving},dir=${moving ? 1 : 0}i,floor=3i,door_zone=${!moving},door_closed=true,occupied=false${trips === undefined ? '' : `,trips=${trips}i`} ${at}`
  const running = async () => (await ok('GET', '/api/alerts?status=open&type=inspection_running&limit=100', 'admin')).items as Array<{ id: number, equipmentCode: string, severity: string, source: string, code: string }>

  beforeAll(async () => {
    const t = today()
    for (const [i, code] of ['R-LATE', 'R-FAIL', 'R-IDLE', 'R-OK'].entries()) await ok('PUT', `/api/elevators/${code}`, 'admin', lift(ids.k1!, ids.unitA!, ids.firmA!, 50 + i))
    await ok('POST', '/api/inspections', 'insp', record('R-LATE', 'RUN-1', addDays(t, -400), 'pass', addDays(t, -35)))
    await ok('POST', '/api/inspections', 'insp', record('R-FAIL', 'RUN-2', addDays(t, -5), 'fail', null))
    await ok('POST', '/api/inspections', 'insp', record('R-IDLE', 'RUN-3', addDays(t, -400), 'pass', addDays(t, -1)))
    await ok('POST', '/api/inspections', 'insp', record('R-OK', 'RUN-4', addDays(t, -10), 'pass', addDays(t, 355)))
    const now = Date.now()
    await service.influx.write([
      state('R-LATE', now - 40 * DAY, true, 1000), state('R-LATE', now - 20 * DAY, true, 1100), state('R-LATE', now - 2 * DAY, false, 1250),
      state('R-FAIL', now - 3 * DAY, true), state('R-FAIL', now - 3 * DAY + 60_000, false),
      state('R-IDLE', now - 3 * DAY, true, 500), state('R-IDLE', now - 60_000, false, 520),
      state('R-OK', now - DAY, true, 10), state('R-OK', now - 60_000, true, 90)
    ].join('\n'))
  })

  it('flags the unfit lifts whose terminal still reports trips, critical, with the trips since the due date', async () => {
    const t = today()
    const first = await service.inspectionScheduler!.scan()
    expect(first?.running).toBe(2)
    const open = Object.fromEntries((await running()).map((a) => [a.equipmentCode, a]))
    expect(Object.keys(open).sort()).toEqual(['R-FAIL', 'R-LATE'])
    expect(open['R-LATE']).toMatchObject({ severity: 'critical', source: 'overdue', code: addDays(t, -35) })
    expect(open['R-FAIL']).toMatchObject({ severity: 'critical', source: 'failed', code: addDays(t, -5) })
    const history = (await ok('GET', `/api/alerts/${open['R-LATE']!.id}`, 'admin')).history as Array<{ comment: string }>
    expect(history[0]!.comment).toMatch(/150 trips, 1 moving states/)
    // The inspector's list carries the evidence.
    const listed = (await ok('GET', '/api/inspections/lifts?status=attention&running=true&limit=100', 'insp')).items as Array<{ equipmentCode: string, running: { trips: number | null, movingPoints: number, since: string, lastMovingAt: string } }>
    const byCode = Object.fromEntries(listed.map((r) => [r.equipmentCode, r.running]))
    expect(Object.keys(byCode).sort()).toEqual(['R-FAIL', 'R-LATE'])
    expect(byCode['R-LATE']).toMatchObject({ trips: 150, movingPoints: 1, measuredOn: t })
    expect(Date.parse(byCode['R-LATE']!.since)).toBeGreaterThan(Date.now() - 35 * 86_400_000)
    expect(byCode['R-FAIL']).toMatchObject({ trips: null, movingPoints: 1 })
    // Run again: nothing new.
    expect(await service.inspectionScheduler!.scan()).toMatchObject({ raised: [], running: 0 })
    expect((await running()).length).toBe(2)
  })

  it('clears when a valid record arrives, and does not raise it again for the same date', async () => {
    const t = today()
    await ok('POST', '/api/inspections', 'insp', record('R-FAIL', 'RUN-5', addDays(t, -1), 'pass_after_retest', addDays(t, 364)))
    expect((await running()).map((a) => a.equipmentCode)).toEqual(['R-LATE'])
    const cleared = (await ok('GET', '/api/alerts?type=inspection_running&equipmentCode=R-FAIL', 'admin')).items
    expect(cleared[0].status).toBe('cleared')
    const listed = (await ok('GET', '/api/inspections/lifts?status=attention&running=true&limit=100', 'insp')).items as Array<{ equipmentCode: string }>
    expect(listed.map((r) => r.equipmentCode)).toEqual(['R-LATE'])
    // A person closes R-LATE's alert: the next scan keeps the evidence but raises nothing for the same date.
    const [late] = await running()
    await ok('POST', `/api/alerts/${late!.id}/close`, 'admin', { comment: '已责令停用' })
    expect(await service.inspectionScheduler!.scan()).toMatchObject({ running: 0 })
    expect(await running()).toEqual([])
    await ok('POST', '/api/inspections', 'insp', record('R-LATE', 'RUN-6', addDays(t, -1), 'pass', addDays(t, 364)))
  })
})

describe('inspection alerts', () => {
  const openInspectionAlerts = async () => (await ok('GET', '/api/alerts?status=open&type=inspection_*&limit=500', 'admin')).items as Array<{ equipmentCode: string, type: string, severity: string, source: string, code: string }>

  it('are raised once by a scan run twice, and once by two nodes scanning at the same moment', async () => {
    await service.inspectionScheduler!.scan()
    const second = await service.inspectionScheduler!.scan()
    expect(second).toMatchObject({ raised: [], cleared: [] })
    other = await startTestService({ DATABASE_URL: databaseUrl })
    await other.inspectionScheduler!.scan()
    await Promise.all([service.inspectionScheduler!.scan(), other.inspectionScheduler!.scan(), service.inspectionScheduler!.scan()])
    const open = await openInspectionAlerts()
    const keys = open.map((a) => `${a.equipmentCode}:${a.type}`)
    expect(new Set(keys).size).toBe(keys.length)
    const repeated = await service.db.query(`select elevator_id, type, code from alerts where type like 'inspection_%' group by 1, 2, 3 having count(*) > 1`)
    expect(repeated).toEqual([])
    const byCode = Object.fromEntries(open.map((a) => [a.equipmentCode, a]))
    const t = today()
    expect(byCode['A-LATE']).toMatchObject({ type: 'inspection_overdue', severity: 'major', source: 'overdue', code: addDays(t, -35) })
    expect(byCode['A-FAIL']).toMatchObject({ type: 'inspection_overdue', source: 'failed' })
    expect(byCode['B-LATE']).toMatchObject({ type: 'inspection_overdue', source: 'overdue' })
    expect(byCode['A-VALID']).toBeUndefined()
    // Scrapped and stopped lifts raise nothing.
    expect(byCode.L3).toBeUndefined()
    expect(byCode.L5).toBeUndefined()
  })

  it('raise a due-soon reminder, and clear when a valid record arrives', async () => {
    const t = today()
    await ok('PUT', '/api/elevators/A-SOON2', 'admin', lift(ids.k1!, ids.unitA!, ids.firmA!, 40))
    await ok('POST', '/api/inspections', 'insp', record('A-SOON2', 'S-1', addDays(t, -340), 'pass', addDays(t, 25)))
    const soon = (await openInspectionAlerts()).find((a) => a.equipmentCode === 'A-SOON2')
    expect(soon).toMatchObject({ type: 'inspection_due_soon', severity: 'warning', code: addDays(t, 25) })
    await ok('POST', '/api/inspections', 'insp', record('A-LATE', 'S-2', addDays(t, -1), 'pass', addDays(t, 364)))
    await ok('POST', '/api/inspections', 'insp', record('A-SOON2', 'S-3', addDays(t, -1), 'pass', addDays(t, 364)))
    const open = (await openInspectionAlerts()).map((a) => a.equipmentCode)
    expect(open).not.toContain('A-LATE')
    expect(open).not.toContain('A-SOON2')
    const cleared = (await ok('GET', '/api/alerts?type=inspection_overdue&equipmentCode=A-LATE', 'admin')).items
    expect(cleared[0].status).toBe('cleared')
    // A scan afterwards raises nothing again for the lift.
    await service.inspectionScheduler!.scan()
    expect((await openInspectionAlerts()).map((a) => a.equipmentCode)).not.toContain('A-LATE')
  })
})

describe('who sees and writes what', () => {
  it('shows a firm and a use unit only their own lifts', async () => {
    const firm = await ok('GET', '/api/inspections/lifts?status=attention&limit=100', 'firm-a')
    expect(firm.items.length).toBeGreaterThan(0)
    expect(firm.items.every((r: { equipmentCode: string }) => r.equipmentCode !== 'B-LATE')).toBe(true)
    const unit = await ok('GET', '/api/inspections/lifts?status=attention&limit=100', 'unit-b')
    expect(unit.items.map((r: { equipmentCode: string }) => r.equipmentCode)).toEqual(['B-LATE'])
    expect(unit.items[0].useUnitContact).toBe('李四')
    // Another firm's use unit contact is not a firm's to read.
    expect(firm.items.every((r: { useUnitContact: string | null }) => r.useUnitContact === null)).toBe(true)
    expect((await call('GET', '/api/elevators/B-LATE/inspections', 'firm-a')).status).toBe(404)
    expect((await call('GET', '/api/elevators/A-LATE/inspections', 'unit-b')).status).toBe(404)
    const figures = await ok('GET', '/api/figures/inspection', 'unit-b')
    expect(figures.total.inUse).toBe(1)
    const incidents = await ok('GET', '/api/incidents?limit=100', 'unit-b')
    expect(incidents.total).toBe(0)
  })

  it('lets only inspectors and admins write records and incidents', async () => {
    const t = today()
    for (const who of ['firm-a', 'unit-b', 'desk']) {
      expect((await call('POST', '/api/inspections', who, record('A-VALID', `R-${who}`, addDays(t, -1), 'pass', addDays(t, 300)))).status).toBe(403)
      expect((await call('POST', '/api/incidents', who, { equipmentCode: 'A-VALID', kind: 'incident', occurredOn: t, source: 'report' })).status).toBe(403)
    }
    const future = await call('POST', '/api/incidents', 'insp', { equipmentCode: 'A-VALID', kind: 'incident', occurredOn: addDays(t, 1), source: 'report' })
    expect([future.status, future.body.details[0].path]).toEqual([400, 'body/occurredOn'])
  })
})
