// How alerts are detected, per lift, from its state and event stream (domain.md §2). Pure: the engine
// feeds inputs with the server's receive time and applies the effects; durations are measured on the
// server's clock only, because gateway clocks drift.
//
//  entrapment (困人, critical, never clears by itself):
//    - the terminal reports `entrapment` (平层/非平层 taken from the last door-zone state) or a split code
//      `entrapment_at_landing` / `entrapment_between_floors`, or the alarm button (90) while a passenger is
//      inside in a passenger mode;
//    - derived: car stopped, doors closed, passenger inside, in a passenger service mode, and
//      outside the door zone for ≥ betweenFloorsMs (非平层关人) or in the door zone for ≥ atLandingMs (平层关人);
//    - once a person closed it (rescued, or 误报), the same stop cannot raise another: a new entrapment needs
//      a new qualifying stop; a stop that stays suspicious as long again raises sensor_stuck (warning);
//  alarm_in_service: the alarm button in 检修 or a fire mode (staffModes): minor by default, since testing
//    the alarm is a half-monthly maintenance item (TSG T5002 A-1 轿内报警装置);
//  alarm_button without a passenger: warning, a possible false alarm;
//  fault.<code>: raised when the terminal says active, cleared when it says inactive or reports 40 (恢复自动运行);
//  power_outage: code 41 or state power "outage", cleared when power is back or by 40;
//  fire_recall (44), earthquake (47): major, cleared when the terminal says it is over or by 40;
//  offline: nothing heard from the lift for offlineMs; an operational alert, cleared by the next message.
import type { ElevatorEvent, ElevatorState } from '../elevators/payloads.ts'
import { isFaultCode, severityOf, type AlertType, type EntrapmentKind, type EntrapmentSource, type Severity } from './types.ts'
import { ENTRAPMENT_CODES, isEntrapmentCode } from '../elevators/codes.ts'
import { msg, type Message } from '../platform/messages/key.ts'
// Only the types of the keys said here: the texts are loaded by the server modules that run the rules.
import type {} from './messages.ts'

export interface RuleThresholds {
  betweenFloorsMs: number
  atLandingMs: number
  offlineMs: number
  /** Service modes in which people in the car are technicians or firefighters (default 2 检修, 3, 4 fire). */
  staffModes?: readonly number[]
  /** Severity of the alarm button pressed in one of those modes (default minor). */
  serviceAlarmSeverity?: Severity
}

export const DEFAULT_STAFF_MODES: readonly number[] = [2, 3, 4]

export const DEFAULT_THRESHOLDS: RuleThresholds = { betweenFloorsMs: 15_000, atLandingMs: 90_000, offlineMs: 300_000, staffModes: DEFAULT_STAFF_MODES, serviceAlarmSeverity: 'minor' }

export interface LiftMemory {
  lastSeenAt: number
  occupied: boolean
  /** The last reported service mode; null before the first state. */
  mode: number | null
  /** In the door zone at the last state, when the car was stopped; null while it moves or before any state. */
  doorZone: boolean | null
  /** Since when (server time) the car has been stopped, closed and occupied; null when it is not. */
  stillSince: number | null
  stillInDoorZone: boolean
  /**
   * This stop already had its entrapment and a person closed it: it raises no other. stillSince then
   * counts from the close, toward sensor_stuck.
   */
  spent: boolean
  /** Open alert types of this lift: one open alert per lift and type. */
  open: ReadonlySet<AlertType>
}

export type RuleInput =
  | { kind: 'state', state: ElevatorState }
  | { kind: 'event', event: ElevatorEvent }
  | { kind: 'tick' }

export type RuleEffect =
  | { kind: 'raise', type: AlertType, severity: Severity, at: number, source?: EntrapmentSource, code?: string, entrapmentKind?: EntrapmentKind | null }
  | { kind: 'clear', type: AlertType, at: number, reason: Message }

export const emptyMemory = (open: Iterable<AlertType> = []): LiftMemory =>
  ({ lastSeenAt: 0, occupied: false, mode: null, doorZone: null, stillSince: null, stillInDoorZone: false, spent: false, open: new Set(open) })

const kindOf = (doorZone: boolean | null): EntrapmentKind | null => (doorZone === null ? null : doorZone ? 'at_landing' : 'between_floors')

/** Stopped, closed, occupied, in a passenger mode: the shape of a trapped passenger. */
export function isStill (s: ElevatorState, staffModes: readonly number[] = DEFAULT_STAFF_MODES): boolean {
  return !s.moving && s.doorClosed && s.occupied && !staffModes.includes(s.mode)
}

