// What a message is, without the catalog's texts: pure core (the rescue workflow, the alert rules, the
// CSV checks) says which message, and the dashboard, which imports that core, does not carry every
// server text in its bundle. Rendering lives in message.ts.
import type { CATALOG } from '../../app/catalog.ts'
import type { NoParams } from './text.ts'

export type MessageKey = keyof typeof CATALOG
export type ParamsOf<K extends MessageKey> = Parameters<typeof CATALOG[K]['en']>[0]
export type Message = { [K in MessageKey]: { key: K, params: ParamsOf<K> } }[MessageKey]

/** A message; params are required exactly when the entry has some. */
export function msg<K extends MessageKey> (key: K, ...params: NoParams extends ParamsOf<K> ? [] : [ParamsOf<K>]): Message {
  return { key, params: params[0] ?? {} } as Message
}

/** A note in a record: what a person typed, or what the service said (rendered for each reader). */
export type Note = string | Message
