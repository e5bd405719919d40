// One lift as a pure state machine: (state, input, now) → new state + the messages its terminal sends.
// Time only enters through `now`; the caller asks `nextWake(state)` when to call again with a tick.
// Rules the machine keeps: the car moves only with doors closed, doors open only at a landing (door
// zone), and a state message goes out whenever a field a person watching the lift would notice changes.
import type { LiftInput, LiftMessage, LiftReport, LiftSpec, LiftState, LiftStep } from './lift-types.ts'
import { LIFT_DEFAULTS } from './lift-types.ts'
import { floorLabel, nextPassAt } from './lift-motion.ts'
import { clearFault, CODE, doorsOpened, endVisit, event, run, settle } from './lift-transitions.ts'
import { apply } from './lift-inputs.ts'

const KG_PER_PASSENGER = 75

export function createLift (spec: Partial<LiftSpec> & Pick<LiftSpec, 'equipmentCode' | 'lowest' | 'landings' | 'speed'>,
  init: { floor?: number, trips?: number, runMs?: number } = {}): LiftState {
  return {
    spec: { ...LIFT_DEFAULTS, ...spec },
    phase: 'idle',
    mode: 1,
    floor: init.floor ?? 1,
    dir: 0,
    lastDir: 0,
    doorZone: true,
    doorClosed: true,
    riders: [],
    waiting: [],
    stops: [],
    trip: null,
    until: null,
    jam: null,
    trapped: null,
    evacuate: false,
    faults: [],
    alarmUntil: null,
    visit: null,
    trips: init.trips ?? 0,
    runMs: init.runMs ?? 0
  }
}

/** What the terminal reports: the protocol's state payload, floor as the label passengers see. */
export function reportLift (s: LiftState): LiftReport {
  const moving = s.phase === 'running'
  return {
    mode: s.mode,
    moving,
    dir: moving ? s.dir : 0,
    floor: floorLabel(s.spec, s.floor),
    doorZone: s.doorZone,
    doorClosed: s.doorClosed,
    occupied: s.riders.length > 0,
    speed: moving ? s.spec.speed : 0,
    load: s.riders.length * KG_PER_PASSENGER,
    power: 'normal',
    runHours: Math.round(s.runMs / 36_000) / 100,
    trips: s.trips
  }
}

/** The next time something happens by itself (doors, arrival, a landing passed, a timed fault), or null. */
export function nextWake (s: LiftState): number | null {
  let t = Infinity
  const take = (v: number | null) => { if (v !== null && v < t) t = v }
  take(s.alarmUntil)
  for (const f of s.faults) take(f.until)
  take(s.until)
  if (s.phase === 'running' && s.trip !== null) {
    take(s.trip.arriveAt)
    take(nextPassAt(s.spec, s.trip, s.floor))
    take(s.jam?.stopAt ?? null)
  }
  return t === Infinity ? null : t
}

export function stepLift (state: LiftState, input: LiftInput, now: number): LiftStep {
  const s: LiftState = { ...state, riders: [...state.riders], waiting: [...state.waiting], stops: [...state.stops], faults: [...state.faults] }
  const out: LiftMessage[] = []
  advance(s, now, out)
  apply(s, input, now, out)
  advance(s, now, out)
  if (visiblyChanged(state, s)) out.push({ channel: 'state', body: reportLift(s) })
  return { state: s, messages: out }
}

function visiblyChanged (a: LiftState, b: LiftState): boolean {
  const moved = (a.phase === 'running') !== (b.phase === 'running')
  return moved || a.mode !== b.mode || a.dir !== b.dir ||
    a.floor !== b.floor || a.doorZone !== b.doorZone || a.doorClosed !== b.doorClosed || (a.riders.length > 0) !== (b.riders.length > 0)
}

/** Runs every timed transition due by `now`, each at its own due time so later ones do not drift. */
function advance (s: LiftState, now: number, out: LiftMessage[]) {
  for (let guard = 0; guard < 10_000; guard++) {
    const at = nextWake(s)
    if (at === null || at > now) return
    fire(s, at, out)
  }
  throw new Error(`lift ${s.spec.equipmentCode}: state machine did not settle`)
}

function fire (s: LiftState, at: number, out: LiftMessage[]) {
  if (s.alarmUntil !== null && s.alarmUntil <= at) {
    s.alarmUntil = null
    out.push(event(CODE.alarm, false))
    return
  }
  const expired = s.faults.find((f) => f.until !== null && f.until <= at)
  if (expired !== undefined) return clearFault(s, expired.code, at, out)
  switch (s.phase) {
    case 'running': return run(s, at, out)
    case 'opening': return doorsOpened(s, at)
    case 'open':
      s.phase = 'closing'
      s.until = at + s.spec.doorMs
      return
    case 'closing':
      s.phase = 'idle'
      s.until = null
      s.doorClosed = true
      return settle(s, at, out)
    case 'inspection': return endVisit(s, at, out)
    default: s.until = null
  }
}
