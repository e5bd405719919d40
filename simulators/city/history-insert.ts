// Writes the demo city's planned past (history-plan.ts) in batches: entrapment alerts, rescue cases with
// their timelines, faults, and the alerts' histories. Written against the schema of the alerts and rescue
// migrations, like bulk-insert.ts for the registry; the stores stay the one place for everyday queries.
import type { Queryable } from '../../platform/db/db.ts'
import { msg, storedNote, type Note } from '../../platform/messages/message.ts'
import { faultSeverity } from '../../alerts/types.ts'
import type { CityHistory, PlannedCase } from './history-plan.ts'

const CHUNK = 1000
const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function chunks<T> (rows: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK))
  return out
}

interface Ids {
  /** Lift index in the plan → elevator id. */
  lift: (index: number) => number
  /** Firm index in the plan → firm id. */
  firm: (index: number) => number
  /** The lift's contracted firm's index. */
  contractedFirm: (lift: number) => number
  arrivalLimitMin: (lift: number) => number
}

interface EventRow { caseId: number, at: number, actor: string, action: string, detail: Note | null, level: number, firmId: number | null }

/** The timeline the workflow would have written, in order. */
function timeline (c: PlannedCase, caseId: number, ids: Ids): EventRow[] {
  const contracted = ids.firm(ids.contractedFirm(c.lift))
  const responder = ids.firm(c.responderFirm)
  const rows: EventRow[] = [{ caseId, at: c.reportedAt, actor: c.source === 'phone' ? 'dispatcher' : 'system', action: 'reported', detail: c.caller === null ? null : msg('note.caller', { caller: c.caller }), level: 1, firmId: null }]
  const add = (at: number | null, actor: string, action: string, detail: Note | null, level: number, firmId: number | null) => {
    if (at !== null) rows.push({ caseId, at, actor, action, detail, level, firmId })
  }
  add(c.firstDispatchAt, 'dispatcher', 'dispatch', null, 1, contracted)
  if (c.level === 2) add(c.levelSince, 'system', 'escalate', msg('note.level1_not_accepted', { seconds: 300 }), 2, responder)
  add(c.acceptedAt, 'maintainer', 'accept', null, c.level, responder)
  add(c.arrivedAt, 'maintainer', 'arrive', null, c.level, responder)
  add(c.releasedAt, 'maintainer', 'release', null, c.level, responder)
  add(c.calledBackAt, 'dispatcher', 'call_back', null, c.level, responder)
  rows.push({ caseId, at: c.closedAt, actor: 'dispatcher', action: c.falseAlarm ? 'false_alarm' : 'close', detail: c.cause, level: c.level, firmId: c.dispatchedAt === null ? null : responder })
  return rows
}

