// The monthly report's dates, pure: the month's first day and its reference date — the month's last day, or
// today for the month under way (定检率 is not known ahead); null for a month that has not begun.
export function monthBounds (month: string, today: string): { from: string, reference: string } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month)
  if (match === null) return null
  const [y, m] = [Number(match[1]), Number(match[2])]
  if (m < 1 || m > 12) return null
  const from = `${match[1]}-${match[2]}-01`
  if (from > today) return null
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
  return { from, reference: last < today ? last : today }
}

/** The last whole month before today's: the one a bureau files at the start of a month. */
export function lastMonth (today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
