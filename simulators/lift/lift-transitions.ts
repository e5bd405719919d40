// The transitions of the lift state machine, shared by its timed steps and its inputs. They change the
// draft state they are given: stepLift hands them its private copy, so the machine stays pure outside.
import type { EntrapmentKind, LiftMessage, LiftState } from './lift-types.ts'
import { adjacentLanding, chooseTarget, midFirstFloorAt, startTrip } from './lift-motion.ts'

/** GB/T 24476 event codes the machine raises itself. */
export const CODE = { alarm: '90', inspection: '43', entrapment: 'entrapment' } as const

export const event = (code: string, active: boolean): LiftMessage => ({ channel: 'event', body: { code, active } })

/** A running car reaches its next due point: a landing passed, a between-floors stop, or its destination. */
export function run (s: LiftState, at: number, out: LiftMessage[]) {
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

export function openDoors (s: LiftState, at: number) {
  s.phase = 'opening'
  s.doorClosed = false
  s.until = at + s.spec.doorMs
  s.stops = s.stops.filter((l) => l !== s.floor)
}

export function doorsOpened (s: LiftState, at: number) {
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
export function settle (s: LiftState, at: number, out: LiftMessage[]) {
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

export function depart (s: LiftState, to: number, at: number, stopAt: number | null) {
  s.trip = startTrip(s.spec, s.floor, to, at)
  s.phase = 'running'
  s.dir = to > s.floor ? 1 : 2
  s.lastDir = s.dir
  s.doorZone = false
  if (s.jam !== null) s.jam = { ...s.jam, stopAt }
}

export function trap (s: LiftState, kind: EntrapmentKind, report: boolean, at: number, out: LiftMessage[]) {
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

export function beginVisit (s: LiftState, at: number, out: LiftMessage[]) {
  s.phase = 'inspection'
  s.mode = 2
  s.until = at + s.visit!.durationMs
  s.visit = null
  s.waiting = []
  s.stops = []
  out.push(event(CODE.inspection, true))
}

export function endVisit (s: LiftState, at: number, out: LiftMessage[]) {
  s.mode = 1
  s.until = null
  s.phase = s.faults.length > 0 ? 'faulted' : 'idle'
  out.push(event(CODE.inspection, false))
  settle(s, at, out)
}

export function clearFault (s: LiftState, code: string, at: number, out: LiftMessage[]) {
  if (!s.faults.some((f) => f.code === code)) return
  s.faults = s.faults.filter((f) => f.code !== code)
  out.push(event(code, false))
  if (s.faults.length === 0 && s.phase === 'faulted') {
    s.phase = 'idle'
    settle(s, at, out)
  }
}
