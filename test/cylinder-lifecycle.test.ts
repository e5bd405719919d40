// A cylinder's inspection and life arithmetic per medium, without a database (TSG 23-2021; domain.md §6):
// LPG inspected at 4 and 8 years and scrapped at 12, CNG every 3 years for 15, industrial 3, inert 5,
// corrosive and diving 2, a mixture its shortest component's interval; calendar years on local dates.
import { describe, expect, it } from 'vitest'
import { DEFAULT_MEDIA, effectiveMedium, intervalFor, mediaByCode, type Medium } from '../cylinders/media.ts'
import { deriveDates, endOfLife, nextInspectionDue, statusAt, type CylinderState } from '../cylinders/lifecycle.ts'

const media = mediaByCode(DEFAULT_MEDIA)
const m = (code: string): Medium => media.get(code)!
const made = (manufacturedOn: string, designLifeYears: number | null = null) => ({ manufacturedOn, designLifeYears })

describe('the default media table', () => {
  it.each([
    ['LPG', 'lpg', 4, 4, 8, 12, 2.1],
    ['CNG', 'cng', 3, 3, 15, 15, 20],
    ['O2', 'industrial', 3, 3, 30, 30, 15],
    ['CO2', 'industrial', 3, 3, 30, 30, 15],
    ['C2H2', 'industrial', 3, 3, 30, 30, 3],
    ['H2', 'industrial', 3, 3, 30, 30, 15],
    ['N2', 'inert', 5, 5, 30, 30, 15],
    ['AR', 'inert', 5, 5, 30, 30, 15],
    ['CL2', 'corrosive', 2, 2, 30, 30, 2],
    ['NH3', 'corrosive', 2, 2, 30, 30, 3],
    ['AIR_DIVING', 'diving', 2, 2, 30, 30, 30],
    ['MIX', 'industrial', 3, 3, 30, 30, 15]
  ])('%s (%s): every %i years, first at %i, life %i (%i extended), alarm above %f MPa', (code, group, interval, first, life, extended, pressure) => {
    const medium = m(code)
    expect(medium.group).toBe(group)
    expect(medium.inspectionIntervalYears).toBe(interval)
    expect(medium.firstInspectionYears ?? medium.inspectionIntervalYears).toBe(first)
    expect(medium.designLifeYears).toBe(life)
    expect(medium.designLifeYears + medium.lifeExtensionYears).toBe(extended)
    expect(medium.maxWorkingPressureMpa).toBe(pressure)
  })

  it('gives a mixture the shortest interval of its components', () => {
    expect(intervalFor([m('AR'), m('CO2')])).toBe(3)
    expect(intervalFor([m('N2'), m('AR')])).toBe(5)
    expect(intervalFor([m('N2'), m('NH3'), m('O2')])).toBe(2)
    expect(() => intervalFor([])).toThrow()
    const raw = new Map(DEFAULT_MEDIA.map((x) => [x.code, x]))
    const corrosiveMix: Medium = { ...raw.get('MIX')!, code: 'MIX2', components: ['N2', 'CL2'], maxWorkingPressureMpa: 15 }
    const resolved = effectiveMedium(corrosiveMix, raw)
    expect(resolved.inspectionIntervalYears).toBe(2)
    expect(resolved.maxWorkingPressureMpa).toBe(2)
    // A component no longer in the table is ignored, not fatal.
    expect(effectiveMedium({ ...corrosiveMix, components: ['GONE', 'AR'] }, raw).inspectionIntervalYears).toBe(5)
  })
})

