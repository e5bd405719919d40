// The daily cylinder scan in SQL, set-wise (a city of a million cylinders is a handful of statements):
// cylinders in use whose inspection date has passed become inspection_overdue (and back, should an edit
// of the media table have moved their date), then one alert per filling unit and condition is brought in
// step — raised, its count and earliest date kept current, cleared when no cylinder is left in that
// state. The alerts are common alerts (alerts/store.ts) on subject 'filling_unit' (subject_code = the
// unit's id), `code` the earliest date, the count, date and the unit's place in `details`, and a history
// note per change: the desk, the live stream and the webhooks get them like a lift's (the scheduler
// announces them). Under a transaction-level advisory lock: a second node scanning at the same moment
// skips (null); migration 021's unique index on open filling-unit alerts holds even without it. An alert a
// person closed is not raised again for the same earliest date (the same cylinders still overdue), only
// when the earliest changes.
import type { Db } from '../platform/db/db.ts'
import { storedNote } from '../platform/messages/message.ts'
import { msg } from '../platform/messages/key.ts'
import './messages.ts'

const CYLINDER_SCAN_LOCK = 0x6379_6c31 // 'cyl1'
export const CYLINDER_ALERT_TYPES = ['cylinder_inspection_overdue', 'cylinder_past_life'] as const
export type CylinderAlertType = typeof CYLINDER_ALERT_TYPES[number]
/** The alerts' subject kind: a filling unit, by its id. */
export const FILLING_UNIT_SUBJECT = 'filling_unit'

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
  status: 'raised' | 'acknowledged' | 'assigned' | 'cleared' | 'closed'
  cylinders: number
  earliest: string
  raisedAt: Date
  updatedAt: Date
  clearedAt: Date | null
  closedAt: Date | null
}

const OPEN = `('raised', 'acknowledged', 'assigned')`
const MINE = `a.elevator_id is null and a.subject_kind = '${FILLING_UNIT_SUBJECT}'`
const ACTOR = 'cylinders'
// What each unit should have open today: per condition, the count and the earliest date.
const WANT = `
  select filling_unit_id, filling_unit_id::text as unit, type, severity, n, earliest::text as earliest from (
    select filling_unit_id, 'cylinder_inspection_overdue' as type, 'major' as severity, count(*)::int as n, min(next_inspection_due) as earliest
      from cylinders where status = 'inspection_overdue' group by filling_unit_id
    union all
    select filling_unit_id, 'cylinder_past_life', 'critical', count(*)::int, min(end_of_life)
      from cylinders where status <> 'scrapped' and end_of_life <= $1 group by filling_unit_id) w`
