// The inspection rule without a database: the city's date, the trend's month ends, when the daily scan
// runs, a lift's status from its records, the checks on a new record, and the KPI arithmetic.
import { describe, expect, it } from 'vitest'
import { addMonths, instantAt, isDate, localDate, monthEnd, nextRunAt, trendDates } from '../platform/calendar.ts'
import { checkRecord, inspectionStatus, kindForYear, type InspectionFact } from '../inspection/schedule.ts'
import { figuresReport, groupRows, inspectionRate, per10k, periodRate, periodReport } from '../inspection/figures.ts'

const SHANGHAI = 'Asia/Shanghai'

describe('the city\'s calendar', () => {
  it('takes the city\'s date, not UTC\'s', () => {
    // 2026-03-01 07:30 in Xining is still 2026-02-28 in UTC.
    const morning = Date.parse('2026-02-28T23:30:00Z')
    expect(localDate(morning, SHANGHAI)).toBe('2026-03-01')
    expect(localDate(morning, 'UTC')).toBe('2026-02-28')
  })

  it('runs the daily scan at the next local time', () => {
    const at = (iso: string) => Date.parse(iso)
    // 05:00 Beijing → 06:00 the same day; 07:00 Beijing → 06:00 the next day.
    expect(new Date(nextRunAt(at('2026-03-09T21:00:00Z'), '06:00', SHANGHAI)).toISOString()).toBe('2026-03-09T22:00:00.000Z')
    expect(new Date(nextRunAt(at('2026-03-09T23:00:00Z'), '06:00', SHANGHAI)).toISOString()).toBe('2026-03-10T22:00:00.000Z')
    // Across a daylight-saving change the local time holds: 06:00 in New York is 11:00 UTC in winter, 10:00 in summer.
    expect(new Date(instantAt('2026-03-07', '06:00', 'America/New_York')).toISOString()).toBe('2026-03-07T11:00:00.000Z')
    expect(new Date(instantAt('2026-03-09', '06:00', 'America/New_York')).toISOString()).toBe('2026-03-09T10:00:00.000Z')
  })

  it('ends months right, leap days included', () => {
    expect(monthEnd('2024-02-10')).toBe('2024-02-29')
    expect(monthEnd('2026-02-10')).toBe('2026-02-28')
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29')
    expect(addMonths('2025-01-31', 13)).toBe('2026-02-28')
    expect(trendDates('2024-03-15', 4)).toEqual(['2023-12-31', '2024-01-31', '2024-02-29', '2024-03-15'])
    expect(trendDates('2026-01-31', 12)[0]).toBe('2025-02-28')
    expect(trendDates('2026-01-31', 12)).toHaveLength(12)
  })
})

describe('a lift\'s inspection status', () => {
  const pass = (id: number, inspectedOn: string, nextDue: string): InspectionFact => ({ id, inspectedOn, result: 'pass', nextDue })
  const fail = (id: number, inspectedOn: string): InspectionFact => ({ id, inspectedOn, result: 'fail', nextDue: null })
  const retest = (id: number, inspectedOn: string, nextDue: string): InspectionFact => ({ id, inspectedOn, result: 'pass_after_retest', nextDue })
  const today = '2026-03-01'
  it.each([
    ['valid: due in more than 30 days', [pass(1, '2025-06-01', '2026-06-01')], 'valid', '2026-06-01', 92],
    ['due soon: due in exactly 30 days', [pass(1, '2025-03-31', '2026-03-31')], 'due_soon', '2026-03-31', 30],
    ['due soon: due today (still valid today)', [pass(1, '2025-03-01', '2026-03-01')], 'due_soon', '2026-03-01', 0],
    ['overdue: due yesterday', [pass(1, '2025-02-28', '2026-02-28')], 'overdue', '2026-02-28', -1],
    ['failed and not re-inspected', [pass(1, '2025-03-10', '2026-03-10'), fail(2, '2026-02-20')], 'failed', '2026-02-20', -9],
    ['failed, then passed on re-inspection', [fail(1, '2026-02-01'), retest(2, '2026-02-15', '2027-02-15')], 'valid', '2027-02-15', 351],
    ['a re-inspection the same day counts after the failure, whatever the entry order', [retest(1, '2026-02-01', '2027-02-01'), fail(2, '2026-02-01')], 'valid', '2027-02-01', 337],
    ['the latest record decides, not the latest entered', [pass(2, '2024-03-01', '2025-03-01'), pass(1, '2025-03-01', '2026-05-01')], 'valid', '2026-05-01', 61],
    ['a record after today is not yet in force', [pass(1, '2025-02-01', '2026-02-01'), pass(2, '2026-03-05', '2027-03-05')], 'overdue', '2026-02-01', -28]
  ] as const)('%s', (_name, records, status, validUntil, daysLeft) => {
    expect(inspectionStatus(records, today, 30)).toMatchObject({ status, validUntil, daysLeft, basis: 'records' })
  })

  it('takes the registry\'s dates only before any record, and says so', () => {
    expect(inspectionStatus([], today, 30, { last: '2025-01-10', next: '2026-01-10' })).toMatchObject({ status: 'overdue', basis: 'registry', validUntil: '2026-01-10' })
    expect(inspectionStatus([pass(1, '2025-12-01', '2026-12-01')], today, 30, { last: '2025-01-10', next: '2026-01-10' })).toMatchObject({ status: 'valid', basis: 'records' })
    expect(inspectionStatus([], today, 30)).toMatchObject({ status: 'unknown', basis: 'none', validUntil: null })
  })

  it('follows the TSG T7001-2023 schedule kept as data', () => {
    expect([1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 20].map(kindForYear)).toEqual(['periodic', 'self_test', 'self_test', 'periodic', 'self_test', 'periodic', 'self_test', 'periodic', 'periodic', 'periodic', 'periodic'])
  })
})

