// The rule engine's tables, with plain inputs and fake time.
import { describe, expect, it } from 'vitest'
import { DEFAULT_THRESHOLDS as T, emptyMemory, forgetAlert, nextDeadline, stepLift, type LiftMemory, type RuleInput } from '../alerts/rules.ts'
import type { ElevatorState } from '../elevators/payloads.ts'
import { isKnownEventCode } from '../elevators/codes.ts'
import { seedMemory } from '../alerts/seed.ts'

const base: ElevatorState = { ts: 0, mode: 1, moving: false, dir: 0, floor: 3, doorZone: true, doorClosed: false, occupied: false }
const state = (s: Partial<ElevatorState>): RuleInput => ({ kind: 'state', state: { ...base, ...s } })
const event = (code: string, active = true): RuleInput => ({ kind: 'event', event: { ts: 0, code, active } })
const tick: RuleInput = { kind: 'tick' }

/** Runs inputs at given server times; returns every effect with the time it happened. */
function run (steps: Array<[number, RuleInput]>, memory: LiftMemory = emptyMemory()) {
  const out: Array<{ at: number, kind: string, type: string, source?: string, severity?: string }> = []
  for (const [at, input] of steps) {
    const result = stepLift(memory, input, at, T)
    memory = result.memory
    for (const e of result.effects) out.push({ at, kind: e.kind, type: e.type, ...(e.kind === 'raise' ? { severity: e.severity, ...(e.source ? { source: e.source } : {}) } : {}) })
  }
  return { effects: out, memory }
}

const trappedBetween = { moving: false, doorZone: false, doorClosed: true, occupied: true }
const trappedAtLanding = { moving: false, doorZone: true, doorClosed: true, occupied: true }

describe('derived entrapment', () => {
  it.each([
    ['between floors at 15 s', trappedBetween, 14_999, 15_000, 'between_floors'],
    ['at a landing at 90 s', trappedAtLanding, 89_999, 90_000, 'at_landing']
  ])('raises %s, not a millisecond before', (_name, s, before, at, source) => {
    expect(run([[0, state(s)], [before, tick]]).effects).toEqual([])
    expect(run([[0, state(s)], [at, tick]]).effects).toEqual([{ at, kind: 'raise', type: 'entrapment', severity: 'critical', source }])
  })

  it('is raised by the state message that completes the wait, without a tick', () => {
    expect(run([[0, state(trappedBetween)], [16_000, state(trappedBetween)]]).effects).toEqual([
      { at: 16_000, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'between_floors' }
    ])
  })

  it.each([
    ['the car moves', { moving: true }],
    ['the doors open', { doorClosed: false }],
    ['the passenger leaves', { occupied: false }],
    ['a technician puts it in inspection mode', { mode: 2 }]
  ])('restarts the wait when %s', (_name, change) => {
    const { effects } = run([[0, state(trappedBetween)], [10_000, state({ ...trappedBetween, ...change })], [20_000, state(trappedBetween)], [34_999, tick]])
    expect(effects).toEqual([])
  })

  it('uses the landing limit once the car stops in the door zone, counted from then', () => {
    const { effects } = run([[0, state(trappedBetween)], [10_000, state(trappedAtLanding)], [30_000, tick], [99_999, tick], [100_000, tick]])
    expect(effects).toEqual([{ at: 100_000, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'at_landing' }])
  })

  it('never raises derived entrapment in fire modes', () => {
    expect(run([[0, state({ ...trappedBetween, mode: 3 })], [60_000, tick]]).effects).toEqual([])
    expect(run([[0, state({ ...trappedBetween, mode: 4 })], [60_000, tick]]).effects).toEqual([])
  })

  it('tells the engine when the next check is due', () => {
    const { memory } = run([[1000, state(trappedBetween)]])
    expect(nextDeadline(memory, T)).toBe(16_000)
    expect(nextDeadline(run([[1000, state(base)]]).memory, T)).toBeNull()
  })
})

