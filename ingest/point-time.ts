// Each point's time, in nanoseconds. InfluxDB keeps one point per series and time, so two different
// observations of one lift in the same millisecond (two items of an array without `ts`, which both get the
// receive time, or two messages with the same `ts`) would overwrite each other at millisecond precision.
// A point is therefore written at `ts` ms + an offset below 1 ms:
//
//   offset = place × 1,000 ns + (hash of the point's series and fields) mod 1,000
//
// where `place` is the record's position in its message (so the items of an array keep their order within
// the millisecond). The offset depends only on what the gateway sent, so an identical retransmission (a
// QoS 1 resend, a resend after reconnecting or after our restart) lands on the same time and replaces
// itself, and the time is written into the write-ahead log, so replaying the log is idempotent too. Two
// different points that still meet on one offset (1 in 1,000 for one place of one millisecond) are told
// apart by a bounded memory of recent (series, ms) → offsets taken: the later one moves to the next free
// nanosecond. Reading with `epoch=ms` (as the service does) truncates to the millisecond sent. Pure.
import { recordEnd } from '../platform/influx/line-protocol.ts'

const SLOT_NS = 1_000
const PLACES = 1_000
const NS_PER_MS = 1_000_000
/** Recent (series, ms) pairs remembered to resolve offset collisions: ~10 MB at most. */
export const RECENT_KEYS = 65_536

export interface Stamped {
  /** The records with nanosecond times, one per line as received. */
  text: string
  records: number
}

/** FNV-1a, 32 bits, over UTF-16 code units of `text[from, to)`. */
export function contentHash (text: string, from = 0, to = text.length): number {
  let h = 0x811c9dc5
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** `ms` (decimal digits) and an offset below 1 ms as a nanosecond timestamp, exactly (beyond 2^53). */
export function nanoseconds (ms: string, offsetNs: number): string {
  return ms === '0' ? String(offsetNs) : ms + String(offsetNs).padStart(6, '0')
}

/** No records (every record of a message repeated a durable point): one shared answer, nothing allocated. */
const NOTHING: Stamped = Object.freeze({ text: '', records: 0 })

export function createPointClock (options: { recentKeys?: number } = {}) {
  const capacity = options.recentKeys ?? RECENT_KEYS
  // `${hash of the series} ${ms}` → offsets taken in that millisecond and the hash of the point that took
  // each: [offset, hash, …]. Keys are made of numbers, never of slices of a message's text (which would keep
  // the whole text alive). Two series whose hashes meet only make a point move a nanosecond needlessly.
  // Two generations of half the capacity each: when the newer is full the older is dropped whole (deleting
  // a Map's oldest key one by one costs V8 a scan over the deleted ones, measured at ~50 µs a message).
  let recent = new Map<string, number[]>()
  let older = new Map<string, number[]>()
  const generation = Math.max(1, Math.floor(capacity / 2))

  function offsetFor (series: number, ms: number, place: number, hash: number): number {
    let offset = Math.min(place, PLACES - 1) * SLOT_NS + hash % SLOT_NS
    const key = `${series} ${ms}`
    const taken = recent.get(key) ?? older.get(key)
    if (taken === undefined) {
      if (recent.size >= generation) { older = recent; recent = new Map() }
      recent.set(key, [offset, hash])
      return offset
    }
    for (;;) {
      let holder = -1
      for (let i = 0; i < taken.length; i += 2) if (taken[i] === offset) { holder = taken[i + 1]!; break }
      if (holder === hash) return offset
      if (holder === -1) { taken.push(offset, hash); return offset }
      offset = (offset + 1) % NS_PER_MS
    }
  }

  return {
    /**
     * Rewrites records written with millisecond times (one per line, as an equipment kind writes them) with
     * their nanosecond times. null: the text is not whole records ending in a millisecond time.
     */
    stamp (text: string): Stamped | null {
      if (text === '') return NOTHING
      let out = ''
      let records = 0
      for (let from = 0; from < text.length; records++) {
        const end = recordEnd(text, from)
        if (end === -1) return null
        // The time is the last field of a record and holds no space.
        const space = text.lastIndexOf(' ', end)
        if (space <= from || !isMilliseconds(text, space + 1, end)) return null
        const hash = hashRecord(text, from, space)
        const ms = text.slice(space + 1, end)
        const offset = offsetFor(seriesHash, Number(ms), records, hash)
        out += `${text.slice(from, space)} ${nanoseconds(ms, offset)}\n`
        from = end + 1
      }
      return { text: out, records }
    },
    /** Remembered (series, ms) pairs (tests). */
    get remembered () { return recent.size + older.size }
  }
}

export type PointClock = ReturnType<typeof createPointClock>

/** The latest millisecond whose nanoseconds (plus an offset) fit InfluxDB's int64: April 2262. */
const LAST_MS = '9223372036853'

/** Epoch milliseconds as decimal digits, without leading zeros, at most LAST_MS. */
function isMilliseconds (text: string, from: number, to: number): boolean {
  const length = to - from
  if (length <= 0 || length > LAST_MS.length) return false
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  if (length > 1 && text.charCodeAt(from) === 0x30) return false
  return length < LAST_MS.length || text.slice(from, to) <= LAST_MS
}

/** Set by hashRecord: the hash of the record's series (measurement and tags, up to the first unescaped space). */
let seriesHash = 0

/** contentHash of `text[from, to)`, in one pass that also leaves the series' hash in `seriesHash`. */
function hashRecord (text: string, from: number, to: number): number {
  let h = 0x811c9dc5
  let series = -1
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (series === -1) {
      if (c === 0x20) series = h >>> 0
      else if (c === 0x5c && i + 1 < to) { h = Math.imul(h ^ c, 0x01000193); i++; h = Math.imul(h ^ text.charCodeAt(i), 0x01000193); continue }
    }
    h = Math.imul(h ^ c, 0x01000193)
  }
  seriesHash = series === -1 ? h >>> 0 : series
  return h >>> 0
}
