// Maintenance records in PostgreSQL: checklist versions, visits from draft to submitted, photos' hashes,
// follow-ups of 不合格 items, the use unit's confirmation, the terminal's verdict, each lift's hash chain,
// and the last date each interval was done per lift (judged by schedule.ts). Submitting takes the lift's
// chain head under a row lock, so two submissions for one lift cannot both take the same place.
import type { Db, Queryable } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'
import { storedNote, msg } from '../platform/messages/message.ts'
import { recordHash, sha256, verifyChain, type ChainLink, type ChainVerdict } from './chain.ts'
import { liftDue, type LastDone, type LiftDue, type Verdict, type Worker, type ItemResult } from './schedule.ts'
import type { Annex, ChecklistItem, Interval } from './checklists.ts'
import './messages.ts'

export interface Checklist { id: number, annex: Annex, version: number, title: string, items: ChecklistItem[], createdAt: Date, current: boolean }
export interface Photo { id: number, sha256: string, mime: string, bytes: number, createdAt: Date }
export interface VisitRow {
  id: number, elevatorId: number, equipmentCode: string, address: string, firmId: number, firmName: string, useUnitId: number, checklistId: number,
  checklistVersion: number, annex: string, interval: Interval, status: 'draft' | 'submitted', startedAt: Date, endedAt: Date | null,
  latitude: number | null, longitude: number | null, gpsAccuracyM: number | null,
  results: Record<string, { result: ItemResult, note?: string | null }>, workers: Worker[], correctsId: number | null,
  seq: number | null, prevHash: string | null, hash: string | null, source: string, createdBy: string | null, submittedBy: number | null, submittedAt: Date | null
}
export interface Confirmation { name: string, username: string, confirmedAt: Date }
export interface VerificationRow { verified: boolean, reason: Verdict, inspectionModePoints: number, checkedAt: Date }
export interface FollowUp { id: number, equipmentCode: string, itemCode: string, item: string, note: string | null, openedByRecord: number, closedByRecord: number | null, openedAt: Date, closedAt: Date | null }

const VISIT_SELECT = `
  select r.id, r.elevator_id as "elevatorId", e.equipment_code as "equipmentCode", e.address, r.firm_id as "firmId", f.name as "firmName", e.use_unit_id as "useUnitId",
    r.checklist_id as "checklistId", c.version as "checklistVersion", c.annex, r.interval, r.status, r.started_at as "startedAt", r.ended_at as "endedAt",
    r.latitude, r.longitude, r.gps_accuracy_m as "gpsAccuracyM", r.results, r.workers, r.corrects_id as "correctsId", r.seq, r.prev_hash as "prevHash", r.hash,
    r.source, u.username as "createdBy", r.submitted_by as "submittedBy", r.submitted_at as "submittedAt"
  from maintenance_records r join elevators e on e.id = r.elevator_id join maintenance_firms f on f.id = r.firm_id
  join maintenance_checklists c on c.id = r.checklist_id left join users u on u.id = r.created_by`

const inScope = (scope: Scope, first: number) => `($${first}::int is null or r.firm_id = $${first} or e.maintenance_firm_id = $${first}) and ($${first + 1}::int is null or e.use_unit_id = $${first + 1})`
const scopeParams = (scope: Scope) => [scope.maintenanceFirmId ?? null, scope.useUnitId ?? null]

/**
 * What a record's hash covers, from its row: the work, the people (signatures by hash), the times and its
 * place in the chain. Instants as ISO strings of what the database returns, so the same row always gives
 * the same content.
 */
export type RecordFields = Pick<VisitRow, 'id' | 'elevatorId' | 'equipmentCode' | 'firmId' | 'checklistId' | 'interval' | 'startedAt' | 'endedAt' | 'latitude' | 'longitude'
  | 'gpsAccuracyM' | 'results' | 'workers' | 'correctsId' | 'seq' | 'submittedBy' | 'submittedAt'>

