// A message is a catalog key and its params: core and the stores decide what to say, the edge (the API's
// error handler, a route) renders it in the reader's language.
import { CATALOG } from './catalog.ts'
import { CLAUSE_SEPARATOR, type Locale, type NoParams } from './text.ts'

export type MessageKey = keyof typeof CATALOG
export type ParamsOf<K extends MessageKey> = Parameters<typeof CATALOG[K]['en']>[0]
export type Message = { [K in MessageKey]: { key: K, params: ParamsOf<K> } }[MessageKey]

/** A message; params are required exactly when the entry has some. */
export function msg<K extends MessageKey> (key: K, ...params: NoParams extends ParamsOf<K> ? [] : [ParamsOf<K>]): Message {
  return { key, params: params[0] ?? {} } as Message
}

export function render (message: Message, locale: Locale): string {
  return (CATALOG[message.key][locale] as (p: unknown) => string)(message.params)
}

/** Several problems with one thing (a CSV row), as one text. */
export function renderAll (messages: readonly Message[], locale: Locale): string {
  return messages.map((m) => render(m, locale)).join(CLAUSE_SEPARATOR[locale])
}

/** A note in a record: what a person typed, or what the service said (rendered for each reader). */
export type Note = string | Message

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