const NOTE = `jsonb_build_object('key', case when w.type = 'cylinder_past_life' then 'note.cylinder_past_life' else 'note.cylinder_overdue' end,
  'params', jsonb_build_object('count', w.n, 'earliest', w.earliest))`

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
        const cleared = await tx.query<{ id: number }>(`with want as (${WANT})
          update alerts a set status = 'cleared', cleared_at = now()
          where ${MINE} and a.type = any($2::text[]) and a.status in ${OPEN}
            and not exists (select 1 from want w where w.unit = a.subject_code and w.type = a.type)
          returning a.id`, [today, CYLINDER_ALERT_TYPES])
        const updated = await tx.query<{ id: number, note: unknown }>(`with want as (${WANT})
          update alerts a set code = w.earliest, details = a.details || jsonb_build_object('cylinders', w.n, 'earliest', w.earliest)
          from want w where ${MINE} and a.status in ${OPEN} and w.unit = a.subject_code and w.type = a.type
            and (a.details->>'cylinders' is distinct from w.n::text or a.code is distinct from w.earliest)
          returning a.id, ${NOTE} as note`, [today])
        const raised = await tx.query<{ id: number, note: unknown }>(`with want as (${WANT})
          insert into alerts (subject_kind, subject_code, type, severity, source, code, raised_at, details)
          select '${FILLING_UNIT_SUBJECT}', w.unit, w.type, w.severity, 'cylinder_scan', w.earliest, now(),
            jsonb_build_object('cylinders', w.n, 'earliest', w.earliest,
              'place', jsonb_build_object('fillingUnitId', u.id, 'unitName', u.name, 'districtId', u.district_id, 'address', u.address))
          from want w join filling_units u on u.id = w.filling_unit_id
          where not exists (select 1 from alerts a where ${MINE} and a.subject_code = w.unit and a.type = w.type
            and (a.status in ${OPEN} or (a.status = 'closed' and a.code = w.earliest)))
          on conflict do nothing
          returning id, jsonb_build_object('key', case when type = 'cylinder_past_life' then 'note.cylinder_past_life' else 'note.cylinder_overdue' end,
            'params', jsonb_build_object('count', (details->>'cylinders')::int, 'earliest', code)) as note`, [today])
        const allClear = JSON.stringify(storedNote(msg('note.cylinder_all_clear')).message)
        const notes = [
          ...raised.map((r) => ({ id: r.id, action: 'raised', note: JSON.stringify(r.note) })),
          ...updated.map((r) => ({ id: r.id, action: 'updated', note: JSON.stringify(r.note) })),
          ...cleared.map((r) => ({ id: r.id, action: 'cleared', note: allClear }))
        ]
        if (notes.length > 0) {
          await tx.query(`insert into alert_history (alert_id, actor, action, comment_message)
            select * from unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[])`,
          [notes.map((n) => n.id), notes.map(() => ACTOR), notes.map((n) => n.action), notes.map((n) => n.note)])
        }
        return { changed: [...overdue, ...back].map((r) => r.code), raised: raised.map((r) => r.id), updated: updated.map((r) => r.id), cleared: cleared.map((r) => r.id) }
      })
    },

    /** The per-unit alerts in the shape the cylinders page reads, with the last note the scan wrote. */
    async list (scope: { fillingUnitId?: number | null }, filter: { open?: boolean, type?: CylinderAlertType, fillingUnitId?: number }, limit: number) {
      return db.query<CylinderAlert & { note: unknown }>(`select a.id, u.id as "fillingUnitId", u.name as "fillingUnitName", u.district_id as "districtId",
          a.type, a.severity, a.status, (a.details->>'cylinders')::int as cylinders, a.code as earliest, n.note,
          a.raised_at as "raisedAt", greatest(a.raised_at, n.at, a.cleared_at, a.closed_at) as "updatedAt",
          a.cleared_at as "clearedAt", a.closed_at as "closedAt"
        from alerts a join filling_units u on u.id::text = a.subject_code
        left join lateral (select h.comment_message as note, h.at from alert_history h
          where h.alert_id = a.id and h.comment_message is not null order by h.at desc, h.id desc limit 1) n on true
        where ${MINE} and a.type = any($6::text[])
          and ($1::int is null or a.subject_code = $1::text) and ($2::boolean is not true or a.status in ${OPEN})
          and ($3::text is null or a.type = $3) and ($4::int is null or a.subject_code = $4::text)
        order by a.raised_at desc, a.id desc limit $5`,
      [scope.fillingUnitId ?? null, filter.open ?? null, filter.type ?? null, filter.fillingUnitId ?? null, limit, CYLINDER_ALERT_TYPES])
    },

    /**
     * A person closes a per-unit alert (it stays closed while the same cylinders are the earliest): the
     * common lifecycle's step, on this subject only; false when there is no such alert to close.
     */
    async close (id: number, actor: { id: number, name: string }): Promise<boolean> {
      return db.transaction(async (tx) => {
        const rows = await tx.query(`update alerts a set status = 'closed', closed_at = now(), closed_by = $2
          where a.id = $1 and ${MINE} and a.status <> 'closed' returning a.id`, [id, actor.id])
        if (rows.length === 0) return false
        await tx.query(`insert into alert_history (alert_id, actor_id, actor, action) values ($1, $2, $3, 'closed')`, [id, actor.id, actor.name])
        return true
      })
    }
  }
}

export type CylinderScan = ReturnType<typeof createCylinderScan>
