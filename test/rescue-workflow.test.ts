import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyRescueAction, DEFAULT_ESCALATION_POLICY, dueEscalation, nextClockAt, OPEN_RESCUE_STATUSES, RESCUE_STATUSES, type RescueAction, type RescueActor, type RescueCase } from '../rescue/workflow.ts'
import { figuresReport, MONTH_MS, percentile, rescueFigures, type CaseRecord, type LiftCount } from '../rescue/figures.ts'
import { render } from '../platform/messages/message.ts'
// The workflow is pure and only says which message; its texts come with the rescue desk's messages file.
import '../rescue/messages.ts'

const MIN = 60_000
const dispatcher: RescueActor = { role: 'dispatcher', firmId: null }
const firm7: RescueActor = { role: 'maintainer', firmId: 7 }
const firm8: RescueActor = { role: 'maintainer', firmId: 8 }
const reported: RescueCase = {
  status: 'reported', level: 1, firmId: null, reportedAt: 0, dispatchedAt: null, acceptedAt: null, arrivedAt: null, releasedAt: null,
  calledBackAt: null, closedAt: null, cause: null, arrivalLimitMin: 30, warnedAt: null, levelSince: null
}

function play (steps: Array<[number, RescueAction, RescueActor]>, c: RescueCase = reported) {
  for (const [at, action, actor] of steps) {
    const t = applyRescueAction(c, action, actor, at)
    if (!t.ok) throw new Error(render(t.error, 'en'))
    c = t.next
  }
  return c
}

describe('rescue workflow', () => {
  it('runs the whole path with a stamp per step', () => {
    const c = play([
      [1 * MIN, { action: 'dispatch', firmId: 7 }, dispatcher],
      [2 * MIN, { action: 'accept' }, firm7],
      [13 * MIN, { action: 'arrive' }, firm7],
      [17 * MIN, { action: 'release' }, firm7],
      [20 * MIN, { action: 'call_back' }, dispatcher],
      [21 * MIN, { action: 'close', cause: '门锁回路故障' }, dispatcher]
    ])
    expect(c).toMatchObject({ status: 'closed', firmId: 7, dispatchedAt: MIN, acceptedAt: 2 * MIN, arrivedAt: 13 * MIN, releasedAt: 17 * MIN, calledBackAt: 20 * MIN, closedAt: 21 * MIN, cause: '门锁回路故障' })
  })

  it.each([
    ['release before arrival', [[1, { action: 'dispatch', firmId: 7 }, dispatcher], [2, { action: 'release' }, firm7]], /release comes after arrival/],
    ['close an open entrapment', [[1, { action: 'close', cause: 'x' }, dispatcher]], /cannot close a case that is reported/],
    ['close without a cause', [[1, { action: 'dispatch', firmId: 7 }, dispatcher], [2, { action: 'arrive' }, firm7], [3, { action: 'release' }, firm7], [4, { action: 'close', cause: '  ' }, dispatcher]], /needs a cause/],
    ['act on another firm\'s case', [[1, { action: 'dispatch', firmId: 7 }, dispatcher], [2, { action: 'accept' }, firm8]], /another firm/],
    ['a firm closing a case', [[1, { action: 'dispatch', firmId: 7 }, dispatcher], [2, { action: 'close', cause: 'x' }, firm7]], /only accept, arrive and release/],
    ['dispatch twice', [[1, { action: 'dispatch', firmId: 7 }, dispatcher], [2, { action: 'dispatch', firmId: 8 }, dispatcher]], /escalate/],
    ['false alarm after release', [[1, { action: 'dispatch', firmId: 7 }, dispatcher], [2, { action: 'arrive' }, firm7], [3, { action: 'release' }, firm7], [4, { action: 'false_alarm', cause: 'x' }, dispatcher]], /already released/]
  ] as Array<[string, Array<[number, RescueAction, RescueActor]>, RegExp]>)('refuses to %s with a clear message', (_name, steps, message) => {
    expect(() => play(steps)).toThrow(message)
  })

  it('records a false alarm with its note', () => {
    expect(play([[1, { action: 'false_alarm', cause: '回访确认：儿童误按' }, dispatcher]])).toMatchObject({ status: 'false_alarm', closedAt: 1, cause: '回访确认：儿童误按' })
  })
})

