// One lift as a pure state machine: (state, input, now) → new state + the messages its terminal sends.
// Time only enters through `now`; the caller asks `nextWake(state)` when to call again with a tick.
// Rules the machine keeps: the car moves only with doors closed, doors open only at a landing (door
// zone), and a state message goes out whenever a field a person watching the lift would notice changes.
import type { EntrapmentKind, LiftInput, LiftMessage, LiftReport, LiftSpec, LiftState, LiftStep } from './lift-types.ts'
import { LIFT_DEFAULTS } from './lift-types.ts'
import { adjacentLanding, chooseTarget, floorLabel, midFirstFloorAt, nextPassAt, nextStoppable, retarget, startTrip } from './lift-motion.ts'

/** GB/T 24476 event codes the machine raises itself. */
const CODE = { alarm: '90', inspection: '43', entrapment: 'entrapment' } as const
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

const event = (code: string, active: boolean): LiftMessage => ({ channel: 'event', body: { code, active } })

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

function run (s: LiftState, at: number, out: LiftMessage[]) {
  const trip = s.trip!
  if (s.jam?.kind === 'between_floors' && s.jam.stopAt !== null && s.jam.stopAt <= at) {
    s.runMs += at - trip.departAt
    s.trips++
    return trap(s, 'between_floors', s.jam.report, at, out)
  }
  if (trip.arriveAt > at) {
    s.floor += trip.to > trip.from ? 1 : -1 // a landing passed on the way
    return
  }
  s.floor = trip.to
  s.trips++
  s.runMs += at - trip.departAt
  s.trip = null
  s.dir = 0
  s.doorZone = true
  s.stops = s.stops.filter((l) => l !== s.floor)
  if (s.jam?.kind === 'door_zone') return trap(s, 'door_zone', s.jam.report, at, out)
  openDoors(s, at)
}

function openDoors (s: LiftState, at: number) {
  s.phase = 'opening'
  s.doorClosed = false
  s.until = at + s.spec.doorMs
  s.stops = s.stops.filter((l) => l !== s.floor)
}

function doorsOpened (s: LiftState, at: number) {
  s.phase = 'open'
  s.until = at + s.spec.dwellMs
  if (s.evacuate) {
    s.riders = []
    s.evacuate = false
  } else {
    s.riders = s.riders.filter((to) => to !== s.floor)
  }
  // Passengers already waiting still board when a visit is pending; the technicians take the car after them.
  if (s.faults.length > 0) return
  const boarding = s.waiting.filter((p) => p.from === s.floor)
  if (boarding.length === 0) return
  s.waiting = s.waiting.filter((p) => p.from !== s.floor)
  for (const p of boarding) s.riders.push(p.to)
}

/** What an idle car does next: a pending entrapment, a fault, a maintenance visit, or the next call. */
function settle (s: LiftState, at: number, out: LiftMessage[]) {
  if (s.phase !== 'idle') return
  if (s.jam?.kind === 'door_zone') return trap(s, 'door_zone', s.jam.report, at, out)
  if (s.jam?.kind === 'between_floors') {
    const to = adjacentLanding(s.spec, s.floor)
    return depart(s, to, at, midFirstFloorAt(s.spec, at))
  }
  if (s.faults.length > 0) {
    // The controller lets passengers out at the landing before it takes the lift out of service.
    if (s.riders.length > 0) {
      s.evacuate = true
      return openDoors(s, at)
    }
    s.phase = 'faulted'
    s.waiting = []
    s.stops = []
    return
  }
  if (s.visit !== null && s.riders.length === 0) return beginVisit(s, at, out)
  const target = chooseTarget(s)
  if (target === null) return
  if (target.landing === s.floor) return openDoors(s, at)
  depart(s, target.landing, at, null)
}

function depart (s: LiftState, to: number, at: number, stopAt: number | null) {
  s.trip = startTrip(s.spec, s.floor, to, at)
  s.phase = 'running'
  s.dir = to > s.floor ? 1 : 2
  s.lastDir = s.dir
  s.doorZone = false
  if (s.jam !== null) s.jam = { ...s.jam, stopAt }
}

function trap (s: LiftState, kind: EntrapmentKind, report: boolean, at: number, out: LiftMessage[]) {
  s.phase = 'trapped'
  s.trapped = { kind, report, since: at }
  s.jam = null
  s.trip = null
  s.until = null
  s.dir = 0
  s.doorClosed = true
  s.doorZone = kind === 'door_zone'
  if (s.riders.length === 0) s.riders.push(adjacentLanding(s.spec, s.floor))
  if (report) out.push(event(CODE.entrapment, true))
}

function beginVisit (s: LiftState, at: number, out: LiftMessage[]) {
  s.phase = 'inspection'
  s.mode = 2
  s.until = at + s.visit!.durationMs
  s.visit = null
  s.waiting = []
  s.stops = []
  out.push(event(CODE.inspection, true))
}

function endVisit (s: LiftState, at: number, out: LiftMessage[]) {
  s.mode = 1
  s.until = null
  s.phase = s.faults.length > 0 ? 'faulted' : 'idle'
  out.push(event(CODE.inspection, false))
  settle(s, at, out)
}

