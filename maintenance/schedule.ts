// When a lift's maintenance is due, pure (TSG T5002-2017, 特种设备安全监察条例 art. 31, domain.md §4): the
// next due date of each interval from the last record that covered it (a longer interval covers the
// shorter ones: an annual visit is also the half-monthly one), whether it is due soon or overdue on the
// city's date — at most 15 days between two half-monthly maintenances, so day 16 is overdue — and which
// interval the next visit should be. Also the checks a visit must pass before it is submitted, and the
// lift terminal's verdict on a visit window. The store aggregates the last dates in SQL and judges here.
import { addDays, addMonths, daysBetween } from '../platform/calendar.ts'
import { msg, type Message } from '../platform/messages/key.ts'
import { INTERVALS, type Interval } from './checklists.ts'
// Only the types of the keys said here: the texts are loaded by the routes (maintenance/messages.ts).
import type {} from './messages.ts'

/** The most days between the last maintenance of an interval and the next (half-monthly: 15 days). */
export function dueBy (interval: Interval, lastDone: string): string {
  if (interval === 'half_monthly') return addDays(lastDone, 15)
  return addMonths(lastDone, interval === 'quarterly' ? 3 : interval === 'half_yearly' ? 6 : 12)
}

export const DUE_STATUSES = ['overdue', 'due_soon', 'ok', 'no_record'] as const
export type DueStatus = typeof DUE_STATUSES[number]

export interface IntervalDue { interval: Interval, lastDone: string | null, dueBy: string | null, daysLeft: number | null, status: DueStatus }

/** Last local dates of records of each interval itself (null: none); the cover of longer ones is applied here. */
export type LastDone = Partial<Record<Interval, string | null>>

export interface LiftDue {
  intervals: IntervalDue[]
  /** overdue when any interval is; due_soon when any is due within the lead; no_record with no record at all. */
  status: DueStatus
  /** The interval the next visit should be: the longest one overdue or due soon, else half-monthly. */
  nextInterval: Interval
  /** The earliest due date of any interval, null with no record. */
  dueBy: string | null
  /** The longest overdue interval and its due date: what the overdue alert is about. */
  overdue: { interval: Interval, dueBy: string } | null
}

/** A lift's maintenance plan on `today` (the city's date) from the last date each interval was done. */
export function liftDue (done: LastDone, today: string, dueSoonDays: number): LiftDue {
  const intervals: IntervalDue[] = INTERVALS.map((interval, rank) => {
    // The latest record of this interval or any longer one.
    let lastDone: string | null = null
    for (const longer of INTERVALS.slice(rank)) {
      const d = done[longer] ?? null
      if (d !== null && (lastDone === null || d > lastDone)) lastDone = d
    }
    if (lastDone === null) return { interval, lastDone, dueBy: null, daysLeft: null, status: 'no_record' as const }
    const by = dueBy(interval, lastDone)
    const daysLeft = daysBetween(today, by)
    return { interval, lastDone, dueBy: by, daysLeft, status: daysLeft < 0 ? 'overdue' as const : daysLeft <= dueSoonDays ? 'due_soon' as const : 'ok' as const }
  })
  const known = intervals.filter((i) => i.dueBy !== null)
  if (known.length === 0) return { intervals, status: 'no_record', nextInterval: 'half_monthly', dueBy: null, overdue: null }
  const overdue = known.filter((i) => i.status === 'overdue')
  const pressing = known.filter((i) => i.status === 'overdue' || i.status === 'due_soon')
  const longestOverdue = overdue.at(-1)
  return {
    intervals,
    status: overdue.length > 0 ? 'overdue' : pressing.length > 0 ? 'due_soon' : 'ok',
    // A lift never given a longer interval (records only of shorter ones) gets it at its next visit once due.
    nextInterval: pressing.at(-1)?.interval ?? 'half_monthly',
    dueBy: known.map((i) => i.dueBy!).sort()[0]!,
    overdue: longestOverdue === undefined ? null : { interval: longestOverdue.interval, dueBy: longestOverdue.dueBy! }
  }
}

export const ITEM_RESULTS = ['pass', 'fail', 'na'] as const
export type ItemResult = typeof ITEM_RESULTS[number]

export interface Worker { name: string, certificateNo: string | null, signature: string | null }

export interface Submission {
  requiredItems: readonly string[]
  results: Record<string, { result: ItemResult, note?: string | null }>
  photos: number
  photosMin: number
  workers: readonly Worker[]
  startedAt: number
  endedAt: number
  now: number
}

export const REFUSALS = ['missing_items', 'too_few_photos', 'one_worker', 'no_certified_worker', 'missing_signature', 'end_before_start', 'end_in_future', 'fail_without_note'] as const
export type Refusal = typeof REFUSALS[number]

