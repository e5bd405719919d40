// Inspection records and what follows from them, in PostgreSQL. A record is written with its lift's
// derived dates in one transaction (the elevators row's last and next inspection dates are the records',
// inspection/schedule.ts's rule in SQL), and the inspection alerts are brought in step with the lifts'
// statuses by one set-based statement: a scan of a city of 100,000 lifts is a handful of queries.
import type { Db, Queryable } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'
import { createWhere, escapeLike, containing } from '../platform/db/where.ts'
import { storedNote, msg } from '../platform/messages/message.ts'
import type { InspectionKind, InspectionResult, InspectionStatus } from './schedule.ts'
import { isRunning, type RunningEvidence, type UnfitLift } from './running.ts'
import './messages.ts'

export interface InspectionRecord {
  id: number
  equipmentCode: string
  kind: InspectionKind
  inspectedOn: string
  body: string
  inspector: string | null
  result: InspectionResult
  reportNo: string
  nextDue: string | null
  source: 'api' | 'csv' | 'demo'
  createdBy: string | null
  createdAt: Date
}

export interface RecordInput {
  equipmentCode: string
  kind: InspectionKind
  inspectedOn: string
  body: string
  inspector: string | null
  result: InspectionResult
  reportNo: string
  nextDue: string | null
}

/** A lift in use with its inspection status on a day, as the overdue and due-soon lists show it. */
export interface LiftInspectionRow {
  equipmentCode: string
  address: string
  building: string | null
  districtId: number
  districtName: string
  useUnitId: number
  useUnitName: string
  useUnitContact: string | null
  useUnitPhone: string | null
  maintenanceFirmName: string | null
  status: InspectionStatus
  validUntil: string | null
  daysLeft: number | null
  lastInspectedOn: string | null
  lastResult: InspectionResult | null
  /** Evidence of running while unfit (违规使用), from the latest scan; null when not flagged. */
  running: { since: Date, trips: number | null, movingPoints: number, lastMovingAt: Date | null, measuredOn: string } | null
}

const RECORD_SELECT = `
  select r.id, e.equipment_code as "equipmentCode", r.kind, r.inspected_on as "inspectedOn", r.body, r.inspector, r.result,
    r.report_no as "reportNo", r.next_due as "nextDue", r.source, u.username as "createdBy", r.created_at as "createdAt"
  from inspection_records r join elevators e on e.id = r.elevator_id left join users u on u.id = r.created_by`

/** The latest record of lift `e` (schedule.ts's latestRecord: of one day, a pass after a failure, then the later entry). */
export const LATEST_RECORD = (upTo: string | null = null) => `
  select r.inspected_on, r.result, case when r.result = 'fail' then r.inspected_on else r.next_due end as valid_until
  from inspection_records r where r.elevator_id = e.id ${upTo === null ? '' : `and r.inspected_on <= ${upTo}`}
  order by r.inspected_on desc, (r.result = 'fail') asc, r.id desc limit 1`

/**
 * Each lift's status on `today` (a parameter placeholder) with a due-soon lead of `soon` days: columns
 * valid_until, last_on, last_result, status, beside the elevator `e`. The registry's dates stand in for a
 * lift with no record (schedule.ts's inspectionStatus).
 */
function statusColumns (today: string, soon: string) {
  const validUntil = `case when l.result is not null then l.valid_until when e.last_inspection_date is null or e.last_inspection_date <= ${today}::date then e.next_inspection_date end`
  return {
    lateral: `left join lateral (${LATEST_RECORD()}) l on true`,
    columns: `${validUntil} as valid_until, case when l.result is not null then l.inspected_on else e.last_inspection_date end as last_on, l.result as last_result,
      case when l.result = 'fail' then 'failed'
        when (${validUntil}) is null then 'unknown'
        when (${validUntil}) < ${today}::date then 'overdue'
        when (${validUntil}) <= ${today}::date + ${soon}::int then 'due_soon'
        else 'valid' end as status`
  }
}

export class RecordRefused extends Error {
  constructor (readonly reason: 'unknown_equipment' | 'duplicate_report') { super(reason) }
}

const OPEN = `('raised', 'acknowledged', 'assigned')`
export const INSPECTION_ALERT_TYPES = ['inspection_overdue', 'inspection_due_soon'] as const
/** Overdue or failed and still running (违规使用): raised from InfluxDB's evidence (inspection/running.ts). */
export const RUNNING_ALERT_TYPE = 'inspection_running'

