// The lift state's four booleans packed into one integer field `flags` of elevator_state (docs/measurements.md).
// InfluxDB 1.x keeps each field of each series as its own cache entry, WAL value and TSM key: four boolean
// fields cost it ~38% more CPU per point than one integer (bench/influx-shape.ts, docs/performance.md).
// Points written before version 0.2.0 carry the four boolean fields instead, so every reader takes a stored
// row through `storedFlags`, and an InfluxQL filter on a flag through `flagIsSet`, which accept both layouts.
// Pure: the writer (line-protocol.ts), the readers, the bench and the tests share this one bit layout.

export interface StateFlags { moving: boolean, doorZone: boolean, doorClosed: boolean, occupied: boolean }

/** Bit of each boolean in `flags`. Never renumber: stored points keep their bits forever. */
export const FLAG_BITS = { moving: 1, doorZone: 2, doorClosed: 4, occupied: 8 } as const satisfies Record<keyof StateFlags, number>

/** The boolean field each flag had in points before 0.2.0. */
export const OLD_FLAG_FIELDS = { moving: 'moving', doorZone: 'door_zone', doorClosed: 'door_closed', occupied: 'occupied' } as const satisfies Record<keyof StateFlags, string>

export function encodeFlags (s: StateFlags): number {
  // Branches, not a loop over FLAG_BITS: this runs once per stored point on the ingest path.
  return (s.moving ? FLAG_BITS.moving : 0) | (s.doorZone ? FLAG_BITS.doorZone : 0) |
    (s.doorClosed ? FLAG_BITS.doorClosed : 0) | (s.occupied ? FLAG_BITS.occupied : 0)
}

export function decodeFlags (flags: number): StateFlags {
  return {
    moving: (flags & FLAG_BITS.moving) !== 0,
    doorZone: (flags & FLAG_BITS.doorZone) !== 0,
    doorClosed: (flags & FLAG_BITS.doorClosed) !== 0,
    occupied: (flags & FLAG_BITS.occupied) !== 0
  }
}

export type StoredFlags = { [K in keyof StateFlags]: boolean | null }

/**
 * The four booleans of a row InfluxDB answered (a point, or a GROUP BY time bucket), whichever layout wrote
 * it: `flags` when the row has it, else the old boolean fields; null for a value the row has in neither.
 * A bucket holding points of both layouts (the one where the service was upgraded) answers both: `flags`
 * wins, because the packed points are the later ones.
 */
export function storedFlags (row: Record<string, unknown>): StoredFlags {
  if (typeof row.flags === 'number') return decodeFlags(row.flags)
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : null)
  return {
    moving: bool(row[OLD_FLAG_FIELDS.moving]),
    doorZone: bool(row[OLD_FLAG_FIELDS.doorZone]),
    doorClosed: bool(row[OLD_FLAG_FIELDS.doorClosed]),
    occupied: bool(row[OLD_FLAG_FIELDS.occupied])
  }
}

/**
 * The four booleans of a stored point as a lift state has them: a value the point lacks in both layouts
 * (a hand-written point) reads false, as the API's boolean schema made of it before.
 */
export function storedStateFlags (row: Record<string, unknown>): StateFlags {
  const f = storedFlags(row)
  return { moving: f.moving ?? false, doorZone: f.doorZone ?? false, doorClosed: f.doorClosed ?? false, occupied: f.occupied ?? false }
}

/**
 * An InfluxQL condition true for the points with this flag set, in either layout. InfluxDB 1.x evaluates
 * bitwise `&` on integer fields in WHERE (test/state-flags-influx.test.ts); a point lacking a field fails
 * the comparison on it, so each point matches through the layout it has.
 */
export function flagIsSet (flag: keyof StateFlags): string {
  return `(${OLD_FLAG_FIELDS[flag]} = true OR (flags & ${FLAG_BITS[flag]}) = ${FLAG_BITS[flag]})`
}