export async function insertHistory (db: Queryable, history: CityHistory, ids: Ids): Promise<{ cases: number, alerts: number }> {
  const key = (elevatorId: number, at: number) => `${elevatorId}:${at}`

  // Entrapment alerts of the cases an alert opened, closed with their case.
  const alertIds = new Map<string, number>()
  for (const part of chunks(history.cases.filter((c) => c.source === 'alert'))) {
    const rows = await db.query<{ id: number, elevatorId: number, raisedAt: Date }>(`
      insert into alerts (elevator_id, type, severity, status, source, code, raised_at, assigned_firm_id, assigned_at, closed_at, entrapment_kind)
      select e, 'entrapment', 'critical', 'closed', s, c, r, f, a, cl, k
      from unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::timestamptz[], $7::timestamptz[], $8::text[]) as t(e, s, c, r, f, a, cl, k)
      returning id, elevator_id as "elevatorId", raised_at as "raisedAt"`,
    [part.map((c) => ids.lift(c.lift)), part.map((c) => c.alertSource), part.map((c) => (c.alertSource === 'alarm_with_passenger' ? '90' : c.alertSource === 'terminal_code' ? 'entrapment' : null)),
      part.map((c) => ts(c.reportedAt)), part.map((c) => (c.dispatchedAt === null ? null : ids.firm(c.responderFirm))), part.map((c) => ts(c.dispatchedAt)),
      part.map((c) => ts(c.closedAt)), part.map((c) => c.entrapmentKind)])
    for (const r of rows) alertIds.set(key(r.elevatorId, new Date(r.raisedAt).getTime()), r.id)
  }

  const caseIds = new Map<string, number>()
  for (const part of chunks(history.cases)) {
    const rows = await db.query<{ id: number, elevatorId: number, reportedAt: Date }>(`
      insert into rescue_cases (elevator_id, alert_id, source, caller, status, level, firm_id, reported_at, dispatched_at, accepted_at, arrived_at,
        released_at, called_back_at, closed_at, cause, arrival_limit_min, level_since)
      select * from unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::smallint[], $7::int[], $8::timestamptz[], $9::timestamptz[],
        $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::text[], $16::int[], $17::timestamptz[])
      returning id, elevator_id as "elevatorId", reported_at as "reportedAt"`,
    [part.map((c) => ids.lift(c.lift)), part.map((c) => alertIds.get(key(ids.lift(c.lift), c.reportedAt)) ?? null), part.map((c) => c.source), part.map((c) => c.caller),
      part.map((c) => (c.falseAlarm ? 'false_alarm' : 'closed')), part.map((c) => c.level), part.map((c) => (c.dispatchedAt === null ? null : ids.firm(c.responderFirm))),
      part.map((c) => ts(c.reportedAt)), part.map((c) => ts(c.dispatchedAt)), part.map((c) => ts(c.acceptedAt)), part.map((c) => ts(c.arrivedAt)),
      part.map((c) => ts(c.releasedAt)), part.map((c) => ts(c.calledBackAt)), part.map((c) => ts(c.closedAt)), part.map((c) => c.cause),
      part.map((c) => ids.arrivalLimitMin(c.lift)), part.map((c) => ts(c.levelSince))])
    for (const r of rows) caseIds.set(key(r.elevatorId, new Date(r.reportedAt).getTime()), r.id)
  }

  const events = history.cases.flatMap((c) => timeline(c, caseIds.get(key(ids.lift(c.lift), c.reportedAt))!, ids))
  for (const part of chunks(events)) {
    const notes = part.map((e) => storedNote(e.detail))
    await db.query(`insert into rescue_events (case_id, at, actor, action, detail, detail_message, level, firm_id)
      select * from unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::smallint[], $8::int[])`,
    [part.map((e) => e.caseId), part.map((e) => ts(e.at)), part.map((e) => e.actor), part.map((e) => e.action), notes.map((n) => n.text),
      notes.map((n) => (n.message === null ? null : JSON.stringify(n.message))), part.map((e) => e.level), part.map((e) => e.firmId)])
  }

  const faultOver = storedNote(msg('note.fault_over'))
  for (const part of chunks(history.faults)) {
    await db.query(`
      with inserted as (
        insert into alerts (elevator_id, type, severity, status, code, raised_at, cleared_at)
        select e, 'fault.' || c, s, 'cleared', c, r, cl from unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) as t(e, c, s, r, cl)
        returning id, code, raised_at, cleared_at)
      insert into alert_history (alert_id, at, actor, action, comment, comment_message)
      select id, raised_at, 'rules', 'raised', code, null::jsonb from inserted
      union all select id, cleared_at, 'rules', 'cleared', $6::text, $7::jsonb from inserted`,
    [part.map((f) => ids.lift(f.lift)), part.map((f) => f.code), part.map((f) => faultSeverity(f.code)), part.map((f) => ts(f.raisedAt)), part.map((f) => ts(f.clearedAt)),
      faultOver.text, JSON.stringify(faultOver.message)])
  }
  // The entrapment alerts' history: raised by the rules, closed with the case.
  await db.query(`insert into alert_history (alert_id, at, actor, action, comment)
    select a.id, a.raised_at, 'rules', 'raised', a.source from alerts a where a.type = 'entrapment' and a.status = 'closed' and not exists (select 1 from alert_history h where h.alert_id = a.id)
    union all
    select a.id, a.closed_at, 'dispatcher', 'closed', c.cause from alerts a join rescue_cases c on c.alert_id = a.id where a.type = 'entrapment' and a.status = 'closed' and not exists (select 1 from alert_history h where h.alert_id = a.id)`)
  return { cases: history.cases.length, alerts: alertIds.size + history.faults.length }
}
