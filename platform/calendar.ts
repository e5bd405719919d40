// Calendar dates of the city, pure (inspection and maintenance both judge on them): what day it is in the
// city's time zone (not UTC: at 07:30 Beijing time it is still yesterday in UTC, and a lift due yesterday
// is overdue this morning), date arithmetic on
// 'YYYY-MM-DD' strings, the month ends of a trend, and the next moment a daily job runs at a local time.
// Only the JavaScript built-ins (Intl, Date): the dashboard and the simulators may use it.

const DAY_MS = 86_400_000

/**
 * A real calendar date written YYYY-MM-DD (2026-02-30 is not one), from 1900 on: no lift was inspected
 * before, and year 0 is no date PostgreSQL stores.
 */
export function isDate (value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900') return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)
}

const parts = (ms: number, timeZone: string) => {
  const out: Record<string, number> = {}
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
  for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return out as { year: number, month: number, day: number, hour: number, minute: number, second: number }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The city's date at an instant. */
export function localDate (ms: number, timeZone: string): string {
  const p = parts(ms, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetMs (ms: number, timeZone: string): number {
  const p = parts(ms, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000
}

/** The instant the city's clock shows `time` (HH:MM) on `date`. */
export function instantAt (date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [hh, mm] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(y, m - 1, d, hh, mm)
  // Twice: the offset at the guess may differ from the offset at the answer across a daylight-saving change.
  const first = wall - offsetMs(wall, timeZone)
  return wall - offsetMs(first, timeZone)
}

/** The first instant after `now` at which the city's clock shows `time` (HH:MM). */
export function nextRunAt (now: number, time: string, timeZone: string): number {
  const today = localDate(now, timeZone)
  const at = instantAt(today, time, timeZone)
  return at > now ? at : instantAt(addDays(today, 1), time, timeZone)
}

export function addDays (date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween (from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** The last day of the month `date` falls in (2024-02-10 → 2024-02-29). */
export function monthEnd (date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/** The same day `months` months earlier or later, kept inside the target month (03-31 − 1 month → 02-28/29). */
export function addMonths (date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const first = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10)
}

/**
 * The reference dates of a monthly trend ending at `reference`: the last day of each of the `months` − 1
 * months before it, then the reference date itself (the month in progress is judged as of that day).
 */
export function trendDates (reference: string, months: number): string[] {
  const out: string[] = []
  for (let i = months - 1; i >= 1; i--) out.push(monthEnd(addMonths(`${reference.slice(0, 7)}-01`, -i)))
  out.push(reference)
  return out
}
