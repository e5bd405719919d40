// The arrival clock of a rescue case (domain.md §3): it runs from the report until the firm arrives,
// against the district's limit (30 min in a city district, 60 elsewhere). Green while there is time,
// amber in the last minutes or once the server has warned, red when the limit has passed. After arrival
// (or a false alarm) it stops and keeps the colour of how it ended.
import type { RescueCase } from '../../api/types.ts'

export type ClockTone = 'ok' | 'near' | 'over'

export interface RescueClock {
  elapsedMs: number
  limitMs: number
  /** negative once the limit has passed */
  remainingMs: number
  running: boolean
  tone: ClockTone
}

/** Amber from this long before the limit, even when the server has not warned yet. */
export const NEAR_LIMIT_MS = 10 * 60_000

type ClockFacts = Pick<RescueCase, 'status' | 'reportedAt' | 'arrivedAt' | 'closedAt' | 'warnedAt' | 'arrivalLimitMin'>

export function rescueClock (c: ClockFacts, now: number): RescueClock {
  const reported = Date.parse(c.reportedAt)
  const stoppedAt = c.arrivedAt ?? (c.status === 'closed' || c.status === 'false_alarm' ? c.closedAt : null)
  const end = stoppedAt === null ? now : Date.parse(stoppedAt)
  const elapsedMs = Math.max(0, end - reported)
  const limitMs = c.arrivalLimitMin * 60_000
  const remainingMs = limitMs - elapsedMs
  const running = stoppedAt === null
  const tone: ClockTone = remainingMs < 0 ? 'over' : running && (remainingMs <= NEAR_LIMIT_MS || c.warnedAt !== null) ? 'near' : 'ok'
  return { elapsedMs, limitMs, remainingMs, running, tone }
}

/** 7:05, 29:59, 1:02:03: minutes and seconds, hours only when needed. */
export function formatDuration (ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  const sign = ms < 0 ? '−' : ''
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}` : `${sign}${m}:${s}`
}

/** Minutes with one decimal, for figures and stopped clocks. */
export function minutesBetween (from: string, to: string | null): number | null {
  if (to === null) return null
  return Math.round((Date.parse(to) - Date.parse(from)) / 6000) / 10
}
