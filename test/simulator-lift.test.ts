// The simulated lift's state machine, table-tested with plain inputs and a hand-driven clock.
import { describe, expect, it } from 'vitest'
import { createLift, nextWake, reportLift, stepLift } from '../simulators/lift/lift-machine.ts'
import { floorLabel, landingOf } from '../simulators/lift/lift-motion.ts'
import type { LiftInput, LiftMessage, LiftReport, LiftState } from '../simulators/lift/lift-types.ts'
import { createRng } from '../platform/prng.ts'

// 1 m/s and 3 m floors: 3 s per floor, 2 s to start and stop, doors 2 s each way, 3 s open.
const SPEC = { equipmentCode: 'L1', lowest: 1, landings: 10, speed: 1, floorHeight: 3, doorMs: 2000, dwellMs: 3000, startStopMs: 2000 }

interface Timed { at: number, message: LiftMessage }

/** Feeds timed inputs and the machine's own wake-ups up to `end`; returns every message with its time. */
function drive (state: LiftState, inputs: Array<[number, LiftInput]>, end: number) {
  const log: Timed[] = []
  const queue = [...inputs].sort((a, b) => a[0] - b[0])
  let s = state
  for (;;) {
    const wake = nextWake(s)
    const next = queue[0]
    const at = Math.min(wake ?? Infinity, next?.[0] ?? Infinity)
    if (at > end) break
    const input: LiftInput = next !== undefined && next[0] === at ? queue.shift()![1] : { type: 'tick' }
    const r = stepLift(s, input, at)
    for (const message of r.messages) log.push({ at, message })
    s = r.state
  }
  const states: Array<LiftReport & { at: number }> = []
  const events: Array<{ at: number, code: string, active: boolean }> = []
  for (const { at, message } of log) {
    if (message.channel === 'state') states.push({ at, ...message.body })
    else events.push({ at, ...message.body })
  }
  return { state: s, log, states, events }
}

const idle = (floor = 1) => createLift(SPEC, { floor })

describe('floor labels', () => {
  it.each([
    // lowest, landing → label: there is no floor 0 below ground
    [1, 1, 1], [1, 10, 10], [-2, 1, -2], [-2, 2, -1], [-2, 3, 1], [-1, 2, 1], [3, 1, 3]
  ])('lowest %i: landing %i is floor %i, and back', (lowest, landing, label) => {
    const spec = { ...SPEC, lowest }
    expect(floorLabel(spec, landing)).toBe(label)
    expect(landingOf(spec, label)).toBe(landing)
  })

  it.each([[-2, 0], [1, 0], [1, 11], [1, -1], [-2, -3], [1, 2.5]])('lowest %i: floor %s is not served', (lowest, label) => {
    expect(landingOf({ ...SPEC, lowest }, label)).toBeNull()
  })
})

describe('trips', () => {
  it('runs to a car call at rated speed, opens and closes the doors there', () => {
    const { states, state } = drive(idle(1), [[0, { type: 'car_call', floor: 4 }]], 60_000)
    expect(states).toEqual([
      expect.objectContaining({ at: 0, moving: true, dir: 1, floor: 1, doorZone: false, doorClosed: true, speed: 1 }),
      expect.objectContaining({ at: 4000, moving: true, floor: 2 }),
      expect.objectContaining({ at: 7000, moving: true, floor: 3 }),
      // 2 s start-stop + 3 floors × 3 s
      expect.objectContaining({ at: 11_000, moving: false, dir: 0, floor: 4, doorZone: true, doorClosed: false, speed: 0 }),
      expect.objectContaining({ at: 18_000, moving: false, floor: 4, doorClosed: true })
    ])
    expect(state).toMatchObject({ phase: 'idle', trips: 1, runMs: 11_000 })
  })

  it('picks up a passenger at a hall call and lets them out at their floor', () => {
    const { states } = drive(idle(1), [[0, { type: 'hall_call', from: 3, to: 6 }]], 120_000)
    const occupied = states.map((s) => [s.floor, s.occupied, s.doorClosed])
    // boards at 3 when the doors are open, rides to 6, leaves when the doors open there
    expect(occupied).toContainEqual([3, false, false])
    expect(occupied).toContainEqual([3, true, true])
    expect(occupied).toContainEqual([6, false, false])
    expect(states.at(-1)).toMatchObject({ floor: 6, occupied: false, doorClosed: true, moving: false })
  })

  it('stops on the way for a new call ahead, if it can still brake', () => {
    const { states } = drive(idle(1), [[0, { type: 'car_call', floor: 8 }], [4500, { type: 'hall_call', from: 5, to: 9 }]], 120_000)
    const stops = states.filter((s) => !s.moving && !s.doorClosed).map((s) => s.floor)
    expect(stops.filter((floor, i) => floor !== stops[i - 1])).toEqual([5, 8, 9])
  })

  it('reports floor labels, skipping floor 0 below ground', () => {
    const { states } = drive(createLift({ ...SPEC, lowest: -2 }, { floor: 1 }), [[0, { type: 'car_call', floor: 4 }]], 60_000)
    expect(states.map((s) => s.floor)).toEqual([-2, -1, 1, 2, 2])
  })

  it('ignores calls for landings it does not serve', () => {
    const r = stepLift(idle(), { type: 'car_call', floor: 11 }, 0)
    expect(r.messages).toEqual([])
    expect(r.state.phase).toBe('idle')
  })
})

