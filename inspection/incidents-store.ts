// Incident records (事故 accidents, 事件 incidents): the numerators of 万台事故率 and 万台死亡率. Each names
// its lift, its date (the city's), its casualties, its cause and who reported it.
import type { Db } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'
import { createWhere } from '../platform/db/where.ts'

export const INCIDENT_KINDS = ['accident', 'incident'] as const
export const INCIDENT_SOURCES = ['inspection', 'police', 'rescue', 'report'] as const

export interface Incident {
  id: number
  equipmentCode: string
  kind: typeof INCIDENT_KINDS[number]
  occurredOn: string
  injured: number
  deaths: number
  cause: string | null
  source: typeof INCIDENT_SOURCES[number]
  rescueCaseId: number | null
  address: string
  districtId: number
  districtName: string
  createdAt: Date
}

export interface IncidentInput {
  equipmentCode: string
  kind: Incident['kind']
  occurredOn: string
  injured: number
  deaths: number
  cause: string | null
  source: Incident['source']
  rescueCaseId: number | null
}

const SELECT = `
  select i.id, e.equipment_code as "equipmentCode", i.kind, i.occurred_on as "occurredOn", i.injured, i.deaths, i.cause, i.source,
    i.rescue_case_id as "rescueCaseId", e.address, e.district_id as "districtId", d.name as "districtName", i.created_at as "createdAt"
  from incidents i join elevators e on e.id = i.elevator_id join districts d on d.id = e.district_id`

export function createIncidentStore (db: Db) {
  return {
    /** Stores an incident; undefined when no lift has the code. */
    async create (input: IncidentInput, actorId: number | null): Promise<Incident | undefined> {
      const [row] = await db.query<{ id: number }>(`
        insert into incidents (elevator_id, kind, occurred_on, injured, deaths, cause, source, rescue_case_id, created_by)
        select e.id, $2, $3, $4, $5, $6, $7, $8, $9 from elevators e where e.equipment_code = $1 returning id`,
      [input.equipmentCode, input.kind, input.occurredOn, input.injured, input.deaths, input.cause, input.source, input.rescueCaseId, actorId])
      if (row === undefined) return undefined
      const [incident] = await db.query<Incident>(`${SELECT} where i.id = $1`, [row.id])
      return incident
    },

    /** Incidents of the lifts in the scope, latest first, filtered by period, district or lift. */
    async list (scope: Scope, filter: { from?: string, to?: string, districtId?: number, equipmentCode?: string }, page: { limit: number, offset: number }) {
      const where = createWhere()
      if (scope.maintenanceFirmId != null) where.add('e.maintenance_firm_id = ?', scope.maintenanceFirmId)
      if (scope.useUnitId != null) where.add('e.use_unit_id = ?', scope.useUnitId)
      if (filter.from !== undefined) where.add('i.occurred_on >= ?::date', filter.from)
      if (filter.to !== undefined) where.add('i.occurred_on <= ?::date', filter.to)
      if (filter.districtId !== undefined) where.add('e.district_id = ?', filter.districtId)
      if (filter.equipmentCode !== undefined) where.add('e.equipment_code = ?', filter.equipmentCode)
      const items = await db.query<Incident>(`${SELECT} ${where.sql} order by i.occurred_on desc, i.id desc limit ${page.limit} offset ${page.offset}`, where.params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from incidents i join elevators e on e.id = i.elevator_id ${where.sql}`, where.params)
      return { items, total: count?.total ?? 0 }
    }
  }
}

export type IncidentStore = ReturnType<typeof createIncidentStore>
