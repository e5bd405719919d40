// The rescue workflow for entrapments and alarm calls (domain.md §3; DB32/T 4130-2021), as a pure state
// machine: reported (接警) → dispatched (派单, level 1 = the contracted firm) → accepted (处置响应) →
// arrived (到场) → released (解救完成) → called_back (回访) → closed (结案, with a cause); or false alarm (误报).
// The clock (dueEscalation, nextClockAt) runs on every open case until it closes: level 1 → 2 → 3 when a
// level misses its acceptance window or its arrival limit; a case nobody dispatches is shouted about and
// goes to level 3 at the limit; past the limit, and after arrival, reminders repeat until the next step.

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
  /** The last warning or reminder the clock gave. */
  warnedAt: number | null
  /** When the current level began (null at level 1, which begins with the dispatch). */
  levelSince: number | null
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
  warn: OPEN_RESCUE_STATUSES
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
      // Level 2 hands the case to another responder, whose acceptance clock starts with its dispatch. Where
      // the district has no grid rescue station the firm on the case keeps it, and the level's own window
      // (levelSince) still runs before 110/119. Level 3 is recorded; 110/119 are called by phone.
      if (a.level === 3 || a.firmId === null) return { ok: true, next: { ...c, level: a.level, levelSince: now } }
      return { ok: true, next: { ...c, level: 2, levelSince: now, firmId: a.firmId, status: 'dispatched', dispatchedAt: now, acceptedAt: null } }
    }
    case 'warn': return { ok: true, next: { ...c, warnedAt: now } }
  }
}

export interface EscalationPolicy {
  /** A dispatched level must accept within this. */
  acceptTimeoutMs: number
  /** Warn the dispatcher this long before the arrival limit (0: no such warning). */
  warnBeforeMs: number
  /** A case nobody dispatched is shouted about this long after the report. */
  undispatchedWarnMs?: number
  /** While a case is undispatched or past its arrival limit, the warning repeats this often. */
  repeatWarnMs?: number
  /** Rescuers on site this long without releasing the passenger: remind (then every repeatWarnMs). */
  onSiteWarnMs?: number
  /** A released case not yet closed: remind this long after the last step, and as often again. */
  closeRemindMs?: number
}

/** The defaults of the settings in platform/config.ts (README's configuration table). */
export const DEFAULT_ESCALATION_POLICY: Required<EscalationPolicy> = {
  acceptTimeoutMs: 5 * 60_000,
  warnBeforeMs: 5 * 60_000,
  undispatchedWarnMs: 2 * 60_000,
  repeatWarnMs: 5 * 60_000,
  onSiteWarnMs: 30 * 60_000,
  closeRemindMs: 4 * 3_600_000
}

/** Something the clock will demand from `at` (a pre-limit warning: only until the limit), worded when given. */
interface ClockItem { at: number, until?: number, escalates: boolean, action: (now: number) => RescueAction }

const minutes = (ms: number) => Math.max(0, Math.round(ms / 60_000))

/**
 * When the current level must be on site: the passenger's limit (report + the district's limit) for a level
 * that took the case before it passed; a level that took it later gets a full limit of its own.
 */
export function arrivalDeadline (c: RescueCase): number {
  const limitAt = c.reportedAt + c.arrivalLimitMin * 60_000
  return c.levelSince === null || c.levelSince < limitAt ? limitAt : c.levelSince + c.arrivalLimitMin * 60_000
}