describe('entrapments', () => {
  const trapped = { moving: false, doorClosed: true, occupied: true }
  it.each([
    ['between floors, while running', 'between_floors', [[0, { type: 'car_call', floor: 8 }], [6000, null]], false],
    ['between floors, from a landing', 'between_floors', [[0, null]], false],
    ['in the door zone, while running', 'door_zone', [[0, { type: 'car_call', floor: 3 }], [1000, null]], true],
    ['in the door zone, at a landing', 'door_zone', [[0, null]], true],
    ['in the door zone, doors open', 'door_zone', [[0, { type: 'car_call', floor: 1 }], [2500, null]], true]
  ] as const)('%s: stopped, doors closed, occupied, doorZone as expected', (_name, kind, steps, doorZone) => {
    for (const report of [true, false]) {
      const inputs = steps.map(([at, input]) => [at, input ?? { type: 'trap', kind, report }] as [number, LiftInput])
      const { state, states, events } = drive(idle(1), inputs, 200_000)
      expect(state.phase).toBe('trapped')
      expect(states.at(-1)).toMatchObject({ ...trapped, doorZone })
      // the car never moves or opens its doors again until released
      expect(states.filter((s) => s.at > state.trapped!.since)).toEqual([])
      expect(events).toEqual(report ? [expect.objectContaining({ code: 'entrapment', active: true })] : [])
    }
  })

  it('between floors: the car is outside the door zone, between two landings', () => {
    const { state, states } = drive(idle(2), [[0, { type: 'car_call', floor: 9 }], [8000, { type: 'trap', kind: 'between_floors', report: false }]], 100_000)
    expect(states.at(-1)).toMatchObject({ moving: false, doorZone: false, doorClosed: true, occupied: true, floor: 4 })
    expect(state.trip).toBeNull()
  })

  it('a release brings the passengers out at a landing and ends the reported entrapment', () => {
    const { states, events, state } = drive(idle(1), [
      [0, { type: 'trap', kind: 'between_floors', report: true }],
      [60_000, { type: 'release' }]
    ], 200_000)
    expect(events.map((e) => [e.code, e.active])).toEqual([['entrapment', true], ['entrapment', false]])
    expect(states.find((s) => s.at === 60_000)).toMatchObject({ doorZone: true, doorClosed: false, moving: false })
    expect(states.at(-1)).toMatchObject({ occupied: false, doorClosed: true })
    expect(state.phase).toBe('idle')
  })

  it('takes no calls while trapped', () => {
    const { state } = drive(idle(1), [[0, { type: 'trap', kind: 'door_zone', report: false }], [1000, { type: 'hall_call', from: 5, to: 1 }]], 100_000)
    expect(state.waiting).toEqual([])
    expect(state.phase).toBe('trapped')
  })
})

