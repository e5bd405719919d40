// Registry queries: districts, use units, maintenance firms and elevators. Every elevator read takes the
// caller's scope, so a maintenance firm or a use unit only ever sees its own lifts.
import type { Queryable } from '../platform/db/db.ts'
import { containing, createWhere, escapeLike } from '../platform/db/where.ts'
import type { Scope } from '../platform/http/scope.ts'
import type { ElevatorKind, EquipmentStatus } from '../elevators/codes.ts'
import { ELEVATOR } from '../elevators/payloads.ts'

export interface District {
  id: number
  code: string
  name: string
  arrivalLimitMin: number
  /** The grid rescue station (a maintenance firm) a rescue escalates to at level 2; null: none. */
  rescueStationFirmId: number | null
}
export type DistrictInput = Omit<District, 'id' | 'rescueStationFirmId'> & { rescueStationFirmId?: number | null }

const DISTRICT_COLUMNS = 'id, code, name, arrival_limit_min as "arrivalLimitMin", rescue_station_firm_id as "rescueStationFirmId"'
export interface UseUnit { id: number, name: string, creditCode: string | null, contact: string | null, phone: string | null, address: string | null }
export interface MaintenanceFirm { id: number, name: string, licenseNo: string | null, phone24h: string | null, contact: string | null }

const USE_UNIT_COLUMNS = 'id, name, credit_code as "creditCode", contact, phone, address'

export interface ElevatorInput {
  equipmentCode: string
  rescueId: string
  kind: string
  status: string
  address: string
  building: string | null
  floors: number | null
  districtId: number
  useUnitId: number
  maintenanceFirmId: number | null
  publicPlace: boolean
  lastInspectionDate: string | null
  nextInspectionDate: string | null
  /** WGS-84, both or neither. */
  latitude?: number | null
  longitude?: number | null
}

/** A stored elevator; the table's checks hold kind and status to the known ones. */
export interface Elevator extends Omit<ElevatorInput, 'kind' | 'status' | 'latitude' | 'longitude'> {
  id: number
  latitude: number | null
  longitude: number | null
  kind: ElevatorKind
  status: EquipmentStatus
  districtName: string
  useUnitName: string
  maintenanceFirmName: string | null
  gatewayId: string | null
}

export interface ElevatorFilter {
  districtId?: number
  useUnitId?: number
  maintenanceFirmId?: number
  status?: string
  kind?: string
  overdue?: boolean
  /** The city's date that `overdue` is judged on (YYYY-MM-DD); the database's own date when not given. */
  today?: string
  /** Matches equipment code or rescue ID exactly (prefix), or address / building as a substring. */
  q?: string
  /** Lifts whose gateway is (or is not) among these: how "online" is asked, presence being in memory. */
  gateways?: { among: string[], negate: boolean }
}

export const ELEVATOR_SORTS = {
  equipmentCode: 'e.equipment_code',
  rescueId: 'e.rescue_id',
  address: 'e.address',
  district: 'd.name',
  status: 'e.status',
  nextInspectionDate: 'e.next_inspection_date'
} as const
export type ElevatorSort = keyof typeof ELEVATOR_SORTS

const ELEVATOR_COLUMNS = `
  e.id, e.equipment_code as "equipmentCode", e.rescue_id as "rescueId", e.kind, e.status, e.address,
  e.building, e.floors, e.district_id as "districtId", d.name as "districtName", e.use_unit_id as "useUnitId",
  u.name as "useUnitName", e.maintenance_firm_id as "maintenanceFirmId", f.name as "maintenanceFirmName",
  e.public_place as "publicPlace", e.last_inspection_date as "lastInspectionDate",
  e.next_inspection_date as "nextInspectionDate", e.latitude, e.longitude, ge.gateway_id as "gatewayId"`
const ELEVATOR_FROM = `
  from elevators e
  join districts d on d.id = e.district_id
  join use_units u on u.id = e.use_unit_id
  left join maintenance_firms f on f.id = e.maintenance_firm_id
  left join gateway_equipment ge on ge.kind = '${ELEVATOR}' and ge.code = e.equipment_code`

function whereClause (scope: Scope, filter: ElevatorFilter = {}): { sql: string, params: unknown[] } {
  const where = createWhere()
  if (scope.maintenanceFirmId != null) where.add('e.maintenance_firm_id = ?', scope.maintenanceFirmId)
  if (scope.useUnitId != null) where.add('e.use_unit_id = ?', scope.useUnitId)
  if (filter.districtId !== undefined) where.add('e.district_id = ?', filter.districtId)
  if (filter.useUnitId !== undefined) where.add('e.use_unit_id = ?', filter.useUnitId)
  if (filter.maintenanceFirmId !== undefined) where.add('e.maintenance_firm_id = ?', filter.maintenanceFirmId)
  if (filter.status !== undefined) where.add('e.status = ?', filter.status)
  if (filter.kind !== undefined) where.add('e.kind = ?', filter.kind)
  const today = filter.overdue === undefined ? '' : filter.today === undefined ? 'current_date' : `${where.param(filter.today)}::date`
  if (filter.overdue === true) where.raw(`e.next_inspection_date < ${today}`)
  if (filter.overdue === false) where.raw(`(e.next_inspection_date is null or e.next_inspection_date >= ${today})`)
  if (filter.gateways !== undefined) {
    const among = where.param(filter.gateways.among)
    where.raw(filter.gateways.negate
      ? `(ge.gateway_id is null or not (ge.gateway_id = any(${among}::text[])))`
      : `ge.gateway_id = any(${among}::text[])`)
  }
  if (filter.q !== undefined && filter.q !== '') {
    const prefix = where.param(`${escapeLike(filter.q)}%`)
    const infix = where.param(containing(filter.q))
    where.raw(`(e.equipment_code like ${prefix} or e.rescue_id like ${prefix} or e.address like ${infix} or e.building like ${infix})`)
  }
  return { sql: where.sql, params: where.params }
}

