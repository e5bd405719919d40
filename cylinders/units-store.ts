// Filling units (充装单位) and their stations (充装站/充装枪, each a gateway's `station` code), with what a
// unit's page shows: its cylinders by status, and its day — fills, refusals with their reasons, forced
// fills — from the timeline, plus the cylinders it must not fill (overdue, failed, past their life).
import type { Db } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { Scope } from '../platform/http/scope.ts'
import { instantAt, addDays } from '../platform/calendar.ts'
import type { CylinderStatus } from './lifecycle.ts'
import './events.ts'

export interface FillingUnit {
  id: number
  name: string
  licenseNo: string
  districtId: number
  districtName: string
  address: string
  /** Cylinders not scrapped. */
  cylinders: number
  stations: number
}

export interface FillingStation { id: number, code: string, fillingUnitId: number, name: string }

export interface UnitDetail extends FillingUnit {
  stationList: FillingStation[]
  byStatus: Record<CylinderStatus, number>
  /** Not scrapped, life already over today. */
  pastLife: number
}

export interface TodayEvent {
  id: number
  cylinderCode: string
  at: Date
  kind: 'filled' | 'refused' | 'forced_fill'
  stationCode: string | null
  details: Record<string, unknown>
}

export interface UnitToday {
  date: string
  fills: number
  refusals: number
  forcedFills: number
  /** Refusal reasons counted (a refusal may have several). */
  reasons: Record<string, number>
  /** The day's refusals and forced fills, latest first (at most `limit`). */
  events: TodayEvent[]
  /** Cylinders of the unit it must not fill today, earliest due first (at most `limit`). */
  mustNotFill: Array<{ code: string, medium: string, status: CylinderStatus, nextInspectionDue: string, endOfLife: string, overdue: boolean, pastLife: boolean }>
  mustNotFillTotal: number
}

export class UnitRefused extends Error {
  constructor (readonly reason: 'taken' | 'unknown_district' | 'not_found' | 'station_taken') { super(reason) }
}

const UNIT_SELECT = `select f.id, f.name, f.license_no as "licenseNo", f.district_id as "districtId", d.name as "districtName", f.address,
  (select count(*) from cylinders c where c.filling_unit_id = f.id and c.status <> 'scrapped') as cylinders,
  (select count(*) from filling_stations s where s.filling_unit_id = f.id) as stations
  from filling_units f join districts d on d.id = f.district_id`

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505'
const isForeignKeyViolation = (err: unknown) => (err as { code?: string }).code === '23503'