describe('a new record\'s checks', () => {
  const good = { kind: 'periodic', inspectedOn: '2026-02-27', result: 'pass', nextDue: '2027-02-27' }
  const fields = (input: object) => checkRecord({ ...good, ...input }, '2026-03-01').map((p) => `${p.field}:${p.message.key}`)
  it.each([
    ['a good record', {}, []],
    ['next due before the inspection date', { nextDue: '2026-01-01' }, ['nextDue:inspection.next_due_not_after']],
    ['next due on the inspection date', { nextDue: '2026-02-27' }, ['nextDue:inspection.next_due_not_after']],
    ['an inspection date after the city\'s today', { inspectedOn: '2026-03-02', nextDue: '2027-03-02' }, ['inspectedOn:inspection.in_future']],
    ['a result outside the set', { result: '合格' }, ['result:inspection.bad_result']],
    ['a kind outside the set', { kind: 'yearly' }, ['kind:inspection.bad_kind']],
    ['no such day', { inspectedOn: '2026-02-30' }, ['inspectedOn:inspection.bad_date']],
    ['a pass without its next due date', { nextDue: null }, ['nextDue:inspection.next_due_required']],
    ['a failure without one', { result: 'fail', nextDue: null }, []]
  ] as const)('%s', (_name, input, expected) => {
    expect(fields(input)).toEqual(expected)
  })
})

describe('the KPI arithmetic', () => {
  it('computes 定检率 and rates per 10,000 with their denominators', () => {
    expect(inspectionRate(4, 1)).toBe(75)
    expect(inspectionRate(3, 1)).toBe(66.67)
    expect(inspectionRate(0, 0)).toBeNull()
    expect(per10k(1, 4)).toBe(2500)
    expect(per10k(1, 0)).toBeNull()
    const report = figuresReport({
      referenceDate: '2026-02-28', dates: ['2026-01-31', '2026-02-28'], cityName: '全市',
      districts: [{ id: 1, name: 'A' }, { id: 2, name: 'B' }],
      rates: [
        { referenceDate: '2026-01-31', districtId: 1, inUse: 2, overdue: 0, dueSoon: 0, failed: 0 },
        { referenceDate: '2026-02-28', districtId: 1, inUse: 2, overdue: 1, dueSoon: 1, failed: 0 },
        { referenceDate: '2026-02-28', districtId: 2, inUse: 2, overdue: 0, dueSoon: 0, failed: 0 }
      ],
      counts: [{ districtId: 2, incidents: 1, accidents: 1, deaths: 1, injured: 0, entrapments: 2 }],
      inUse: [{ districtId: 1, n: 2 }, { districtId: 2, n: 2 }]
    })
    expect(report.total).toMatchObject({ inUse: 4, overdue: 1, rate: 75, liftsInUse: 4, deaths: 1, deathsPer10k: 2500, entrapmentsPer10k: 5000 })
    expect(report.trend.map((t) => [t.referenceDate, t.inUse, t.rate])).toEqual([['2026-01-31', 2, 100], ['2026-02-28', 4, 75]])
    expect(report.byDistrict.map((d) => d.rate)).toEqual([50, 100])
  })
})

describe('dates people type', () => {
  it('takes real days from 1900 on', () => {
    expect(['2024-02-29', '1900-01-01'].map(isDate)).toEqual([true, true])
    expect(['2026-02-29', '2026-13-01', '0000-01-01', '1899-12-31', '2026-1-1'].map(isDate)).toEqual([false, false, false, false, false])
  })
})

describe('定检率, period form, and the breakdowns by use unit and firm', () => {
  it.each([
    [0, 0, null], [3, 1, 33.33], [2, 2, 100], [7, 0, 0]
  ])('due %i, on time %i → %s%%', (due, onTime, rate) => {
    expect(periodRate(due, onTime)).toBe(rate)
  })

  it('sums the districts into the city and keeps a district where nothing fell due', () => {
    const report = periodReport({ districts: [{ id: 1, name: '甲区' }, { id: 2, name: '乙区' }, { id: 3, name: '丙区' }], rows: [{ districtId: 1, due: 2, onTime: 1 }, { districtId: 2, due: 1, onTime: 0 }], cityName: '全市' })
    expect(report.total).toEqual({ districtId: null, name: '全市', due: 3, onTime: 1, rate: 33.33 })
    expect(report.byDistrict.map((d) => [d.name, d.rate])).toEqual([['甲区', 50], ['乙区', 0], ['丙区', null]])
  })

  it('lists groups worst first, lifts with no firm under a null id', () => {
    const rows = groupRows([{ districtId: 1, inUse: 10, overdue: 0 }, { districtId: null, inUse: 4, overdue: 1 }, { districtId: 2, inUse: 5, overdue: 2 }], [{ id: 1, name: '甲维保' }, { id: 2, name: '乙维保' }])
    expect(rows.map((r) => [r.id, r.name, r.rate])).toEqual([[2, '乙维保', 60], [null, null, 75], [1, '甲维保', 100]])
  })
})
