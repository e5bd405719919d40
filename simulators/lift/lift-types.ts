// The data of one simulated lift: its fixed characteristics, its state, what can happen to it and what it
// says about it. Plain objects only, so the state machine stays pure and a test can write them by hand.
import type { Static } from 'typebox'
import type { ElevatorStatePayload } from '../../elevators/payloads.ts'

export interface LiftSpec {
  equipmentCode: string
  /** Floor label of the bottom landing: -2 for two basement levels, 1 without a basement. */
  lowest: number
  /** Number of landings (层站). Landings are numbered 1…landings from the bottom inside the machine. */
  landings: number
  /** Rated speed, m/s. */
  speed: number
  floorHeight: number
  /** Time for the doors to open, and again to close. */
  doorMs: number
  /** Time the doors stay open for passengers. */
  dwellMs: number
  /** Extra time a trip takes to accelerate and to level at the landing. */
  startStopMs: number
}

export const LIFT_DEFAULTS = { floorHeight: 3.2, doorMs: 2500, dwellMs: 4000, startStopMs: 2500 } as const

export type EntrapmentKind = 'door_zone' | 'between_floors'
export type Direction = 0 | 1 | 2

/**
 * idle: stopped at a landing, doors closed · running · opening / open / closing: doors at a landing ·
 * trapped: stopped with passengers who cannot get out · faulted: out of service until the fault clears ·
 * inspection: maintenance visit in inspection mode (检修), service mode 2.
 */
export type LiftPhase = 'idle' | 'running' | 'opening' | 'open' | 'closing' | 'trapped' | 'faulted' | 'inspection'

export interface Trip { from: number, to: number, departAt: number, arriveAt: number }
export interface Passenger { from: number, to: number }

export interface LiftState {
  readonly spec: LiftSpec
  phase: LiftPhase
  /** GB/T 24476 service mode: 1 normal, 2 inspection. */
  mode: number
  /** Landing the car is at, or the last one it passed while running. */
  floor: number
  dir: Direction
  /** Direction of the last trip: collective control keeps going that way while it has calls ahead. */
  lastDir: Direction
  doorZone: boolean
  doorClosed: boolean
  /** Destination landing of each passenger in the car. */
  riders: number[]
  /** Passengers who pressed a hall button and wait at a landing. */
  waiting: Passenger[]
  /** Landings to visit without a passenger (a dispatcher or test sending the car somewhere). */
  stops: number[]
  trip: Trip | null
  /** End of the current door phase or maintenance visit. */
  until: number | null
  /** An entrapment on its way: it happens when the car next stops (door zone) or half a floor out (between floors). */
  jam: { kind: EntrapmentKind, report: boolean, stopAt: number | null } | null
  trapped: { kind: EntrapmentKind, report: boolean, since: number } | null
  /** Everybody leaves at the next door opening: a fault landing or a rescue. */
  evacuate: boolean
  faults: Array<{ code: string, until: number | null }>
  alarmUntil: number | null
  /** A maintenance visit waiting for the car to be free. */
  visit: { durationMs: number } | null
  trips: number
  runMs: number
}

export type LiftInput =
  | { type: 'tick' }
  | { type: 'hall_call', from: number, to: number }
  | { type: 'car_call', floor: number }
  | { type: 'trap', kind: EntrapmentKind, report: boolean }
  | { type: 'release' }
  | { type: 'fault', code: string, durationMs: number | null }
  | { type: 'clear_fault', code: string }
  | { type: 'alarm_button', durationMs: number }
  | { type: 'start_inspection', durationMs: number }
  | { type: 'end_inspection' }

/** A state payload of the gateway protocol without its timestamp: the gateway stamps it with its own clock. */
export type LiftReport = Omit<Static<typeof ElevatorStatePayload>, 'ts'>

export type LiftMessage =
  | { channel: 'state', body: LiftReport }
  | { channel: 'event', body: { code: string, active: boolean } }

export interface LiftStep { state: LiftState, messages: LiftMessage[] }
