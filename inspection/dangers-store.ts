// Hidden-danger cases (隐患) in PostgreSQL: opened against a lift, listed by the scope that may see them,
// stepped through the loop (inspection/dangers.ts decides; a row lock keeps two steps from racing), their
// evidence photos, and the `danger_overdue` alert of a lift with an open case past its deadline.
import type { Db } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'
import { createWhere } from '../platform/db/where.ts'
import { storedNote, msg } from '../platform/messages/message.ts'
import { dangerStep, type DangerEventAction, type DangerStatus, type DangerStep, type StepRefusal, DANGER_LEVELS, DANGER_SOURCES } from './dangers.ts'

export const DANGER_ALERT_TYPE = 'danger_overdue'
const OPEN_ALERT = `('raised', 'acknowledged', 'assigned')`

export interface DangerInput {
  equipmentCode: string
  source: typeof DANGER_SOURCES[number]
  sourceRef: string | null
  level: typeof DANGER_LEVELS[number]
  description: string
  measure: string
  responsible: string | null
  foundOn: string
  deadline: string
}

export interface DangerRow extends Omit<DangerInput, 'equipmentCode'> {
  id: number
  equipmentCode: string
  address: string
  districtId: number
  districtName: string
  useUnitId: number
  useUnitName: string
  status: DangerStatus
  overdue: boolean
  rectifiedAt: Date | null
  closedOn: string | null
  createdAt: Date
}

export interface DangerEvent { at: Date, action: DangerEventAction, note: string | null, photos: number[], actor: string | null }
export interface DangerPhoto { id: number, sha256: string, mime: string, bytes: number, used: boolean, uploadedAt: Date }

const SELECT = (today: string) => `
  select h.id, e.equipment_code as "equipmentCode", e.address, e.district_id as "districtId", d.name as "districtName",
    e.use_unit_id as "useUnitId", u.name as "useUnitName", h.source, h.source_ref as "sourceRef", h.level, h.description, h.measure,
    h.responsible, h.found_on::text as "foundOn", h.deadline::text as "deadline", h.status,
    (h.status = 'open' and h.deadline < ${today}::date) as overdue,
    h.rectified_at as "rectifiedAt", h.closed_on::text as "closedOn", h.created_at as "createdAt"
  from hidden_dangers h join elevators e on e.id = h.elevator_id join districts d on d.id = e.district_id join use_units u on u.id = e.use_unit_id`

export class StepRefused extends Error {
  constructor (readonly reason: StepRefusal | 'not_found') { super(reason) }
}

function scoped (where: ReturnType<typeof createWhere>, scope: Scope) {
  if (scope.maintenanceFirmId != null) where.add('e.maintenance_firm_id = ?', scope.maintenanceFirmId)
  if (scope.useUnitId != null) where.add('e.use_unit_id = ?', scope.useUnitId)
}

