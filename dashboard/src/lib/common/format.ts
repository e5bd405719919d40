// Dates and times are shown in Asia/Shanghai whatever the browser's zone: a dispatcher, a maintainer and
// an inspector must read the same clock time for the same event.
export const TIME_ZONE = 'Asia/Shanghai'

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter (locale: string, kind: 'dateTime' | 'time' | 'short'): Intl.DateTimeFormat {
  const key = `${locale}|${kind}`
  let f = formatters.get(key)
  if (f === undefined) {
    const options: Intl.DateTimeFormatOptions = kind === 'time'
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : kind === 'short'
        ? { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }
        : { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE, hourCycle: 'h23' })
    formatters.set(key, f)
  }
  return f
}

type Instant = number | string | Date | null | undefined

function toDate (value: Instant): Date | null {
  if (value === null || value === undefined) return null
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "2026-03-01 14:05:09" style, in Asia/Shanghai; '—' for nothing. */
export function formatDateTime (value: Instant, locale: string): string {
  const date = toDate(value)
  return date === null ? '—' : formatter(locale, 'dateTime').format(date)
}

export function formatTime (value: Instant, locale: string): string {
  const date = toDate(value)
  return date === null ? '—' : formatter(locale, 'time').format(date)
}

/** For chart axes: month, day and time. */
export function formatShort (value: Instant, locale: string): string {
  const date = toDate(value)
  return date === null ? '—' : formatter(locale, 'short').format(date)
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD, the form the registry's inspection dates use. */
export function todayInShanghai (now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** Next inspection date before today (the API's `overdue` filter uses the same rule). */
export function isOverdue (nextInspectionDate: string | null, today = todayInShanghai()): boolean {
  return nextInspectionDate !== null && nextInspectionDate < today
}

export function formatNumber (value: number, locale: string, fractionDigits = 0): string {
  return value.toLocaleString(locale, { maximumFractionDigits: fractionDigits })
}

export function formatBytes (bytes: number, locale: string): string {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++ }
  return `${formatNumber(value, locale, unit === 0 ? 0 : 1)} ${units[unit]}`
}