describe('next inspection and end of life', () => {
  it('inspects an LPG cylinder at 4 and 8 years and scraps it at 12', () => {
    const lpg = m('LPG')
    const c = made('2014-06-15')
    expect(nextInspectionDue(c, lpg, null)).toBe('2018-06-15')
    expect(nextInspectionDue(c, lpg, '2018-06-10')).toBe('2022-06-10')
    expect(endOfLife(c, lpg, [])).toBe('2022-06-15')
    // The 4-year pass extends nothing; the 8-year pass (even some months early) extends the life to 12 years.
    expect(endOfLife(c, lpg, ['2018-06-10'])).toBe('2022-06-15')
    expect(endOfLife(c, lpg, ['2018-06-10', '2022-03-01'])).toBe('2026-06-15')
    expect(endOfLife(c, lpg, ['2018-06-10', '2021-06-14'])).toBe('2022-06-15')
    expect(endOfLife(c, lpg, ['2018-06-10', '2021-06-15'])).toBe('2026-06-15')
    // Extended once only: a later pass adds nothing.
    expect(endOfLife(c, lpg, ['2018-06-10', '2022-06-15', '2025-01-01'])).toBe('2026-06-15')
    expect(deriveDates(c, lpg, [{ on: '2018-06-15', result: 'pass' }, { on: '2022-06-15', result: 'pass' }]))
      .toEqual({ lastInspectedOn: '2022-06-15', inspectionResult: 'pass', nextInspectionDue: '2026-06-15', endOfLife: '2026-06-15' })
  })

  it.each([
    ['CNG', '2020-01-10', null, '2023-01-10', '2023-01-12', '2026-01-12', '2035-01-10'],
    ['O2', '2020-01-10', null, '2023-01-10', '2023-01-12', '2026-01-12', '2050-01-10'],
    ['N2', '2020-01-10', null, '2025-01-10', '2025-01-12', '2030-01-12', '2050-01-10'],
    ['CL2', '2020-01-10', null, '2022-01-10', '2022-01-12', '2024-01-12', '2050-01-10'],
    ['AIR_DIVING', '2020-01-10', 15, '2022-01-10', '2022-01-12', '2024-01-12', '2035-01-10'],
    ['MIX', '2020-01-10', null, '2023-01-10', '2023-01-12', '2026-01-12', '2050-01-10']
  ])('%s made %s (own life %s): first due %s; inspected %s → next %s; life ends %s', (code, on, life, first, inspected, next, end) => {
    const c = made(on, life)
    expect(nextInspectionDue(c, m(code), null)).toBe(first)
    expect(nextInspectionDue(c, m(code), inspected)).toBe(next)
    expect(endOfLife(c, m(code), [inspected])).toBe(end)
  })

  it('counts calendar years on local dates: 29 February falls on 28 February in a common year', () => {
    const c = made('2024-02-29')
    expect(nextInspectionDue(c, m('O2'), null)).toBe('2027-02-28')
    expect(nextInspectionDue(c, m('LPG'), null)).toBe('2028-02-29')
    expect(nextInspectionDue(c, m('N2'), '2024-12-31')).toBe('2029-12-31')
  })

  it('takes the latest inspection, a same-day pass after a failure', () => {
    const c = made('2020-05-01')
    expect(deriveDates(c, m('O2'), [])).toEqual({ lastInspectedOn: null, inspectionResult: null, nextInspectionDue: '2023-05-01', endOfLife: '2050-05-01' })
    expect(deriveDates(c, m('O2'), [{ on: '2023-04-01', result: 'fail' }]).inspectionResult).toBe('fail')
    expect(deriveDates(c, m('O2'), [{ on: '2023-04-01', result: 'pass' }, { on: '2023-04-01', result: 'fail' }]))
      .toMatchObject({ lastInspectedOn: '2023-04-01', inspectionResult: 'pass', nextInspectionDue: '2026-04-01' })
    expect(deriveDates(c, m('O2'), [{ on: '2023-04-01', result: 'pass' }, { on: '2024-01-01', result: 'fail' }]).inspectionResult).toBe('fail')
  })
})

describe('a cylinder\'s status on a day', () => {
  const row = (over: Partial<CylinderState> = {}): CylinderState => ({ status: 'in_use', inspectionResult: 'pass', nextInspectionDue: '2026-03-10', endOfLife: '2030-01-01', ...over })
  it.each([
    ['due today is in time', row(), '2026-03-10', { status: 'in_use', overdue: false, pastLife: false }],
    ['due yesterday is overdue', row(), '2026-03-11', { status: 'inspection_overdue', overdue: true, pastLife: false }],
    ['a failed inspection is failed, overdue or not', row({ inspectionResult: 'fail' }), '2026-03-11', { status: 'failed', overdue: true, pastLife: false }],
    ['the life ends on its last day', row({ endOfLife: '2026-01-01' }), '2026-01-01', { status: 'in_use', overdue: false, pastLife: true }],
    ['the day before it is still alive', row({ endOfLife: '2026-01-01' }), '2025-12-31', { status: 'in_use', overdue: false, pastLife: false }],
    ['scrapped stays scrapped', row({ status: 'scrapped', nextInspectionDue: '2000-01-01', endOfLife: '2001-01-01' }), '2026-03-11', { status: 'scrapped', overdue: false, pastLife: false }],
    ['overdue set by yesterday\'s scan comes back after a pass', row({ status: 'inspection_overdue', nextInspectionDue: '2029-03-10' }), '2026-03-11', { status: 'in_use', overdue: false, pastLife: false }]
  ])('%s', (_name, cylinder, day, expected) => {
    expect(statusAt(cylinder, day)).toEqual(expected)
  })
})
