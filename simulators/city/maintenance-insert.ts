// Writes the demo city's planned maintenance past (maintenance-plan.ts) in batches, as submitted records
// with the store's own hashes: ids are taken from the sequence first, each record's content is hashed by
// maintenance/store.ts's recordContent and chain.ts's recordHash in seq order, so `npm run
// verify-maintenance -- --all` finds every demo chain whole. Then the chain heads, the terminal's
// verdicts and the follow-ups of 不合格 items. (Records go in already submitted: the immutability trigger
// guards updates and deletes, not inserts.)
import type { Queryable } from '../../platform/db/db.ts'
import { recordHash } from '../../maintenance/chain.ts'
import { recordContent } from '../../maintenance/store.ts'
import type { PlannedFollowUp, PlannedVisit } from './maintenance-plan.ts'

const CHUNK = 2000

function chunks<T> (rows: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK))
  return out
}

export async function insertMaintenance (db: Queryable, planned: { visits: PlannedVisit[], followUps: PlannedFollowUp[] },
  lift: { id: (index: number) => number, code: (index: number) => string, firmId: (index: number) => number }, checklistId: number) {
  if (planned.visits.length === 0) return { records: 0, followUps: 0 }
  const ids = (await db.query<{ id: string | number }>('select nextval(\'maintenance_records_id_seq\') as id from generate_series(1, $1)', [planned.visits.length])).map((r) => Number(r.id))
  const prev = new Map<number, string>()
  const rows = planned.visits.map((v, i) => {
    const prevHash = v.seq === 1 ? null : prev.get(v.lift)!
    const content = recordContent({
      id: ids[i]!, elevatorId: lift.id(v.lift), equipmentCode: lift.code(v.lift), firmId: lift.firmId(v.lift), checklistId, interval: v.interval,
      startedAt: new Date(v.startedAt), endedAt: new Date(v.endedAt), latitude: null, longitude: null, gpsAccuracyM: null, results: v.results,
      workers: v.workers, correctsId: null, seq: v.seq, submittedBy: null, submittedAt: new Date(v.submittedAt)
    })
    const hash = recordHash(content, [], prevHash)
    prev.set(v.lift, hash)
    return { id: ids[i]!, v, prevHash, hash }
  })
  for (const part of chunks(rows)) {
    await db.query(`insert into maintenance_records (id, elevator_id, firm_id, checklist_id, interval, status, started_at, ended_at, results, workers, seq, prev_hash, hash, source, submitted_at)
      select i, e, f, $4, n, 'submitted', s, x, r, w, q, p, h, 'demo', t
      from unnest($1::bigint[], $2::int[], $3::int[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::jsonb[], $9::jsonb[], $10::int[], $11::text[], $12::text[], $13::timestamptz[])
        as u(i, e, f, n, s, x, r, w, q, p, h, t)`,
    [part.map((r) => r.id), part.map((r) => lift.id(r.v.lift)), part.map((r) => lift.firmId(r.v.lift)), checklistId, part.map((r) => r.v.interval),
      part.map((r) => new Date(r.v.startedAt)), part.map((r) => new Date(r.v.endedAt)), part.map((r) => JSON.stringify(r.v.results)), part.map((r) => JSON.stringify(r.v.workers)),
      part.map((r) => r.v.seq), part.map((r) => r.prevHash), part.map((r) => r.hash), part.map((r) => new Date(r.v.submittedAt))])
    await db.query(`insert into maintenance_verifications (record_id, verified, reason, inspection_mode_points, checked_at)
      select * from unnest($1::bigint[], $2::boolean[], $3::text[], $4::int[], $5::timestamptz[])`,
    [part.map((r) => r.id), part.map((r) => r.v.verdict.verified), part.map((r) => r.v.verdict.reason), part.map((r) => r.v.verdict.inspectionModePoints),
      part.map((r) => new Date(r.v.submittedAt + 60_000))])
  }
  const heads = new Map<number, { seq: number, hash: string }>()
  for (const r of rows) heads.set(r.v.lift, { seq: r.v.seq, hash: r.hash })
  for (const part of chunks([...heads])) {
    await db.query(`insert into maintenance_chain_heads (elevator_id, seq, hash) select * from unnest($1::int[], $2::int[], $3::text[])`,
      [part.map(([l]) => lift.id(l)), part.map(([, h]) => h.seq), part.map(([, h]) => h.hash)])
  }
  for (const part of chunks(planned.followUps)) {
    await db.query(`insert into maintenance_followups (elevator_id, item_code, item, note, opened_by_record, closed_by_record, opened_at, closed_at)
      select * from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::timestamptz[], $8::timestamptz[])`,
    [part.map((f) => lift.id(f.lift)), part.map((f) => f.itemCode), part.map((f) => f.item), part.map((f) => f.note), part.map((f) => ids[f.openedBy]!),
      part.map((f) => (f.closedBy === null ? null : ids[f.closedBy]!)), part.map((f) => new Date(planned.visits[f.openedBy]!.submittedAt)),
      part.map((f) => (f.closedBy === null ? null : new Date(planned.visits[f.closedBy]!.submittedAt)))])
  }
  return { records: rows.length, followUps: planned.followUps.length }
}