export function createDangerStore (db: Db) {
  const store = {
    /** Opens a case; undefined for an unknown lift; the existing case when its source already opened one. */
    async create (input: DangerInput, actorId: number | null, today: string): Promise<DangerRow | undefined> {
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(`
          insert into hidden_dangers (elevator_id, source, source_ref, level, description, measure, responsible, found_on, deadline, created_by)
          select e.id, $2, $3, $4, $5, $6, $7, $8, $9, $10 from elevators e where e.equipment_code = $1
          on conflict (source, source_ref) where source_ref is not null do nothing
          returning id`,
        [input.equipmentCode, input.source, input.sourceRef, input.level, input.description, input.measure, input.responsible, input.foundOn, input.deadline, actorId])
        if (row === undefined) {
          if (input.sourceRef === null) return undefined
          const [existing] = await tx.query<{ id: number }>('select id from hidden_dangers where source = $1 and source_ref = $2', [input.source, input.sourceRef])
          return existing?.id
        }
        await tx.query("insert into danger_events (danger_id, action, note, actor_id) values ($1, 'opened', $2, $3)", [row.id, input.measure, actorId])
        return row.id
      })
      return id === undefined ? undefined : store.get({}, id, today)
    },

    async get (scope: Scope, id: number, today: string): Promise<DangerRow | undefined> {
      const where = createWhere([today])
      where.add('h.id = ?', id)
      scoped(where, scope)
      return (await db.query<DangerRow>(`${SELECT('$1')} ${where.sql}`, where.params))[0]
    },

    async detail (scope: Scope, id: number, today: string) {
      const danger = await store.get(scope, id, today)
      if (danger === undefined) return undefined
      const [events, photos] = await Promise.all([
        db.query<DangerEvent>(`
          select ev.at, ev.action, ev.note, ev.photos, coalesce(u.display_name, u.username) as actor
          from danger_events ev left join users u on u.id = ev.actor_id where ev.danger_id = $1 order by ev.at, ev.id`, [id]),
        db.query<DangerPhoto>(`select id, sha256, mime, bytes, used, uploaded_at as "uploadedAt" from danger_photos where danger_id = $1 order by id`, [id])
      ])
      return { danger, events, photos }
    },

    /** Cases in the scope: open first by deadline, then the rest latest first. */
    async list (scope: Scope, filter: { status?: DangerStatus | 'unclosed', overdue?: boolean, districtId?: number, equipmentCode?: string }, today: string, page: { limit: number, offset: number }) {
      const where = createWhere()
      scoped(where, scope)
      if (filter.status === 'unclosed') where.raw("h.status <> 'closed'")
      else if (filter.status !== undefined) where.add('h.status = ?', filter.status)
      if (filter.overdue === true) where.add("h.status = 'open' and h.deadline < ?::date", today)
      if (filter.districtId !== undefined) where.add('e.district_id = ?', filter.districtId)
      if (filter.equipmentCode !== undefined) where.add('e.equipment_code = ?', filter.equipmentCode)
      const [count] = await db.query<{ n: number }>(`select count(*)::int as n from hidden_dangers h join elevators e on e.id = h.elevator_id ${where.sql}`, where.params)
      const params = [...where.params, today]
      const items = await db.query<DangerRow>(`${SELECT(`$${params.length}`)} ${where.sql}
        order by (h.status = 'closed'), case when h.status <> 'closed' then h.deadline end, h.found_on desc, h.id desc
        limit ${page.limit} offset ${page.offset}`, params)
      return { total: count!.n, items }
    },

    addPhoto: async (dangerId: number, photo: { sha256: string, mime: string, bytes: number }, actorId: number) => (await db.query<DangerPhoto>(`
      insert into danger_photos (danger_id, sha256, mime, bytes, uploaded_by) values ($1, $2, $3, $4, $5)
      returning id, sha256, mime, bytes, used, uploaded_at as "uploadedAt"`, [dangerId, photo.sha256, photo.mime, photo.bytes, actorId]))[0]!,

    photo: async (id: number) => (await db.query<{ dangerId: number, sha256: string, mime: string }>(
      'select danger_id as "dangerId", sha256, mime from danger_photos where id = $1', [id]))[0],

    /**
     * Takes a step of the loop. The photos uploaded since the last step are the evidence of this one and are
     * fixed to its event; throws StepRefused when the loop says no.
     */
    step: (id: number, step: DangerStep, note: string | null, actorId: number, today: string) => db.transaction(async (tx) => {
      const [row] = await tx.query<{ status: DangerStatus }>('select status from hidden_dangers where id = $1 for update', [id])
      if (row === undefined) throw new StepRefused('not_found')
      const fresh = await tx.query<{ id: number }>('select id from danger_photos where danger_id = $1 and not used order by id', [id])
      const photos = step === 'rectify' ? fresh.map((p) => p.id) : []
      const next = dangerStep(row.status, step, { note, photos: photos.length })
      if ('refused' in next) throw new StepRefused(next.refused)
      await tx.query(`update hidden_dangers set status = $2,
          rectified_at = case when $2 = 'rectified' then now() else rectified_at end,
          closed_on = case when $2 = 'closed' then $3::date else null end
        where id = $1`, [id, next.to, today])
      if (photos.length > 0) await tx.query('update danger_photos set used = true where id = any($1::bigint[])', [photos])
      await tx.query('insert into danger_events (danger_id, action, note, photos, actor_id) values ($1, $2, $3, $4, $5)', [id, next.event, note, JSON.stringify(photos), actorId])
    }),

    /**
     * Brings the `danger_overdue` alerts in step: a lift with an open case past its deadline has one, raised once
     * per case (its code is the earliest such case's id, so a repeated scan raises nothing new), cleared when
     * no case of the lift is overdue any more.
     */
    syncAlerts: (today: string, elevatorId: number | null = null) => db.transaction(async (tx) => {
      const want = `
        select distinct on (h.elevator_id) h.elevator_id, h.id::text as code, h.deadline::text as deadline
        from hidden_dangers h join elevators e on e.id = h.elevator_id
        where h.status = 'open' and h.deadline < $1::date and e.status <> 'scrapped' and ($2::int is null or h.elevator_id = $2)
        order by h.elevator_id, h.deadline, h.id`
      const cleared = await tx.query<{ id: number }>(`
        with want as (${want})
        update alerts a set status = 'cleared', cleared_at = now()
        where a.type = $3 and a.status in ${OPEN_ALERT} and ($2::int is null or a.elevator_id = $2)
          and not exists (select 1 from want w where w.elevator_id = a.elevator_id)
        returning a.id`, [today, elevatorId, DANGER_ALERT_TYPE])
      const raised = await tx.query<{ id: number, code: string, deadline: string }>(`
        with want as (${want})
        insert into alerts (elevator_id, type, severity, source, code, raised_at)
        select w.elevator_id, $3, 'major', 'danger', w.code, now() from want w
        where not exists (select 1 from alerts a where a.elevator_id = w.elevator_id and a.type = $3 and a.code = w.code)
        on conflict (elevator_id, type) where status in ${OPEN_ALERT} do nothing
        returning id, code, (select deadline from want where want.code = alerts.code) as deadline`, [today, elevatorId, DANGER_ALERT_TYPE])
      const notes = [
        ...cleared.map((r) => ({ id: r.id, action: 'cleared', note: storedNote(msg('note.danger_resolved')) })),
        ...raised.map((r) => ({ id: r.id, action: 'raised', note: storedNote(msg('note.danger_overdue', { id: Number(r.code), date: r.deadline })) }))
      ]
      if (notes.length > 0) {
        await tx.query(`insert into alert_history (alert_id, actor, action, comment, comment_message)
          select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
        [notes.map((n) => n.id), notes.map(() => 'inspection'), notes.map((n) => n.action), notes.map((n) => n.note.text), notes.map((n) => JSON.stringify(n.note.message))])
      }
      return { raised: raised.map((r) => r.id), cleared: cleared.map((r) => r.id) }
    }),

    /** Cases found in from..to, closed in it, and open now (overdue among them), by district: the monthly report's counts. */
    figures: (scope: Scope, from: string, to: string, today: string) => db.query<{ districtId: number, found: number, closed: number, openNow: number, overdueNow: number }>(`
      select e.district_id as "districtId",
        count(*) filter (where h.found_on between $1::date and $2::date)::int as found,
        count(*) filter (where h.closed_on between $1::date and $2::date)::int as closed,
        count(*) filter (where h.status <> 'closed')::int as "openNow",
        count(*) filter (where h.status = 'open' and h.deadline < $3::date)::int as "overdueNow"
      from hidden_dangers h join elevators e on e.id = h.elevator_id
      where ($4::int is null or e.maintenance_firm_id = $4) and ($5::int is null or e.use_unit_id = $5)
      group by 1 order by 1`, [from, to, today, scope.maintenanceFirmId ?? null, scope.useUnitId ?? null]),

    async liftId (equipmentCode: string) {
      return (await db.query<{ id: number }>('select id from elevators where equipment_code = $1', [equipmentCode]))[0]?.id
    }
  }
  return store
}

export type DangerStore = ReturnType<typeof createDangerStore>
