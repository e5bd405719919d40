// Spot-check plans (双随机、一公开): the population a draw runs on, with each lift's risk factors read from
// the records (acceptance date, fault alerts, entrapments, late or failed inspections); the plan and its
// drawn lifts; results as inspectors record them; and the public list, which names no person.
import type { Db } from '../platform/db/db.ts'
import { createWhere } from '../platform/db/where.ts'
import type { Candidate, DrawnLift, RiskFactors } from './spot-draw.ts'
import type { SPOT_CHECK_RESULTS } from './spot-check-schemas.ts'

export type SpotCheckResult = typeof SPOT_CHECK_RESULTS[number]

export interface SpotCheckPlanRow {
  id: number
  title: string
  districtId: number | null
  districtName: string | null
  sampleSize: number
  seed: string
  population: number
  populationFingerprint: string
  drawnOn: string
  drawnAt: Date
  createdBy: string | null
  items: number
  checked: number
  failed: number
}

export interface SpotCheckItemRow {
  id: number
  position: number
  equipmentCode: string
  address: string
  districtName: string
  useUnitName: string
  weight: number
  factors: RiskFactors
  inspectorId: number | null
  inspectorName: string | null
  result: SpotCheckResult | null
  findings: string | null
  checkedOn: string | null
}

export interface PlanInput {
  title: string
  districtId: number | null
  sampleSize: number
  seed: string
  population: number
  populationFingerprint: string
  drawnOn: string
}

const PLAN_SELECT = `
  select p.id, p.title, p.district_id as "districtId", d.name as "districtName", p.sample_size as "sampleSize", p.seed,
    p.population, p.population_fingerprint as "populationFingerprint", p.drawn_on::text as "drawnOn", p.drawn_at as "drawnAt",
    coalesce(u.display_name, u.username) as "createdBy",
    (select count(*)::int from spot_check_items i where i.plan_id = p.id) as items,
    (select count(*)::int from spot_check_items i where i.plan_id = p.id and i.result is not null) as checked,
    (select count(*)::int from spot_check_items i where i.plan_id = p.id and i.result = 'fail') as failed
  from spot_check_plans p left join districts d on d.id = p.district_id left join users u on u.id = p.created_by`

const ITEM_SELECT = `
  select i.id, i.position, e.equipment_code as "equipmentCode", e.address, d.name as "districtName", uu.name as "useUnitName",
    i.weight, i.factors, i.inspector_id as "inspectorId", coalesce(u.display_name, u.username) as "inspectorName",
    i.result, i.findings, i.checked_on::text as "checkedOn"
  from spot_check_items i join elevators e on e.id = i.elevator_id join districts d on d.id = e.district_id
  join use_units uu on uu.id = e.use_unit_id left join users u on u.id = i.inspector_id`