describe('faults, alarms and maintenance visits', () => {
  it('a fault while running levels at the next landing, lets passengers out and takes the lift out of service', () => {
    const { state, states, events } = drive(idle(1), [
      [0, { type: 'hall_call', from: 1, to: 9 }],
      [12_000, { type: 'fault', code: '08', durationMs: null }],
      [60_000, { type: 'hall_call', from: 2, to: 5 }]
    ], 100_000)
    expect(events).toEqual([expect.objectContaining({ code: '08', active: true, at: 12_000 })])
    const landed = states.find((s) => s.at > 12_000 && !s.moving)!
    expect(landed).toMatchObject({ doorZone: true, doorClosed: false })
    expect(landed.floor).toBeLessThan(9)
    expect(states.at(-1)).toMatchObject({ occupied: false, doorClosed: true, moving: false })
    expect(state).toMatchObject({ phase: 'faulted', waiting: [] })
  })

  it('a timed fault clears by itself and the lift serves calls again', () => {
    const { events, state } = drive(idle(1), [
      [0, { type: 'fault', code: 'overrun_top', durationMs: 30_000 }],
      [40_000, { type: 'car_call', floor: 2 }]
    ], 100_000)
    expect(events.map((e) => [e.at, e.code, e.active])).toEqual([[0, 'overrun_top', true], [30_000, 'overrun_top', false]])
    expect(state).toMatchObject({ phase: 'idle', floor: 2 })
  })

  it.each([
    ['with a passenger inside', true],
    ['with nobody inside (a false alarm)', false]
  ])('the alarm button %s: code 90 pressed, then released', (_name, occupied) => {
    const start = occupied ? stepLift(idle(1), { type: 'hall_call', from: 1, to: 5 }, 0).state : idle(1)
    const { events } = drive(start, [[3000, { type: 'alarm_button', durationMs: 4000 }]], 10_000)
    expect(events.map((e) => [e.at, e.code, e.active])).toEqual([[3000, '90', true], [7000, '90', false]])
    expect(reportLift(stepLift(start, { type: 'tick' }, 3000).state).occupied).toBe(occupied)
  })

  it('a maintenance visit waits for the passengers, then runs in inspection mode (检修) without taking calls', () => {
    const { states, events, state } = drive(idle(1), [
      [0, { type: 'hall_call', from: 1, to: 4 }],
      [1000, { type: 'start_inspection', durationMs: 60_000 }],
      [40_000, { type: 'hall_call', from: 2, to: 7 }]
    ], 200_000)
    const begin = events.find((e) => e.code === '43' && e.active)!
    const end = events.find((e) => e.code === '43' && !e.active)!
    expect(end.at - begin.at).toBe(60_000)
    expect(states.find((s) => s.at === begin.at)).toMatchObject({ mode: 2, floor: 4, occupied: false })
    expect(states.find((s) => s.at === end.at)).toMatchObject({ mode: 1 })
    expect(state.waiting).toEqual([])
    expect(states.some((s) => s.at > begin.at && s.moving)).toBe(false)
  })
})

describe('invariants under random use', () => {
  it('never moves with open doors, never opens doors outside the door zone, keeps the inputs it was given pure', () => {
    const rng = createRng('invariants')
    const inputs: Array<[number, LiftInput]> = []
    for (let t = 0; t < 3_600_000; t += rng.int(1000, 20_000)) {
      const floor = rng.int(1, 10)
      inputs.push([t, rng.weighted<LiftInput>([
        [{ type: 'hall_call', from: floor, to: rng.int(1, 10) }, 60],
        [{ type: 'car_call', floor }, 10],
        [{ type: 'trap', kind: rng.pick(['door_zone', 'between_floors'] as const), report: rng.chance(0.5) }, 2],
        [{ type: 'release' }, 6],
        [{ type: 'fault', code: rng.pick(['01', '02', '07']), durationMs: rng.int(1000, 60_000) }, 3],
        [{ type: 'alarm_button', durationMs: 3000 }, 3],
        [{ type: 'start_inspection', durationMs: rng.int(10_000, 100_000) }, 2]
      ])])
    }
    const before = idle(1)
    const frozen = JSON.stringify(before)
    const { states } = drive(before, inputs, 4_000_000)
    expect(JSON.stringify(before)).toBe(frozen)
    expect(states.length).toBeGreaterThan(500)
    for (const s of states) {
      if (s.moving) expect(s).toMatchObject({ doorClosed: true, doorZone: false })
      if (!s.doorClosed) expect(s).toMatchObject({ doorZone: true, moving: false })
      expect(s.floor).toBeGreaterThanOrEqual(1)
      expect(s.floor).toBeLessThanOrEqual(10)
    }
  })
})
