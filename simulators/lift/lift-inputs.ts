// What the outside world does to a lift: calls, entrapments, rescues, faults, the alarm button and
// maintenance visits. Like the transitions, these change the step's private draft of the state.
import type { EntrapmentKind, LiftInput, LiftMessage, LiftState } from './lift-types.ts'
import { adjacentLanding, nextStoppable, retarget } from './lift-motion.ts'
import { beginVisit, clearFault, CODE, endVisit, event, openDoors, settle, trap } from './lift-transitions.ts'

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

export function apply (s: LiftState, input: LiftInput, now: number, out: LiftMessage[]) {
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