export function createSpotCheckStore (db: Db) {
  return {
    /**
     * The lifts in use (of one district, or the city) with their risk factors on `today` (the city's date):
     * faults and entrapments of the last 12 months, late or failed periodic inspections of the last 3 years.
     */
    population: (districtId: number | null, today: string, timeZone: string) => db.query<Candidate>(`
      with lifts as (
        select e.id, e.public_place from elevators e where e.status = 'in_use' and ($1::int is null or e.district_id = $1)),
      accepted as (
        select r.elevator_id, min(r.inspected_on) as on_ from inspection_records r join lifts l on l.id = r.elevator_id
        where r.kind = 'acceptance' group by 1),
      faults as (
        select a.elevator_id, count(*)::int as n from alerts a join lifts l on l.id = a.elevator_id
        where a.type like 'fault.%' and (a.raised_at at time zone $3)::date > $2::date - interval '12 months' group by 1),
      entrapments as (
        select c.elevator_id, count(*)::int as n from rescue_cases c join lifts l on l.id = c.elevator_id
        where c.status <> 'false_alarm' and (c.reported_at at time zone $3)::date > $2::date - interval '12 months' group by 1),
      -- A periodic inspection is late when made after the due date the record before it (of any kind) set.
      records as (
        select r.elevator_id, r.kind, r.inspected_on, r.result,
          lag(r.next_due) over (partition by r.elevator_id order by r.inspected_on, r.id) as due_before
        from inspection_records r join lifts l on l.id = r.elevator_id),
      late as (
        select elevator_id, count(*)::int as n from records
        where kind = 'periodic' and inspected_on > $2::date - interval '3 years' and (result = 'fail' or inspected_on > due_before) group by 1)
      select l.id as "elevatorId", l.public_place as "publicPlace",
        case when acc.on_ is null then null else round((($2::date - acc.on_) / 365.25)::numeric, 1)::float8 end as "ageYears",
        coalesce(f.n, 0) as faults, coalesce(en.n, 0) as entrapments, coalesce(lt.n, 0) as "lateInspections"
      from lifts l left join accepted acc on acc.elevator_id = l.id left join faults f on f.elevator_id = l.id
      left join entrapments en on en.elevator_id = l.id left join late lt on lt.elevator_id = l.id
      order by l.id`, [districtId, today, timeZone]),

    /** The enabled inspectors, or those of `ids` that are enabled inspectors (unknown ids are left out). */
    async inspectorPool (ids: readonly number[] | undefined): Promise<number[]> {
      const rows = await db.query<{ id: number }>(
        `select id from users where role = 'inspector' and enabled and ($1::int[] is null or id = any($1::int[])) order by id`, [ids ?? null])
      return rows.map((r) => r.id)
    },

    async districtExists (id: number) {
      return (await db.query('select 1 from districts where id = $1', [id])).length > 0
    },

    /** Stores a plan and its drawn lifts in one transaction; returns its id. */
    create: (plan: PlanInput, drawn: readonly DrawnLift[], actorId: number | null) => db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(`
        insert into spot_check_plans (title, district_id, sample_size, seed, population, population_fingerprint, drawn_on, created_by)
        values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [plan.title, plan.districtId, plan.sampleSize, plan.seed, plan.population, plan.populationFingerprint, plan.drawnOn, actorId])
      const id = row!.id
      if (drawn.length > 0) {
        await tx.query(`
          insert into spot_check_items (plan_id, elevator_id, position, weight, factors, inspector_id)
          select $1, d.elevator_id, d.position, d.weight, d.factors, d.inspector_id
          from jsonb_to_recordset($2::jsonb) as d(elevator_id int, position int, weight real, factors jsonb, inspector_id int)`,
        [id, JSON.stringify(drawn.map((d) => ({ elevator_id: d.elevatorId, position: d.position, weight: d.weight, factors: d.factors, inspector_id: d.inspectorId })))])
      }
      return id
    }),

    async list (page: { limit: number, offset: number }) {
      const [count] = await db.query<{ n: number }>('select count(*)::int as n from spot_check_plans')
      const items = await db.query<SpotCheckPlanRow>(`${PLAN_SELECT} order by p.drawn_at desc, p.id desc limit $1 offset $2`, [page.limit, page.offset])
      return { total: count!.n, items }
    },

    async get (id: number): Promise<{ plan: SpotCheckPlanRow, items: SpotCheckItemRow[] } | undefined> {
      const [plan] = await db.query<SpotCheckPlanRow>(`${PLAN_SELECT} where p.id = $1`, [id])
      if (plan === undefined) return undefined
      const items = await db.query<SpotCheckItemRow>(`${ITEM_SELECT} where i.plan_id = $1 order by i.position`, [id])
      return { plan, items }
    },

    /** The item of a plan, for the route's checks: who may record it and whether it already is. */
    item: async (planId: number, itemId: number) => (await db.query<{ inspectorId: number | null, result: string | null, drawnOn: string }>(`
      select i.inspector_id as "inspectorId", i.result, p.drawn_on::text as "drawnOn"
      from spot_check_items i join spot_check_plans p on p.id = i.plan_id where i.plan_id = $1 and i.id = $2`, [planId, itemId]))[0],

    /** Records a result once: false when the item already has one (a result is not rewritten). */
    async record (planId: number, itemId: number, input: { result: SpotCheckResult, findings: string | null, checkedOn: string }, actorId: number) {
      const rows = await db.query(`
        update spot_check_items set result = $3, findings = $4, checked_on = $5, recorded_by = $6, recorded_at = now()
        where plan_id = $1 and id = $2 and result is null returning id`, [planId, itemId, input.result, input.findings, input.checkedOn, actorId])
      return rows.length > 0
    },

    /**
     * What the public page shows (一公开): every plan with its seed and fingerprint, and the lifts whose result
     * is recorded — not the lifts still to be checked (publishing them would warn the use unit), and no
     * person: no inspector, no contact, no findings text (it may name people).
     */
    async publicList (page: { limit: number, offset: number }) {
      const plans = await this.list(page)
      const ids = plans.items.map((p) => p.id)
      const where = createWhere()
      where.add('i.plan_id = any(?::int[])', ids)
      where.raw('i.result is not null')
      const results = ids.length === 0 ? [] : await db.query<{ planId: number, equipmentCode: string, address: string, districtName: string, useUnitName: string, result: SpotCheckResult, checkedOn: string }>(`
        select i.plan_id as "planId", e.equipment_code as "equipmentCode", e.address, d.name as "districtName", uu.name as "useUnitName",
          i.result, i.checked_on::text as "checkedOn"
        from spot_check_items i join elevators e on e.id = i.elevator_id join districts d on d.id = e.district_id join use_units uu on uu.id = e.use_unit_id
        ${where.sql} order by i.plan_id, i.position`, where.params)
      return {
        total: plans.total,
        items: plans.items.map(({ createdBy: _who, ...p }) => ({ ...p, results: results.filter((r) => r.planId === p.id).map(({ planId: _p, ...r }) => r) }))
      }
    }
  }
}

export type SpotCheckStore = ReturnType<typeof createSpotCheckStore>