export function recordContent (r: RecordFields) {
  return {
    id: r.id, elevatorId: r.elevatorId, equipmentCode: r.equipmentCode, firmId: r.firmId, checklistId: r.checklistId, interval: r.interval,
    startedAt: new Date(r.startedAt).toISOString(), endedAt: r.endedAt === null ? null : new Date(r.endedAt).toISOString(),
    gps: r.latitude === null ? null : { latitude: r.latitude, longitude: r.longitude, accuracyM: r.gpsAccuracyM },
    results: r.results,
    workers: r.workers.map((w) => ({ name: w.name, certificateNo: w.certificateNo, signature: w.signature === null ? null : sha256(w.signature) })),
    correctsId: r.correctsId, seq: r.seq, submittedBy: r.submittedBy, submittedAt: r.submittedAt === null ? null : new Date(r.submittedAt).toISOString()
  }
}

export class VisitRefused extends Error {
  constructor (readonly reason: 'not_found' | 'not_draft' | 'not_submitted' | 'already_confirmed') { super(reason) }
}

const OPEN = `('raised', 'acknowledged', 'assigned')`
export const MAINTENANCE_ALERT_TYPES = ['maintenance_overdue', 'maintenance_unrecorded'] as const
/** Advisory lock of the maintenance scan (inspection's is 7_242_011, the migrations' 7_242_024). */
export const MAINTENANCE_SCAN_LOCK = 7_242_012

