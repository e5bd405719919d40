// How alerts are detected, per lift, from its state and event stream (domain.md §2). Pure: the engine
// feeds inputs with the server's receive time and applies the effects; durations are measured on the
// server's clock only, because gateway clocks drift.
//
//  entrapment (困人, critical, never clears by itself):
//    - the terminal reports code `entrapment`, or the alarm button (90) while a passenger is inside;
//    - derived: car stopped, doors closed, passenger inside, in a passenger service mode, and
//      outside the door zone for ≥ betweenFloorsMs (非平层关人) or in the door zone for ≥ atLandingMs (平层关人);
//  alarm_button without a passenger: warning, a possible false alarm;
//  fault.<code>: raised when the terminal says active, cleared when it says inactive or reports 40 (恢复自动运行);
//  power_outage: code 41 or state power "outage", cleared when power is back;
//  offline: nothing heard from the lift for offlineMs; an operational alert, cleared by the next message.
import type { ElevatorEvent, ElevatorState } from '../elevators/payloads.ts'
import { isFaultCode, severityOf, type AlertType, type EntrapmentSource, type Severity } from './types.ts'
import { msg, type Message } from '../platform/messages/key.ts'
// Only the types of the keys said here: the texts are loaded by the server modules that run the rules.
import type {} from './messages.ts'

export interface RuleThresholds {
  betweenFloorsMs: number
  atLandingMs: number
  offlineMs: number
}

export const DEFAULT_THRESHOLDS: RuleThresholds = { betweenFloorsMs: 15_000, atLandingMs: 90_000, offlineMs: 300_000 }

export interface LiftMemory {
  lastSeenAt: number
  occupied: boolean
  /** Since when (server time) the car has been stopped, closed and occupied; null when it is not. */
  stillSince: number | null
  stillInDoorZone: boolean
  /** Open alert types of this lift: one open alert per lift and type. */
  open: ReadonlySet<AlertType>
}

export type RuleInput =
  | { kind: 'state', state: ElevatorState }
  | { kind: 'event', event: ElevatorEvent }
  | { kind: 'tick' }

export type RuleEffect =
  | { kind: 'raise', type: AlertType, severity: Severity, at: number, source?: EntrapmentSource, code?: string }
  | { kind: 'clear', type: AlertType, at: number, reason: Message }

export const emptyMemory = (open: Iterable<AlertType> = []): LiftMemory =>
  ({ lastSeenAt: 0, occupied: false, stillSince: null, stillInDoorZone: false, open: new Set(open) })

// In inspection (2) and the fire modes (3, 4) people in a stopped car are technicians or firefighters.
const NO_DERIVED_ENTRAPMENT_MODES = new Set([2, 3, 4])

export function stepLift (memory: LiftMemory, input: RuleInput, now: number, t: RuleThresholds): { memory: LiftMemory, effects: RuleEffect[] } {
  const effects: RuleEffect[] = []
  let open = memory.open
  const raise = (type: AlertType, extra: { source?: EntrapmentSource, code?: string } = {}) => {
    if (open.has(type)) return
    open = new Set(open).add(type)
    effects.push({ kind: 'raise', type, severity: severityOf(type), at: now, ...extra })
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
    if (s.power === 'outage') raise('power_outage')
    else if (s.power === 'normal') clear('power_outage', msg('note.power_back'))
    const still = !s.moving && s.doorClosed && s.occupied && !NO_DERIVED_ENTRAPMENT_MODES.has(s.mode)
    if (!still) next.stillSince = null
    else if (next.stillSince === null || next.stillInDoorZone !== s.doorZone) {
      next.stillSince = now
      next.stillInDoorZone = s.doorZone
    }
  }

  if (input.kind === 'event' && input.event.active) {
    const { code } = input.event
    if (code === 'entrapment') raise('entrapment', { source: 'terminal_code', code })
    else if (code === '90') {
      if (next.occupied) raise('entrapment', { source: 'alarm_with_passenger', code })
      else raise('alarm_button', { code })
    } else if (code === '41') raise('power_outage', { code })
    else if (code === '40') {
      for (const type of open) if (type.startsWith('fault.')) clear(type, msg('note.normal_operation'))
    } else if (isFaultCode(code)) raise(`fault.${code}`, { code })
  }
  if (input.kind === 'event' && !input.event.active) {
    const { code } = input.event
    if (code === '41') clear('power_outage', msg('note.power_back'))
    else if (isFaultCode(code)) clear(`fault.${code}`, msg('note.fault_over'))
    // An entrapment never clears by itself: only the rescue workflow closes it.
  }

  if (next.stillSince !== null) {
    const limit = next.stillInDoorZone ? t.atLandingMs : t.betweenFloorsMs
    if (now - next.stillSince >= limit) raise('entrapment', { source: next.stillInDoorZone ? 'at_landing' : 'between_floors' })
  }
  if (input.kind === 'tick' && next.lastSeenAt > 0 && now - next.lastSeenAt >= t.offlineMs) raise('offline')

  next = { ...next, open }
  return { memory: next, effects }
}

/** When a person closes or a rule clears an alert elsewhere, the lift may raise that type again. */
export function forgetAlert (memory: LiftMemory, type: AlertType): LiftMemory {
  if (!memory.open.has(type)) return memory
  const open = new Set(memory.open)
  open.delete(type)
  return { ...memory, open }
}

/** Ms until a tick could raise something for this lift (derived entrapment), or null. */
export function nextDeadline (memory: LiftMemory, t: RuleThresholds): number | null {
  if (memory.stillSince === null || memory.open.has('entrapment')) return null
  return memory.stillSince + (memory.stillInDoorZone ? t.atLandingMs : t.betweenFloorsMs)
}
