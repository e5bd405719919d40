// How the rescue figures read: minutes with two decimals (as centers publish them), shares as percent,
// rates per 10,000 lifts with two decimals; '—' where a figure has no cases behind it.
import { formatNumber } from '../common/format.ts'

export const formatMinutes = (value: number | null, locale: string) => (value === null ? '—' : formatNumber(value, locale, 2))
export const formatShare = (value: number | null, locale: string) => (value === null ? '—' : `${formatNumber(value * 100, locale, 1)}%`)
export const formatRate = (value: number | null, locale: string) => (value === null ? '—' : formatNumber(value, locale, 2))