describe('escalation clock', () => {
  const policy = { acceptTimeoutMs: 5 * MIN, warnBeforeMs: 5 * MIN }
  const dispatched = play([[0, { action: 'dispatch', firmId: 7 }, dispatcher]])

  it('escalates to level 2 when level 1 does not accept in 5 minutes', () => {
    expect(dueEscalation(dispatched, 5 * MIN - 1, policy, 9)).toBeNull()
    const due = dueEscalation(dispatched, 5 * MIN, policy, 9)
    expect(due).toMatchObject({ action: 'escalate', level: 2, firmId: 9 })
    const escalated = play([[5 * MIN, due!, { role: 'system', firmId: null }]], dispatched)
    expect(escalated).toMatchObject({ level: 2, firmId: 9, status: 'dispatched', dispatchedAt: 5 * MIN })
    expect(dueEscalation(escalated, 10 * MIN, policy, 9)).toMatchObject({ action: 'escalate', level: 3 })
  })

  it('gives level 2 its own acceptance window when the district has no grid rescue station', () => {
    const escalated = play([[5 * MIN, dueEscalation(dispatched, 5 * MIN, policy, null)!, { role: 'system', firmId: null }]], dispatched)
    // Issue #10 (defect 4): the firm's own dispatch time stays what it was, so its arrival is timed from it;
    // the level's window is its own field.
    expect(escalated).toMatchObject({ level: 2, firmId: 7, status: 'dispatched', dispatchedAt: 0, levelSince: 5 * MIN })
    expect(dueEscalation(escalated, 5 * MIN + 1, policy, null)).toBeNull()
    expect(dueEscalation(escalated, 10 * MIN, policy, null)).toMatchObject({ action: 'escalate', level: 3 })
  })

  it('does not hand level 2 to the firm that already has the case', () => {
    expect(dueEscalation(dispatched, 5 * MIN, policy, 7)).toMatchObject({ action: 'escalate', level: 2, firmId: null })
  })

  it('warns before the arrival limit, then escalates when it passes', () => {
    const accepted = play([[MIN, { action: 'accept' }, firm7]], dispatched)
    expect(dueEscalation(accepted, 24 * MIN, policy, null)).toBeNull()
    expect(dueEscalation(accepted, 25 * MIN, policy, null)).toMatchObject({ action: 'warn' })
    const warned = play([[25 * MIN, { action: 'warn', reason: '' }, { role: 'system', firmId: null }]], accepted)
    expect(dueEscalation(warned, 26 * MIN, policy, null)).toBeNull()
    expect(dueEscalation(warned, 30 * MIN, policy, null)).toMatchObject({ action: 'escalate', level: 2, reason: { key: 'note.arrival_limit_passed', params: { minutes: 30 } } })
  })

  it('stops escalating once the rescuers are on site', () => {
    const arrived = play([[MIN, { action: 'arrive' }, firm7]], dispatched)
    // Issue #10 part 1: the clock runs until the case closes; on site it reminds, it no longer escalates.
    expect(dueEscalation(arrived, 30 * MIN, policy, 9)).toBeNull()
    expect(dueEscalation(arrived, 60 * MIN, policy, 9)).toMatchObject({ action: 'warn', reason: { key: 'note.on_site_long', params: { minutes: 59 } } })
  })
})