export function createMaintenanceStore (db: Db) {
  async function visitRow (q: Queryable, id: number): Promise<VisitRow | undefined> {
    const [row] = await q.query<VisitRow>(`${VISIT_SELECT} where r.id = $1`, [id])
    return row
  }

  async function photoHashes (q: Queryable, recordId: number): Promise<string[]> {
    return (await q.query<{ sha256: string }>('select sha256 from maintenance_photos where record_id = $1 order by id', [recordId])).map((p) => p.sha256)
  }

  /** Each lift in use in the scope with the last local date each interval was done (that interval itself). */
  async function lastDoneRows (scope: Scope, timeZone: string, elevatorId: number | null = null) {
    return db.query<{ elevatorId: number, equipmentCode: string, address: string, building: string | null, firmId: number | null, firmName: string | null, useUnitId: number, useUnitName: string,
      halfMonthly: string | null, quarterly: string | null, halfYearly: string | null, annual: string | null, draftId: number | null, draftStartedAt: Date | null }>(`
      select e.id as "elevatorId", e.equipment_code as "equipmentCode", e.address, e.building, e.maintenance_firm_id as "firmId", f.name as "firmName",
        e.use_unit_id as "useUnitId", u.name as "useUnitName",
        max((r.started_at at time zone $1)::date) filter (where r.interval = 'half_monthly')::text as "halfMonthly",
        max((r.started_at at time zone $1)::date) filter (where r.interval = 'quarterly')::text as quarterly,
        max((r.started_at at time zone $1)::date) filter (where r.interval = 'half_yearly')::text as "halfYearly",
        max((r.started_at at time zone $1)::date) filter (where r.interval = 'annual')::text as annual,
        (select d.id from maintenance_records d where d.elevator_id = e.id and d.status = 'draft' order by d.started_at desc limit 1) as "draftId",
        (select d.started_at from maintenance_records d where d.elevator_id = e.id and d.status = 'draft' order by d.started_at desc limit 1) as "draftStartedAt"
      from elevators e join use_units u on u.id = e.use_unit_id left join maintenance_firms f on f.id = e.maintenance_firm_id
      left join maintenance_records r on r.elevator_id = e.id and r.status = 'submitted'
      where e.status = 'in_use' and ($2::int is null or e.maintenance_firm_id = $2) and ($3::int is null or e.use_unit_id = $3) and ($4::int is null or e.id = $4)
      group by e.id, f.name, u.name`, [timeZone, ...scopeParams(scope), elevatorId])
  }

  const toLastDone = (r: { halfMonthly: string | null, quarterly: string | null, halfYearly: string | null, annual: string | null }): LastDone =>
    ({ half_monthly: r.halfMonthly, quarterly: r.quarterly, half_yearly: r.halfYearly, annual: r.annual })

  return {
    // ── checklists ────────────────────────────────────────────────────────────────────────────────
    async checklists (): Promise<Checklist[]> {
      return db.query<Checklist>(`select c.id, c.annex, c.version, c.title, c.items, c.created_at as "createdAt",
        c.version = (select max(version) from maintenance_checklists m where m.annex = c.annex) as current
        from maintenance_checklists c order by c.annex, c.version desc`)
    },
    async checklist (id: number): Promise<Checklist | undefined> {
      const [row] = await db.query<Checklist>(`select c.id, c.annex, c.version, c.title, c.items, c.created_at as "createdAt",
        c.version = (select max(version) from maintenance_checklists m where m.annex = c.annex) as current
        from maintenance_checklists c where c.id = $1`, [id])
      return row
    },
    async currentChecklist (annex: string): Promise<Checklist | undefined> {
      const [row] = await db.query<Checklist>(`select c.id, c.annex, c.version, c.title, c.items, c.created_at as "createdAt", true as current
        from maintenance_checklists c where c.annex = $1 order by c.version desc limit 1`, [annex])
      return row
    },
    /** A new version of an annex's checklist; the versions before stay as the records made with them. */
    async createChecklistVersion (annex: string, title: string, items: ChecklistItem[], userId: number): Promise<Checklist> {
      return db.transaction(async (tx) => {
        await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [MAINTENANCE_SCAN_LOCK, annex])
        const [row] = await tx.query<{ id: number }>(`insert into maintenance_checklists (annex, version, title, items, created_by)
          select $1, coalesce(max(version), 0) + 1, $2, $3::jsonb, $4 from maintenance_checklists where annex = $1 returning id`, [annex, title, JSON.stringify(items), userId])
        const [c] = await tx.query<Checklist>('select id, annex, version, title, items, created_at as "createdAt", true as current from maintenance_checklists where id = $1', [row!.id])
        return c!
      })
    },

    // ── visits ────────────────────────────────────────────────────────────────────────────────────
    /** A lift by code, whatever the scope (the route tells "another firm's lift" from "no such lift"). */
    async lift (equipmentCode: string) {
      const [row] = await db.query<{ id: number, equipmentCode: string, kind: string, status: string, firmId: number | null, useUnitId: number }>(`
        select id, equipment_code as "equipmentCode", kind, status, maintenance_firm_id as "firmId", use_unit_id as "useUnitId" from elevators where equipment_code = $1`, [equipmentCode])
      return row
    },
    async startVisit (v: { elevatorId: number, firmId: number, checklistId: number, interval: Interval, startedAt: Date, gps: { latitude: number, longitude: number, accuracyM: number | null } | null, correctsId: number | null, userId: number, source?: 'api' | 'demo' }): Promise<VisitRow> {
      const [row] = await db.query<{ id: number }>(`insert into maintenance_records (elevator_id, firm_id, checklist_id, interval, started_at, latitude, longitude, gps_accuracy_m, corrects_id, created_by, source)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [v.elevatorId, v.firmId, v.checklistId, v.interval, v.startedAt, v.gps?.latitude ?? null, v.gps?.longitude ?? null, v.gps?.accuracyM ?? null, v.correctsId, v.userId, v.source ?? 'api'])
      return (await visitRow(db, row!.id))!
    },
    /** A submitted record of this lift (what a correction may name). */
    async isSubmittedOf (recordId: number, elevatorId: number): Promise<boolean> {
      const [row] = await db.query('select 1 from maintenance_records where id = $1 and elevator_id = $2 and status = \'submitted\'', [recordId, elevatorId])
      return row !== undefined
    },
    async visit (scope: Scope, id: number): Promise<VisitRow | undefined> {
      const [row] = await db.query<VisitRow>(`${VISIT_SELECT} where r.id = $1 and ${inScope(scope, 2)}`, [id, ...scopeParams(scope)])
      return row
    },
    async photos (recordId: number): Promise<Photo[]> {
      return db.query<Photo>('select id, sha256, mime, bytes, created_at as "createdAt" from maintenance_photos where record_id = $1 order by id', [recordId])
    },
    /** Merges item results, replaces the workers, sets the end: a draft only. */
    async updateDraft (id: number, patch: { results?: Record<string, { result: ItemResult, note: string | null }>, workers?: Worker[], endedAt?: Date | null }): Promise<VisitRow> {
      const rows = await db.query<{ id: number }>(`update maintenance_records set
          results = case when $2::jsonb is null then results else results || $2::jsonb end,
          workers = coalesce($3::jsonb, workers),
          ended_at = case when $4::boolean then $5::timestamptz else ended_at end
        where id = $1 and status = 'draft' returning id`,
      [id, patch.results === undefined ? null : JSON.stringify(patch.results), patch.workers === undefined ? null : JSON.stringify(patch.workers), patch.endedAt !== undefined, patch.endedAt ?? null])
      if (rows.length === 0) throw new VisitRefused('not_draft')
      return (await visitRow(db, id))!
    },
    async addPhoto (recordId: number, photo: { sha256: string, mime: string, bytes: number }): Promise<Photo> {
      const [row] = await db.query<Photo>(`insert into maintenance_photos (record_id, sha256, mime, bytes)
        select $1, $2, $3, $4 where exists (select 1 from maintenance_records where id = $1 and status = 'draft')
        returning id, sha256, mime, bytes, created_at as "createdAt"`, [recordId, photo.sha256, photo.mime, photo.bytes])
      if (row === undefined) throw new VisitRefused('not_draft')
      return row
    },
    async deletePhoto (recordId: number, photoId: number): Promise<boolean> {
      const rows = await db.query(`delete from maintenance_photos p using maintenance_records r
        where p.id = $2 and p.record_id = $1 and r.id = p.record_id and r.status = 'draft' returning p.id`, [recordId, photoId])
      return rows.length > 0
    },
    /** A photo's hash and type, if its record is in the scope. */
    async photo (scope: Scope, photoId: number) {
      const [row] = await db.query<{ sha256: string, mime: string }>(`select p.sha256, p.mime from maintenance_photos p
        join maintenance_records r on r.id = p.record_id join elevators e on e.id = r.elevator_id where p.id = $1 and ${inScope(scope, 2)}`, [photoId, ...scopeParams(scope)])
      return row
    },

    /**
     * Submits a checked draft: takes the lift's next place in its chain (head row locked), hashes the
     * record as it will read back, writes it once (the trigger refuses any later change), moves the head,
     * opens a follow-up for each 不合格 item and closes the lift's open ones this record found 合格.
     */
    async submit (id: number, userId: number, at: Date, endedAt: Date): Promise<VisitRow> {
      return db.transaction(async (tx) => {
        const draft = await visitRow(tx, id)
        if (draft === undefined) throw new VisitRefused('not_found')
        if (draft.status !== 'draft') throw new VisitRefused('not_draft')
        await tx.query('insert into maintenance_chain_heads (elevator_id, seq, hash) values ($1, 0, \'\') on conflict (elevator_id) do nothing', [draft.elevatorId])
        const [head] = await tx.query<{ seq: number, hash: string }>('select seq, hash from maintenance_chain_heads where elevator_id = $1 for update', [draft.elevatorId])
        const seq = head!.seq + 1
        const prevHash = head!.seq === 0 ? null : head!.hash
        // Instants at the database's precision (ms in JavaScript): what the row will read back.
        const submitted: VisitRow = { ...draft, status: 'submitted', endedAt: new Date(endedAt.getTime()), seq, prevHash, submittedBy: userId, submittedAt: new Date(at.getTime()) }
        const hash = recordHash(recordContent(submitted), await photoHashes(tx, id), prevHash)
        await tx.query(`update maintenance_records set status = 'submitted', ended_at = $2, seq = $3, prev_hash = $4, hash = $5, submitted_by = $6, submitted_at = $7 where id = $1`,
          [id, submitted.endedAt, seq, prevHash, hash, userId, submitted.submittedAt])
        await tx.query('update maintenance_chain_heads set seq = $2, hash = $3, updated_at = now() where elevator_id = $1', [draft.elevatorId, seq, hash])
        const checklist = (await tx.query<{ items: ChecklistItem[] }>('select items from maintenance_checklists where id = $1', [draft.checklistId]))[0]!
        const names = new Map(checklist.items.map((i) => [i.code, i.item]))
        const failed = Object.entries(draft.results).filter(([, r]) => r.result === 'fail').map(([code, r]) => ({ code, item: names.get(code) ?? code, note: r.note ?? null }))
        const passed = Object.entries(draft.results).filter(([, r]) => r.result === 'pass').map(([code]) => code)
        if (passed.length > 0) {
          await tx.query(`update maintenance_followups set closed_by_record = $2, closed_at = $3
            where elevator_id = $1 and closed_by_record is null and item_code = any($4::text[])`, [draft.elevatorId, id, at, passed])
        }
        for (const f of failed) {
          await tx.query(`insert into maintenance_followups (elevator_id, item_code, item, note, opened_by_record, opened_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (elevator_id, item_code) where closed_by_record is null do nothing`, [draft.elevatorId, f.code, f.item, f.note, id, at])
        }
        return (await visitRow(tx, id))!
      })
    },

    async confirm (recordId: number, user: { id: number }, name: string, signature: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [r] = await tx.query<{ status: string, confirmed: boolean }>(`select status, exists (select 1 from maintenance_confirmations c where c.record_id = r.id) as confirmed
          from maintenance_records r where r.id = $1`, [recordId])
        if (r === undefined) throw new VisitRefused('not_found')
        if (r.status !== 'submitted') throw new VisitRefused('not_submitted')
        if (r.confirmed) throw new VisitRefused('already_confirmed')
        await tx.query('insert into maintenance_confirmations (record_id, user_id, name, signature) values ($1, $2, $3, $4)', [recordId, user.id, name, signature])
      })
    },
    async confirmation (recordId: number): Promise<(Confirmation & { signature: string }) | undefined> {
      const [row] = await db.query<Confirmation & { signature: string }>(`select c.name, u.username, c.confirmed_at as "confirmedAt", c.signature
        from maintenance_confirmations c join users u on u.id = c.user_id where c.record_id = $1`, [recordId])
      return row
    },
    async verification (recordId: number): Promise<VerificationRow | undefined> {
      const [row] = await db.query<VerificationRow>(`select verified, reason, inspection_mode_points as "inspectionModePoints", checked_at as "checkedAt"
        from maintenance_verifications where record_id = $1`, [recordId])
      return row
    },
    async setVerification (recordId: number, v: { verified: boolean, reason: Verdict, inspectionModePoints: number }) {
      await db.query(`insert into maintenance_verifications (record_id, verified, reason, inspection_mode_points) values ($1, $2, $3, $4)
        on conflict (record_id) do update set verified = excluded.verified, reason = excluded.reason, inspection_mode_points = excluded.inspection_mode_points, checked_at = now()`,
      [recordId, v.verified, v.reason, v.inspectionModePoints])
    },
    async followUps (scope: Scope, filter: { equipmentCode?: string, open?: boolean }): Promise<FollowUp[]> {
      return db.query<FollowUp>(`select f.id, e.equipment_code as "equipmentCode", f.item_code as "itemCode", f.item, f.note, f.opened_by_record as "openedByRecord",
          f.closed_by_record as "closedByRecord", f.opened_at as "openedAt", f.closed_at as "closedAt"
        from maintenance_followups f join elevators e on e.id = f.elevator_id
        where ($1::int is null or e.maintenance_firm_id = $1) and ($2::int is null or e.use_unit_id = $2) and ($3::text is null or e.equipment_code = $3)
          and ($4::boolean is null or (f.closed_by_record is null) = $4)
        order by f.opened_at desc limit 500`, [...scopeParams(scope), filter.equipmentCode ?? null, filter.open ?? null])
    },

    /** A lift's records, latest first, each with its verdict and confirmation. */
    async history (elevatorId: number) {
      return db.query<VisitRow & { photos: number, verified: boolean | null, verdict: Verdict | null, confirmedAt: Date | null, confirmedBy: string | null, failed: number }>(`
        select v.*, (select count(*) from maintenance_photos p where p.record_id = v.id)::int as photos,
          mv.verified, mv.reason as verdict, mc.confirmed_at as "confirmedAt", mc.name as "confirmedBy",
          (select count(*) from jsonb_each(v.results) x where x.value->>'result' = 'fail')::int as failed
        from (${VISIT_SELECT} where r.elevator_id = $1) v
        left join maintenance_verifications mv on mv.record_id = v.id left join maintenance_confirmations mc on mc.record_id = v.id
        order by v."startedAt" desc limit 500`, [elevatorId])
    },

    // ── the chain ─────────────────────────────────────────────────────────────────────────────────
    async verifyLift (elevatorId: number): Promise<ChainVerdict> {
      const rows = await db.query<VisitRow>(`${VISIT_SELECT} where r.elevator_id = $1 and r.status = 'submitted' order by r.seq`, [elevatorId])
      const photos = await db.query<{ recordId: number, sha256: string }>(`select p.record_id as "recordId", p.sha256 from maintenance_photos p
        join maintenance_records r on r.id = p.record_id where r.elevator_id = $1 and r.status = 'submitted' order by p.id`, [elevatorId])
      const byRecord = new Map<number, string[]>()
      for (const p of photos) byRecord.set(p.recordId, [...byRecord.get(p.recordId) ?? [], p.sha256])
      const links: ChainLink[] = rows.map((r) => ({ id: r.id, seq: r.seq!, prevHash: r.prevHash, hash: r.hash!, content: recordContent(r), photoHashes: byRecord.get(r.id) ?? [] }))
      const [head] = await db.query<{ seq: number, hash: string }>('select seq, hash from maintenance_chain_heads where elevator_id = $1', [elevatorId])
      return verifyChain(links, head === undefined || head.seq === 0 ? null : head)
    },
    /** Lifts whose chains to verify: one by code, or every lift a firm maintains or has records of. */
    async chainLifts (scope: Scope, target: { equipmentCode?: string, firmId?: number }) {
      return db.query<{ id: number, equipmentCode: string }>(`select distinct e.id, e.equipment_code as "equipmentCode" from elevators e
        left join maintenance_records r on r.elevator_id = e.id
        where ($1::text is null or e.equipment_code = $1) and ($2::int is null or e.maintenance_firm_id = $2 or r.firm_id = $2)
          and ($3::int is null or e.maintenance_firm_id = $3) and ($4::int is null or e.use_unit_id = $4)
          and (e.equipment_code = $1 or exists (select 1 from maintenance_chain_heads h where h.elevator_id = e.id) or r.id is not null)
        order by e.equipment_code`, [target.equipmentCode ?? null, target.firmId ?? null, ...scopeParams(scope)])
    },

    /**
     * Verifies every chain in the target (one lift, a firm's lifts, or all with records): the records,
     * photos and heads of 500 lifts a query, each lift's chain judged as verifyLift judges it.
     */
    async verifyChains (scope: Scope, target: { equipmentCode?: string, firmId?: number }) {
      const lifts = await this.chainLifts(scope, target)
      const results: Array<ChainVerdict & { equipmentCode: string }> = []
      for (let i = 0; i < lifts.length; i += 500) {
        const part = lifts.slice(i, i + 500)
        const ids = part.map((l) => l.id)
        const [rows, photos, heads] = await Promise.all([
          db.query<VisitRow>(`${VISIT_SELECT} where r.elevator_id = any($1::int[]) and r.status = 'submitted' order by r.elevator_id, r.seq`, [ids]),
          db.query<{ recordId: number, sha256: string }>(`select p.record_id as "recordId", p.sha256 from maintenance_photos p
            join maintenance_records r on r.id = p.record_id where r.elevator_id = any($1::int[]) and r.status = 'submitted' order by p.id`, [ids]),
          db.query<{ elevatorId: number, seq: number, hash: string }>('select elevator_id as "elevatorId", seq, hash from maintenance_chain_heads where elevator_id = any($1::int[])', [ids])
        ])
        const byRecord = new Map<number, string[]>()
        for (const p of photos) byRecord.set(Number(p.recordId), [...byRecord.get(Number(p.recordId)) ?? [], p.sha256])
        const byLift = new Map<number, ChainLink[]>()
        for (const r of rows) {
          const links = byLift.get(r.elevatorId) ?? []
          links.push({ id: r.id, seq: r.seq!, prevHash: r.prevHash, hash: r.hash!, content: recordContent(r), photoHashes: byRecord.get(Number(r.id)) ?? [] })
          byLift.set(r.elevatorId, links)
        }
        const headOf = new Map(heads.map((h) => [h.elevatorId, h]))
        for (const lift of part) {
          const head = headOf.get(lift.id)
          results.push({ equipmentCode: lift.equipmentCode, ...verifyChain(byLift.get(lift.id) ?? [], head === undefined || head.seq === 0 ? null : head) })
        }
      }
      const broken = results.filter((r) => !r.valid).length
      return { valid: broken === 0, lifts: results.length, broken, results }
    },

    // ── plans, overdue, figures ───────────────────────────────────────────────────────────────────
    /** Each lift in use in the scope with its plan on `today`. */
    async due (scope: Scope, today: string, timeZone: string, dueSoonDays: number) {
      const rows = await lastDoneRows(scope, timeZone)
      return rows.map((r) => ({ ...r, due: liftDue(toLastDone(r), today, dueSoonDays) }))
    },

    /**
     * Brings the maintenance-overdue alerts in step with the lifts' plans on `today` (all lifts, or one):
     * one open alert per lift whose longest overdue interval is keyed by that interval (source) and its due
     * date (code), so an alert a person closed is not raised again for the same date; cleared when the lift
     * is maintained. Under a transaction-level advisory lock: a second node scanning meanwhile skips (null).
     */
    async syncAlerts (today: string, timeZone: string, dueSoonDays: number, elevatorId: number | null = null): Promise<{ raised: number[], cleared: number[] } | null> {
      const plans = await lastDoneRows({}, timeZone, elevatorId)
      const want: Array<{ elevatorId: number, due: LiftDue }> = plans.map((r) => ({ elevatorId: r.elevatorId, due: liftDue(toLastDone(r), today, dueSoonDays) })).filter((p) => p.due.overdue !== null)
      const ids = want.map((w) => w.elevatorId)
      const sources = want.map((w) => w.due.overdue!.interval)
      const codes = want.map((w) => w.due.overdue!.dueBy)
      return db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [MAINTENANCE_SCAN_LOCK])
        if (lock?.ok !== true) return null
        const wantSql = 'select * from unnest($1::int[], $2::text[], $3::text[]) as w(elevator_id, source, code)'
        const cleared = await tx.query<{ id: number }>(`
          with want as (${wantSql})
          update alerts a set status = 'cleared', cleared_at = now()
          where a.type = 'maintenance_overdue' and a.status in ${OPEN} and ($4::int is null or a.elevator_id = $4)
            and not exists (select 1 from want w where w.elevator_id = a.elevator_id and w.code = a.code and w.source = a.source)
          returning a.id`, [ids, sources, codes, elevatorId])
        const raised = await tx.query<{ id: number, source: string, code: string }>(`
          with want as (${wantSql})
          insert into alerts (elevator_id, type, severity, source, code, raised_at)
          select w.elevator_id, 'maintenance_overdue', 'major', w.source, w.code, now() from want w
          join elevators e on e.id = w.elevator_id and e.status = 'in_use'
          where not exists (select 1 from alerts a where a.elevator_id = w.elevator_id and a.type = 'maintenance_overdue' and a.code = w.code and a.source = w.source)
          on conflict (elevator_id, type) where status in ${OPEN} do nothing
          returning id, source, code`, [ids, sources, codes])
        const notes = [
          ...cleared.map((r) => ({ id: r.id, action: 'cleared', note: storedNote(msg('note.maintenance_done')) })),
          ...raised.map((r) => ({ id: r.id, action: 'raised', note: storedNote(msg('note.maintenance_overdue', { interval: r.source, date: r.code })) }))
        ]
        if (notes.length > 0) {
          await tx.query(`insert into alert_history (alert_id, actor, action, comment, comment_message)
            select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
          [notes.map((n) => n.id), notes.map(() => 'maintenance'), notes.map((n) => n.action), notes.map((n) => n.note.text), notes.map((n) => JSON.stringify(n.note.message))])
        }
        return { raised: raised.map((r) => r.id), cleared: cleared.map((r) => r.id) }
      })
    },

    /**
     * Raises a "maintenance without a record" notice for each 检修 period of a lift (its terminal in service
     * mode 2) that no visit of any status overlaps within `slackMs` on either side: a phone may start its
     * record late or end it early, but hours of 检修 with nothing recorded is what the record should have
     * shown. One notice per lift and city date of the period (code), never raised again for that date,
     * whatever became of the first; people close it through the common alert lifecycle. Under the scan's
     * advisory lock: null when another node holds it.
     */
    async raiseUnrecorded (periods: ReadonlyArray<{ equipmentCode: string, from: Date, to: Date, day: string, note: { text: string | null, message: unknown } }>, slackMs: number): Promise<{ raised: number[], cleared: number[] } | null> {
      return db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [MAINTENANCE_SCAN_LOCK])
        if (lock?.ok !== true) return null
        if (periods.length === 0) return { raised: [], cleared: [] }
        const raised = await tx.query<{ id: number, i: number }>(`
          with p as (select * from unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[]) with ordinality as p(code, t0, t1, day, i)),
          unrecorded as (
            select distinct on (e.id, p.day) e.id as elevator_id, p.day, p.i from p join elevators e on e.equipment_code = p.code
            where not exists (select 1 from maintenance_records r where r.elevator_id = e.id
              and r.started_at <= p.t1 + $5 * interval '1 millisecond' and coalesce(r.ended_at, r.started_at + interval '4 hours') >= p.t0 - $5 * interval '1 millisecond')
            order by e.id, p.day, p.t0
          )
          insert into alerts (elevator_id, type, severity, source, code, raised_at)
          select u.elevator_id, 'maintenance_unrecorded', 'warning', 'inspection_mode', u.day, now() from unrecorded u
          where not exists (select 1 from alerts a where a.elevator_id = u.elevator_id and a.type = 'maintenance_unrecorded' and a.code = u.day)
          on conflict (elevator_id, type) where status in ${OPEN} do nothing
          returning id, (select u.i from unrecorded u where u.elevator_id = alerts.elevator_id and u.day = alerts.code) as i`,
        [periods.map((p) => p.equipmentCode), periods.map((p) => p.from), periods.map((p) => p.to), periods.map((p) => p.day), slackMs])
        if (raised.length > 0) {
          const notes = raised.map((r) => periods[Number(r.i) - 1]!.note)
          await tx.query(`insert into alert_history (alert_id, actor, action, comment, comment_message)
            select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
          [raised.map((r) => r.id), raised.map(() => 'maintenance'), raised.map(() => 'raised'), notes.map((n) => n.text), notes.map((n) => JSON.stringify(n.message))])
        }
        return { raised: raised.map((r) => r.id), cleared: [] }
      })
    },

    /**
     * Per firm over [from, to] (the city's dates): half-monthly-or-longer records, those done within 15
     * days of the lift's previous record (on time), those the lift's terminal verified, the open 不合格
     * follow-ups, and workers named on its records (for lifts per technician).
     */
    async firmFigures (from: string, to: string, timeZone: string, firmId: number | null) {
      return db.query<{ firmId: number, firmName: string, lifts: number, records: number, onTime: number, verified: number, checked: number, openFollowUps: number, workers: number }>(`
        with recs as (
          select r.id, r.firm_id, r.elevator_id, (r.started_at at time zone $3)::date as day,
            lag((r.started_at at time zone $3)::date) over (partition by r.elevator_id order by r.started_at) as prev_day, r.workers
          from maintenance_records r where r.status = 'submitted'
        )
        select f.id as "firmId", f.name as "firmName",
          (select count(*) from elevators e where e.maintenance_firm_id = f.id and e.status = 'in_use')::int as lifts,
          count(r.id)::int as records,
          count(r.id) filter (where r.prev_day is null or r.day - r.prev_day <= 15)::int as "onTime",
          count(r.id) filter (where v.verified)::int as verified,
          count(v.record_id)::int as checked,
          (select count(*) from maintenance_followups fu join elevators e on e.id = fu.elevator_id where e.maintenance_firm_id = f.id and fu.closed_by_record is null)::int as "openFollowUps",
          (select count(distinct w->>'name') from recs r2, jsonb_array_elements(r2.workers) w where r2.firm_id = f.id and r2.day between $1::date and $2::date)::int as workers
        from maintenance_firms f
        left join recs r on r.firm_id = f.id and r.day between $1::date and $2::date
        left join maintenance_verifications v on v.record_id = r.id
        where $4::int is null or f.id = $4
        group by f.id order by f.name`, [from, to, timeZone, firmId])
    }
  }
}

export type MaintenanceStore = ReturnType<typeof createMaintenanceStore>