export function createFillingUnits (deps: { db: Db, bus: Bus }) {
  const { db, bus } = deps
  return {
    list: (scope: Scope) => db.query<FillingUnit>(`${UNIT_SELECT} where ($1::int is null or f.id = $1) order by f.name`, [scope.fillingUnitId ?? null]),

    async get (scope: Scope, id: number, today: string): Promise<UnitDetail | undefined> {
      if (scope.fillingUnitId != null && scope.fillingUnitId !== id) return undefined
      const [unit] = await db.query<FillingUnit>(`${UNIT_SELECT} where f.id = $1`, [id])
      if (unit === undefined) return undefined
      const stationList = await db.query<FillingStation>(`select id, code, filling_unit_id as "fillingUnitId", name from filling_stations where filling_unit_id = $1 order by code`, [id])
      const counts = await db.query<{ status: CylinderStatus, n: number }>(`select status, count(*) as n from cylinders where filling_unit_id = $1 group by status`, [id])
      const byStatus: Record<CylinderStatus, number> = { in_use: 0, inspection_overdue: 0, failed: 0, scrapped: 0 }
      for (const c of counts) byStatus[c.status] = c.n
      const [past] = await db.query<{ n: number }>(`select count(*) as n from cylinders where filling_unit_id = $1 and status <> 'scrapped' and end_of_life <= $2`, [id, today])
      return { ...unit, stationList, byStatus, pastLife: past?.n ?? 0 }
    },

    async create (input: { name: string, licenseNo: string, districtId: number, address: string }): Promise<FillingUnit> {
      try {
        const [row] = await db.query<{ id: number }>(`insert into filling_units (name, license_no, district_id, address) values ($1, $2, $3, $4) returning id`,
          [input.name, input.licenseNo, input.districtId, input.address])
        return (await db.query<FillingUnit>(`${UNIT_SELECT} where f.id = $1`, [row!.id]))[0]!
      } catch (err) {
        if (isUniqueViolation(err)) throw new UnitRefused('taken')
        if (isForeignKeyViolation(err)) throw new UnitRefused('unknown_district')
        throw err
      }
    },

    async createStation (unitId: number, input: { code: string, name: string }): Promise<FillingStation> {
      try {
        const [row] = await db.query<FillingStation>(`insert into filling_stations (code, filling_unit_id, name) values ($1, $2, $3)
          returning id, code, filling_unit_id as "fillingUnitId", name`, [input.code, unitId, input.name])
        bus.emit('filling_station.changed', { stations: [{ code: row!.code, fillingUnitId: row!.fillingUnitId }] })
        return row!
      } catch (err) {
        if (isUniqueViolation(err)) throw new UnitRefused('station_taken')
        if (isForeignKeyViolation(err)) throw new UnitRefused('not_found')
        throw err
      }
    },

    /** A unit's day on the city's calendar (`date`, local midnight to midnight in `timeZone`). */
    async today (id: number, date: string, timeZone: string, limit: number): Promise<UnitToday> {
      const from = new Date(instantAt(date, '00:00', timeZone)).toISOString()
      const to = new Date(instantAt(addDays(date, 1), '00:00', timeZone)).toISOString()
      const [counts] = await db.query<{ fills: number, refusals: number, forced: number }>(`select
          count(*) filter (where kind = 'filled') as fills, count(*) filter (where kind = 'refused') as refusals, count(*) filter (where kind = 'forced_fill') as forced
        from cylinder_events where filling_unit_id = $1 and at >= $2 and at < $3 and kind in ('filled', 'refused', 'forced_fill')`, [id, from, to])
      const reasons = await db.query<{ reason: string, n: number }>(`select r.reason, count(*) as n
        from cylinder_events e, jsonb_array_elements_text(coalesce(e.details->'reasons', '[]'::jsonb)) as r(reason)
        where e.filling_unit_id = $1 and e.at >= $2 and e.at < $3 and e.kind = 'refused' group by r.reason`, [id, from, to])
      const events = await db.query<TodayEvent>(`select id, cylinder_code as "cylinderCode", at, kind, station_code as "stationCode", details
        from cylinder_events where filling_unit_id = $1 and at >= $2 and at < $3 and kind in ('refused', 'forced_fill')
        order by at desc, id desc limit $4`, [id, from, to, limit])
      const mustNotFill = await db.query<UnitToday['mustNotFill'][number]>(`select code, medium, status, next_inspection_due as "nextInspectionDue", end_of_life as "endOfLife",
          next_inspection_due < $2 as overdue, end_of_life <= $2 as "pastLife"
        from cylinders where filling_unit_id = $1 and status <> 'scrapped' and (next_inspection_due < $2 or end_of_life <= $2 or status = 'failed')
        order by least(next_inspection_due, end_of_life), code limit $3`, [id, date, limit])
      const [total] = await db.query<{ n: number }>(`select count(*) as n from cylinders where filling_unit_id = $1 and status <> 'scrapped'
        and (next_inspection_due < $2 or end_of_life <= $2 or status = 'failed')`, [id, date])
      return {
        date, fills: counts?.fills ?? 0, refusals: counts?.refusals ?? 0, forcedFills: counts?.forced ?? 0,
        reasons: Object.fromEntries(reasons.map((r) => [r.reason, r.n])), events, mustNotFill, mustNotFillTotal: total?.n ?? 0
      }
    }
  }
}

export type FillingUnits = ReturnType<typeof createFillingUnits>