/**
 * Rewrites the first, last and next inspection dates of these lifts (null: every lift with records) from
 * their records: the elevators row shows what the records say (the demo's seed calls it after its batches);
 * and their records' reigns, which the KPIs read with the lift's district, use unit, firm and in-use status
 * (migrations 014 and 021, inspection/kpi.ts; a trigger keeps those four in step with the registry's writes).
 */
export async function refreshDerived (q: Queryable, elevatorIds: number[] | null) {
  await updateRegistryDates(q, elevatorIds)
  await q.query('delete from inspection_reigns where $1::int[] is null or elevator_id = any($1::int[])', [elevatorIds])
  // A record reigns from its date until the next record's (of one day, the one latestRecord picks reigns).
  await q.query(`
    insert into inspection_reigns (elevator_id, reign, valid_until, failed, overdue, district_id, use_unit_id, maintenance_firm_id, in_use)
    select o.elevator_id, daterange(o.a, o.b, '[)'), o.v, o.failed,
      case when o.b is null or o.lo < o.b then daterange(o.lo, o.b, '[)') end,
      e.district_id, e.use_unit_id, e.maintenance_firm_id, e.status = 'in_use'
    from (
      select r.elevator_id, r.inspected_on as a, r.result = 'fail' as failed,
        case when r.result = 'fail' then r.inspected_on else r.next_due end as v,
        greatest(r.inspected_on, case when r.result = 'fail' then r.inspected_on else r.next_due end + 1) as lo,
        lead(r.inspected_on) over (partition by r.elevator_id order by r.inspected_on, (r.result = 'fail') desc, r.id) as b
      from inspection_records r where $1::int[] is null or r.elevator_id = any($1::int[])) o
    join elevators e on e.id = o.elevator_id
    where o.b is null or o.a < o.b`, [elevatorIds])
}

const updateRegistryDates = (q: Queryable, elevatorIds: number[] | null) => q.query(`
  update elevators e set last_inspection_date = l.inspected_on, next_inspection_date = l.valid_until, first_inspected_on = l.first_on, updated_at = now()
  from (select distinct on (r.elevator_id) r.elevator_id, r.inspected_on, case when r.result = 'fail' then r.inspected_on else r.next_due end as valid_until,
      min(r.inspected_on) over (partition by r.elevator_id) as first_on
    from inspection_records r where $1::int[] is null or r.elevator_id = any($1::int[])
    order by r.elevator_id, r.inspected_on desc, (r.result = 'fail') asc, r.id desc) l
  where e.id = l.elevator_id and (e.last_inspection_date is distinct from l.inspected_on or e.next_inspection_date is distinct from l.valid_until
    or e.first_inspected_on is distinct from l.first_on)`, [elevatorIds])