describe('terminal-reported entrapment and alarm button', () => {
  it('raises on the entrapment code and never clears it by itself', () => {
    const { effects } = run([[5, event('entrapment')], [6, event('entrapment', false)], [7, event('40')], [8, state({ moving: true })]])
    expect(effects).toEqual([{ at: 5, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'terminal_code' }])
  })

  it('treats the alarm button with a passenger as an entrapment', () => {
    expect(run([[0, state({ occupied: true })], [1, event('90')]]).effects).toEqual([
      { at: 1, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'alarm_with_passenger' }
    ])
  })

  it('treats the alarm button with nobody inside as a possible false alarm', () => {
    expect(run([[0, state({ occupied: false })], [1, event('90')]]).effects).toEqual([
      { at: 1, kind: 'raise', type: 'alarm_button', severity: 'warning' }
    ])
  })
})

describe('deduplication', () => {
  it('keeps one open alert per lift and type, also within one millisecond', () => {
    const { effects } = run([[1, event('entrapment')], [1, event('90')], [1, state({ ...trappedBetween })], [20_000, tick], [1, event('02')], [1, event('02')]], emptyMemory())
    expect(effects.filter((e) => e.type === 'entrapment')).toHaveLength(1)
    expect(effects.filter((e) => e.type === 'fault.02')).toHaveLength(1)
  })

  it('does not re-raise what is already open after a restart', () => {
    expect(run([[1, event('entrapment')]], emptyMemory(['entrapment'])).effects).toEqual([])
  })

  it('raises again once a person has closed the alert', () => {
    const first = run([[1, event('01')]])
    expect(run([[2, event('01')]], forgetAlert(first.memory, 'fault.01')).effects).toEqual([{ at: 2, kind: 'raise', type: 'fault.01', severity: 'major' }])
  })
})

describe('faults and power', () => {
  it.each([
    ['01', 'major'], ['02', 'minor'], ['03', 'minor'], ['04', 'major'], ['05', 'critical'], ['06', 'minor'], ['07', 'major'], ['08', 'major'],
    ['overrun_top', 'critical'], ['overrun_bottom', 'critical'], ['overspeed', 'critical'], ['door_open_running', 'critical'], ['door_lock_circuit', 'major']
  ])('raises fault %s as %s and clears it when the terminal says it is over', (code, severity) => {
    expect(run([[1, event(code)], [2, event(code, false)]]).effects).toEqual([
      { at: 1, kind: 'raise', type: `fault.${code}`, severity },
      { at: 2, kind: 'clear', type: `fault.${code}` }
    ])
  })

  it('clears every open fault on 40 (back to normal), but not an entrapment', () => {
    const { effects } = run([[1, event('01')], [2, event('07')], [3, event('entrapment')], [4, event('40')]])
    expect(effects.filter((e) => e.kind === 'clear').map((e) => e.type).sort()).toEqual(['fault.01', 'fault.07'])
  })

  it('raises a power outage from code 41 or the state, and clears it when power is back', () => {
    expect(run([[1, event('41')], [2, state({ power: 'normal' })]]).effects.map((e) => `${e.kind} ${e.type}`)).toEqual(['raise power_outage', 'clear power_outage'])
    expect(run([[1, state({ power: 'outage' })], [2, event('41', false)]]).effects.map((e) => `${e.kind} ${e.type}`)).toEqual(['raise power_outage', 'clear power_outage'])
  })

  it('ignores codes it does not know and plain events', () => {
    // Issue #10 (defect 9): 44 (fire recall) used to be one of these; it now raises an alert.
    expect(run([[1, event('x99')], [2, event('43')], [3, event('45')]]).effects).toEqual([])
  })
})