/** Why a visit cannot be submitted yet; empty when it can. The draft is kept either way. */
export function submissionProblems (s: Submission): Array<{ reason: Refusal, message: Message }> {
  const out: Array<{ reason: Refusal, message: Message }> = []
  const missing = s.requiredItems.filter((code) => s.results[code] === undefined)
  if (missing.length > 0) out.push({ reason: 'missing_items', message: msg('maintenance.missing_items', { count: missing.length, codes: missing.slice(0, 10) }) })
  const failsWithoutNote = s.requiredItems.filter((code) => s.results[code]?.result === 'fail' && (s.results[code]?.note ?? '').trim() === '')
  if (failsWithoutNote.length > 0) out.push({ reason: 'fail_without_note', message: msg('maintenance.fail_without_note', { codes: failsWithoutNote.slice(0, 10) }) })
  if (s.photos < s.photosMin) out.push({ reason: 'too_few_photos', message: msg('maintenance.too_few_photos', { have: s.photos, need: s.photosMin }) })
  if (s.workers.length < 2) out.push({ reason: 'one_worker', message: msg('maintenance.one_worker', { have: s.workers.length }) })
  if (!s.workers.some((w) => (w.certificateNo ?? '').trim() !== '')) out.push({ reason: 'no_certified_worker', message: msg('maintenance.no_certified_worker') })
  const unsigned = s.workers.filter((w) => w.signature === null || w.signature === '').map((w) => w.name)
  if (unsigned.length > 0) out.push({ reason: 'missing_signature', message: msg('maintenance.missing_signature', { names: unsigned }) })
  if (s.endedAt < s.startedAt) out.push({ reason: 'end_before_start', message: msg('maintenance.end_before_start') })
  // A phone's clock may run a little ahead of the server's.
  else if (s.endedAt > s.now + 5 * 60_000) out.push({ reason: 'end_in_future', message: msg('maintenance.end_in_future') })
  return out
}

export const VERDICTS = ['inspection_mode_seen', 'no_terminal', 'offline', 'no_inspection_mode', 'too_short', 'far_from_lift', 'unavailable'] as const
export type Verdict = typeof VERDICTS[number]

/** How far the phone was from the lift's registered place when the visit started (null: either is unknown). */
export interface VisitPlace { distanceM: number | null, accuracyM: number | null, radiusM: number }
const NO_PLACE: VisitPlace = { distanceM: null, accuracyM: null, radiusM: 0 }

/** Great-circle distance in metres (haversine, mean Earth radius): ample for "near the lift". */
export function distanceM (a: { latitude: number, longitude: number }, b: { latitude: number, longitude: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)))
}

export interface VisitTelemetry {
  /** A gateway is bound to the lift (the registry). */
  hasTerminal: boolean
  /** State points in the visit window, and of them those in service mode 2 (检修, GB/T 24476). */
  points: number
  inspectionModePoints: number
  /** The lift's mode at the last point before the window (a terminal reports changes), null with none. */
  modeBefore: number | null
}

/**
 * Whether the lift itself vouches for a visit: its terminal reported 检修 (mode 2) during the window, and
 * the visit lasted at least `minVisitMs` (a quarter-hour visit is not a half-monthly maintenance).
 */
export function judgeVisit (t: VisitTelemetry | null, durationMs: number, minVisitMs: number, place: VisitPlace = NO_PLACE): { verified: boolean, reason: Verdict } {
  // Where the phone was when the visit started, when it said and the lift's place is registered: a visit
  // begun away from the lift is not vouched for, whatever the terminal reported.
  if (place.distanceM !== null && place.distanceM > place.radiusM + (place.accuracyM ?? 0)) return { verified: false, reason: 'far_from_lift' }
  if (t === null) return { verified: false, reason: 'unavailable' }
  if (!t.hasTerminal) return { verified: false, reason: 'no_terminal' }
  if (t.points === 0 && t.modeBefore === null) return { verified: false, reason: 'offline' }
  if (t.inspectionModePoints === 0 && t.modeBefore !== 2) return { verified: false, reason: 'no_inspection_mode' }
  if (durationMs < minVisitMs) return { verified: false, reason: 'too_short' }
  return { verified: true, reason: 'inspection_mode_seen' }
}


/**
 * A lift's 检修 periods from the instants of its mode-2 reports, in order: reports closer than `gapMs` (a
 * terminal reports each change and a heartbeat) belong to one period, from its first report to its last.
 */
export function inspectionModePeriods (times: readonly number[], gapMs: number): Array<{ from: number, to: number, points: number }> {
  const out: Array<{ from: number, to: number, points: number }> = []
  for (const t of [...times].sort((a, b) => a - b)) {
    const last = out.at(-1)
    if (last !== undefined && t - last.to <= gapMs) {
      last.to = t
      last.points++
    } else out.push({ from: t, to: t, points: 1 })
  }
  return out
}

/** Where a lift's hash chain stops holding (maintenance/chain.ts verifies it). */
export const BREAKS = ['content_changed', 'previous_hash_mismatch', 'missing_record', 'head_mismatch'] as const
export type ChainBreak = typeof BREAKS[number]
