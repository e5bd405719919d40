// Alerts in PostgreSQL: raising is an insert that the partial unique index turns into a no-op when the
// same lift already has an open alert of the type, so duplicates cannot happen even across broker nodes.
import type { Db, Queryable } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'
import type { AlertStatus, AlertType, EntrapmentKind, Severity } from './types.ts'
import { createWhere } from '../platform/db/where.ts'
import type { Static } from 'typebox'
import type { AlertFilter as AlertFilterSchema } from './schemas.ts'
import { storedNote, type Message, type Note } from '../platform/messages/message.ts'
import { liftContextSql, type LiftContext } from '../registry/lift-context.ts'

/**
 * An alert with its lift's context (registry/lift-context.ts): what a dispatcher needs to act. An alert on
 * other equipment (a gas cylinder, a filling station: `subjectKind`) has its code as `equipmentCode`, and
 * its filling unit, district and address in the place of the lift's use unit, district and address.
 */
export interface Alert extends LiftContext<'maintenanceFirm'> {
  id: number
  equipmentCode: string
  /** The equipment kind's topic segment of an alert that is not a lift's ('cylinder', 'station'); null for a lift. */
  subjectKind: string | null
  /** What the reading or record that raised it said (a leak's level and %LEL, a refused fill's reasons); null for a lift's. */
  details: Record<string, unknown> | null
  type: AlertType
  severity: Severity
  status: AlertStatus
  source: string | null
  code: string | null
  /** An entrapment's 平层关人 (at_landing) or 非平层关人 (between_floors); null when unknown or not an entrapment. */
  entrapmentKind: EntrapmentKind | null
  raisedAt: Date
  acknowledgedAt: Date | null
  acknowledgedBy: string | null
  assignedFirmId: number | null
  assignedAt: Date | null
  clearedAt: Date | null
  closedAt: Date | null
  /** The rescue case opened for this alert (entrapments); null until it is opened, which is just after the raise. */
  rescueCaseId: number | null
}

export type AlertFilter = Static<typeof AlertFilterSchema>

/** What an alert on something other than a lift names: the kind's topic segment and the code. */
export interface AlertSubject { kind: string, code: string }
/** Where such a subject is, as its capability knows it: shown where a lift's alert shows its use unit and address. */
export interface SubjectPlace { fillingUnitId: number | null, unitName: string, districtId: number, address: string }

const LIFT = liftContextSql('a.elevator_id', 'maintenanceFirm', { optional: true })
// A lift's context, or for another subject the place its details hold (migration 016).
const SUBJECT_JOINS = `${LIFT.joins}
  left join districts sd on a.elevator_id is null and sd.id = (a.details->'place'->>'districtId')::int`
const PLACE = `coalesce(e.rescue_id, '') as "rescueId", coalesce(e.address, a.details->'place'->>'address', '') as address, e.building,
    coalesce(e.district_id, sd.id) as "districtId", coalesce(d.name, sd.name) as "districtName",
    coalesce(u.name, a.details->'place'->>'unitName', '') as "useUnitName", u.phone as "useUnitPhone"`
const ALERT_SELECT = `
  select a.id, coalesce(e.equipment_code, a.subject_code) as "equipmentCode", a.subject_kind as "subjectKind", a.details,
    a.type, a.severity, a.status, a.source, a.code, a.entrapment_kind as "entrapmentKind", a.raised_at as "raisedAt",
    a.acknowledged_at as "acknowledgedAt", ack.username as "acknowledgedBy", a.assigned_firm_id as "assignedFirmId",
    a.assigned_at as "assignedAt", a.cleared_at as "clearedAt", a.closed_at as "closedAt", ${PLACE},
    ${LIFT.firm}, rc.id as "rescueCaseId"
  from alerts a
  ${SUBJECT_JOINS}
  left join users ack on ack.id = a.acknowledged_by
  left join rescue_cases rc on rc.alert_id = a.id`

const OPEN = `('raised', 'acknowledged', 'assigned')`

export interface Actor { id: number | null, name: string }

