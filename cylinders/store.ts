// The cylinder registry in PostgreSQL: the rows the pre-fill check's view loads at start, the timeline
// writes (recordCylinderEvents, also used by the station kind for fills and refusals), and the rule that
// every change to a cylinder's row is announced as `cylinder.changed` (cylinders/events.ts) with the row
// as it stands after the change, read back from the database in the same statement.
import type { Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { CylinderCheckFields, FillingStationFields } from './events.ts'
import type { Medium } from './media.ts'
import './events.ts'

export const CYLINDER_EVENT_KINDS = ['registered', 'filled', 'refused', 'inspected', 'transferred', 'scrapped', 'forced_fill'] as const
export type CylinderEventKind = typeof CYLINDER_EVENT_KINDS[number]

/**
 * One entry of a cylinder's timeline. `details` by kind: registered {registrationNo, medium, …};
 * filled {medium, massKg, pressureMPa?, operator, flags?: string[]}; refused {medium, reasons: string[]};
 * forced_fill {medium, massKg, reasons: string[]}; inspected {on, result, inspector?, notes?, nextDue};
 * transferred {fromFillingUnitId, toFillingUnitId}; scrapped {on, reason}.
 */
export interface CylinderEventInput {
  cylinderCode: string
  at: Date
  kind: CylinderEventKind
  fillingUnitId: number | null
  stationCode: string | null
  details: Record<string, unknown>
}

/** The columns of CylinderCheckFields, for a statement's `returning` or `select` over cylinders `c`. */
export const CHECK_FIELDS = `c.code, c.medium, c.filling_unit_id as "fillingUnitId", c.status,
  c.next_inspection_due as "nextInspectionDue", c.end_of_life as "endOfLife", c.capacity_kg as "capacityKg",
  c.empty_mass_kg as "emptyMassKg", (extract(epoch from c.updated_at) * 1000)::float8 as "updatedAt"`

/**
 * Every cylinder's check fields (scrapped ones too: a check must say 'scrapped', not 'unregistered'), in
 * pages of `pageSize` in code order, each read by one index range from the last code of the page before:
 * a million rows load without one huge result or a growing OFFSET.
 */
export async function * loadCheckFieldPages (db: Queryable, pageSize = 20_000): AsyncGenerator<CylinderCheckFields[]> {
  let after: string | null = null
  for (;;) {
    const rows: CylinderCheckFields[] = await db.query<CylinderCheckFields>(
      `select ${CHECK_FIELDS} from cylinders c ${after === null ? '' : 'where c.code > $2'} order by c.code limit $1`,
      after === null ? [pageSize] : [pageSize, after])
    if (rows.length === 0) return
    yield rows
    if (rows.length < pageSize) return
    after = rows[rows.length - 1]!.code
  }
}

/** The check fields of some cylinders as they stand now (codes not registered are left out). */
export async function checkFieldsOf (db: Queryable, codes: readonly string[]): Promise<CylinderCheckFields[]> {
  if (codes.length === 0) return []
  return db.query<CylinderCheckFields>(`select ${CHECK_FIELDS} from cylinders c where c.code = any($1::text[])`, [codes])
}

// Rows per insert statement: one statement per batch keeps a fill burst to a few round trips, and bounded
// so one statement's JSON parameter stays small.
const EVENT_BATCH = 2_000

/**
 * Appends entries to cylinders' timelines, in batches (fills arrive by the thousand). A fill entry already
 * there (same cylinder, station, record time and kind: a QoS 1 resend) is skipped (migration 022).
 */
export async function recordCylinderEvents (db: Queryable, events: readonly CylinderEventInput[]): Promise<void> {
  for (let i = 0; i < events.length; i += EVENT_BATCH) {
    const batch = events.slice(i, i + EVENT_BATCH).map((e) => ({
      c: e.cylinderCode, a: e.at.toISOString(), k: e.kind, u: e.fillingUnitId, s: e.stationCode, d: e.details
    }))
    await db.query(`insert into cylinder_events (cylinder_code, at, kind, filling_unit_id, station_code, details)
      select x.c, x.a, x.k, x.u, x.s, coalesce(x.d, '{}'::jsonb)
      from jsonb_to_recordset($1::jsonb) as x(c text, a timestamptz, k text, u integer, s text, d jsonb)
      on conflict do nothing`, [JSON.stringify(batch)])
  }
}

interface MediumRow {
  code: string
  nameZh: string
  nameEn: string
  group: Medium['group']
  inspectionIntervalYears: number
  firstInspectionYears: number | null
  designLifeYears: number
  lifeExtensionYears: number
  maxWorkingPressureMpa: number
  components: string[] | null
}

/** The media table as stored (mixtures not yet resolved: media.ts's mediaByCode does that). */
export async function loadMedia (db: Queryable): Promise<Medium[]> {
  return db.query<MediumRow>(`select code, name_zh as "nameZh", name_en as "nameEn", "group",
    inspection_interval_years as "inspectionIntervalYears", first_inspection_years as "firstInspectionYears",
    design_life_years as "designLifeYears", life_extension_years as "lifeExtensionYears",
    max_working_pressure_mpa as "maxWorkingPressureMpa", components
    from cylinder_media order by code`)
}

/** Every filling station with its unit, for the check view. */
export async function loadStations (db: Queryable): Promise<FillingStationFields[]> {
  return db.query<FillingStationFields>(`select code, filling_unit_id as "fillingUnitId" from filling_stations order by code`)
}

/** Announces changed cylinders' rows on the bus; every write of the registry ends with it. */
export function announceChanges (bus: Bus, cylinders: CylinderCheckFields[]): void {
  if (cylinders.length > 0) bus.emit('cylinder.changed', { cylinders })
}
