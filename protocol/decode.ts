// Turns one MQTT payload into validated records plus a precise error per rejected item. Pure and
// allocation-light: this runs once per message on the ingest hot path.
import type { TSchema, Static } from 'typebox'
import { Compile } from 'typebox/compile'
import type { PayloadError } from './payloads.ts'

export interface DecodeLimits {
  /** Largest array a single message may carry. */
  maxItems: number
  /** How far ahead of the broker's clock a `ts` may be (gateway clocks drift; beyond this it is wrong). */
  maxFutureMs: number
}

export interface Decoded<T> {
  records: T[]
  errors: PayloadError[]
}

// Before 2000-01-01 a timestamp is almost surely seconds or an unset RTC, not milliseconds.
const EARLIEST_TS = 946_684_800_000

export type Decoder<T> = (payload: Buffer | string, receivedAt: number) => Decoded<T>

export function createDecoder<S extends TSchema> (schema: S, limits: DecodeLimits): Decoder<Omit<Static<S>, 'ts'> & { ts: number }> {
  type Out = Omit<Static<S>, 'ts'> & { ts: number }
  const validator = Compile(schema)
  const closed = closedObjectCheck(schema)

  function decodeItem (item: unknown, index: number | undefined, receivedAt: number, errors: PayloadError[]): Out | undefined {
    // The quick check never passes what the schema refuses; whatever it does not pass, the schema decides.
    if (!(closed !== null && closed(item)) && !validator.Check(item)) {
      for (const e of firstErrors(validator.Errors(item))) {
        errors.push({ ...(index === undefined ? {} : { item: index }), path: e.path, reason: 'schema', message: e.message })
      }
      return undefined
    }
    const record = item as Record<string, unknown>
    const ts = resolveTimestamp(record.ts, receivedAt, limits.maxFutureMs)
    if (typeof ts === 'string') {
      errors.push({ ...(index === undefined ? {} : { item: index }), path: '/ts', reason: 'timestamp', message: ts })
      return undefined
    }
    record.ts = ts
    return record as Out
  }

  return function decode (payload, receivedAt) {
    const errors: PayloadError[] = []
    let parsed: unknown
    try {
      parsed = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'))
    } catch (err) {
      errors.push({ reason: 'invalid_json', message: `payload is not valid JSON: ${(err as Error).message}` })
      return { records: [], errors }
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) {
        errors.push({ reason: 'empty', message: 'payload array is empty' })
        return { records: [], errors }
      }
      if (parsed.length > limits.maxItems) {
        errors.push({ reason: 'too_many_items', message: `payload array has ${parsed.length} items, at most ${limits.maxItems} allowed` })
        return { records: [], errors }
      }
      const records: Out[] = []
      for (let i = 0; i < parsed.length; i++) {
        const record = decodeItem(parsed[i], i, receivedAt, errors)
        if (record !== undefined) records.push(record)
      }
      return { records, errors }
    }
    if (parsed === null || typeof parsed !== 'object') {
      errors.push({ reason: 'schema', path: '', message: 'payload must be a JSON object or an array of objects' })
      return { records: [], errors }
    }
    const record = decodeItem(parsed, undefined, receivedAt, errors)
    return { records: record === undefined ? [] : [record], errors }
  }
}

/**
 * For an object schema that allows no other fields (every payload schema): TypeBox's compiled check of
 * `additionalProperties: false` lists the object's property names and tests each against a regular
 * expression in a callback, a third of the check's time. The same check with other fields allowed, then
 * each key looked up in a Set, accepts exactly the objects the schema accepts among JSON.parse's results
 * (own, enumerable, string keys only); an object it turns away goes to the schema itself, so `__proto__`
 * or a polluted prototype only cost the slow way. null for any other schema.
 */
function closedObjectCheck (schema: TSchema): ((value: unknown) => boolean) | null {
  const s = schema as { type?: unknown, properties?: Record<string, unknown>, additionalProperties?: unknown, patternProperties?: unknown }
  if (s.type !== 'object' || s.additionalProperties !== false || s.properties === undefined || s.patternProperties !== undefined) return null
  const open = Compile({ ...schema, additionalProperties: true } as TSchema)
  const known = new Set(Object.keys(s.properties))
  return (value) => {
    if (!open.Check(value)) return false
    for (const key in value as object) if (!known.has(key)) return false
    return true
  }
}

function resolveTimestamp (ts: unknown, receivedAt: number, maxFutureMs: number): number | string {
  if (ts === undefined) return receivedAt
  const ms = typeof ts === 'number' ? ts : Date.parse(ts as string)
  if (Number.isNaN(ms)) return `ts "${String(ts)}" is not ISO 8601`
  if (ms < EARLIEST_TS) return `ts ${String(ts)} is before 2000-01-01; epoch milliseconds expected (not seconds)`
  if (ms > receivedAt + maxFutureMs) return `ts ${String(ts)} is more than ${Math.round(maxFutureMs / 1000)} s ahead of the broker clock`
  return ms
}

interface ReadableError { path: string, message: string }

/** Up to three readable errors per item: enough to fix a payload, bounded for a hostile one. */
function firstErrors (iterable: Iterable<{ instancePath: string, message: string, keyword: string, params: unknown }>): ReadableError[] {
  const out: ReadableError[] = []
  for (const e of iterable) {
    // TypeBox reports a rejected extra property twice (boolean schema and additionalProperties): keep one.
    if (e.keyword === 'boolean') continue
    if (e.keyword === 'additionalProperties') {
      const names = (e.params as { additionalProperties?: string[] }).additionalProperties ?? []
      out.push({ path: e.instancePath, message: `unknown field(s): ${names.join(', ')}` })
    } else {
      out.push({ path: e.instancePath, message: `${e.instancePath.slice(1) || 'payload'} ${e.message}` })
    }
    if (out.length === 3) break
  }
  return out
}
