// The dashboard's pure rules, table-tested without a browser (they live next to the browser tests that
// drive the same screens): the arrival clock's colours, durations, the buttons offered per role, what
// rings the alarm, reporting periods in Shanghai time, and the alert list's URL.
import { describe, expect, it } from 'vitest'
import { formatDuration, minutesBetween, NEAR_LIMIT_MS, rescueClock } from '../../dashboard/src/lib/rescue/rescue-clock.ts'
import { awaitsRole, offeredActions } from '../../dashboard/src/lib/rescue/rescue-actions.ts'
import { periodOf, shanghaiDay } from '../../dashboard/src/lib/rescue/periods.ts'
import { parseAlertQuery, toAlertRouteQuery, withAlertFilters } from '../../dashboard/src/lib/alerts/alert-query.ts'
import type { RescueCase } from '../../dashboard/src/api/types.ts'
import { lastMonth, monthBounds } from '../../dashboard/src/lib/inspection/report-month.ts'
import { navBar } from '../../dashboard/src/router/roles.ts'
import { buildDailyOption, buildOfflineOption, offlineByDistrict } from '../../dashboard/src/lib/home/wall.ts'

const REPORTED = Date.parse('2026-03-01T10:00:00Z')
const at = (min: number) => new Date(REPORTED + min * 60_000).toISOString()
const facts = (over: Partial<RescueCase> = {}) => ({
  status: 'dispatched' as const, reportedAt: at(0), arrivedAt: null, closedAt: null, warnedAt: null, arrivalLimitMin: 30, ...over
})

describe('arrival clock', () => {
  it.each([
    ['just reported', facts(), 1, { tone: 'ok', running: true, remainingMs: 29 * 60_000 }],
    ['ten minutes left: amber', facts(), 20, { tone: 'near', running: true }],
    ['warned by the server earlier: amber', facts({ warnedAt: at(5) }), 6, { tone: 'near' }],
    ['limit passed: red', facts(), 31, { tone: 'over', remainingMs: -60_000 }],
    ['arrived in time: stopped, green', facts({ status: 'arrived', arrivedAt: at(12) }), 50, { tone: 'ok', running: false, elapsedMs: 12 * 60_000 }],
    ['arrived late: stopped, red', facts({ status: 'arrived', arrivedAt: at(45) }), 50, { tone: 'over', running: false }],
    ['false alarm before arrival: stopped at the close', facts({ status: 'false_alarm', closedAt: at(3) }), 50, { running: false, elapsedMs: 3 * 60_000 }],
    ['a county lift (60 min) at 35 min: green', facts({ arrivalLimitMin: 60 }), 35, { tone: 'ok' }]
  ] as const)('%s', (_, c, nowMin, expected) => {
    expect(rescueClock(c, REPORTED + nowMin * 60_000)).toMatchObject(expected)
  })

  it('turns amber exactly at the near-limit mark', () => {
    expect(rescueClock(facts(), REPORTED + 30 * 60_000 - NEAR_LIMIT_MS - 1000).tone).toBe('ok')
    expect(rescueClock(facts(), REPORTED + 30 * 60_000 - NEAR_LIMIT_MS).tone).toBe('near')
  })

  it.each([[0, '0:00'], [65_000, '1:05'], [29 * 60_000 + 59_000, '29:59'], [3_723_000, '1:02:03'], [-90_000, '−1:30']])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('gives minutes with one decimal, or null before the second step', () => {
    expect(minutesBetween(at(0), at(12.34))).toBe(12.3)
    expect(minutesBetween(at(0), null)).toBeNull()
  })
})

describe('buttons per role and what rings', () => {
  const offered = (status: RescueCase['status'], role: 'dispatcher' | 'maintainer' | 'inspector', level = 1) =>
    offeredActions({ status, level }, role).map((o) => o.primary ? `${o.action}!` : o.action)

  it.each([
    ['reported', 'dispatcher', 1, ['dispatch!', 'escalate', 'false_alarm']],
    ['dispatched', 'dispatcher', 1, ['accept', 'arrive', 'escalate', 'false_alarm']],
    ['dispatched', 'dispatcher', 3, ['accept', 'arrive', 'false_alarm']],
    ['arrived', 'dispatcher', 1, ['release', 'false_alarm']],
    ['released', 'dispatcher', 1, ['call_back!', 'close']],
    ['called_back', 'dispatcher', 1, ['close!']],
    ['closed', 'dispatcher', 1, []],
    ['dispatched', 'maintainer', 1, ['accept!', 'arrive!']],
    ['accepted', 'maintainer', 1, ['arrive!']],
    ['arrived', 'maintainer', 1, ['release!']],
    ['released', 'maintainer', 1, []],
    ['reported', 'inspector', 1, []]
  ] as const)('%s, %s, level %d → %j', (status, role, level, expected) => {
    expect(offered(status, role, level)).toEqual(expected)
  })

  it('rings for a new case at the desk and for a dispatch not yet accepted at a firm', () => {
    expect(awaitsRole({ status: 'reported' }, 'dispatcher')).toBe(true)
    expect(awaitsRole({ status: 'dispatched' }, 'dispatcher')).toBe(false)
    expect(awaitsRole({ status: 'dispatched' }, 'maintainer')).toBe(true)
    expect(awaitsRole({ status: 'accepted' }, 'maintainer')).toBe(false)
  })
})

