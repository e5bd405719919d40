// Rescue cases and their timeline in PostgreSQL. A transition is written only if the case is still in the
// state it was read in (optimistic check), so two dispatchers, or two broker nodes' escalation clocks,
// cannot both move it.
import type { Db, Queryable } from '../platform/db/db.ts'
import type { RescueCase, RescueStatus } from './workflow.ts'
import { createWhere } from '../platform/db/where.ts'
import { msg, storedNote, type Message, type Note } from '../platform/messages/message.ts'
import { liftContextSql, type LiftContext } from '../registry/lift-context.ts'
import './messages.ts'

/**
 * A rescue case with its lift's context (registry/lift-context.ts). The lift's contracted maintenance firm
 * (`contractedFirm…`) is whom the dispatcher calls first, and where a plain dispatch goes; `firm…` is the
 * firm the case is dispatched to.
 */
export interface RescueView extends LiftContext<'contractedFirm'> {
  id: number
  equipmentCode: string
  alertId: number | null
  source: 'alert' | 'phone'
  caller: string | null
  status: RescueStatus
  level: 1 | 2 | 3
  firmId: number | null
  firmName: string | null
  firmPhone: string | null
  reportedAt: Date
  dispatchedAt: Date | null
  acceptedAt: Date | null
  arrivedAt: Date | null
  releasedAt: Date | null
  calledBackAt: Date | null
  closedAt: Date | null
  warnedAt: Date | null
  /** When the current escalation level began; null at level 1. */
  levelSince: Date | null
  cause: string | null
  arrivalLimitMin: number
  /** The district's grid rescue station: where level 2 goes automatically. */
  levelTwoFirmId: number | null
  levelTwoFirmName: string | null
  /** How the case's alert knew of the entrapment (alert.source), and whether 平层关人 or 非平层关人, when known. */
  entrapmentSource: string | null
  entrapmentKind: 'at_landing' | 'between_floors' | null
  /** Since when the lift's terminal has been offline (its open offline alert), or null. */
  terminalOfflineSince: Date | null
}

/** A timeline entry; a detail the service wrote comes with its message, to be read in the reader's language. */
export interface RescueEvent { at: Date, actor: string, actorName: string | null, action: string, detail: string | null, detailMessage: Message | null, level: number, firmId: number | null }

const LIFT = liftContextSql('c.elevator_id', 'contractedFirm')
const SELECT = `
  select c.id, e.equipment_code as "equipmentCode", c.alert_id as "alertId", c.source, c.caller, c.status, c.level,
    c.firm_id as "firmId", f.name as "firmName", f.phone_24h as "firmPhone", ${LIFT.firm},
    c.reported_at as "reportedAt", c.dispatched_at as "dispatchedAt", c.accepted_at as "acceptedAt", c.arrived_at as "arrivedAt",
    c.released_at as "releasedAt", c.called_back_at as "calledBackAt", c.closed_at as "closedAt", c.warned_at as "warnedAt", c.level_since as "levelSince",
    c.cause, c.arrival_limit_min as "arrivalLimitMin", ${LIFT.place}, d.rescue_station_firm_id as "levelTwoFirmId",
    sf.name as "levelTwoFirmName", ea.source as "entrapmentSource", ea.entrapment_kind as "entrapmentKind",
    (select max(oa.raised_at) from alerts oa where oa.elevator_id = e.id and oa.type = 'offline' and oa.status in ('raised', 'acknowledged', 'assigned')) as "terminalOfflineSince"
  from rescue_cases c
  ${LIFT.joins}
  left join maintenance_firms f on f.id = c.firm_id
  left join maintenance_firms sf on sf.id = d.rescue_station_firm_id
  left join alerts ea on ea.id = c.alert_id`

const OPEN = `('reported', 'dispatched', 'accepted', 'arrived', 'released', 'called_back')`
const ms = (d: Date | null) => (d === null ? null : d.getTime())
const ts = (n: number | null) => (n === null ? null : new Date(n))

export function toCase (v: RescueView): RescueCase {
  return {
    status: v.status, level: v.level, firmId: v.firmId, reportedAt: v.reportedAt.getTime(), dispatchedAt: ms(v.dispatchedAt),
    acceptedAt: ms(v.acceptedAt), arrivedAt: ms(v.arrivedAt), releasedAt: ms(v.releasedAt), calledBackAt: ms(v.calledBackAt),
    closedAt: ms(v.closedAt), cause: v.cause, arrivalLimitMin: v.arrivalLimitMin, warnedAt: ms(v.warnedAt), levelSince: ms(v.levelSince)
  }
}