describe('rescue figures', () => {
  it('computes mean, p90, share within limit, rate per 10,000 lifts and false-alarm share', () => {
    const cases = [
      { reportedAt: 0, dispatchedAt: null, arrivedAt: 10 * MIN, releasedAt: 14 * MIN, arrivalLimitMin: 30, falseAlarm: false },
      { reportedAt: 0, dispatchedAt: null, arrivedAt: 20 * MIN, releasedAt: 22 * MIN, arrivalLimitMin: 30, falseAlarm: false },
      { reportedAt: 0, dispatchedAt: null, arrivedAt: 40 * MIN, releasedAt: 46 * MIN, arrivalLimitMin: 30, falseAlarm: false },
      { reportedAt: 0, dispatchedAt: null, arrivedAt: null, releasedAt: null, arrivalLimitMin: 30, falseAlarm: true }
    ]
    // Issue #10 part 3: each figure now comes with its denominator (arrivals, rescues, limitDecided).
    expect(rescueFigures(cases, { liftsInUse: 5000, months: 1, now: 60 * MIN })).toEqual({
      cases: 4, falseAlarms: 1, falseAlarmShare: 0.25, arrivals: 3, arrivalMeanMin: 23.33, arrivalP90Min: 40, rescues: 3, rescueMeanMin: 4, rescueP90Min: 6,
      limitDecided: 3, lateNoArrival: 0, withinLimitShare: 0.67, entrapmentsPer10kLiftsPerMonth: 6
    })
    expect(rescueFigures([], { liftsInUse: 0, months: 1, now: 0 })).toMatchObject({ cases: 0, arrivalMeanMin: null, entrapmentsPer10kLiftsPerMonth: null })
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
  })

  // Issue #10 part 3 (defects 4 and 5), worked by hand. Districts: 1 city (30 min), 2 county (60 min).
  // Firms: A = 1 (1,999 lifts in district 1, 100 in 2), B = 2 (400 in 2), S = 3, a grid station (1 lift in 1).
  // The period is two months, read one month in: one month has passed.
  describe('against a hand-computed fixture', () => {
    const DAY = 86_400_000
    const now = MONTH_MS
    const place = (d: 1 | 2) => ({ districtId: d, districtName: d === 1 ? '城东区' : '大通县', arrivalLimitMin: d === 1 ? 30 : 60 })
    const firm = (id: 1 | 2 | 3 | null) => ({ id, name: id === null ? null : ['A', 'B', 'S'][id - 1]! })
    const record = (d: 1 | 2, contracted: 1 | 2, responder: 1 | 2 | 3 | null, reportedAt: number, m: { dispatched?: number, arrived?: number, released?: number, falseAlarm?: boolean }): CaseRecord => {
      const at = (minutes: number | undefined) => (minutes === undefined ? null : reportedAt + minutes * MIN)
      return {
        ...place(d), reportedAt, dispatchedAt: at(m.dispatched), arrivedAt: at(m.arrived), releasedAt: at(m.released), falseAlarm: m.falseAlarm ?? false,
        contractedFirmId: contracted, contractedFirmName: firm(contracted).name, responderFirmId: responder, responderFirmName: firm(responder).name
      }
    }
    const cases: CaseRecord[] = [
      record(1, 1, 1, 1 * DAY, { dispatched: 1, arrived: 11, released: 15 }), //   arrival 11 (10 from A's dispatch), rescue 4
      record(1, 1, 1, 2 * DAY, { dispatched: 2, arrived: 22, released: 30 }), //   arrival 22 (20), rescue 8
      record(1, 1, 3, 3 * DAY, { dispatched: 6, arrived: 36, released: 40 }), //   S as level 2: arrival 36, late; 30 from S's dispatch, on time
      record(1, 1, 1, 4 * DAY, { dispatched: 1, falseAlarm: true }), //            false alarm
      record(2, 1, 1, 5 * DAY, { dispatched: 5, arrived: 50, released: 56 }), //   county: arrival 50 (45), rescue 6
      record(2, 2, 2, now - 70 * MIN, { dispatched: 3 }), //                         70 min, nobody on site: late
      record(1, 1, null, now - 10 * MIN, {}) //                                      10 min, not dispatched: not yet decided
    ]
    const lifts: LiftCount[] = [
      { districtId: 1, districtName: '城东区', firmId: 1, firmName: 'A', n: 1999 },
      { districtId: 2, districtName: '大通县', firmId: 1, firmName: 'A', n: 100 },
      { districtId: 2, districtName: '大通县', firmId: 2, firmName: 'B', n: 400 },
      { districtId: 1, districtName: '城东区', firmId: 3, firmName: 'S', n: 1 }
    ]
    const report = figuresReport(cases, lifts, { from: 0, to: 2 * MONTH_MS }, now)
    const none = { arrivals: 0, arrivalMeanMin: null, arrivalP90Min: null, rescues: 0, rescueMeanMin: null, rescueP90Min: null }

    it('for the city: arrival from the report, no-shows late, real entrapments over all lifts in use', () => {
      expect(report.total).toEqual({
        key: 'all', name: 'all', liftsInUse: 2500, cases: 7, falseAlarms: 1, falseAlarmShare: 0.14,
        arrivals: 4, arrivalMeanMin: 29.75, arrivalP90Min: 50, rescues: 4, rescueMeanMin: 5.5, rescueP90Min: 8,
        limitDecided: 5, lateNoArrival: 1, withinLimitShare: 0.6, entrapmentsPer10kLiftsPerMonth: 24
      })
    })

    it('by district', () => {
      expect(report.byDistrict).toEqual([
        { key: '1', name: '城东区', liftsInUse: 2000, cases: 5, falseAlarms: 1, falseAlarmShare: 0.2, arrivals: 3, arrivalMeanMin: 23, arrivalP90Min: 36, rescues: 3, rescueMeanMin: 5.33, rescueP90Min: 8, limitDecided: 3, lateNoArrival: 0, withinLimitShare: 0.67, entrapmentsPer10kLiftsPerMonth: 20 },
        { key: '2', name: '大通县', liftsInUse: 500, cases: 2, falseAlarms: 0, falseAlarmShare: 0, arrivals: 1, arrivalMeanMin: 50, arrivalP90Min: 50, rescues: 1, rescueMeanMin: 6, rescueP90Min: 6, limitDecided: 2, lateNoArrival: 1, withinLimitShare: 0.5, entrapmentsPer10kLiftsPerMonth: 40 }
      ])
    })

    it('by contracted firm: its lifts\' cases over its lifts, whoever responded; a station with one lift is not a rate of its rescues', () => {
      expect(report.byFirm).toEqual([
        { key: '1', name: 'A', liftsInUse: 2099, cases: 6, falseAlarms: 1, falseAlarmShare: 0.17, arrivals: 4, arrivalMeanMin: 29.75, arrivalP90Min: 50, rescues: 4, rescueMeanMin: 5.5, rescueP90Min: 8, limitDecided: 4, lateNoArrival: 0, withinLimitShare: 0.75, entrapmentsPer10kLiftsPerMonth: 23.82 },
        { key: '2', name: 'B', liftsInUse: 400, cases: 1, falseAlarms: 0, falseAlarmShare: 0, ...none, limitDecided: 1, lateNoArrival: 1, withinLimitShare: 0, entrapmentsPer10kLiftsPerMonth: 25 },
        { key: '3', name: 'S', liftsInUse: 1, cases: 0, falseAlarms: 0, falseAlarmShare: null, ...none, limitDecided: 0, lateNoArrival: 0, withinLimitShare: null, entrapmentsPer10kLiftsPerMonth: 0 }
      ])
    })

    it('by responder: arrival timed from its own dispatch, and no lift denominator', () => {
      expect(report.byResponder).toEqual([
        { key: '1', name: 'A', liftsInUse: null, cases: 4, falseAlarms: 1, falseAlarmShare: 0.25, arrivals: 3, arrivalMeanMin: 25, arrivalP90Min: 45, rescues: 3, rescueMeanMin: 6, rescueP90Min: 8, limitDecided: 3, lateNoArrival: 0, withinLimitShare: 1, entrapmentsPer10kLiftsPerMonth: null },
        { key: '2', name: 'B', liftsInUse: null, cases: 1, falseAlarms: 0, falseAlarmShare: 0, ...none, limitDecided: 1, lateNoArrival: 1, withinLimitShare: 0, entrapmentsPer10kLiftsPerMonth: null },
        { key: '3', name: 'S', liftsInUse: null, cases: 1, falseAlarms: 0, falseAlarmShare: 0, arrivals: 1, arrivalMeanMin: 30, arrivalP90Min: 30, rescues: 1, rescueMeanMin: 4, rescueP90Min: 4, limitDecided: 1, lateNoArrival: 0, withinLimitShare: 1, entrapmentsPer10kLiftsPerMonth: null }
      ])
    })

    it('counts cases per day in Beijing time, days without included, up to now', () => {
      // The period starts at 1970-01-01 08:00 Beijing time; one month has passed: 31 days, the 1st to the 31st.
      expect(report.byDay).toHaveLength(31)
      expect(report.byDay.slice(0, 6)).toEqual([
        { day: '1970-01-01', cases: 0, falseAlarms: 0 }, { day: '1970-01-02', cases: 1, falseAlarms: 0 }, { day: '1970-01-03', cases: 1, falseAlarms: 0 },
        { day: '1970-01-04', cases: 1, falseAlarms: 0 }, { day: '1970-01-05', cases: 1, falseAlarms: 1 }, { day: '1970-01-06', cases: 1, falseAlarms: 0 }
      ])
      expect(report.byDay.at(-1)).toEqual({ day: '1970-01-31', cases: 2, falseAlarms: 0 })
      expect(report.byDay.reduce((n, d) => n + d.cases, 0)).toBe(7)
    })

    it('counts only the months that have passed of a running period', () => {
      expect(figuresReport(cases, lifts, { from: 0, to: 12 * MONTH_MS }, now).total.entrapmentsPer10kLiftsPerMonth).toBe(24)
    })
  })
})