describe('reporting periods in Shanghai time', () => {
  // 2026-03-01 01:30 in Shanghai is still February in UTC.
  const now = Date.parse('2026-02-28T17:30:00Z')

  it.each([
    ['thisMonth', null, '2026-02-28T16:00:00.000Z', '2026-02-28T17:30:00.000Z'],
    ['lastMonth', null, '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z'],
    ['custom', ['2026-01-01', '2026-01-31'], '2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z']
  ] as const)('%s', (kind, days, from, to) => {
    const period = periodOf(kind, now, days === null ? null : [...days])
    expect(period).toEqual({ from: new Date(from), to: new Date(to) })
  })

  it('crosses the year for last month in January, and refuses a custom period that runs backwards', () => {
    expect(periodOf('lastMonth', Date.parse('2026-01-10T00:00:00Z'))!.from.toISOString()).toBe('2025-11-30T16:00:00.000Z')
    expect(periodOf('custom', now, ['2026-02-10', '2026-02-01'])).toBeNull()
    expect(periodOf('custom', now, null)).toBeNull()
    expect(shanghaiDay(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01')
  })
})

describe('alert list URL', () => {
  it('shows open alerts by default and every status with status=all', () => {
    expect(parseAlertQuery({}).filters).toEqual({ status: 'open' })
    expect(parseAlertQuery({ status: 'all' }).filters).toEqual({})
    expect(toAlertRouteQuery(parseAlertQuery({}))).toEqual({})
    expect(toAlertRouteQuery(withAlertFilters(parseAlertQuery({}), { status: undefined }))).toEqual({ status: 'all' })
  })

  it('keeps valid filters, drops the rest, and starts again at page 1 when a filter changes', () => {
    const location = parseAlertQuery({ type: 'fault.*', severity: 'critical', districtId: '3', equipmentCode: 'x y', page: '4', maintenanceFirmId: '-1' })
    expect(location.filters).toEqual({ status: 'open', type: 'fault.*', severity: 'critical', districtId: 3 })
    expect(location.page).toBe(4)
    expect(parseAlertQuery({ type: 'DROP TABLE', severity: 'huge' }).filters).toEqual({ status: 'open' })
    const next = withAlertFilters(location, { severity: undefined })
    expect(next.page).toBe(1)
    expect(toAlertRouteQuery(next)).toEqual({ type: 'fault.*', districtId: '3' })
  })
})

// Issue #10 part 6: the dispatcher's wall.
describe('the dispatcher\'s wall', () => {
  it('counts lifts with their terminal offline by district, most first, each lift once', () => {
    const alert = (districtName: string, equipmentCode: string) => ({ districtName, equipmentCode })
    expect(offlineByDistrict([alert('城西区', 'A'), alert('大通县', 'B'), alert('城西区', 'C'), alert('城西区', 'A')])).toEqual([
      { name: '城西区', lifts: 2 }, { name: '大通县', lifts: 1 }
    ])
  })

  it('stacks real entrapments and false alarms per day, and puts the most offline district on top', () => {
    const daily = buildDailyOption([{ day: '2026-03-01', cases: 3, falseAlarms: 1 }, { day: '2026-03-02', cases: 0, falseAlarms: 0 }], { real: '困人', falseAlarms: '误报' })
    expect(daily.xAxis.data).toEqual(['03-01', '03-02'])
    expect(daily.series.map((s) => s.data)).toEqual([[2, 0], [1, 0]])
    const offline = buildOfflineOption([{ name: '城西区', lifts: 2 }, { name: '大通县', lifts: 1 }], '离线')
    expect(offline.yAxis.data).toEqual(['大通县', '城西区'])
    expect(offline.series[0]!.data).toEqual([1, 2])
  })
})

describe('the monthly report\'s dates', () => {
  it.each([
    ['2026-11', '2026-12-02', { from: '2026-11-01', reference: '2026-11-30' }],
    ['2026-12', '2026-12-02', { from: '2026-12-01', reference: '2026-12-02' }],
    ['2024-02', '2026-12-02', { from: '2024-02-01', reference: '2024-02-29' }],
    ['2027-01', '2026-12-02', null],
    ['2026-13', '2026-12-02', null],
    ['26-1', '2026-12-02', null]
  ] as const)('%s seen on %s', (month, today, expected) => {
    expect(monthBounds(month, today)).toEqual(expected)
  })
  it('files the month before', () => {
    expect(lastMonth('2026-12-02')).toBe('2026-11')
    expect(lastMonth('2027-01-05')).toBe('2026-12')
  })
})

describe('the navigation bar', () => {
  const shape = (role: Parameters<typeof navBar>[0]) => navBar(role).map((e) => ('items' in e ? `${e.group}[${e.items.map((i) => i.name).join(',')}]` : e.name))
  it('folds the supervision pages into one menu for a role with two or more of them, not for one', () => {
    expect(shape('inspector')).toEqual(['home', 'elevators', 'cylinders', 'figures', 'supervision[spot-checks,dangers,maintenance-firms]', 'gateways', 'system'])
    expect(shape('use_unit')).toEqual(['home', 'elevators', 'dangers'])
    expect(shape('filling_unit')).toEqual(['home', 'cylinders'])
  })
})