/** Everything the clock has in store for an open case; none for a closed one. */
function clockItems (c: RescueCase, policy: EscalationPolicy, stationFirmId: number | null): ClockItem[] {
  if (!OPEN_RESCUE_STATUSES.includes(c.status)) return []
  const p = { ...DEFAULT_ESCALATION_POLICY, ...policy }
  const items: ClockItem[] = []
  const escalate = (at: number, action: RescueAction) => items.push({ at, escalates: true, action: () => action })
  const warn = (at: number, say: (now: number) => Note, until?: number) =>
    items.push({ at, escalates: false, action: (now) => ({ action: 'warn', reason: say(now) }), ...(until === undefined ? {} : { until }) })
  /** First at `first`, then every `every` after the last warning. */
  const reminder = (first: number, every: number, since = c.warnedAt) => (since === null || since < first ? first : since + every)

  if (BEFORE_ARRIVAL.includes(c.status)) {
    const limitAt = c.reportedAt + c.arrivalLimitMin * 60_000
    const deadline = arrivalDeadline(c)
    if (c.level < 3) {
      // A station that is the firm already on the case is no second responder.
      const levelTwoFirmId = stationFirmId === c.firmId ? null : stationFirmId
      const up = (reason: Note): RescueAction => c.level === 1
        ? { action: 'escalate', level: 2, firmId: levelTwoFirmId, reason }
        : { action: 'escalate', level: 3, firmId: null, reason }
      if (c.status === 'dispatched' && c.dispatchedAt !== null) {
        const seconds = Math.round(p.acceptTimeoutMs / 1000)
        escalate(Math.max(c.dispatchedAt, c.levelSince ?? c.dispatchedAt) + p.acceptTimeoutMs, up(msg(c.level === 1 ? 'note.level1_not_accepted' : 'note.level2_not_accepted', { seconds })))
      }
      if (c.status === 'reported') escalate(deadline, { action: 'escalate', level: 3, firmId: null, reason: msg('note.undispatched_at_limit', { minutes: c.arrivalLimitMin }) })
      else escalate(deadline, up(msg(c.level === 1 ? 'note.arrival_limit_passed' : 'note.arrival_missed_call_110', { minutes: c.arrivalLimitMin })))
    }
    // An escalation is itself a shout: repeats count from the later of it and the last warning.
    const lastShout = Math.max(c.warnedAt ?? -Infinity, c.level > 1 && c.levelSince !== null ? c.levelSince : -Infinity)
    const since = lastShout === -Infinity ? null : lastShout
    if (p.warnBeforeMs > 0 && (c.warnedAt === null || c.warnedAt < limitAt - p.warnBeforeMs)) {
      warn(limitAt - p.warnBeforeMs, (now) => msg('note.minutes_left', { minutes: minutes(limitAt - now) }), limitAt)
    }
    if (c.status === 'reported') warn(reminder(c.reportedAt + p.undispatchedWarnMs, p.repeatWarnMs, since), (now) => msg('note.not_dispatched', { minutes: minutes(now - c.reportedAt) }))
    warn(reminder(limitAt, p.repeatWarnMs, since), (now) => msg('note.arrival_overdue', { minutes: minutes(now - limitAt) }))
  } else if (c.status === 'arrived' && c.arrivedAt !== null) {
    const arrivedAt = c.arrivedAt
    warn(reminder(arrivedAt + p.onSiteWarnMs, p.repeatWarnMs), (now) => msg('note.on_site_long', { minutes: minutes(now - arrivedAt) }))
  } else {
    const last = (c.status === 'called_back' ? c.calledBackAt : c.releasedAt) ?? c.reportedAt
    const key = c.status === 'called_back' ? 'note.close_after_call_back' : 'note.close_pending'
    warn(reminder(last + p.closeRemindMs, p.closeRemindMs), (now) => msg(key, { minutes: minutes(now - last) }))
  }
  return items
}

/**
 * What the clock demands of a case right now, or null; the caller applies it as the system actor. An
 * escalation wins over a warning due at the same time. Closed cases have no clock.
 */
export function dueEscalation (c: RescueCase, now: number, p: EscalationPolicy, stationFirmId: number | null): RescueAction | null {
  const due = clockItems(c, p, stationFirmId).filter((i) => i.at <= now && (i.until === undefined || now < i.until))
  const item = due.find((i) => i.escalates) ?? due.sort((x, y) => x.at - y.at)[0]
  return item === undefined ? null : item.action(now)
}

/**
 * When the clock will next demand something of this case if nothing else happens to it (after `now`), or
 * null for a closed case. For an open case there is always such a time: no case goes silent.
 */
export function nextClockAt (c: RescueCase, now: number, p: EscalationPolicy, stationFirmId: number | null): number | null {
  const later = clockItems(c, p, stationFirmId).filter((i) => i.at > now).map((i) => i.at)
  return later.length === 0 ? null : Math.min(...later)
}