export interface RescueActorRef { id: number | null, name: string }

export function createRescueStore (db: Db) {
  async function get (id: number, q: Queryable = db): Promise<RescueView | undefined> {
    const [row] = await q.query<RescueView>(`${SELECT} where c.id = $1`, [id])
    return row
  }
  const event = (q: Queryable, caseId: number, at: number, actor: RescueActorRef, action: string, detail: Note | null, level: number, firmId: number | null) => {
    const note = storedNote(detail)
    return q.query('insert into rescue_events (case_id, at, actor_id, actor, action, detail, detail_message, level, firm_id) values ($1, to_timestamp($2 / 1000.0), $3, $4, $5, $6, $7, $8, $9)',
      [caseId, at, actor.id, actor.name, action, note.text, note.message === null ? null : JSON.stringify(note.message), level, firmId])
  }

  return {
    get,
    events: (id: number) => db.query<RescueEvent>(`
      select ev.at, ev.actor, u.display_name as "actorName", ev.action, ev.detail, ev.detail_message as "detailMessage", ev.level, ev.firm_id as "firmId"
      from rescue_events ev left join users u on u.id = ev.actor_id where ev.case_id = $1 order by ev.at, ev.id`, [id]),

    /**
     * One case per entrapment: opens a case for the lift, or joins the lift's open case (a phone call is
     * recorded on its timeline; an alert is linked when the case has none). The lift's row is locked, so two
     * reports racing on two nodes cannot both open one. Undefined when the lift is unknown.
     */
    async report (input: { equipmentCode?: string, rescueId?: string, alertId: number | null, source: 'alert' | 'phone', caller: string | null, reportedAt: number, actor: RescueActorRef }): Promise<{ outcome: 'created' | 'joined' | 'known', case: RescueView } | undefined> {
      return db.transaction(async (tx) => {
        const [lift] = await tx.query<{ id: number }>(`
          select e.id from elevators e
          where ($1::text is not null and e.equipment_code = $1) or ($2::text is not null and e.rescue_id = $2)
          limit 1 for update`, [input.equipmentCode ?? null, input.rescueId ?? null])
        if (lift === undefined) return undefined
        const [open] = await tx.query<{ id: number, alertId: number | null }>(
          `select id, alert_id as "alertId" from rescue_cases where elevator_id = $1 and status in ${OPEN} order by reported_at, id limit 1`, [lift.id])
        if (open !== undefined) {
          const current = await get(open.id, tx)
          if (current === undefined) return undefined
          if (input.alertId !== null && open.alertId === input.alertId) return { outcome: 'known' as const, case: current }
          const { level, firmId } = current
          // A report that raced the one that opened the case joins it after it, whatever its own clock said:
          // the timeline reads "reported", then the calls and alerts that followed.
          const at = Math.max(input.reportedAt, current.reportedAt.getTime())
          if (input.source === 'phone') {
            await tx.query('update rescue_cases set caller = coalesce(caller, $2) where id = $1', [open.id, input.caller])
            await event(tx, open.id, at, input.actor, 'call', input.caller === null ? null : msg('note.caller', { caller: input.caller }), level, firmId)
          } else {
            // Only the first alert is the case's; another (not possible while the first is open) stays on the timeline.
            await tx.query('update rescue_cases set alert_id = $2 where id = $1 and alert_id is null', [open.id, input.alertId])
            await event(tx, open.id, at, input.actor, 'alert', null, level, firmId)
          }
          const joined = await get(open.id, tx)
          return joined === undefined ? undefined : { outcome: 'joined' as const, case: joined }
        }
        const [row] = await tx.query<{ id: number }>(`
          insert into rescue_cases (elevator_id, alert_id, source, caller, status, reported_at, arrival_limit_min)
          select e.id, $2, $3, $4, 'reported', to_timestamp($5 / 1000.0), d.arrival_limit_min
          from elevators e join districts d on d.id = e.district_id where e.id = $1
          on conflict (alert_id) where alert_id is not null do nothing
          returning id`, [lift.id, input.alertId, input.source, input.caller, input.reportedAt])
        if (row === undefined) return undefined
        await event(tx, row.id, input.reportedAt, input.actor, 'reported', input.caller === null ? null : msg('note.caller', { caller: input.caller }), 1, null)
        const created = await get(row.id, tx)
        return created === undefined ? undefined : { outcome: 'created' as const, case: created }
      })
    },

    /** Writes `next` if the case still is as `before` (a repeated warning: and not warned meanwhile); undefined when someone else moved it first. */
    async transition (id: number, before: RescueCase, next: RescueCase, action: string, actor: RescueActorRef, detail: Note | null, at: number): Promise<RescueView | undefined> {
      return db.transaction(async (tx) => {
        const rows = await tx.query(`
          update rescue_cases set status = $4, level = $5, firm_id = $6, dispatched_at = $7, accepted_at = $8, arrived_at = $9,
            released_at = $10, called_back_at = $11, closed_at = $12, warned_at = $13, cause = $14, level_since = $15
          where id = $1 and status = $2 and level = $3 and (not $17::boolean or warned_at is not distinct from $16::timestamptz) returning id`,
        [id, before.status, before.level, next.status, next.level, next.firmId, ts(next.dispatchedAt), ts(next.acceptedAt), ts(next.arrivedAt),
          ts(next.releasedAt), ts(next.calledBackAt), ts(next.closedAt), ts(next.warnedAt), next.cause, ts(next.levelSince), ts(before.warnedAt), action === 'warn'])
        if (rows.length === 0) return undefined
        await event(tx, id, at, actor, action, detail, next.level, next.firmId)
        return get(id, tx)
      })
    },

    /** Open cases, longest waiting first; a firm sees the cases dispatched to it. */
    async list (filter: { status?: RescueStatus | 'open', firmId?: number, districtId?: number }, page: { limit: number, offset: number }) {
      const where = createWhere()
      if (filter.status === 'open') where.raw(`c.status in ${OPEN}`)
      else if (filter.status !== undefined) where.add('c.status = ?', filter.status)
      if (filter.firmId !== undefined) where.add('c.firm_id = ?', filter.firmId)
      if (filter.districtId !== undefined) where.add('e.district_id = ?', filter.districtId)
      const { params } = where
      const order = filter.status === 'open' ? 'c.reported_at asc' : 'c.reported_at desc'
      const items = await db.query<RescueView>(`${SELECT} ${where.sql} order by ${order}, c.id limit ${page.limit} offset ${page.offset}`, params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from rescue_cases c join elevators e on e.id = c.elevator_id ${where.sql}`, params)
      return { items, total: count?.total ?? 0 }
    },

    /** Cases whose clock may demand an escalation or a warning: every open one. */
    open: () => db.query<RescueView>(`${SELECT} where c.status in ${OPEN} order by c.reported_at`),

    /** Facts of the cases reported in [from, to) for the figures: where, whose lift (contracted firm), who responded. */
    facts: (from: Date, to: Date) => db.query<{ reportedAt: Date, dispatchedAt: Date | null, arrivedAt: Date | null, releasedAt: Date | null, arrivalLimitMin: number, falseAlarm: boolean, districtId: number, districtName: string, contractedFirmId: number | null, contractedFirmName: string | null, responderFirmId: number | null, responderFirmName: string | null }>(`
      select c.reported_at as "reportedAt", c.dispatched_at as "dispatchedAt", c.arrived_at as "arrivedAt", c.released_at as "releasedAt",
        c.arrival_limit_min as "arrivalLimitMin", c.status = 'false_alarm' as "falseAlarm", e.district_id as "districtId", d.name as "districtName",
        e.maintenance_firm_id as "contractedFirmId", cf.name as "contractedFirmName", c.firm_id as "responderFirmId", rf.name as "responderFirmName"
      from rescue_cases c join elevators e on e.id = c.elevator_id join districts d on d.id = e.district_id
      left join maintenance_firms cf on cf.id = e.maintenance_firm_id
      left join maintenance_firms rf on rf.id = c.firm_id
      where c.reported_at >= $1 and c.reported_at < $2`, [from, to]),

    /** Lifts in use, the denominator of "per 10,000 lifts", by district and by contracted firm, with their names. */
    liftsInUse: () => db.query<{ districtId: number, districtName: string, firmId: number | null, firmName: string | null, n: number }>(`
      select e.district_id as "districtId", d.name as "districtName", e.maintenance_firm_id as "firmId", f.name as "firmName", count(*)::int as n
      from elevators e join districts d on d.id = e.district_id left join maintenance_firms f on f.id = e.maintenance_firm_id
      where e.status = 'in_use' group by 1, 2, 3, 4`)
  }
}

export type RescueStore = ReturnType<typeof createRescueStore>
