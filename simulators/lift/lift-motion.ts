// Where the car is and where it goes next: floor labels, trip timing and the choice of the next stop.
// Pure arithmetic on a LiftSpec; the state machine calls these.
import type { Direction, LiftSpec, LiftState, Trip } from './lift-types.ts'

/**
 * The floor label shown for a landing. Chinese buildings have no floor 0: the landing above B1 (-1) is 1.
 * The machine counts landings 1…n from the bottom, which is also what many controllers report.
 */
export function floorLabel (spec: Pick<LiftSpec, 'lowest'>, landing: number): number {
  const label = spec.lowest + landing - 1
  return spec.lowest < 0 && label >= 0 ? label + 1 : label
}

/** The landing of a floor label, or null when the lift does not serve that floor. */
export function landingOf (spec: Pick<LiftSpec, 'lowest' | 'landings'>, label: number): number | null {
  if (!Number.isInteger(label) || (label === 0 && spec.lowest < 0) || label < spec.lowest) return null
  const landing = spec.lowest < 0 && label > 0 ? label - spec.lowest : label - spec.lowest + 1
  return landing <= spec.landings ? landing : null
}

export const msPerFloor = (spec: LiftSpec) => spec.floorHeight / spec.speed * 1000

export function startTrip (spec: LiftSpec, from: number, to: number, at: number): Trip {
  return { from, to, departAt: at, arriveAt: at + spec.startStopMs + Math.abs(to - from) * msPerFloor(spec) }
}

/** Floors travelled since departure, as a fraction: half the start-stop time is spent before the car moves. */
export function travelled (spec: LiftSpec, trip: Trip, at: number): number {
  const span = Math.abs(trip.to - trip.from)
  return Math.min(span, Math.max(0, (at - trip.departAt - spec.startStopMs / 2) / msPerFloor(spec)))
}

/** When the car, now at (or just past) `landing`, passes the next one; null if the next one is the destination. */
export function nextPassAt (spec: LiftSpec, trip: Trip, landing: number): number | null {
  const k = Math.abs(landing - trip.from) + 1
  if (k >= Math.abs(trip.to - trip.from)) return null
  return trip.departAt + spec.startStopMs / 2 + k * msPerFloor(spec)
}

/** The nearest landing ahead where the car can still level: it needs half a floor to brake. */
export function nextStoppable (spec: LiftSpec, trip: Trip, at: number): number {
  const span = Math.abs(trip.to - trip.from)
  const k = Math.min(span, Math.max(1, Math.ceil(travelled(spec, trip, at) + 0.5)))
  return trip.from + (trip.to > trip.from ? k : -k)
}

/** The same trip ending at another landing ahead (a new call on the way, or a fault landing). */
export function retarget (spec: LiftSpec, trip: Trip, to: number): Trip {
  return { ...trip, to, arriveAt: trip.departAt + spec.startStopMs + Math.abs(to - trip.from) * msPerFloor(spec) }
}

/** Time the car is half a floor out of a landing on a trip starting at `at`: where a between-floors stop happens. */
export function midFirstFloorAt (spec: LiftSpec, at: number): number {
  return at + spec.startStopMs / 2 + msPerFloor(spec) / 2
}

/** A landing next to this one, for a passenger who only goes one floor. */
export function adjacentLanding (spec: LiftSpec, landing: number): number {
  return landing < spec.landings ? landing + 1 : landing - 1
}

/**
 * Simplified collective control: serve the calls ahead in the current direction, nearest first, then turn.
 * Returns null when nobody needs the car.
 */
export function chooseTarget (state: LiftState): { landing: number, dir: Direction } | null {
  let bestAhead: number | null = null
  let bestAny: number | null = null
  const consider = (landing: number) => {
    const distance = Math.abs(landing - state.floor)
    if (bestAny === null || distance < Math.abs(bestAny - state.floor)) bestAny = landing
    const ahead = state.lastDir === 1 ? landing >= state.floor : state.lastDir === 2 ? landing <= state.floor : true
    if (ahead && (bestAhead === null || distance < Math.abs(bestAhead - state.floor))) bestAhead = landing
  }
  for (const landing of state.riders) consider(landing)
  for (const landing of state.stops) consider(landing)
  for (const p of state.waiting) consider(p.from)
  const landing: number | null = bestAhead ?? bestAny
  if (landing === null) return null
  return { landing, dir: landing > state.floor ? 1 : landing < state.floor ? 2 : 0 }
}
