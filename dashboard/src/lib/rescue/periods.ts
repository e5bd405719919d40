// Reporting periods in Asia/Shanghai (UTC+8 all year, no daylight saving): this month so far, last month,
// or whole days picked by hand. Ends are exclusive, as the figures API counts [from, to).
const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

export type PeriodKind = 'thisMonth' | 'lastMonth' | 'custom'
export interface Period { from: Date, to: Date }

function shanghaiYearMonth (now: number): { year: number, month: number } {
  const shifted = new Date(now + SHANGHAI_OFFSET_MS)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() }
}

/** Midnight at the start of a month (0-based; -1 is December of the year before), Shanghai time. */
export function monthStart (year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS)
}

/** Midnight at the start of a YYYY-MM-DD day, Shanghai time. */
export function dayStart (day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!) - SHANGHAI_OFFSET_MS)
}

/** null when a custom period is not complete or runs backwards. */
export function periodOf (kind: PeriodKind, now: number, days: [string, string] | null = null): Period | null {
  const { year, month } = shanghaiYearMonth(now)
  if (kind === 'thisMonth') return { from: monthStart(year, month), to: new Date(now) }
  if (kind === 'lastMonth') return { from: monthStart(year, month - 1), to: monthStart(year, month) }
  if (days === null) return null
  const from = dayStart(days[0])
  const to = new Date(dayStart(days[1]).getTime() + DAY_MS)
  return from < to ? { from, to } : null
}

/** YYYY-MM-DD of an instant in Shanghai, for file names. */
export function shanghaiDay (date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}
