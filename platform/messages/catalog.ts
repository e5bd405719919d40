// The texts of every message key, in each dashboard language. Each capability's messages file registers
// its own table when it is imported; platform names none of them.
//
// Why registration at import rather than a catalog the composition root assembles and hands down: texts
// are rendered deep inside the stores (the English text stored beside a note's key), in error classes
// (an error's English `message` for the log) and in the API's error funnel, none of which has a handle on
// the composition root. Handing a renderer to each would thread one through every store and error for
// what is, in the end, a constant table. So the table is built from parts as modules load and never
// changes after. What keeps it whole: a key is declared by the same file that registers its texts (the
// MessageTexts interface, key.ts), so `msg()` only accepts keys some messages file owns; every server
// module that says a capability's messages, or runs pure code that does, imports that capability's
// messages file (notes read back from the database render wherever they are read, once the service has
// loaded every file); two files claiming one key fail at start-up; and test/messages.test.ts checks that
// loading the service registers every declared key. Pure files (rules, workflow, CSV checks) only
// `import type` their messages file, for the key types: the dashboard imports them and must not bundle
// server texts.
import type { Locale, Text } from './text.ts'
import type { MessageKey } from './key.ts'

// Params are checked where a message is said (msg); here an entry takes whatever its key was said with.
type AnyText = Text<never>
const TEXTS = new Map<string, AnyText>()

/**
 * Adds a capability's texts; returns the table so the file can declare its keys from its type. The
 * constraint names no params on purpose: as a contextual type it would make each `text()` infer them.
 */
export function registerMessages<T extends Record<string, Record<Locale, unknown>>> (texts: T): T {
  for (const [key, entry] of Object.entries(texts)) {
    const known = TEXTS.get(key)
    if (known !== undefined && known !== entry) throw new Error(`message key ${key} has texts in two places`)
    TEXTS.set(key, entry as AnyText)
  }
  return texts
}

/** The texts of a key, if its messages file has been loaded. */
export function textsOf (key: MessageKey): Record<Locale, (params: unknown) => string> | undefined {
  return TEXTS.get(key) as Record<Locale, (params: unknown) => string> | undefined
}

/** Every key whose texts are loaded. */
export function registeredKeys (): string[] {
  return [...TEXTS.keys()]
}