// Issue #10, defects 1 and 2: walked through time, an open case must never fall silent.
describe('the clock never goes silent', () => {
  const policy = { acceptTimeoutMs: 5 * MIN, warnBeforeMs: 5 * MIN }
  const system: RescueActor = { role: 'system', firmId: null }

  /** Runs the clock every minute from `from` to `to`, applying what it demands; returns [minute, action, level]. */
  function walk (c: RescueCase, from: number, to: number, station: number | null) {
    const out: Array<[number, string, number]> = []
    for (let m = from; m <= to; m++) {
      const due = dueEscalation(c, m * MIN, policy, station)
      if (due === null) continue
      c = play([[m * MIN, due, system]], c)
      out.push([m, due.action, c.level])
    }
    return { c, out }
  }
  const said = (out: Array<[number, string, number]>, from: number, to: number) => out.filter(([m]) => m >= from && m <= to)

  it('escalates a level-2 responder that accepted but never arrives to level 3, and keeps warning (defect 1)', () => {
    const dispatched = play([[0, { action: 'dispatch', firmId: 7 }, dispatcher]])
    const atLevel2 = play([[5 * MIN, dueEscalation(dispatched, 5 * MIN, policy, 9)!, system], [7 * MIN, { action: 'accept' }, { role: 'maintainer', firmId: 9 }]], dispatched)
    expect(atLevel2).toMatchObject({ level: 2, status: 'accepted', firmId: 9 })
    const { out } = walk(atLevel2, 8, 120, 9)
    expect(said(out, 30, 30)).toEqual([[30, 'escalate', 3]])
    for (const m of [45, 60, 120]) expect(said(out, m - 5, m).length).toBeGreaterThan(0)
  })

  it('keeps a clock on an accepted case in a district without a grid station (defect 1)', () => {
    const accepted = play([[0, { action: 'dispatch', firmId: 7 }, dispatcher], [2 * MIN, { action: 'accept' }, firm7]])
    const { out } = walk(accepted, 3, 120, null)
    expect(said(out, 30, 30)).toEqual([[30, 'escalate', 2]])
    expect(out.some(([, action, level]) => action === 'escalate' && level === 3)).toBe(true)
    for (const m of [45, 60, 120]) expect(said(out, m - 5, m).length).toBeGreaterThan(0)
  })

  it('shouts about a case nobody dispatches and records level 3 at the arrival limit (defect 2)', () => {
    const { out } = walk(reported, 0, 90, 9)
    expect(said(out, 0, 5).map(([, action]) => action)).toContain('warn')
    expect(said(out, 30, 30)).toEqual([[30, 'escalate', 3]])
    for (const m of [31, 45, 61, 90]) expect(said(out, m - 5, m).length).toBeGreaterThan(0)
  })
})

