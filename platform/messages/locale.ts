// The reader's language from an Accept-Language header (RFC 9110 §12.5.4): the highest q-value that names
// a language we have wins. Any Chinese (zh, zh-TW, zh-Hans-CN) reads the zh-CN catalog, the only Chinese
// we keep; everything else, and no header at all (curl, integrators), gets English.
import type { Locale } from './text.ts'

export function pickLocale (header: string | undefined): Locale {
  if (header === undefined) return 'en'
  let best: { locale: Locale, q: number } | null = null
  for (const part of header.split(',')) {
    const [tag = '', ...options] = part.trim().split(';').map((s) => s.trim())
    const qOption = options.find((o) => /^q=/i.test(o))
    const q = qOption === undefined ? 1 : Number(qOption.slice(2))
    if (!(q > 0)) continue
    const primary = tag.toLowerCase().split('-')[0]
    const locale: Locale | null = primary === 'zh' ? 'zh-CN' : primary === 'en' ? 'en' : null
    // Earlier wins a tie, as the header lists the reader's order.
    if (locale !== null && (best === null || q > best.q)) best = { locale, q }
  }
  return best?.locale ?? 'en'
}
