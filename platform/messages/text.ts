// One entry of the message catalog: the same words in every language the dashboard offers, each a
// function of the same params so a missing or mistyped param is a compile error in both.
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = typeof LOCALES[number]

export type Text<P> = Record<Locale, (p: P) => string>
/** Params of an entry that needs none. */
export type NoParams = Record<never, never>

export function text<P = NoParams> (en: (p: P) => string, zhCN: (p: P) => string): Text<P> {
  return { en, 'zh-CN': zhCN }
}

/** How a list of items reads inside a sentence. */
export const LIST_SEPARATOR: Record<Locale, string> = { en: ', ', 'zh-CN': '、' }
/** How several sentences about one thing are joined. */
export const CLAUSE_SEPARATOR: Record<Locale, string> = { en: '; ', 'zh-CN': '；' }