export function stepLift (memory: LiftMemory, input: RuleInput, now: number, t: RuleThresholds): { memory: LiftMemory, effects: RuleEffect[] } {
  const effects: RuleEffect[] = []
  const staffModes = t.staffModes ?? DEFAULT_STAFF_MODES
  let open = memory.open
  const raise = (type: AlertType, extra: { source?: EntrapmentSource, code?: string, entrapmentKind?: EntrapmentKind | null, severity?: Severity } = {}) => {
    if (open.has(type)) return
    open = new Set(open).add(type)
    const { severity, ...rest } = extra
    effects.push({ kind: 'raise', type, severity: severity ?? severityOf(type), at: now, ...rest })
  }
  const clear = (type: AlertType, reason: Message) => {
    if (!open.has(type)) return
    const next = new Set(open)
    next.delete(type)
    open = next
    effects.push({ kind: 'clear', type, at: now, reason })
  }
  let next: LiftMemory = { ...memory }

  if (input.kind !== 'tick') {
    next.lastSeenAt = now
    clear('offline', msg('note.terminal_back'))
  }

  if (input.kind === 'state') {
    const s = input.state
    next.occupied = s.occupied
    next.mode = s.mode
    next.doorZone = s.moving ? null : s.doorZone
    if (s.power === 'outage') raise('power_outage')
    else if (s.power === 'normal') clear('power_outage', msg('note.power_back'))
    if (!isStill(s, staffModes)) {
      next.stillSince = null
      next.spent = false
      clear('sensor_stuck', msg('note.sensor_state_changed'))
    } else if (next.stillSince === null || next.stillInDoorZone !== s.doorZone) {
      // A new stop (or the car crept into or out of the door zone): a new wait, owing nothing to a closed case.
      if (next.stillSince !== null) clear('sensor_stuck', msg('note.sensor_state_changed'))
      next.stillSince = now
      next.stillInDoorZone = s.doorZone
      next.spent = false
    }
  }

  if (input.kind === 'event' && input.event.active) {
    const { code } = input.event
    if (isEntrapmentCode(code)) raise('entrapment', { source: 'terminal_code', code, entrapmentKind: ENTRAPMENT_CODES[code] ?? kindOf(next.doorZone) })
    else if (code === '90') {
      if (next.mode !== null && staffModes.includes(next.mode)) raise('alarm_in_service', { code, severity: t.serviceAlarmSeverity ?? 'minor' })
      else if (next.occupied) raise('entrapment', { source: 'alarm_with_passenger', code, entrapmentKind: kindOf(next.doorZone) })
      else raise('alarm_button', { code })
    } else if (code === '41') raise('power_outage', { code })
    else if (code === '44') raise('fire_recall', { code })
    else if (code === '47') raise('earthquake', { code })
    else if (code === '40') {
      for (const type of open) {
        if (type.startsWith('fault.') || type === 'power_outage' || type === 'fire_recall' || type === 'earthquake') clear(type, msg('note.normal_operation'))
      }
    } else if (isFaultCode(code)) raise(`fault.${code}`, { code })
  }
  if (input.kind === 'event' && !input.event.active) {
    const { code } = input.event
    if (code === '41') clear('power_outage', msg('note.power_back'))
    else if (code === '44') clear('fire_recall', msg('note.fire_recall_over'))
    else if (code === '47') clear('earthquake', msg('note.earthquake_over'))
    else if (isFaultCode(code)) clear(`fault.${code}`, msg('note.fault_over'))
    // An entrapment never clears by itself: only the rescue workflow closes it.
  }

  if (next.stillSince !== null) {
    const limit = next.stillInDoorZone ? t.atLandingMs : t.betweenFloorsMs
    if (now - next.stillSince >= limit) {
      if (next.spent) raise('sensor_stuck')
      else {
        const source = next.stillInDoorZone ? 'at_landing' : 'between_floors'
        raise('entrapment', { source, entrapmentKind: source })
      }
    }
  }
  if (input.kind === 'tick' && next.lastSeenAt > 0 && now - next.lastSeenAt >= t.offlineMs) raise('offline')

  next = { ...next, open }
  return { memory: next, effects }
}

/**
 * When a person closes or a rule clears an alert elsewhere, the lift may raise that type again; but an
 * entrapment closed during a stop is that stop's: only a new stop raises another, and the stop lasting as
 * long again (counted from `now`, the close) raises sensor_stuck.
 */
export function forgetAlert (memory: LiftMemory, type: AlertType, now?: number): LiftMemory {
  let next = memory
  if (memory.open.has(type)) {
    const open = new Set(memory.open)
    open.delete(type)
    next = { ...memory, open }
  }
  if (type === 'entrapment' && memory.stillSince !== null) next = { ...next, spent: true, stillSince: now ?? memory.stillSince }
  return next
}

/** Ms until a tick could raise something for this lift (derived entrapment, or sensor_stuck), or null. */
export function nextDeadline (memory: LiftMemory, t: RuleThresholds): number | null {
  if (memory.stillSince === null || memory.open.has(memory.spent ? 'sensor_stuck' : 'entrapment')) return null
  return memory.stillSince + (memory.stillInDoorZone ? t.atLandingMs : t.betweenFloorsMs)
}
