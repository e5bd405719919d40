// The rescue workflow for entrapments and alarm calls (domain.md §3; DB32/T 4130-2021), as a pure state
// machine: reported (接警) → dispatched (派单, level 1 = the contracted firm) → accepted (处置响应) →
// arrived (到场) → released (解救完成) → called_back (回访) → closed (结案, with a cause); or false alarm (误报).
// Escalation: level 2 (grid rescue station / another firm) when a level does not accept in time or the
// arrival limit passes; level 3 (110/119) is recorded when used.

import { msg, type Message, type Note } from '../platform/messages/key.ts'
// Only the types of the keys said here: the dashboard imports this file and must not bundle server texts.
import type {} from './messages.ts'

export const RESCUE_STATUSES = ['reported', 'dispatched', 'accepted', 'arrived', 'released', 'called_back', 'closed', 'false_alarm'] as const
export type RescueStatus = typeof RESCUE_STATUSES[number]
export const OPEN_RESCUE_STATUSES: readonly RescueStatus[] = ['reported', 'dispatched', 'accepted', 'arrived', 'released', 'called_back']

export interface RescueCase {
  status: RescueStatus
  level: 1 | 2 | 3
  firmId: number | null
  reportedAt: number
  dispatchedAt: number | null
  acceptedAt: number | null
  arrivedAt: number | null
  releasedAt: number | null
  calledBackAt: number | null
  closedAt: number | null
  cause: string | null
  arrivalLimitMin: number
  warnedAt: number | null
}

export type RescueAction =
  | { action: 'dispatch', firmId: number }
  | { action: 'accept' }
  | { action: 'arrive' }
  | { action: 'release' }
  | { action: 'call_back' }
  | { action: 'close', cause: string }
  | { action: 'false_alarm', cause: string }
  | { action: 'escalate', level: 2 | 3, firmId: number | null, reason: Note }
  | { action: 'warn', reason: Note }

export interface RescueActor { role: 'admin' | 'dispatcher' | 'maintainer' | 'system' | string, firmId: number | null }

/** A refusal is a catalog message: the edge renders it in the reader's language. */
export type Transition = { ok: true, next: RescueCase } | { ok: false, error: Message }

const FIRM_ACTIONS = new Set(['accept', 'arrive', 'release'])
const BEFORE_ARRIVAL: readonly RescueStatus[] = ['reported', 'dispatched', 'accepted']

/**
 * What must have happened before an action (the catalog says why, in the dispatcher's words). The
 * dashboard offers only the buttons this allows.
 */
export const REQUIRES: Record<RescueAction['action'], readonly RescueStatus[]> = {
  dispatch: ['reported'],
  accept: ['dispatched'],
  arrive: ['dispatched', 'accepted'],
  release: ['arrived'],
  call_back: ['released'],
  close: ['released', 'called_back'],
  false_alarm: BEFORE_ARRIVAL.concat('arrived'),
  escalate: ['dispatched', 'accepted', 'reported'],
  warn: BEFORE_ARRIVAL
}

export function applyRescueAction (c: RescueCase, a: RescueAction, actor: RescueActor, now: number): Transition {
  if (actor.role === 'maintainer') {
    if (!FIRM_ACTIONS.has(a.action)) return { ok: false, error: msg('rescue.firm_actions_only', { action: a.action }) }
    if (c.firmId === null || c.firmId !== actor.firmId) return { ok: false, error: msg('rescue.other_firm') }
  }
  if (!REQUIRES[a.action].includes(c.status)) return { ok: false, error: msg('rescue.wrong_status', { action: a.action, status: c.status }) }
  switch (a.action) {
    case 'dispatch': return { ok: true, next: { ...c, status: 'dispatched', firmId: a.firmId, dispatchedAt: now } }
    case 'accept': return { ok: true, next: { ...c, status: 'accepted', acceptedAt: now } }
    case 'arrive': return { ok: true, next: { ...c, status: 'arrived', arrivedAt: now, acceptedAt: c.acceptedAt ?? now } }
    case 'release': return { ok: true, next: { ...c, status: 'released', releasedAt: now } }
    case 'call_back': return { ok: true, next: { ...c, status: 'called_back', calledBackAt: now } }
    case 'close':
    case 'false_alarm': {
      const cause = a.cause.trim()
      if (cause === '') return { ok: false, error: msg(a.action === 'close' ? 'rescue.close_needs_cause' : 'rescue.false_alarm_needs_note') }
      return { ok: true, next: { ...c, status: a.action === 'close' ? 'closed' : 'false_alarm', closedAt: now, cause } }
    }
    case 'escalate': {
      if (a.level <= c.level) return { ok: false, error: msg('rescue.already_at_level', { level: c.level }) }
      if (a.level === 3) return { ok: true, next: { ...c, level: 3 } }
      // Level 2 hands the case to another responder, whose acceptance clock starts now. Where the district
      // has no grid rescue station the level-1 firm keeps the case, but level 2 still gets its own window
      // before 110/119: otherwise the next clock round would jump straight to level 3.
      if (a.firmId === null) return { ok: true, next: { ...c, level: 2, dispatchedAt: c.status === 'dispatched' ? now : c.dispatchedAt } }
      return { ok: true, next: { ...c, level: 2, firmId: a.firmId, status: 'dispatched', dispatchedAt: now, acceptedAt: null } }
    }
    case 'warn': return { ok: true, next: { ...c, warnedAt: now } }
  }
}

export interface EscalationPolicy {
  /** A dispatched level must accept within this. */
  acceptTimeoutMs: number
  /** Warn the dispatcher this long before the arrival limit. */
  warnBeforeMs: number
}

/** What the clock demands of a case right now; the caller applies it as the system actor. */
export function dueEscalation (c: RescueCase, now: number, p: EscalationPolicy, stationFirmId: number | null): RescueAction | null {
  if (!BEFORE_ARRIVAL.includes(c.status)) return null
  // A station that is the firm already on the case is no second responder.
  const levelTwoFirmId = stationFirmId === c.firmId ? null : stationFirmId
  const limitAt = c.reportedAt + c.arrivalLimitMin * 60_000
  if (c.status === 'dispatched' && c.dispatchedAt !== null && now - c.dispatchedAt >= p.acceptTimeoutMs && c.level < 3) {
    return c.level === 1
      ? { action: 'escalate', level: 2, firmId: levelTwoFirmId, reason: msg('note.level1_not_accepted', { seconds: Math.round(p.acceptTimeoutMs / 1000) }) }
      : { action: 'escalate', level: 3, firmId: null, reason: msg('note.level2_not_accepted', { seconds: Math.round(p.acceptTimeoutMs / 1000) }) }
  }
  if (now >= limitAt && c.level === 1 && c.status !== 'reported') {
    return { action: 'escalate', level: 2, firmId: levelTwoFirmId, reason: msg('note.arrival_limit_passed', { minutes: c.arrivalLimitMin }) }
  }
  if (c.warnedAt === null && now >= limitAt - p.warnBeforeMs && now < limitAt) {
    return { action: 'warn', reason: msg('note.minutes_left', { minutes: Math.round((limitAt - now) / 60_000) }) }
  }
  return null
}
