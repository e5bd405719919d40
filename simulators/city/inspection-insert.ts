// Writes the demo city's planned inspection records and incidents (inspection-plan.ts) in batches, then
// lets the records set each lift's dates (inspection/store.ts's refreshDerived), as the API would have.
import type { Queryable } from '../../platform/db/db.ts'
import { refreshDerived } from '../../inspection/store.ts'
import type { PlannedIncident, PlannedRecord } from './inspection-plan.ts'

const CHUNK = 2000

function chunks<T> (rows: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK))
  return out
}

export async function insertInspections (db: Queryable, planned: { records: PlannedRecord[], incidents: PlannedIncident[] }, liftId: (index: number) => number) {
  for (const part of chunks(planned.records)) {
    await db.query(`insert into inspection_records (elevator_id, kind, inspected_on, body, inspector, result, report_no, next_due, source)
      select e, k, d, b, i, r, n, x, 'demo' from unnest($1::int[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[]) as t(e, k, d, b, i, r, n, x)`,
    [part.map((r) => liftId(r.lift)), part.map((r) => r.kind), part.map((r) => r.inspectedOn), part.map((r) => r.body), part.map((r) => r.inspector),
      part.map((r) => r.result), part.map((r) => r.reportNo), part.map((r) => r.nextDue)])
  }
  for (const part of chunks(planned.incidents)) {
    await db.query(`insert into incidents (elevator_id, kind, occurred_on, injured, deaths, cause, source)
      select * from unnest($1::int[], $2::text[], $3::date[], $4::int[], $5::int[], $6::text[], $7::text[])`,
    [part.map((i) => liftId(i.lift)), part.map((i) => i.kind), part.map((i) => i.occurredOn), part.map((i) => i.injured), part.map((i) => i.deaths),
      part.map((i) => i.cause), part.map((i) => i.source)])
  }
  await refreshDerived(db, null)
  return { records: planned.records.length, incidents: planned.incidents.length }
}
