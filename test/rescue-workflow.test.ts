import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyRescueAction, DEFAULT_ESCALATION_POLICY, dueEscalation, nextClockAt, OPEN_RESCUE_STATUSES, RESCUE_STATUSES, type RescueAction, type RescueActor, type RescueCase } from '../rescue/workflow.ts'
import { percentile, rescueFigures } from '../rescue/figures.ts'
import { render } from '../platform/messages/message.ts'

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
      { reportedAt: 0, arrivedAt: 10 * MIN, releasedAt: 14 * MIN, arrivalLimitMin: 30, falseAlarm: false },
      { reportedAt: 0, arrivedAt: 20 * MIN, releasedAt: 22 * MIN, arrivalLimitMin: 30, falseAlarm: false },
      { reportedAt: 0, arrivedAt: 40 * MIN, releasedAt: 46 * MIN, arrivalLimitMin: 30, falseAlarm: false },
      { reportedAt: 0, arrivedAt: null, releasedAt: null, arrivalLimitMin: 30, falseAlarm: true }
    ]
    expect(rescueFigures(cases, 5000, 1)).toEqual({
      cases: 4, falseAlarms: 1, falseAlarmShare: 0.25, arrivalMeanMin: 23.33, arrivalP90Min: 40, rescueMeanMin: 4, rescueP90Min: 6,
      withinLimitShare: 0.67, entrapmentsPer10kLiftsPerMonth: 6
    })
    expect(rescueFigures([], 0, 1)).toMatchObject({ cases: 0, arrivalMeanMin: null, entrapmentsPer10kLiftsPerMonth: null })
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
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