function clearFault (s: LiftState, code: string, at: number, out: LiftMessage[]) {
  if (!s.faults.some((f) => f.code === code)) return
  s.faults = s.faults.filter((f) => f.code !== code)
  out.push(event(code, false))
  if (s.faults.length === 0 && s.phase === 'faulted') {
    s.phase = 'idle'
    settle(s, at, out)
  }
}

/** Calls are taken only by a lift in normal service that nothing is about to take out of it. */
function takesCalls (s: LiftState): boolean {
  return s.mode === 1 && s.faults.length === 0 && s.jam === null && s.visit === null &&
    (s.phase === 'idle' || s.phase === 'running' || s.phase === 'opening' || s.phase === 'open' || s.phase === 'closing')
}

function validLanding (s: LiftState, landing: number): boolean {
  return Number.isInteger(landing) && landing >= 1 && landing <= s.spec.landings
}

/** A new call ahead on the way is served on the way, if the car can still brake for it. */
function stopOnTheWay (s: LiftState, landing: number, at: number) {
  const trip = s.trip
  if (s.phase !== 'running' || trip === null) return
  const up = trip.to > trip.from
  const reachable = nextStoppable(s.spec, trip, at)
  if (up ? landing >= reachable && landing < trip.to : landing <= reachable && landing > trip.to) s.trip = retarget(s.spec, trip, landing)
}

function apply (s: LiftState, input: LiftInput, now: number, out: LiftMessage[]) {
  switch (input.type) {
    case 'tick': return
    case 'hall_call':
      if (!takesCalls(s) || !validLanding(s, input.from) || !validLanding(s, input.to) || input.from === input.to) return
      s.waiting.push({ from: input.from, to: input.to })
      stopOnTheWay(s, input.from, now)
      return settle(s, now, out)
    case 'car_call':
      if (!takesCalls(s) || !validLanding(s, input.floor)) return
      if (!s.stops.includes(input.floor)) s.stops.push(input.floor)
      stopOnTheWay(s, input.floor, now)
      return settle(s, now, out)
    case 'trap': return startEntrapment(s, input.kind, input.report, now, out)
    case 'release': return release(s, now, out)
    case 'fault': return raiseFault(s, input.code, input.durationMs, now, out)
    case 'clear_fault': return clearFault(s, input.code, now, out)
    case 'alarm_button':
      if (s.alarmUntil === null) out.push(event(CODE.alarm, true))
      s.alarmUntil = Math.max(s.alarmUntil ?? 0, now + input.durationMs)
      return
    case 'start_inspection':
      if (s.phase === 'trapped') return
      if (s.phase === 'inspection') {
        s.until = Math.max(s.until ?? now, now + input.durationMs)
        return
      }
      s.visit = { durationMs: input.durationMs }
      // Technicians called to a faulted lift start on it at once; a working one first finishes its trip.
      if (s.phase === 'faulted') return beginVisit(s, now, out)
      return settle(s, now, out)
    case 'end_inspection':
      s.visit = null
      if (s.phase === 'inspection') endVisit(s, now, out)
  }
}

function startEntrapment (s: LiftState, kind: EntrapmentKind, report: boolean, now: number, out: LiftMessage[]) {
  if (s.phase === 'trapped' || s.phase === 'inspection' || s.jam !== null) return
  // Somebody is in the car: the passenger who will be trapped.
  if (s.riders.length === 0) s.riders.push(adjacentLanding(s.spec, s.floor))
  s.waiting = []
  if (s.phase === 'running') {
    if (kind === 'between_floors') {
      s.runMs += now - s.trip!.departAt
      s.trips++
      return trap(s, kind, report, now, out)
    }
    s.jam = { kind, report, stopAt: null } // the doors will not open at the next landing
    return
  }
  s.jam = { kind, report, stopAt: null }
  if (s.phase === 'opening' || s.phase === 'open') {
    s.phase = 'closing'
    s.until = now + s.spec.doorMs
    return
  }
  if (s.phase === 'faulted') s.phase = 'idle'
  settle(s, now, out)
}

function release (s: LiftState, now: number, out: LiftMessage[]) {
  if (s.trapped === null) {
    s.jam = null
    return
  }
  if (s.trapped.report) out.push(event(CODE.entrapment, false))
  // Rescuers bring the car to a landing (by hand between floors) and open the doors; everybody gets out.
  s.trapped = null
  s.doorZone = true
  s.evacuate = true
  openDoors(s, now)
}

function raiseFault (s: LiftState, code: string, durationMs: number | null, now: number, out: LiftMessage[]) {
  if (s.faults.some((f) => f.code === code)) return
  s.faults.push({ code, until: durationMs === null ? null : now + durationMs })
  out.push(event(code, true))
  switch (s.phase) {
    case 'running':
      // The controller levels at the next landing it can reach and lets the passengers out.
      if (s.jam === null) s.trip = retarget(s.spec, s.trip!, nextStoppable(s.spec, s.trip!, now))
      s.evacuate = true
      return
    case 'opening':
    case 'closing':
      s.evacuate = true
      return
    case 'open':
      s.riders = []
      return
    case 'idle': return settle(s, now, out)
  }
}