describe('terminal offline', () => {
  it('raises after 5 minutes of silence as a warning and clears on the next message', () => {
    const { effects } = run([[1000, state(base)], [300_999, tick], [301_000, tick], [301_500, tick], [302_000, state(base)]])
    expect(effects).toEqual([
      { at: 301_000, kind: 'raise', type: 'offline', severity: 'warning' },
      { at: 302_000, kind: 'clear', type: 'offline' }
    ])
  })

  it('says nothing about a lift never heard from', () => {
    expect(run([[10_000_000, tick]]).effects).toEqual([])
  })

  it('honours configured thresholds', () => {
    const t = { betweenFloorsMs: 5000, atLandingMs: 30_000, offlineMs: 60_000 }
    let memory = emptyMemory()
    memory = stepLift(memory, state(trappedBetween), 0, t).memory
    expect(stepLift(memory, tick, 5000, t).effects).toEqual([expect.objectContaining({ type: 'entrapment', source: 'between_floors' })])
  })
})

// Issue #10, defect 6: testing the alarm in 检修 (a half-monthly maintenance item) or pressing it in a fire
// mode is not a trapped passenger.
describe('alarm button in inspection and fire modes', () => {
  it.each([[2], [3], [4]])('raises a minor alarm_in_service in mode %i, not an entrapment', (mode) => {
    expect(run([[0, state({ mode, occupied: true, doorClosed: true })], [1, event('90')]]).effects).toEqual([
      { at: 1, kind: 'raise', type: 'alarm_in_service', severity: 'minor' }
    ])
  })

  it('takes the modes and the severity from the settings', () => {
    const t = { ...T, staffModes: [2], serviceAlarmSeverity: 'major' as const }
    let memory = stepLift(emptyMemory(), state({ mode: 3, occupied: true }), 0, t).memory
    expect(stepLift(memory, event('90'), 1, t).effects).toEqual([expect.objectContaining({ type: 'entrapment', severity: 'critical' })])
    memory = stepLift(emptyMemory(), state({ mode: 2, occupied: true }), 0, t).memory
    expect(stepLift(memory, event('90'), 1, t).effects).toEqual([expect.objectContaining({ type: 'alarm_in_service', severity: 'major' })])
  })
})

// Issue #10, defect 7: once a person closed the entrapment (误报 or rescued), the same stop cannot open
// another; a state that stays suspicious is a sensor problem.
describe('after a false alarm or a close', () => {
  const raised = run([[0, state(trappedBetween)], [15_000, tick]])

  it('needs a new qualifying stop to raise an entrapment again', () => {
    expect(raised.effects.map((e) => e.type)).toEqual(['entrapment'])
    const closed = forgetAlert(raised.memory, 'entrapment', 60_000)
    expect(run([[65_000, state(trappedBetween)], [70_000, state(trappedBetween)]], closed).effects).toEqual([])
    const again = run([[65_000, state({ ...trappedBetween, moving: true })], [70_000, state(trappedBetween)], [85_000, tick]], closed)
    expect(again.effects).toEqual([{ at: 85_000, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'between_floors' }])
  })

  it('raises an operational sensor_stuck warning when the state stays suspicious, cleared when it changes', () => {
    const closed = forgetAlert(raised.memory, 'entrapment', 60_000)
    const { effects } = run([[65_000, state(trappedBetween)], [74_999, tick], [75_000, tick], [80_000, state(trappedBetween)], [90_000, state({ ...trappedBetween, occupied: false })]], closed)
    expect(effects).toEqual([
      { at: 75_000, kind: 'raise', type: 'sensor_stuck', severity: 'warning' },
      { at: 90_000, kind: 'clear', type: 'sensor_stuck' }
    ])
  })
})

