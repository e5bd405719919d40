// A message is a catalog key and its params: pure code and the stores decide what to say, the edge (the
// API's error handler, a route) renders it in the reader's language.
import { CLAUSE_SEPARATOR, type Locale } from './text.ts'
import { textsOf } from './catalog.ts'
import type { Message, Note } from './key.ts'

export { msg, type Message, type MessageKey, type Note, type ParamsOf } from './key.ts'

export function render (message: Message, locale: Locale): string {
  // A key whose messages file was never loaded still answers with its stable key, rather than failing the
  // error funnel or an error's constructor; test/messages.test.ts keeps this from happening.
  return textsOf(message.key)?.[locale](message.params) ?? message.key
}

/** Several problems with one thing (a CSV row), as one text. */
export function renderAll (messages: readonly Message[], locale: Locale): string {
  return messages.map((m) => render(m, locale)).join(CLAUSE_SEPARATOR[locale])
}

/** How a note is stored: the English text (for CSV, logs, older readers) and, if the service said it, its message. */
export function storedNote (note: Note | null): { text: string | null, message: Message | null } {
  if (note === null) return { text: null, message: null }
  return typeof note === 'string' ? { text: note, message: null } : { text: render(note, 'en'), message: note }
}

/** A stored note as the reader reads it. */
export function readNote (text: string | null, message: Message | null, locale: Locale): string | null {
  return message === null ? text : render(message, locale)
}

/** An error a person reads. `message` is the English text, for logs; `said` is rendered for the reader. */
export class MessageError extends Error {
  constructor (readonly said: Message) { super(render(said, 'en')) }
}