export function createInspectionStore (db: Db) {
  return {
    /** Lifts (by code; null: all) with records take their dates from them again, after the registry wrote typed ones. */
    // Only the registry's dates: the reigns follow from the records alone, which a registry write leaves as they are.
    async rederive (equipmentCodes: string[] | null) {
      if (equipmentCodes === null) {
        await updateRegistryDates(db, null)
        return
      }
      const rows = await db.query<{ id: number }>('select id from elevators where equipment_code = any($1::text[])', [equipmentCodes])
      if (rows.length > 0) await updateRegistryDates(db, rows.map((r) => r.id))
    },

    /** Stores a checked record (schedule.ts's checkRecord) and updates its lift's dates; refuses an unknown lift or a report number already used. */
    async create (input: RecordInput, source: 'api' | 'csv', actorId: number | null): Promise<InspectionRecord> {
      return db.transaction(async (tx) => {
        const [lift] = await tx.query<{ id: number }>('select id from elevators where equipment_code = $1', [input.equipmentCode])
        if (lift === undefined) throw new RecordRefused('unknown_equipment')
        const [row] = await tx.query<{ id: number }>(`
          insert into inspection_records (elevator_id, kind, inspected_on, body, inspector, result, report_no, next_due, source, created_by)
          values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (report_no) do nothing returning id`,
        [lift.id, input.kind, input.inspectedOn, input.body, input.inspector, input.result, input.reportNo, input.nextDue, source, actorId])
        if (row === undefined) throw new RecordRefused('duplicate_report')
        await refreshDerived(tx, [lift.id])
        const [record] = await tx.query<InspectionRecord>(`${RECORD_SELECT} where r.id = $1`, [row.id])
        return record!
      })
    },

    /** Report numbers of these already stored (a CSV import checks a file at once). */
    async knownReports (reportNos: string[]): Promise<Set<string>> {
      const rows = await db.query<{ reportNo: string }>('select report_no as "reportNo" from inspection_records where report_no = any($1::text[])', [reportNos])
      return new Set(rows.map((r) => r.reportNo))
    },

    /** A lift's records, latest first; undefined when the lift is not in the scope. */
    async forLift (scope: Scope, equipmentCode: string, today: string, dueSoonDays: number) {
      const { lateral, columns } = statusColumns('$4', '$5')
      const [lift] = await db.query<{ id: number, status: InspectionStatus, validUntil: string | null, lastOn: string | null, lastResult: InspectionResult | null, hasRecords: boolean }>(`
        select e.id, s.status, s.valid_until as "validUntil", s.last_on as "lastOn", s.last_result as "lastResult",
          exists (select 1 from inspection_records r where r.elevator_id = e.id) as "hasRecords"
        from elevators e, lateral (select ${columns} from (select 1) one ${lateral}) s
        where e.equipment_code = $1 and ($2::int is null or e.maintenance_firm_id = $2) and ($3::int is null or e.use_unit_id = $3)`,
      [equipmentCode, scope.maintenanceFirmId ?? null, scope.useUnitId ?? null, today, dueSoonDays])
      if (lift === undefined) return undefined
      const records = await db.query<InspectionRecord>(`${RECORD_SELECT} where r.elevator_id = $1 order by r.inspected_on desc, (r.result = 'fail') asc, r.id desc`, [lift.id])
      return { lift, records }
    },

    /** Lifts in use with a status among `statuses` on `today`, soonest due first; scoped, filtered and paged. */
    async lifts (scope: Scope, filter: { statuses: InspectionStatus[], districtId?: number, q?: string, running?: boolean }, today: string, dueSoonDays: number, page: { limit: number, offset: number }) {
      const where = createWhere([today, dueSoonDays])
      const { lateral, columns } = statusColumns('$1', '$2')
      where.raw('e.status = \'in_use\'')
      if (scope.maintenanceFirmId != null) where.add('e.maintenance_firm_id = ?', scope.maintenanceFirmId)
      if (scope.useUnitId != null) where.add('e.use_unit_id = ?', scope.useUnitId)
      if (filter.districtId !== undefined) where.add('e.district_id = ?', filter.districtId)
      if (filter.q !== undefined && filter.q !== '') {
        const prefix = where.param(`${escapeLike(filter.q)}%`)
        const infix = where.param(containing(filter.q))
        where.raw(`(e.equipment_code like ${prefix} or e.address like ${infix} or e.building like ${infix})`)
      }
      if (filter.running === true) where.raw('exists (select 1 from inspection_running ir where ir.elevator_id = e.id)')
      const statuses = where.param(filter.statuses)
      const sql = `
        with s as (select e.id, e.equipment_code, e.address, e.building, e.district_id, e.use_unit_id, e.maintenance_firm_id, ${columns}
          from elevators e ${lateral} ${where.sql})
        select s.equipment_code as "equipmentCode", s.address, s.building, s.district_id as "districtId", d.name as "districtName",
          s.use_unit_id as "useUnitId", u.name as "useUnitName", u.contact as "useUnitContact", u.phone as "useUnitPhone", f.name as "maintenanceFirmName",
          s.status, s.valid_until as "validUntil", (s.valid_until - $1::date) as "daysLeft", s.last_on as "lastInspectedOn", s.last_result as "lastResult",
          case when ir.elevator_id is null then null else json_build_object('since', ir.since, 'trips', ir.trips, 'movingPoints', ir.moving_points,
            'lastMovingAt', ir.last_moving_at, 'measuredOn', ir.measured_on::text) end as running,
          count(*) over () as total
        from s join districts d on d.id = s.district_id join use_units u on u.id = s.use_unit_id left join maintenance_firms f on f.id = s.maintenance_firm_id
          left join inspection_running ir on ir.elevator_id = s.id
        where s.status = any(${statuses}::text[])
        order by s.valid_until asc nulls last, s.equipment_code limit ${page.limit} offset ${page.offset}`
      const rows = await db.query<LiftInspectionRow & { total: number }>(sql, where.params)
      let total = rows[0]?.total ?? 0
      if (rows.length === 0 && page.offset > 0) {
        const [count] = await db.query<{ n: number }>(`select count(*) as n from (${sql.replace(/order by[\s\S]*$/, '')}) c`, where.params)
        total = count?.n ?? 0
      }
      return {
        total,
        items: rows.map(({ total: _t, running, ...r }) => ({
          ...r,
          running: running === null ? null : { ...running, since: new Date(running.since), lastMovingAt: running.lastMovingAt === null ? null : new Date(running.lastMovingAt) }
        }))
      }
    },

    /**
     * Brings the inspection alerts in step with the lifts' statuses on `today` (all lifts, or one): clears
     * the open ones whose condition is over or changed, then raises one per lift and condition — overdue or
     * failed (inspection_overdue), due soon (inspection_due_soon) — keyed by the date it is about, so an
     * alert a person closed is not raised again for the same date. Runs under a transaction-level advisory
     * lock: a second node scanning at the same moment skips (null), and the partial unique index on open
     * alerts holds even without it.
     */
    async syncAlerts (today: string, dueSoonDays: number, elevatorId: number | null = null): Promise<{ raised: number[], cleared: number[] } | null> {
      return db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [INSPECTION_SCAN_LOCK])
        if (lock?.ok !== true) return null
        const { lateral, columns } = statusColumns('$1', '$2')
        const want = `
          select e.id as elevator_id,
            case when s.status in ('overdue', 'failed') then 'inspection_overdue' else 'inspection_due_soon' end as type,
            s.status as source, s.valid_until::text as code
          from elevators e, lateral (select ${columns} from (select 1) one ${lateral}) s
          where e.status = 'in_use' and s.status in ('overdue', 'failed', 'due_soon') and ($3::int is null or e.id = $3)`
        const cleared = await tx.query<{ id: number }>(`
          with want as (${want})
          update alerts a set status = 'cleared', cleared_at = now()
          where a.type = any($4::text[]) and a.status in ${OPEN} and ($3::int is null or a.elevator_id = $3)
            and not exists (select 1 from want w where w.elevator_id = a.elevator_id and w.type = a.type and w.code is not distinct from a.code and w.source = a.source)
          returning a.id`, [today, dueSoonDays, elevatorId, INSPECTION_ALERT_TYPES])
        // A running alert lasts while its lift stays unfit for the same date: a valid record ends it.
        const clearedRunning = await tx.query<{ id: number }>(`
          with want as (${want})
          update alerts a set status = 'cleared', cleared_at = now()
          where a.type = $4 and a.status in ${OPEN} and ($3::int is null or a.elevator_id = $3)
            and not exists (select 1 from want w where w.elevator_id = a.elevator_id and w.type = 'inspection_overdue' and w.code is not distinct from a.code)
          returning a.id`, [today, dueSoonDays, elevatorId, RUNNING_ALERT_TYPE])
        await tx.query(`
          with want as (${want})
          delete from inspection_running ir where ($3::int is null or ir.elevator_id = $3)
            and not exists (select 1 from want w where w.elevator_id = ir.elevator_id and w.type = 'inspection_overdue' and w.code = ir.valid_until::text)`,
        [today, dueSoonDays, elevatorId])
        cleared.push(...clearedRunning)
        const raised = await tx.query<{ id: number, source: string, code: string }>(`
          with want as (${want})
          insert into alerts (elevator_id, type, severity, source, code, raised_at)
          select w.elevator_id, w.type, case when w.type = 'inspection_overdue' then 'major' else 'warning' end, w.source, w.code, now()
          from want w
          where not exists (select 1 from alerts a where a.elevator_id = w.elevator_id and a.type = w.type and a.code is not distinct from w.code and a.source = w.source)
          on conflict (elevator_id, type) where status in ${OPEN} do nothing
          returning id, source, code`, [today, dueSoonDays, elevatorId])
        const notes = [
          ...cleared.map((r) => ({ id: r.id, action: 'cleared', note: storedNote(msg('note.inspection_changed')) })),
          ...raised.map((r) => ({
            id: r.id,
            action: 'raised',
            note: storedNote(msg(r.source === 'failed' ? 'note.inspection_failed' : r.source === 'overdue' ? 'note.inspection_overdue' : 'note.inspection_due_soon', { date: r.code }))
          }))
        ]
        if (notes.length > 0) {
          await tx.query(`insert into alert_history (alert_id, actor, action, comment, comment_message)
            select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
          [notes.map((n) => n.id), notes.map(() => 'inspection'), notes.map((n) => n.action), notes.map((n) => n.note.text), notes.map((n) => JSON.stringify(n.note.message))])
        }
        return { raised: raised.map((r) => r.id), cleared: cleared.map((r) => r.id) }
      })
    },

    /** Lifts in use that must not run on `today`: overdue, or failed and not passed since, with the date they were valid until. */
    async unfitLifts (today: string): Promise<UnfitLift[]> {
      const { lateral, columns } = statusColumns('$1', '0')
      return db.query<UnfitLift>(`
        select e.id as "elevatorId", e.equipment_code as "equipmentCode", s.valid_until::text as "validUntil", s.status
        from elevators e, lateral (select ${columns} from (select 1) one ${lateral}) s
        where e.status = 'in_use' and s.status in ('overdue', 'failed') order by e.id`, [today])
    },

    /**
     * Keeps the evidence of the unfit lifts measured on `today` (inspection/running.ts) and raises one
     * critical inspection_running alert per lift and date for those that ran; a lift measured again keeps
     * its row up to date. Under the scan's advisory lock (null: another node holds it); keyed by the date,
     * so an alert a person closed is not raised again for it.
     */
    async syncRunning (today: string, evidence: readonly RunningEvidence[]): Promise<{ raised: number[], cleared: number[] } | null> {
      const flagged = evidence.filter(isRunning)
      return db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [INSPECTION_SCAN_LOCK])
        if (lock?.ok !== true) return null
        const ids = flagged.map((e) => e.elevatorId)
        await tx.query(`
          insert into inspection_running (elevator_id, valid_until, since, trips, moving_points, last_moving_at, measured_on)
          select * from unnest($1::int[], $2::date[], $3::timestamptz[], $4::int[], $5::int[], $6::timestamptz[], array_fill($7::date, array[cardinality($1::int[])]))
          on conflict (elevator_id) do update set valid_until = excluded.valid_until, since = excluded.since, trips = excluded.trips,
            moving_points = excluded.moving_points, last_moving_at = excluded.last_moving_at, measured_on = excluded.measured_on`,
        [ids, flagged.map((e) => e.validUntil), flagged.map((e) => new Date(e.since).toISOString()), flagged.map((e) => e.trips),
          flagged.map((e) => e.movingPoints), flagged.map((e) => e.lastMovingAt === null ? null : new Date(e.lastMovingAt).toISOString()), today])
        const raised = await tx.query<{ id: number, elevatorId: number }>(`
          insert into alerts (elevator_id, type, severity, source, code, raised_at)
          select w.elevator_id, $1, 'critical', w.source, w.code, now()
          from unnest($2::int[], $3::text[], $4::text[]) as w(elevator_id, source, code)
          where not exists (select 1 from alerts a where a.elevator_id = w.elevator_id and a.type = $1 and a.code is not distinct from w.code)
          on conflict (elevator_id, type) where status in ${OPEN} do nothing
          returning id, elevator_id as "elevatorId"`, [RUNNING_ALERT_TYPE, ids, flagged.map((e) => e.status), flagged.map((e) => e.validUntil)])
        if (raised.length > 0) {
          const byLift = new Map(flagged.map((e) => [e.elevatorId, e]))
          const notes = raised.map((r) => {
            const e = byLift.get(r.elevatorId)!
            return { id: r.id, note: storedNote(msg('note.inspection_running', { date: e.validUntil, trips: e.trips, points: e.movingPoints })) }
          })
          await tx.query(`insert into alert_history (alert_id, actor, action, comment, comment_message)
            select a, 'inspection', 'raised', c, m from unnest($1::bigint[], $2::text[], $3::jsonb[]) as n(a, c, m)`,
          [notes.map((n) => n.id), notes.map((n) => n.note.text), notes.map((n) => JSON.stringify(n.note.message))])
        }
        return { raised: raised.map((r) => r.id), cleared: [] }
      })
    },

    /** The lift's id, if it is in the scope. */
    async liftId (scope: Scope, equipmentCode: string): Promise<number | undefined> {
      const [row] = await db.query<{ id: number }>(`select id from elevators e where equipment_code = $1
        and ($2::int is null or e.maintenance_firm_id = $2) and ($3::int is null or e.use_unit_id = $3)`, [equipmentCode, scope.maintenanceFirmId ?? null, scope.useUnitId ?? null])
      return row?.id
    }
  }
}

/** Advisory lock of the inspection scan (the migrations take 7_242_024). */
export const INSPECTION_SCAN_LOCK = 7_242_011

export type InspectionStore = ReturnType<typeof createInspectionStore>
