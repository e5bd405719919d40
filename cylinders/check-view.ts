// Every cylinder as the pre-fill check judges it, in memory: loaded in pages at start and kept current by
// the registry's `cylinder.changed` events (cylinders/events.ts), so a station's check is answered without
// a database round trip. Sized for a province's million cylinders: the fields live in typed-array columns
// (medium as an index into the media, dates as day numbers) behind one Map from code to row, about 100
// bytes a cylinder (docs/performance.md measures it). It also remembers the checks it refused (cylinder and
// station, 24 h) so that a fill of a refused cylinder is told apart.
import type { Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { CylinderCheckFields, FillingStationFields } from './events.ts'
import { loadCheckFieldPages, loadMedia, loadStations } from './store.ts'
import { mediaByCode, type Medium } from './media.ts'
import { CYLINDER_STATUSES } from './lifecycle.ts'
import { refusalReasons, type CheckSnapshot, type RefusalReason } from './fill-check.ts'

const DAY_MS = 86_400_000
const REFUSAL_MEMORY_MS = 24 * 3600_000
// Refusals remembered at most; beyond it the oldest go first (a station refused a million times a day is
// not a thing to remember each of).
const MAX_REFUSALS = 200_000
const NO_DATE = -2_147_483_648

/** 'YYYY-MM-DD' → days since 1970-01-01, without a Date per row. */
export function dayOf (date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS
}
export function dateOf (day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** What the fill record's checks need of a registered cylinder beyond the check itself. */
export interface CylinderFacts extends CheckSnapshot {
  capacityKg: number | null
  emptyMassKg: number | null
  updatedAt: number
}

export interface Refusal { at: number, reasons: RefusalReason[] }

function resize<T extends Float64Array | Float32Array | Int32Array | Uint8Array> (a: T, length: number): T {
  const next = new (a.constructor as new (n: number) => T)(length)
  next.set(a.length <= length ? a : a.subarray(0, length))
  return next
}
const grow = <T extends Float64Array | Float32Array | Int32Array | Uint8Array> (a: T, size: number): T =>
  size <= a.length ? a : resize(a, Math.max(size, Math.ceil(a.length * 1.5)))

export function createCheckView () {
  const slotOf = new Map<string, number>()
  let count = 0
  let medium = new Uint8Array(1024)
  let unit = new Int32Array(1024)
  let status = new Uint8Array(1024)
  let due = new Int32Array(1024)
  let life = new Int32Array(1024)
  let capacity = new Float32Array(1024)
  let tare = new Float32Array(1024)
  let updated = new Float64Array(1024)
  // Media by index (at most 255: the column is a byte) and by code; the table's pressure limits.
  const mediumCodes: string[] = []
  const mediumIndex = new Map<string, number>()
  let media = new Map<string, Medium>()
  const stationUnits = new Map<string, number>()
  const refusals = new Map<string, Refusal>()

  function indexOfMedium (code: string): number {
    let i = mediumIndex.get(code)
    if (i === undefined) {
      if (mediumCodes.length === 255) throw new Error('more than 255 media: the check view keeps a medium in a byte')
      i = mediumCodes.length
      mediumCodes.push(code)
      mediumIndex.set(code, i)
    }
    return i
  }

  /** Applies rows as they stand after a change; an older version than the one held is ignored. */
  function apply (rows: readonly CylinderCheckFields[]) {
    for (const r of rows) {
      let slot = slotOf.get(r.code)
      if (slot === undefined) {
        slot = count++
        if (slot >= unit.length) {
          medium = grow(medium, count); unit = grow(unit, count); status = grow(status, count); due = grow(due, count)
          life = grow(life, count); capacity = grow(capacity, count); tare = grow(tare, count); updated = grow(updated, count)
        }
        slotOf.set(r.code, slot)
      } else if (updated[slot]! > r.updatedAt) continue
      medium[slot] = indexOfMedium(r.medium)
      unit[slot] = r.fillingUnitId
      status[slot] = CYLINDER_STATUSES.indexOf(r.status)
      due[slot] = r.nextInspectionDue == null ? NO_DATE : dayOf(r.nextInspectionDue)
      life[slot] = r.endOfLife == null ? NO_DATE : dayOf(r.endOfLife)
      capacity[slot] = r.capacityKg ?? Number.NaN
      tare[slot] = r.emptyMassKg ?? Number.NaN
      updated[slot] = r.updatedAt
    }
  }

  function facts (code: string): CylinderFacts | undefined {
    const slot = slotOf.get(code)
    if (slot === undefined) return undefined
    const cap = capacity[slot]!
    const t = tare[slot]!
    return {
      medium: mediumCodes[medium[slot]!]!,
      fillingUnitId: unit[slot]!,
      status: CYLINDER_STATUSES[status[slot]!]!,
      nextInspectionDue: due[slot] === NO_DATE ? null : dateOf(due[slot]!),
      endOfLife: life[slot] === NO_DATE ? null : dateOf(life[slot]!),
      capacityKg: Number.isNaN(cap) ? null : Math.round(cap * 1000) / 1000,
      emptyMassKg: Number.isNaN(t) ? null : Math.round(t * 1000) / 1000,
      updatedAt: updated[slot]!
    }
  }

  const refusalKey = (cylinder: string, station: string) => `${cylinder}\u0000${station}`

  /** After the load: the columns to the rows held plus some room, not up to half of them empty. */
  function trim () {
    const length = Math.max(1024, Math.ceil(count * 1.02))
    if (length >= unit.length) return
    medium = resize(medium, length); unit = resize(unit, length); status = resize(status, length); due = resize(due, length)
    life = resize(life, length); capacity = resize(capacity, length); tare = resize(tare, length); updated = resize(updated, length)
  }

  return {
    apply,
    trim,
    applyStations (stations: readonly FillingStationFields[]) {
      for (const s of stations) stationUnits.set(s.code, s.fillingUnitId)
    },
    applyMedia (list: readonly Medium[]) {
      media = mediaByCode(list)
    },
    get size () { return count },
    facts,
    /** The filling unit of a station; null when the registry does not know it. */
    unitOfStation: (code: string): number | null => stationUnits.get(code) ?? null,
    /** The pressure limit of a medium (a mixture's lowest); null for a medium the table does not have. */
    maxPressureOf: (code: string): number | null => media.get(code)?.maxWorkingPressureMpa ?? null,
    /** The check: why this station must not fill this cylinder with this medium today (empty: it may). */
    reasons (cylinder: string, mediumAsked: string, stationCode: string, today: string): RefusalReason[] {
      return refusalReasons(facts(cylinder), { medium: mediumAsked, fillingUnitId: stationUnits.get(stationCode) ?? null }, today)
    },
    rememberRefusal (cylinder: string, stationCode: string, reasons: RefusalReason[], at: number) {
      const key = refusalKey(cylinder, stationCode)
      refusals.delete(key)
      refusals.set(key, { at, reasons })
      // Oldest first in a Map: drop what is past the window or over the bound.
      for (const [k, r] of refusals) {
        if (refusals.size <= MAX_REFUSALS && at - r.at < REFUSAL_MEMORY_MS) break
        refusals.delete(k)
      }
    },
    /** The refusal this station got for this cylinder in the last 24 h, if any. */
    refusal (cylinder: string, stationCode: string, now: number): Refusal | undefined {
      const r = refusals.get(refusalKey(cylinder, stationCode))
      return r !== undefined && now - r.at < REFUSAL_MEMORY_MS ? r : undefined
    }
  }
}

export type CheckView = ReturnType<typeof createCheckView>

/**
 * Loads the view from the registry and keeps it following the bus. Listening starts before the load, so a
 * change made meanwhile is not missed (a page read before it carries an older updatedAt and loses).
 */
export async function loadCheckView (deps: { db: Queryable, bus: Bus, pageSize?: number }) {
  const view = createCheckView()
  const offs = [
    deps.bus.on('cylinder.changed', ({ cylinders }) => view.apply(cylinders)),
    deps.bus.on('filling_station.changed', ({ stations }) => view.applyStations(stations)),
    deps.bus.on('cylinder_media.changed', ({ media }) => view.applyMedia(media))
  ]
  async function load () {
    view.applyMedia(await loadMedia(deps.db))
    view.applyStations(await loadStations(deps.db))
    for await (const page of loadCheckFieldPages(deps.db, deps.pageSize)) view.apply(page)
    view.trim()
  }
  try {
    await load()
  } catch (err) {
    for (const off of offs) off()
    throw err
  }
  return {
    view,
    /**
     * Reads the registry again, for rows written without an announcement (the demo's seeding writes
     * straight into the tables); what the view holds that is newer stays.
     */
    reload: load,
    stop () { for (const off of offs) off() }
  }
}
