import { describe, expect, it } from 'vitest'
import { applyRescueAction, dueEscalation, type RescueAction, type RescueActor, type RescueCase } from '../rescue/workflow.ts'
import { percentile, rescueFigures } from '../rescue/figures.ts'
import { render } from '../platform/messages/message.ts'
// The workflow is pure and only says which message; its texts come with the rescue desk's messages file.
import '../rescue/messages.ts'

const MIN = 60_000
const dispatcher: RescueActor = { role: 'dispatcher', firmId: null }
const firm7: RescueActor = { role: 'maintainer', firmId: 7 }
const firm8: RescueActor = { role: 'maintainer', firmId: 8 }
const reported: RescueCase = {
  status: 'reported', level: 1, firmId: null, reportedAt: 0, dispatchedAt: null, acceptedAt: null, arrivedAt: null, releasedAt: null,
  calledBackAt: null, closedAt: null, cause: null, arrivalLimitMin: 30, warnedAt: null
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
    expect(escalated).toMatchObject({ level: 2, firmId: 7, status: 'dispatched', dispatchedAt: 5 * MIN })
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

  it('stops once the rescuers are on site', () => {
    const arrived = play([[MIN, { action: 'arrive' }, firm7]], dispatched)
    expect(dueEscalation(arrived, 60 * MIN, policy, 9)).toBeNull()
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
