// The daily cylinder scan in SQL, set-wise (a city of a million cylinders is a handful of statements):
// cylinders in use whose inspection date has passed become inspection_overdue (and back, should an edit
// of the media table have moved their date), then one alert per filling unit and condition is brought in
// step — raised, its count and earliest date kept current, cleared when no cylinder is left in that
// state. Under a transaction-level advisory lock: a second node scanning at the same moment skips (null);
// the partial unique index on open alerts holds even without it. An alert a person closed is not raised
// again for the same earliest date (the same cylinders still overdue), only when a new one falls due first.
import type { Db } from '../platform/db/db.ts'
import { storedNote } from '../platform/messages/message.ts'
import { msg } from '../platform/messages/key.ts'
import './messages.ts'

const CYLINDER_SCAN_LOCK = 0x6379_6c31 // 'cyl1'
export const CYLINDER_ALERT_TYPES = ['cylinder_inspection_overdue', 'cylinder_past_life'] as const
export type CylinderAlertType = typeof CYLINDER_ALERT_TYPES[number]

export interface ScanResult {
  /** Codes whose status the scan changed (to announce to the check views). */
  changed: string[]
  raised: number[]
  updated: number[]
  cleared: number[]
}

export interface CylinderAlert {
  id: number
  fillingUnitId: number
  fillingUnitName: string
  districtId: number
  type: CylinderAlertType
  severity: string
  status: 'raised' | 'acknowledged' | 'cleared' | 'closed'
  cylinders: number
  earliest: string
  raisedAt: Date
  updatedAt: Date
  clearedAt: Date | null
  closedAt: Date | null
}

const OPEN = `('raised', 'acknowledged')`

export function createCylinderScan (db: Db) {
  return {
    async scan (today: string): Promise<ScanResult | null> {
      return db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [CYLINDER_SCAN_LOCK])
        if (lock?.ok !== true) return null
        const overdue = await tx.query<{ code: string }>(`update cylinders set status = 'inspection_overdue', updated_at = now()
          where status = 'in_use' and next_inspection_due < $1 returning code`, [today])
        const back = await tx.query<{ code: string }>(`update cylinders set status = 'in_use', updated_at = now()
          where status = 'inspection_overdue' and next_inspection_due >= $1 returning code`, [today])
        const want = `
          select filling_unit_id, 'cylinder_inspection_overdue' as type, 'major' as severity, count(*)::int as n, min(next_inspection_due) as earliest
            from cylinders where status = 'inspection_overdue' group by filling_unit_id
          union all
          select filling_unit_id, 'cylinder_past_life', 'critical', count(*)::int, min(end_of_life)
            from cylinders where status <> 'scrapped' and end_of_life <= $1 group by filling_unit_id`
        const cleared = await tx.query<{ id: number }>(`with want as (${want})
          update cylinder_alerts a set status = 'cleared', cleared_at = now(), updated_at = now(), note = $2::jsonb
          where a.status in ${OPEN} and not exists (select 1 from want w where w.filling_unit_id = a.filling_unit_id and w.type = a.type)
          returning a.id`, [today, JSON.stringify(storedNote(msg('note.cylinder_all_clear')).message)])
        const updated = await tx.query<{ id: number }>(`with want as (${want})
          update cylinder_alerts a set cylinders = w.n, earliest = w.earliest, updated_at = now(),
            note = jsonb_build_object('key', case when w.type = 'cylinder_past_life' then 'note.cylinder_past_life' else 'note.cylinder_overdue' end,
              'params', jsonb_build_object('count', w.n, 'earliest', w.earliest::text))
          from want w where a.status in ${OPEN} and w.filling_unit_id = a.filling_unit_id and w.type = a.type
            and (a.cylinders <> w.n or a.earliest <> w.earliest)
          returning a.id`, [today])
        const raised = await tx.query<{ id: number }>(`with want as (${want})
          insert into cylinder_alerts (filling_unit_id, type, severity, cylinders, earliest, note)
          select w.filling_unit_id, w.type, w.severity, w.n, w.earliest,
            jsonb_build_object('key', case when w.type = 'cylinder_past_life' then 'note.cylinder_past_life' else 'note.cylinder_overdue' end,
              'params', jsonb_build_object('count', w.n, 'earliest', w.earliest::text))
          from want w
          where not exists (select 1 from cylinder_alerts a where a.filling_unit_id = w.filling_unit_id and a.type = w.type
            and (a.status in ${OPEN} or (a.status = 'closed' and a.earliest = w.earliest)))
          on conflict (filling_unit_id, type) where status in ${OPEN} do nothing
          returning id`, [today])
        return { changed: [...overdue, ...back].map((r) => r.code), raised: raised.map((r) => r.id), updated: updated.map((r) => r.id), cleared: cleared.map((r) => r.id) }
      })
    },

    async list (scope: { fillingUnitId?: number | null }, filter: { open?: boolean, type?: CylinderAlertType, fillingUnitId?: number }, limit: number) {
      return db.query<CylinderAlert & { note: unknown }>(`select a.id, a.filling_unit_id as "fillingUnitId", u.name as "fillingUnitName", u.district_id as "districtId",
          a.type, a.severity, a.status, a.cylinders, a.earliest, a.note, a.raised_at as "raisedAt", a.updated_at as "updatedAt",
          a.cleared_at as "clearedAt", a.closed_at as "closedAt"
        from cylinder_alerts a join filling_units u on u.id = a.filling_unit_id
        where ($1::int is null or a.filling_unit_id = $1) and ($2::boolean is not true or a.status in ${OPEN})
          and ($3::text is null or a.type = $3) and ($4::int is null or a.filling_unit_id = $4)
        order by a.raised_at desc, a.id desc limit $5`,
      [scope.fillingUnitId ?? null, filter.open ?? null, filter.type ?? null, filter.fillingUnitId ?? null, limit])
    },

    /** A person closes an alert (it stays closed while the same cylinders are the earliest). */
    async close (id: number, userId: number): Promise<boolean> {
      const rows = await db.query(`update cylinder_alerts set status = 'closed', closed_at = now(), closed_by = $2, updated_at = now()
        where id = $1 and status <> 'closed' returning id`, [id, userId])
      return rows.length > 0
    }
  }
}

export type CylinderScan = ReturnType<typeof createCylinderScan>
