// InfluxDB line protocol for the telemetry we store (docs/measurements.md). Hand-written rather than the
// `influx` package's `parsePoint` + serialisation: measured here on one lift state, 1.9 µs per point for
// `influx` against 0.32 µs for this (docs/performance.md) — at 50,000 msg/s that is ~9% of a core instead
// of ~2%, on the path that decides our ingest rate. `influx` also writes integers as floats unless a schema
// is declared (which costs more again). Here the names are constants and the tag values (gateway ids,
// equipment codes, event codes) are restricted by the protocol to [A-Za-z0-9_-], so only free-text string
// fields need escaping. Each equipment kind writes its own measurements (elevators/line-protocol.ts); the
// gateway's own status is written by ingest/gateway-status-line.ts.
//
// A record (a point) ends at the first newline outside a quoted string field, as InfluxDB's own parser
// reads it (models.scanLine in InfluxDB 1.x, which 2.x's v1 write endpoint shares). The write-ahead log
// and the ingest path cut text into records with the scanners below, never by counting newlines: a
// gateway's string may hold a newline, and a cut there would turn the rest of the string into a point.

const BACKSLASH = 0x5c
const SPACE = 0x20
const EQUALS = 0x3d
const COMMA = 0x2c
const QUOTE = 0x22
const NEWLINE = 0x0a

/**
 * String field values: backslash and double quote escaped, which is all the escaping InfluxDB unescapes in
 * a string field. Line protocol has no escape for a newline: inside the quotes it is part of the value
 * (stored as sent) and does not end the record, as long as the quotes are balanced, which this ensures.
 */
export function quoteString (value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`
}

/** Where a record that starts at `from` ends (the index of its newline), or -1 when `text` holds no end. */
export function recordEnd (text: string, from: number): number {
  // Fast path (the usual record, on the hot path): no backslash before the next newline and its quotes
  // paired, so every quote opens or closes a string value and the newline is outside them.
  const newline = text.indexOf('\n', from)
  if (newline === -1) return -1
  const backslash = text.indexOf('\\', from)
  if (backslash === -1 || backslash > newline) {
    let quotes = 0
    for (let q = text.indexOf('"', from); q !== -1 && q < newline; q = text.indexOf('"', q + 1)) quotes++
    if (quotes % 2 === 0) return newline
  }
  return scanRecordEnd(text, from)
}

function scanRecordEnd (text: string, from: number): number {
  let fields = false
  let quoted = false
  let equals = 0
  let commas = 0
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === BACKSLASH) { i++; continue }
    if (c === SPACE) fields = true
    if (fields) {
      if (!quoted && c === EQUALS) { equals++; continue }
      if (!quoted && c === COMMA) { commas++; continue }
      // A quote opens or closes a string only in a field value (after a field's `=`).
      if (c === QUOTE && equals > commas) { quoted = !quoted; continue }
    }
    if (c === NEWLINE && !quoted) return i
  }
  return -1
}

/**
 * Whole records in `bytes[from, to)`, at most `max` of them: how many, and the offset just after the last.
 * The same reading as recordEnd, on UTF-8 bytes (a multi-byte character never contains an ASCII byte).
 */
export function scanRecords (bytes: Uint8Array, from: number, to: number, max: number): { records: number, end: number } {
  let records = 0
  let end = from
  let fields = false
  let quoted = false
  let equals = 0
  let commas = 0
  for (let i = from; i < to && records < max; i++) {
    const c = bytes[i]
    if (c === BACKSLASH) { i++; continue }
    if (c === SPACE) fields = true
    if (fields) {
      if (!quoted && c === EQUALS) { equals++; continue }
      if (!quoted && c === COMMA) { commas++; continue }
      if (c === QUOTE && equals > commas) { quoted = !quoted; continue }
    }
    if (c === NEWLINE && !quoted) {
      records++
      end = i + 1
      fields = false
      equals = 0
      commas = 0
    }
  }
  return { records, end }
}
