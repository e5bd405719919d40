// Fuzzed gateway messages with an oracle: each generated message says which of its items must be stored
// and how many refusals it must add to tianjian_mqtt_rejected_total (at least one per refused item or
// message; an exact number where the defect is a single one). The oracle follows docs/gateway-protocol.md,
// not the service's code: items are valid states, events or statuses from the protocol's ranges, or such an
// item with exactly one thing wrong, or whatever fast-check's JSON and byte generators make.
import fc from 'fast-check'
import { EVENT_CODES } from '../../../elevators/codes.ts'

export interface FuzzLimits { maxItems: number, maxPayloadBytes: number, maxFutureMs: number }

/** Item templates; `id` (its timestamp offset and `trips`) is given when the message is built. */
type ItemSpec =
  | { kind: 'valid', fields: Record<string, unknown> }
  | { kind: 'mutated', fields: Record<string, unknown>, mutate: (item: Record<string, unknown>, now: number) => void }
  | { kind: 'wild', value: unknown }

type MessageSpec =
  | { channel: 'state' | 'event' | 'status', shape: 'single' | 'array', items: ItemSpec[] }
  | { channel: 'state', shape: 'raw', bytes: Uint8Array }
  | { channel: 'state', shape: 'empty-array' | 'too-many' | 'too-large' }
  | { channel: 'refused-topic', topic: (gatewayId: string, code: string) => string }

export interface FuzzMessage {
  topic: string
  payload: Buffer
  /** Ids of the state items that must be stored (trips = id, ts = t0 + id). */
  storedStates: number[]
  storedEvents: number
  storedStatuses: number
  /** Refusals this message must add to tianjian_mqtt_rejected_total: at least, at most. */
  refusedMin: number
  refusedMax: number
  /** What was generated, for a failure message. */
  label: string
}

const double = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => Object.is(n, -0) ? 0 : n)
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

const stateFields = fc.record({
  mode: fc.integer({ min: 0, max: 7 }), moving: fc.boolean(), dir: fc.integer({ min: 0, max: 2 }), floor: fc.integer({ min: -10, max: 300 }),
  doorZone: fc.boolean(), doorClosed: fc.boolean(), occupied: fc.boolean(),
  speed: optional(double(0, 25)), load: optional(double(0, 100_000)), power: optional(fc.constantFrom('normal', 'outage')),
  runHours: optional(double(0, 1e7))
}).map(withoutUndefined)

const KNOWN_CODES = Object.keys(EVENT_CODES)
const eventFields = fc.record({
  code: fc.oneof(fc.constantFrom(...KNOWN_CODES), fc.stringMatching(/^[A-Za-z0-9_]{1,32}$/)),
  active: fc.boolean()
})
// Newlines and carriage returns stay out: line-protocol injection is pending-line-protocol.test.ts.
const statusFields = fc.record({ online: fc.boolean(), fw: optional(fc.string({ maxLength: 64, unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s) && s.length <= 64)) }).map(withoutUndefined)

/** One thing wrong with an otherwise valid state: each breaks exactly one rule of the schema. */
const stateMutation = fc.constantFrom<[string, (item: Record<string, unknown>, now: number) => void]>(
  ['floor above 300', (i) => { i.floor = 301 }],
  ['floor below -10', (i) => { i.floor = -11 }],
  ['mode 8', (i) => { i.mode = 8 }],
  ['dir 3', (i) => { i.dir = 3 }],
  ['speed above 25', (i) => { i.speed = 25.5 }],
  ['negative load', (i) => { i.load = -1 }],
  ['floor not an integer', (i) => { i.floor = 1.5 }],
  ['moving as a string', (i) => { i.moving = 'yes' }],
  ['power unknown', (i) => { i.power = 'battery' }],
  ['doorClosed missing', (i) => { delete i.doorClosed }],
  ['unknown field', (i) => { i.colour = 'red' }],
  ['ts before 2000', (i) => { i.ts = 946_684_799_999 }],
  ['ts too far ahead', (i, now) => { i.ts = now + 3_600_000 }],
  ['ts not a date', (i) => { i.ts = 'not-a-date-at-all' }]
)

function itemsOf<T> (valid: fc.Arbitrary<T>, mutation: fc.Arbitrary<[string, (item: Record<string, unknown>, now: number) => void]> | null, maxItems: number) {
  const item = fc.oneof(
    { weight: 6, arbitrary: valid.map((fields): ItemSpec => ({ kind: 'valid', fields: fields as Record<string, unknown> })) },
    ...(mutation === null ? [] : [{ weight: 3, arbitrary: fc.tuple(valid, mutation).map(([fields, [, mutate]]): ItemSpec => ({ kind: 'mutated', fields: fields as Record<string, unknown>, mutate })) }]),
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): ItemSpec => ({ kind: 'wild', value })) }
  )
  return fc.oneof(
    item.map((i) => ({ shape: 'single' as const, items: [i] })),
    fc.array(item, { minLength: 1, maxLength: maxItems }).map((items) => ({ shape: 'array' as const, items }))
  )
}