// Issue #10, defect 9: the kind of a terminal's entrapment, fire recall and earthquake, and 40.
describe('terminal codes', () => {
  const kinds = (steps: Array<[number, RuleInput]>) => {
    let memory = emptyMemory()
    const out: Array<string | null | undefined> = []
    for (const [at, input] of steps) {
      const result = stepLift(memory, input, at, T)
      memory = result.memory
      for (const e of result.effects) if (e.kind === 'raise' && e.type === 'entrapment') out.push(e.entrapmentKind)
    }
    return out
  }

  it('takes 平层/非平层 of a terminal entrapment from the last door-zone state', () => {
    expect(kinds([[0, state({ doorZone: true, moving: false })], [1, event('entrapment')]])).toEqual(['at_landing'])
    expect(kinds([[0, state({ doorZone: false, moving: false })], [1, event('entrapment')]])).toEqual(['between_floors'])
    expect(kinds([[1, event('entrapment')]])).toEqual([null])
    expect(kinds([[0, state({ doorZone: true, occupied: true })], [1, event('90')]])).toEqual(['at_landing'])
  })

  it('accepts the split codes 平层关人 and 非平层关人', () => {
    expect(isKnownEventCode('entrapment_at_landing') && isKnownEventCode('entrapment_between_floors')).toBe(true)
    expect(kinds([[0, state({ doorZone: false })], [1, event('entrapment_at_landing')]])).toEqual(['at_landing'])
    expect(run([[1, event('entrapment_between_floors')]]).effects).toEqual([{ at: 1, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'terminal_code' }])
    expect(run([[1, event('entrapment_at_landing')], [2, event('entrapment_at_landing', false)]]).effects.map((e) => `${e.kind} ${e.type}`)).toEqual(['raise entrapment'])
  })

  it('raises fire recall (44) and earthquake (47) as major alerts, cleared when over or by 40', () => {
    expect(run([[1, event('44')], [2, event('47')], [3, event('44', false)], [4, event('40')]]).effects).toEqual([
      { at: 1, kind: 'raise', type: 'fire_recall', severity: 'major' },
      { at: 2, kind: 'raise', type: 'earthquake', severity: 'major' },
      { at: 3, kind: 'clear', type: 'fire_recall' },
      { at: 4, kind: 'clear', type: 'earthquake' }
    ])
  })

  it('clears faults and the power outage on 40 (back to normal)', () => {
    const { effects } = run([[1, event('01')], [2, event('41')], [3, event('40')]])
    expect(effects.filter((e) => e.kind === 'clear').map((e) => e.type).sort()).toEqual(['fault.01', 'power_outage'])
  })
})

// Issue #10, defect 8: after a restart the rules resume each lift from its last stored states (newest first).
describe('resuming a lift after a restart', () => {
  const stored = (ts: number, s: Partial<ElevatorState>): ElevatorState => ({ ...base, ...s, ts })

  it('flags a lift silent across the downtime offline at the first scan', () => {
    const memory = seedMemory([stored(1000, {})], [], null, T)
    expect(run([[301_000, tick]], memory).effects).toEqual([{ at: 301_000, kind: 'raise', type: 'offline', severity: 'warning' }])
  })

  it('knows a passenger is in the car before the first heartbeat', () => {
    const memory = seedMemory([stored(1000, { occupied: true })], [], null, T)
    expect(run([[2000, event('90')]], memory).effects).toEqual([{ at: 2000, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'alarm_with_passenger' }])
  })

  it('keeps counting a stop from when it began, not from the restart', () => {
    const memory = seedMemory([stored(10_000, trappedBetween), stored(5000, trappedBetween), stored(0, { moving: true })], [], null, T)
    expect(nextDeadline(memory, T)).toBe(20_000)
    expect(run([[20_000, tick]], memory).effects).toEqual([{ at: 20_000, kind: 'raise', type: 'entrapment', severity: 'critical', source: 'between_floors' }])
  })

  it('does not reopen a stop whose entrapment a person closed, and watches for a stuck sensor', () => {
    const memory = seedMemory([stored(10_000, trappedBetween), stored(5000, trappedBetween)], [], 12_000, T)
    expect(run([[20_000, tick], [26_999, tick]], memory).effects).toEqual([])
    expect(run([[27_000, tick]], memory).effects).toEqual([{ at: 27_000, kind: 'raise', type: 'sensor_stuck', severity: 'warning' }])
  })

  it('raises nothing already open, and knows nothing of a lift never stored', () => {
    expect(run([[20_000, tick]], seedMemory([stored(10_000, trappedBetween)], ['entrapment'], null, T)).effects).toEqual([])
    expect(seedMemory([], ['offline'], null, T)).toEqual(emptyMemory(['offline']))
  })
})
