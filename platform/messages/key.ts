// What a message is, without any text: pure code (the rescue workflow, the alert rules, the CSV checks)
// says which message, and the dashboard, which imports that code, carries no server text in its bundle.
// Texts are registered by each capability's messages file (catalog.ts); rendering is in message.ts.
import type { NoParams } from './text.ts'

/**
 * Every message key with the params its texts take. Empty here: each capability's messages file adds its
 * own keys by declaration merging, so platform names no capability and `msg('rescue.wrong_status', …)` is
 * still checked, key and params, wherever it is said.
 */
export interface MessageTexts {}

export type MessageKey = keyof MessageTexts & string
export type ParamsOf<K extends MessageKey> = MessageTexts[K] extends { en: (params: infer P) => string } ? P : never
export type Message = { [K in MessageKey]: { key: K, params: ParamsOf<K> } }[MessageKey]

/** A message; params are required exactly when the entry has some. */
export function msg<K extends MessageKey> (key: K, ...params: NoParams extends ParamsOf<K> ? [] : [ParamsOf<K>]): Message {
  return { key, params: params[0] ?? {} } as Message
}

/** A note in a record: what a person typed, or what the service said (rendered for each reader). */
export type Note = string | Message