export function createAlertStore (db: Db) {
  async function get (id: number, q: Queryable = db): Promise<Alert | undefined> {
    const [row] = await q.query<Alert>(`${ALERT_SELECT} where a.id = $1`, [id])
    return row
  }
  const history = (q: Queryable, alertId: number, actor: Actor, action: string, comment: Note | null = null) => {
    const note = storedNote(comment)
    return q.query('insert into alert_history (alert_id, actor_id, actor, action, comment, comment_message) values ($1, $2, $3, $4, $5, $6)',
      [alertId, actor.id, actor.name, action, note.text, note.message === null ? null : JSON.stringify(note.message)])
  }

  return {
    get,

    /** Raises an alert unless the lift already has an open one of this type; returns the new alert or undefined. */
    async raise (input: { equipmentCode: string, type: AlertType, severity: Severity, source?: string, code?: string, entrapmentKind?: EntrapmentKind | null, at: number }): Promise<Alert | undefined> {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(`
          insert into alerts (elevator_id, type, severity, source, code, raised_at, entrapment_kind)
          select e.id, $2, $3, $4, $5, to_timestamp($6 / 1000.0), $7 from elevators e where e.equipment_code = $1
          on conflict (elevator_id, type) where status in ${OPEN} do nothing
          returning id`, [input.equipmentCode, input.type, input.severity, input.source ?? null, input.code ?? null, input.at, input.entrapmentKind ?? null])
        if (row === undefined) return undefined
        await history(tx, row.id, { id: null, name: 'rules' }, 'raised', input.source ?? input.code ?? null)
        return get(row.id, tx)
      })
    },

    /**
     * Raises an alert on a subject that is not a lift unless it has an open one of this type and code;
     * returns the new alert or undefined.
     */
    async raiseOn (input: { subject: AlertSubject, type: AlertType, severity: Severity, source?: string, code?: string, details?: Record<string, unknown>, place: SubjectPlace, at: number }): Promise<Alert | undefined> {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(`
          insert into alerts (subject_kind, subject_code, type, severity, source, code, raised_at, details)
          values ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0), $8::jsonb)
          on conflict (subject_kind, subject_code, type, (coalesce(code, ''))) where elevator_id is null and status in ${OPEN} do nothing
          returning id`, [input.subject.kind, input.subject.code, input.type, input.severity, input.source ?? null, input.code ?? null, input.at,
          JSON.stringify({ ...input.details, place: input.place })])
        if (row === undefined) return undefined
        await history(tx, row.id, { id: null, name: 'rules' }, 'raised', input.source ?? input.code ?? null)
        return get(row.id, tx)
      })
    },

    /** Clears a subject's open alert of this type (the reading says the condition is over). */
    async clearOpenOn (subject: AlertSubject, type: AlertType, reason: Note, at: number): Promise<Alert | undefined> {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(`
          update alerts set status = 'cleared', cleared_at = to_timestamp($4 / 1000.0)
          where elevator_id is null and subject_kind = $1 and subject_code = $2 and type = $3 and status in ${OPEN}
          returning id`, [subject.kind, subject.code, type, at])
        if (row === undefined) return undefined
        await history(tx, row.id, { id: null, name: 'rules' }, 'cleared', reason)
        return get(row.id, tx)
      })
    },

    /** Open alerts of one kind of subject: what its rules must not raise again after a restart. */
    openBySubject: (kind: string) => db.query<{ code: string, type: AlertType, details: Record<string, unknown> | null }>(
      `select subject_code as code, type, details from alerts where elevator_id is null and subject_kind = $1 and status in ${OPEN}`, [kind]),

    /** Clears the open alert of this type (the terminal said the condition is over). */
    async clearOpen (equipmentCode: string, type: AlertType, reason: Note, at: number): Promise<Alert | undefined> {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(`
          update alerts a set status = 'cleared', cleared_at = to_timestamp($3 / 1000.0)
          from elevators e where e.id = a.elevator_id and e.equipment_code = $1 and a.type = $2 and a.status in ${OPEN}
          returning a.id`, [equipmentCode, type, at])
        if (row === undefined) return undefined
        await history(tx, row.id, { id: null, name: 'rules' }, 'cleared', reason)
        return get(row.id, tx)
      })
    },

    /** Moves an alert along its lifecycle; undefined when it is not in one of the `from` statuses. */
    async transition (id: number, to: AlertStatus, from: readonly AlertStatus[], actor: Actor, comment: Note | null, assignedFirmId: number | null = null): Promise<Alert | undefined> {
      return db.transaction(async (tx) => {
        const rows = await tx.query(`update alerts set status = $2,
            acknowledged_at = case when $2 = 'acknowledged' then now() else acknowledged_at end,
            acknowledged_by = case when $2 = 'acknowledged' then $3::int else acknowledged_by end,
            assigned_at = case when $2 = 'assigned' then now() else assigned_at end,
            assigned_firm_id = case when $2 = 'assigned' then $4::int else assigned_firm_id end,
            cleared_at = case when $2 = 'cleared' then now() else cleared_at end,
            closed_at = case when $2 = 'closed' then now() else closed_at end,
            closed_by = case when $2 = 'closed' then $3::int else closed_by end
          where id = $1 and status = any($5::text[]) returning id`, [id, to, actor.id, assignedFirmId, from])
        if (rows.length === 0) return undefined
        await history(tx, id, actor, to, comment)
        return get(id, tx)
      })
    },

    async comment (id: number, actor: Actor, comment: string): Promise<boolean> {
      if (await get(id) === undefined) return false
      await history(db, id, actor, 'comment', comment)
      return true
    },

    /** The alert's history; a note the service wrote comes with its message, to be read in the reader's language. */
    history: (id: number) => db.query<{ at: Date, actor: string, actorName: string | null, action: string, comment: string | null, commentMessage: Message | null }>(`
      select h.at, h.actor, u.display_name as "actorName", h.action, h.comment, h.comment_message as "commentMessage"
      from alert_history h left join users u on u.id = h.actor_id where h.alert_id = $1 order by h.at, h.id`, [id]),

    async list (scope: Scope, filter: AlertFilter, page: { limit: number, offset: number }) {
      const where = createWhere()
      if (scope.maintenanceFirmId != null) where.add('e.maintenance_firm_id = ?', scope.maintenanceFirmId)
      if (scope.useUnitId != null) where.add('e.use_unit_id = ?', scope.useUnitId)
      if (filter.status === 'open') where.raw(`a.status in ${OPEN}`)
      else if (filter.status !== undefined) where.add('a.status = ?', filter.status)
      if (filter.type !== undefined) where.add(filter.type.endsWith('*') ? 'a.type like ?' : 'a.type = ?', filter.type.replace(/\*$/, '%'))
      if (filter.severity !== undefined) where.add('a.severity = ?', filter.severity)
      if (filter.districtId !== undefined) where.add('coalesce(e.district_id, sd.id) = ?', filter.districtId)
      if (filter.maintenanceFirmId !== undefined) where.add('e.maintenance_firm_id = ?', filter.maintenanceFirmId)
      if (filter.equipmentCode !== undefined) where.add('coalesce(e.equipment_code, a.subject_code) = ?', filter.equipmentCode)
      const { params } = where
      const items = await db.query<Alert>(`${ALERT_SELECT} ${where.sql} order by a.raised_at desc, a.id desc limit ${page.limit} offset ${page.offset}`, params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from alerts a ${SUBJECT_JOINS} ${where.sql}`, params)
      return { items, total: count?.total ?? 0 }
    },

    /** When each lift's last entrapment was closed by a person: a restart must not let that stop raise another. */
    lastClosedEntrapments: () => db.query<{ equipmentCode: string, closedAt: Date }>(
      `select e.equipment_code as "equipmentCode", max(a.closed_at) as "closedAt" from alerts a join elevators e on e.id = a.elevator_id
       where a.type = 'entrapment' and a.closed_at is not null group by 1`),

    /** Open alert types per lift: what the rule engine must not raise again after a restart. */
    openByLift: () => db.query<{ equipmentCode: string, type: AlertType }>(
      `select e.equipment_code as "equipmentCode", a.type from alerts a join elevators e on e.id = a.elevator_id where a.status in ${OPEN}`)
  }
}

export type AlertStore = ReturnType<typeof createAlertStore>