export function createRegistryStore (db: Queryable) {
  return {
    listDistricts: () => db.query<District>(`select ${DISTRICT_COLUMNS} from districts order by code`),
    async createDistrict (input: DistrictInput): Promise<District> {
      const [row] = await db.query<District>(
        `insert into districts (code, name, arrival_limit_min, rescue_station_firm_id) values ($1, $2, $3, $4) returning ${DISTRICT_COLUMNS}`,
        [input.code, input.name, input.arrivalLimitMin, input.rescueStationFirmId ?? null])
      return row!
    },
    async getDistrict (id: number): Promise<District | undefined> {
      const [row] = await db.query<District>(`select ${DISTRICT_COLUMNS} from districts where id = $1`, [id])
      return row
    },
    async updateDistrict (id: number, input: DistrictInput): Promise<District | undefined> {
      const [row] = await db.query<District>(
        `update districts set code = $2, name = $3, arrival_limit_min = $4, rescue_station_firm_id = $5 where id = $1 returning ${DISTRICT_COLUMNS}`,
        [id, input.code, input.name, input.arrivalLimitMin, input.rescueStationFirmId ?? null])
      return row
    },

    /** Every use unit: for the CSV import's name lookup, not for people (a province has tens of thousands). */
    listUseUnits: () => db.query<UseUnit>(`select ${USE_UNIT_COLUMNS} from use_units order by name`),
    /** A page of use units, optionally those whose name contains `q`. */
    async findUseUnits (filter: { q?: string }, page: { limit: number, offset: number }) {
      const where = createWhere()
      if (filter.q !== undefined && filter.q !== '') where.add('name ilike ?', containing(filter.q))
      const items = await db.query<UseUnit>(
        `select ${USE_UNIT_COLUMNS} from use_units ${where.sql} order by name, id limit ${page.limit} offset ${page.offset}`, where.params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from use_units ${where.sql}`, where.params)
      return { items, total: count?.total ?? 0 }
    },
    async getUseUnit (id: number): Promise<UseUnit | undefined> {
      const [row] = await db.query<UseUnit>(`select ${USE_UNIT_COLUMNS} from use_units where id = $1`, [id])
      return row
    },
    async createUseUnit (input: Omit<UseUnit, 'id'>): Promise<UseUnit> {
      const [row] = await db.query<UseUnit>(
        `insert into use_units (name, credit_code, contact, phone, address) values ($1, $2, $3, $4, $5) returning ${USE_UNIT_COLUMNS}`,
        [input.name, input.creditCode, input.contact, input.phone, input.address])
      return row!
    },
    async updateUseUnit (id: number, input: Omit<UseUnit, 'id'>): Promise<UseUnit | undefined> {
      const [row] = await db.query<UseUnit>(
        `update use_units set name = $2, credit_code = $3, contact = $4, phone = $5, address = $6 where id = $1 returning ${USE_UNIT_COLUMNS}`,
        [id, input.name, input.creditCode, input.contact, input.phone, input.address])
      return row
    },

    listFirms: () => db.query<MaintenanceFirm>('select id, name, license_no as "licenseNo", phone_24h as "phone24h", contact from maintenance_firms order by name'),
    async createFirm (input: Omit<MaintenanceFirm, 'id'>): Promise<MaintenanceFirm> {
      const [row] = await db.query<MaintenanceFirm>(
        'insert into maintenance_firms (name, license_no, phone_24h, contact) values ($1, $2, $3, $4) returning id, name, license_no as "licenseNo", phone_24h as "phone24h", contact',
        [input.name, input.licenseNo, input.phone24h, input.contact])
      return row!
    },
    async getFirm (id: number): Promise<MaintenanceFirm | undefined> {
      const [row] = await db.query<MaintenanceFirm>('select id, name, license_no as "licenseNo", phone_24h as "phone24h", contact from maintenance_firms where id = $1', [id])
      return row
    },
    async updateFirm (id: number, input: Omit<MaintenanceFirm, 'id'>): Promise<MaintenanceFirm | undefined> {
      const [row] = await db.query<MaintenanceFirm>(
        'update maintenance_firms set name = $2, license_no = $3, phone_24h = $4, contact = $5 where id = $1 returning id, name, license_no as "licenseNo", phone_24h as "phone24h", contact',
        [id, input.name, input.licenseNo, input.phone24h, input.contact])
      return row
    },

    async listElevators (scope: Scope, filter: ElevatorFilter, page: { limit: number, offset: number, sort: ElevatorSort, order: 'asc' | 'desc' }) {
      const where = whereClause(scope, filter)
      const order = `${ELEVATOR_SORTS[page.sort]} ${page.order === 'desc' ? 'desc' : 'asc'} nulls last, e.id`
      const items = await db.query<Elevator>(
        `select ${ELEVATOR_COLUMNS} ${ELEVATOR_FROM} ${where.sql} order by ${order} limit ${page.limit} offset ${page.offset}`, where.params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from elevators e
        ${filter.gateways === undefined ? '' : `left join gateway_equipment ge on ge.kind = '${ELEVATOR}' and ge.code = e.equipment_code`} ${where.sql}`, where.params)
      return { items, total: count?.total ?? 0 }
    },
    /** The equipment codes a scoped caller (a firm, a use unit) may see; null for a caller who sees all. */
    async equipmentCodesInScope (scope: Scope): Promise<Set<string> | null> {
      if (scope.maintenanceFirmId == null && scope.useUnitId == null) return null
      const where = whereClause(scope)
      const rows = await db.query<{ code: string }>(`select e.equipment_code as code from elevators e ${where.sql}`, where.params)
      return new Set(rows.map((r) => r.code))
    },
    /** Gateways a scoped caller may see: those carrying its lifts, or belonging to its use unit. Null: all. */
    async gatewaysInScope (scope: Scope): Promise<Set<string> | null> {
      if (scope.maintenanceFirmId == null && scope.useUnitId == null) return null
      const rows = await db.query<{ id: string }>(`select ge.gateway_id as id from gateway_equipment ge
        join elevators e on ge.kind = '${ELEVATOR}' and ge.code = e.equipment_code
        where ($1::int is null or e.maintenance_firm_id = $1) and ($2::int is null or e.use_unit_id = $2)
        union select g.id from gateways g where $2::int is not null and g.use_unit_id = $2`, [scope.maintenanceFirmId ?? null, scope.useUnitId ?? null])
      return new Set(rows.map((r) => r.id))
    },
    async getElevator (scope: Scope, equipmentCode: string): Promise<Elevator | undefined> {
      const where = whereClause(scope)
      const params = [...where.params, equipmentCode]
      const sql = `select ${ELEVATOR_COLUMNS} ${ELEVATOR_FROM} ${where.sql ? `${where.sql} and` : 'where'} e.equipment_code = $${params.length}`
      const [row] = await db.query<Elevator>(sql, params)
      return row
    },
    async upsertElevator (input: ElevatorInput): Promise<{ id: number, created: boolean }> {
      const [row] = await db.query<{ id: number, created: boolean }>(`
        insert into elevators (equipment_code, rescue_id, kind, status, address, building, floors, district_id, use_unit_id,
          maintenance_firm_id, public_place, last_inspection_date, next_inspection_date, latitude, longitude)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        on conflict (equipment_code) do update set rescue_id = excluded.rescue_id, kind = excluded.kind, status = excluded.status,
          address = excluded.address, building = excluded.building, floors = excluded.floors, district_id = excluded.district_id,
          use_unit_id = excluded.use_unit_id, maintenance_firm_id = excluded.maintenance_firm_id, public_place = excluded.public_place,
          last_inspection_date = excluded.last_inspection_date, next_inspection_date = excluded.next_inspection_date,
          latitude = excluded.latitude, longitude = excluded.longitude, updated_at = now()
        returning id, (xmax = 0) as created`,
      [input.equipmentCode, input.rescueId, input.kind, input.status, input.address, input.building, input.floors, input.districtId,
        input.useUnitId, input.maintenanceFirmId, input.publicPlace, input.lastInspectionDate, input.nextInspectionDate, input.latitude ?? null, input.longitude ?? null])
      return row!
    },
    /**
     * Removes a lift from the registry, unless it has alerts or rescue cases: the database keeps that history
     * (platform/db/migrations/010-registry-history.ts) and refuses; such a lift is scrapped, not deleted. Its
     * gateway assignment goes in the same statement: a lift later registered under the code must not inherit it.
     */
    async deleteElevator (equipmentCode: string): Promise<'deleted' | 'not_found' | 'has_history'> {
      try {
        const rows = await db.query(`with removed as (delete from elevators where equipment_code = $1 returning id, equipment_code),
          unassigned as (delete from gateway_equipment ge using removed r where ge.kind = '${ELEVATOR}' and ge.code = r.equipment_code)
          select id from removed`, [equipmentCode])
        return rows.length > 0 ? 'deleted' : 'not_found'
      } catch (err) {
        // 23001 restrict_violation (alerts), 23503 foreign_key_violation (rescue cases): history names the lift.
        const code = (err as { code?: string }).code
        if (code === '23001' || code === '23503') return 'has_history'
        throw err
      }
    }
  }
}

export type RegistryStore = ReturnType<typeof createRegistryStore>
