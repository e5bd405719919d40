// The lift state's four booleans and its `power` packed into one integer field `flags` of elevator_state
// (docs/measurements.md). InfluxDB 1.x keeps each field of each series as its own cache entry, WAL value and
// TSM key: four boolean fields and a string cost it ~45% more CPU per point than one integer
// (bench/influx-shape.ts, docs/performance.md). Points written before version 0.2.0 carry the boolean fields
// and `power` as a string instead, so every reader takes a stored row through `storedFlags`, and an InfluxQL
// filter on a flag through `flagIsSet`, which accept both layouts.
// Pure: the writer (line-protocol.ts), the readers, the bench and the tests share this one bit layout.
import type { ElevatorState } from './payloads.ts'

export type Power = NonNullable<ElevatorState['power']>

/** What `flags` holds: the four booleans, and `power` when the terminal sent it. */
export interface StateFlags { moving: boolean, doorZone: boolean, doorClosed: boolean, occupied: boolean, power?: Power }

export type FlagName = 'moving' | 'doorZone' | 'doorClosed' | 'occupied'

/**
 * Bit of each value in `flags`. Never renumber: stored points keep their bits forever. `power` takes two:
 * whether it was sent (a terminal may not report it) and, when it was, whether it is `outage`.
 */
export const FLAG_BITS = { moving: 1, doorZone: 2, doorClosed: 4, occupied: 8, powerSent: 16, powerOutage: 32 } as const

/** The field each value had in points before 0.2.0 (the booleans as booleans, `power` as a string). */
export const OLD_FLAG_FIELDS = { moving: 'moving', doorZone: 'door_zone', doorClosed: 'door_closed', occupied: 'occupied', power: 'power' } as const

export function encodeFlags (s: StateFlags): number {
  // Branches, not a loop over FLAG_BITS: this runs once per stored point on the ingest path.
  return (s.moving ? FLAG_BITS.moving : 0) | (s.doorZone ? FLAG_BITS.doorZone : 0) |
    (s.doorClosed ? FLAG_BITS.doorClosed : 0) | (s.occupied ? FLAG_BITS.occupied : 0) |
    (s.power === undefined ? 0 : s.power === 'outage' ? FLAG_BITS.powerSent | FLAG_BITS.powerOutage : FLAG_BITS.powerSent)
}

/** The values of `flags`; `power` only when it was sent. */
export function decodeFlags (flags: number): StateFlags {
  const out: StateFlags = {
    moving: (flags & FLAG_BITS.moving) !== 0,
    doorZone: (flags & FLAG_BITS.doorZone) !== 0,
    doorClosed: (flags & FLAG_BITS.doorClosed) !== 0,
    occupied: (flags & FLAG_BITS.occupied) !== 0
  }
  if ((flags & FLAG_BITS.powerSent) !== 0) out.power = (flags & FLAG_BITS.powerOutage) !== 0 ? 'outage' : 'normal'
  return out
}

export type StoredFlags = { [K in FlagName]: boolean | null } & { power: Power | null }

/**
 * The values of a row InfluxDB answered (a point, or a GROUP BY time bucket), whichever layout wrote it:
 * `flags` when the row has it, else the old fields; null for a value the row has in neither. A bucket
 * holding points of both layouts (the one where the service was upgraded) answers both: `flags` wins,
 * because the packed points are the later ones.
 */
export function storedFlags (row: Record<string, unknown>): StoredFlags {
  if (typeof row.flags === 'number') {
    const f = decodeFlags(row.flags)
    return { moving: f.moving, doorZone: f.doorZone, doorClosed: f.doorClosed, occupied: f.occupied, power: f.power ?? null }
  }
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : null)
  const power = row[OLD_FLAG_FIELDS.power]
  return {
    moving: bool(row[OLD_FLAG_FIELDS.moving]),
    doorZone: bool(row[OLD_FLAG_FIELDS.doorZone]),
    doorClosed: bool(row[OLD_FLAG_FIELDS.doorClosed]),
    occupied: bool(row[OLD_FLAG_FIELDS.occupied]),
    power: power === 'normal' || power === 'outage' ? power : null
  }
}

/**
 * The values of a stored point as a lift state has them: a boolean the point lacks in both layouts (a
 * hand-written point) reads false, as the API's boolean schema made of it before; `power` only when sent.
 */
export function storedStateFlags (row: Record<string, unknown>): StateFlags {
  const f = storedFlags(row)
  const out: StateFlags = { moving: f.moving ?? false, doorZone: f.doorZone ?? false, doorClosed: f.doorClosed ?? false, occupied: f.occupied ?? false }
  if (f.power !== null) out.power = f.power
  return out
}

/**
 * An InfluxQL condition true for the points with this flag set, in either layout. InfluxDB 1.x evaluates
 * bitwise `&` on integer fields in WHERE (test/state-layouts.test.ts); a point lacking a field fails the
 * comparison on it, so each point matches through the layout it has.
 */
export function flagIsSet (flag: FlagName): string {
  return `(${OLD_FLAG_FIELDS[flag]} = true OR (flags & ${FLAG_BITS[flag]}) = ${FLAG_BITS[flag]})`
}

/** An InfluxQL condition true for the points that report this power supply, in either layout. */
export function powerIs (power: Power): string {
  const bits = power === 'outage' ? FLAG_BITS.powerSent | FLAG_BITS.powerOutage : FLAG_BITS.powerSent
  return `(${OLD_FLAG_FIELDS.power} = '${power}' OR (flags & ${FLAG_BITS.powerSent | FLAG_BITS.powerOutage}) = ${bits})`
}
