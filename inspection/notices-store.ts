// Supervision notices (督办通知): sent by an inspector about lifts needing inspection, read by whoever may
// see the lift, acknowledged by the lift's use unit.
import type { Db } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'
import { createWhere } from '../platform/db/where.ts'

export interface Notice {
  id: number
  equipmentCode: string
  address: string
  useUnitId: number
  useUnitName: string
  inspectionStatus: 'overdue' | 'failed' | 'due_soon'
  validUntil: string | null
  message: string | null
  sentAt: Date
  sentBy: string | null
  acknowledgedAt: Date | null
  acknowledgedBy: string | null
}

const SELECT = `
  select n.id, e.equipment_code as "equipmentCode", e.address, n.use_unit_id as "useUnitId", u.name as "useUnitName",
    n.inspection_status as "inspectionStatus", n.valid_until::text as "validUntil", n.message, n.sent_at as "sentAt",
    coalesce(s.display_name, s.username) as "sentBy", n.acknowledged_at as "acknowledgedAt", coalesce(a.display_name, a.username) as "acknowledgedBy"
  from inspection_notices n join elevators e on e.id = n.elevator_id join use_units u on u.id = n.use_unit_id
  left join users s on s.id = n.sent_by left join users a on a.id = n.acknowledged_by`

export function createNoticeStore (db: Db) {
  const store = {
    /** Stores one notice about a lift as it stands (its status, the date it was valid until). */
    async send (lift: { id: number, status: Notice['inspectionStatus'], validUntil: string | null }, message: string | null, actorId: number): Promise<Notice> {
      const [row] = await db.query<{ id: number }>(`
        insert into inspection_notices (elevator_id, use_unit_id, inspection_status, valid_until, message, sent_by)
        select e.id, e.use_unit_id, $2, $3, $4, $5 from elevators e where e.id = $1 returning id`, [lift.id, lift.status, lift.validUntil, message, actorId])
      return (await db.query<Notice>(`${SELECT} where n.id = $1`, [row!.id]))[0]!
    },

    async list (scope: Scope, filter: { unacknowledged?: boolean, equipmentCode?: string }, page: { limit: number, offset: number }) {
      const where = createWhere()
      if (scope.maintenanceFirmId != null) where.add('e.maintenance_firm_id = ?', scope.maintenanceFirmId)
      if (scope.useUnitId != null) where.add('n.use_unit_id = ?', scope.useUnitId)
      if (filter.unacknowledged === true) where.raw('n.acknowledged_at is null')
      if (filter.equipmentCode !== undefined) where.add('e.equipment_code = ?', filter.equipmentCode)
      const [count] = await db.query<{ n: number }>(`select count(*)::int as n from inspection_notices n join elevators e on e.id = n.elevator_id ${where.sql}`, where.params)
      const items = await db.query<Notice>(`${SELECT} ${where.sql} order by n.sent_at desc, n.id desc limit ${page.limit} offset ${page.offset}`, where.params)
      return { total: count!.n, items }
    },

    /** Acknowledges a notice of the use unit's own lift, once; undefined when it is not theirs or not found. */
    async acknowledge (id: number, useUnitId: number | null, actorId: number): Promise<Notice | undefined> {
      await db.query(`update inspection_notices set acknowledged_at = now(), acknowledged_by = $3
        where id = $1 and ($2::int is null or use_unit_id = $2) and acknowledged_at is null`, [id, useUnitId, actorId])
      return (await db.query<Notice>(`${SELECT} where n.id = $1 and ($2::int is null or n.use_unit_id = $2)`, [id, useUnitId]))[0]
    }
  }
  return store
}

export type NoticeStore = ReturnType<typeof createNoticeStore>