export function messageArbitrary (limits: FuzzLimits): fc.Arbitrary<MessageSpec> {
  return fc.oneof(
    { weight: 50, arbitrary: itemsOf(stateFields, stateMutation, limits.maxItems).map((m): MessageSpec => ({ channel: 'state', ...m })) },
    { weight: 10, arbitrary: itemsOf(eventFields, fc.constant<[string, (i: Record<string, unknown>) => void]>(['active as a number', (i) => { i.active = 1 }]), limits.maxItems).map((m): MessageSpec => ({ channel: 'event', ...m })) },
    { weight: 5, arbitrary: itemsOf(statusFields, null, 3).map((m): MessageSpec => ({ channel: 'status', ...m })) },
    { weight: 8, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 300 }).map((bytes): MessageSpec => ({ channel: 'state', shape: 'raw', bytes })) },
    { weight: 3, arbitrary: fc.constantFrom<MessageSpec>({ channel: 'state', shape: 'empty-array' }, { channel: 'state', shape: 'too-many' }, { channel: 'state', shape: 'too-large' }) },
    {
      weight: 10,
      arbitrary: fc.oneof(
        fc.constant((g: string) => `se/v1/${g}/errors`),
        fc.constant((_g: string, code: string) => `se/v1/gw-someone-else/elevator/${code}/state`),
        fc.constant((g: string) => `se/v1/${g}/elevator/NOT-ASSIGNED/state`),
        fc.constantFrom('state', 'event').map((ch) => (g: string, code: string) => `se/v1/${g}/elevator/${code}/${ch}/extra`),
        // Any topic text but the wildcards and U+0000 that MQTT itself forbids in a PUBLISH (fault 6).
        fc.string({ minLength: 1, maxLength: 200, unit: 'binary' }).filter((t) => !/[+#\u0000]/.test(t)).map((t) => () => `x/${t}`),
        fc.string({ minLength: 1, maxLength: 60 }).filter((t) => !/[+#\u0000]/.test(t) && !/^(status|errors)$/.test(t) && !t.startsWith('elevator/')).map((t) => (g: string) => `se/v1/${g}/${t}`)
      ).map((topic): MessageSpec => ({ channel: 'refused-topic', topic }))
    }
  )
}

/** Builds a message from its spec: ids from `nextId`, timestamps t0 + id. */
export function buildMessage (spec: MessageSpec, gatewayId: string, code: string, t0: number, nextId: () => number, limits: FuzzLimits, now: number): FuzzMessage {
  const out: FuzzMessage = { topic: '', payload: Buffer.alloc(0), storedStates: [], storedEvents: 0, storedStatuses: 0, refusedMin: 0, refusedMax: 0, label: spec.channel }
  if (spec.channel === 'refused-topic') {
    out.topic = spec.topic(gatewayId, code)
    out.payload = Buffer.from('{}')
    out.refusedMin = out.refusedMax = 1
    out.label = `refused topic ${JSON.stringify(out.topic.slice(0, 60))}`
    return out
  }
  out.topic = spec.channel === 'status' ? `se/v1/${gatewayId}/status` : `se/v1/${gatewayId}/elevator/${code}/${spec.channel}`
  const validItem = (fields: Record<string, unknown>) => {
    const id = nextId()
    return spec.channel === 'state' ? { ts: t0 + id, ...fields, trips: id } : { ts: t0 + id, ...fields }
  }
  if (!('items' in spec)) {
    if (spec.shape === 'raw') out.payload = Buffer.from(spec.bytes)
    else if (spec.shape === 'empty-array') out.payload = Buffer.from('[]')
    else if (spec.shape === 'too-many') out.payload = Buffer.from(JSON.stringify(Array.from({ length: limits.maxItems + 1 }, () => validItem({ mode: 1, moving: false, dir: 0, floor: 1, doorZone: true, doorClosed: true, occupied: false }))))
    else out.payload = Buffer.from(JSON.stringify({ ...validItem({ mode: 1, moving: false, dir: 0, floor: 1, doorZone: true, doorClosed: true, occupied: false }), pad: 'x'.repeat(limits.maxPayloadBytes) }))
    out.label = spec.shape
    return judgeWild(out, limits)
  }
  const built: unknown[] = []
  for (const item of spec.items) {
    if (item.kind === 'wild') {
      built.push(item.value)
      continue
    }
    const value = validItem(item.fields) as Record<string, unknown>
    if (item.kind === 'mutated') {
      item.mutate(value, now)
      out.refusedMin += 1
      out.refusedMax += 1
    } else if (spec.channel === 'state') {
      out.storedStates.push(value.trips as number)
    } else if (spec.channel === 'event') {
      out.storedEvents++
      // Stored, and flagged: a code the rules do not know is counted as unknown_code.
      if (!KNOWN_CODES.includes(value.code as string)) { out.refusedMin += 1; out.refusedMax += 1 }
    } else {
      out.storedStatuses++
    }
    built.push(value)
  }
  const wild = spec.items.filter((i) => i.kind === 'wild').length
  // A wild item is refused (it is not the protocol's shape), with one to three reasons.
  out.refusedMin += wild
  out.refusedMax += 3 * wild
  out.payload = Buffer.from(JSON.stringify(spec.shape === 'single' ? built[0] : built))
  out.label = `${spec.channel} ${spec.shape} of ${spec.items.map((i) => i.kind).join(',')}`
  if (out.payload.length > limits.maxPayloadBytes) {
    // Too large is checked first: the whole message is refused, once.
    Object.assign(out, { storedStates: [], storedEvents: 0, storedStatuses: 0, refusedMin: 1, refusedMax: 1, label: `${out.label} (too large)` })
  }
  return out
}

/** Bytes that are not a message of the protocol: refused whole, or item by item if they are a JSON array. */
function judgeWild (out: FuzzMessage, limits: FuzzLimits): FuzzMessage {
  if (out.payload.length > limits.maxPayloadBytes) { out.refusedMin = out.refusedMax = 1; return out }
  let parsed: unknown
  try { parsed = JSON.parse(out.payload.toString('utf8')) } catch { out.refusedMin = out.refusedMax = 1; return out }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0 || parsed.length > limits.maxItems) { out.refusedMin = out.refusedMax = 1; return out }
    out.refusedMin = parsed.length
    out.refusedMax = 3 * parsed.length
    return out
  }
  out.refusedMin = 1
  out.refusedMax = parsed !== null && typeof parsed === 'object' ? 3 : 1
  return out
}