// Issue #10 part 1: every status × level × elapsed time. For an open case the clock always has something
// due now or scheduled later; what it demands the workflow accepts; past the arrival limit it never stays
// quiet longer than the repeat interval.
describe('the clock, for every status, level and elapsed time (property)', () => {
  const HOUR = 60 * MIN
  const system: RescueActor = { role: 'system', firmId: null }
  const policy = DEFAULT_ESCALATION_POLICY
  const order = RESCUE_STATUSES

  const anyCase = fc.record({
    status: fc.constantFrom(...RESCUE_STATUSES),
    level: fc.constantFrom(1 as const, 2 as const, 3 as const),
    limit: fc.constantFrom(30, 60),
    stamps: fc.array(fc.integer({ min: 0, max: 3 * HOUR }), { minLength: 6, maxLength: 6 }).map((a) => a.sort((x, y) => x - y)),
    warnedAt: fc.option(fc.integer({ min: 0, max: 3 * HOUR }), { nil: null }),
    levelSince: fc.integer({ min: 0, max: 3 * HOUR }),
    firmId: fc.constantFrom(7, 9)
  }).map(({ status, level, limit, stamps, warnedAt, levelSince, firmId }): RescueCase => {
    const reached = (s: typeof status) => status !== 'false_alarm' && order.indexOf(status) >= order.indexOf(s)
    const at = (s: typeof status, i: number) => (reached(s) ? stamps[i]! : null)
    return {
      status, level, firmId: reached('dispatched') ? firmId : null, reportedAt: 0, dispatchedAt: at('dispatched', 0), acceptedAt: at('accepted', 1),
      arrivedAt: at('arrived', 2), releasedAt: at('released', 3), calledBackAt: at('called_back', 4),
      closedAt: status === 'closed' || status === 'false_alarm' ? stamps[5]! : null, cause: null, arrivalLimitMin: limit,
      warnedAt, levelSince: level === 1 ? null : levelSince
    }
  })
  const station = fc.constantFrom(null, 7, 9)
  const elapsed = fc.integer({ min: 0, max: 72 * HOUR })

  it('always has a warning or an escalation due or scheduled for an open case, and none for a closed one', () => {
    fc.assert(fc.property(anyCase, station, elapsed, (c, stationFirmId, now) => {
      const due = dueEscalation(c, now, policy, stationFirmId)
      const next = nextClockAt(c, now, policy, stationFirmId)
      if (!OPEN_RESCUE_STATUSES.includes(c.status)) return due === null && next === null
      if (due !== null) return true
      return next !== null && next > now && dueEscalation(c, next, policy, stationFirmId) !== null
    }), { numRuns: 5000 })
  })

  it('demands only what the workflow accepts from the system, and settles at any one moment', () => {
    fc.assert(fc.property(anyCase, station, elapsed, (c, stationFirmId, now) => {
      for (let i = 0; i < 4; i++) {
        const due = dueEscalation(c, now, policy, stationFirmId)
        if (due === null) return true
        const result = applyRescueAction(c, due, system, now)
        if (!result.ok) return false
        c = result.next
      }
      return false
    }), { numRuns: 5000 })
  })

  it('is never quiet longer than the repeat interval once a case waiting for rescuers is past its limit', () => {
    const waiting = anyCase.filter((c) => ['reported', 'dispatched', 'accepted'].includes(c.status))
    fc.assert(fc.property(waiting, station, (c, stationFirmId) => {
      const limitAt = c.reportedAt + c.arrivalLimitMin * MIN
      const tick = 30_000
      let last = Math.max(limitAt, ...[c.dispatchedAt, c.acceptedAt, c.warnedAt, c.levelSince].filter((t): t is number => t !== null))
      const end = last + 6 * HOUR
      for (let now = last; now <= end; now += tick) {
        const due = dueEscalation(c, now, policy, stationFirmId)
        if (due === null) {
          if (now - last > policy.repeatWarnMs + tick) return false
          continue
        }
        const result = applyRescueAction(c, due, system, now)
        if (!result.ok) return false
        c = result.next
        last = now
      }
      return true
    }), { numRuns: 1000 })
  })
})
