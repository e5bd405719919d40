// The inspection KPIs in SQL (domain.md §5): 定检率 at any number of reference dates for every district in
// one statement, and the counts behind the rates per 10,000 units. The browser never loops over
// districts; inspection/figures.ts turns the rows into the report.
//
// A lift counts at a reference date R when it is in use in the registry today (stopped and scrapped lifts
// leave the denominator; the registry keeps no status history) and existed by R: registered on or before
// R in the city's time, or inspected by then. It is overdue at R when the date its latest inspection up to
// R kept it valid until (schedule.ts's validUntilOf) is before R; for a lift with no record the registry's
// typed dates stand in. The latest record at R is the one whose reign contains R (migration 014): the
// overdue, failed and due-soon lifts at each date are index lookups over the lifts in that state, counted
// by the district, use unit and firm each reign carries (migration 021); the lifts counted are, for the
// city by district, a sum over the lifts in use kept counted by the dates they count from (migration 022),
// and otherwise (a firm's or use unit's own lifts, the breakdowns) one pass over the registry grouped so.
import type { Db } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'

export interface RateRow { referenceDate: string, districtId: number, inUse: number, overdue: number, dueSoon: number, failed: number }
export interface GroupRateRow { groupId: number | null, inUse: number, overdue: number }
export interface PeriodRow { districtId: number, due: number, onTime: number }
/** The registry column a breakdown groups by (a whitelist: it is written into the SQL). */
const GROUP_COLUMN = { district: 'district_id', use_unit: 'use_unit_id', firm: 'maintenance_firm_id' } as const
export type RateGroup = keyof typeof GROUP_COLUMN

export interface CountRow { districtId: number, incidents: number, accidents: number, deaths: number, injured: number, entrapments: number }

export function createKpiQueries (db: Db) {
  return {
    districts: () => db.query<{ id: number, name: string }>('select id, name from districts order by code'),

    /** In use, overdue, due within `dueSoonDays` and failed lifts by district (or by `group`: its id in districtId, null for no firm) at each reference date. */
    // Without JIT: PostgreSQL compiles a plan this size for over a second (the bench), for a query that runs
    // in tens of milliseconds.
    rates: (scope: Scope, dates: string[], timeZone: string, dueSoonDays: number, group: RateGroup = 'district') => db.transaction(async (tx) => {
      const countedByDistrict = group === 'district' && scope.maintenanceFirmId == null && scope.useUnitId == null
      await tx.query('set local jit = off')
      return tx.query<RateRow>(`
      with dates as (select unnest($1::date[]) as ref),
      -- Registered before the earliest date's end: counted at every date, no per-lift date to work out.
      bounds as (select ((min(ref) + 1)::timestamp at time zone $2) as early from dates),
      lifts as (
        select e.${GROUP_COLUMN[group]} as group_id, case when e.created_at < b.early then null
          -- The registry's last date is the records' latest when there are records (after the first), its typed one when not.
          else least((e.created_at at time zone $2)::date, e.last_inspection_date, e.first_inspected_on) end as counted_from,
          count(*)::int as n
        from elevators e cross join bounds b
        where e.status = 'in_use' and ($3::int is null or e.maintenance_firm_id = $3) and ($4::int is null or e.use_unit_id = $4)
        group by 1, 2
      ),
      counted as (${countedByDistrict
        // The whole city by district: the few rows of lifts in use counted by the dates they count from (migration 022).
        ? `select d.ref, c.district_id as group_id, sum(c.n)::int as n from dates d join inspection_counted_lifts c
            on c.registered_slot < (d.ref + 1)::timestamp at time zone $2 or c.known_from <= d.ref group by 1, 2`
        : 'select d.ref, l.group_id, sum(l.n)::int as n from dates d join lifts l on l.counted_from is null or l.counted_from <= d.ref group by 1, 2'}
      ),
      -- Each reign carries its lift's district, use unit, firm and status (migration 021): counted where found.
      states as (
        select d.ref, r.${GROUP_COLUMN[group]} as group_id, 1 as overdue, 0 as due_soon, 0 as failed from dates d join inspection_reigns r on r.overdue @> d.ref
        where r.overdue is not null and r.in_use and ($3::int is null or r.maintenance_firm_id = $3) and ($4::int is null or r.use_unit_id = $4)
        union all
        select d.ref, r.${GROUP_COLUMN[group]}, 0, 0, 1 from dates d join inspection_reigns r on r.reign @> d.ref
        where r.failed and r.in_use and ($3::int is null or r.maintenance_firm_id = $3) and ($4::int is null or r.use_unit_id = $4)
        union all
        select d.ref, r.${GROUP_COLUMN[group]}, 0, 1, 0 from dates d join inspection_reigns r on r.valid_until between d.ref and d.ref + $5::int and r.reign @> d.ref
        where not r.failed and r.in_use and ($3::int is null or r.maintenance_firm_id = $3) and ($4::int is null or r.use_unit_id = $4)
        union all
        -- A lift with no record (a partial index finds them): the registry's dates, from the registry's last date (or its own registration) on.
        select d.ref, e.${GROUP_COLUMN[group]}, (e.next_inspection_date < d.ref)::int, (e.next_inspection_date >= d.ref)::int, 0
        from dates d join elevators e on e.next_inspection_date <= d.ref + $5::int and e.first_inspected_on is null
          and (e.last_inspection_date is null or e.last_inspection_date <= d.ref)
          and (e.last_inspection_date <= d.ref or (e.created_at at time zone $2)::date <= d.ref)
        where e.status = 'in_use' and ($3::int is null or e.maintenance_firm_id = $3) and ($4::int is null or e.use_unit_id = $4)
      ),
      -- One grouping of both (GROUP BY takes a null group — no firm — as one): a join on "is not distinct
      -- from" cannot hash, and paired 2,000 use units with 2,000 in a nested loop (0.4 s).
      tallied as (
        select ref, group_id, n, 0 as overdue, 0 as due_soon, 0 as failed, true as counted from counted
        union all
        select ref, group_id, 0, overdue, due_soon, failed, false from states
      )
      select ref::text as "referenceDate", group_id as "districtId", sum(n)::int as "inUse", sum(overdue)::int as overdue,
        sum(due_soon)::int as "dueSoon", sum(failed)::int as failed
      from tallied group by ref, group_id having bool_or(counted)
      order by ref, group_id`,
      [dates, timeZone, scope.maintenanceFirmId ?? null, scope.useUnitId ?? null, dueSoonDays])
    }),

    /**
     * The period form (domain.md §5): by district, the due dates from..to inclusive of lifts in use — each
     * passed record's next due date, and a registry-dated lift's next date — and how many of them were met
     * by an inspection dated on or before the due date (the next record's date: its reign's end).
     */
    period: (scope: Scope, from: string, to: string) => db.query<PeriodRow>(`
      with dues as (
        select r.district_id, (upper(r.reign) is not null and upper(r.reign) <= r.valid_until) as on_time
        from inspection_reigns r
        where not r.failed and r.valid_until between $1::date and $2::date
          and r.in_use and ($3::int is null or r.maintenance_firm_id = $3) and ($4::int is null or r.use_unit_id = $4)
        union all
        select e.district_id, false from elevators e
        where e.next_inspection_date between $1::date and $2::date and e.first_inspected_on is null
          and e.status = 'in_use' and ($3::int is null or e.maintenance_firm_id = $3) and ($4::int is null or e.use_unit_id = $4)
      )
      select district_id as "districtId", count(*)::int as due, count(*) filter (where on_time)::int as "onTime" from dues group by 1 order by 1`,
    [from, to, scope.maintenanceFirmId ?? null, scope.useUnitId ?? null]),

    /** Names of use units and maintenance firms, for the breakdowns. */
    names: async (useUnitIds: number[], firmIds: number[]) => ({
      useUnits: await db.query<{ id: number, name: string }>('select id, name from use_units where id = any($1::int[])', [useUnitIds]),
      firms: await db.query<{ id: number, name: string }>('select id, name from maintenance_firms where id = any($1::int[])', [firmIds])
    }),

    /** Lifts in use today by district: the denominator of the rates per 10,000 units (for the city, summed from migration 022's counts). */
    inUse: (scope: Scope) => scope.maintenanceFirmId == null && scope.useUnitId == null
      ? db.query<{ districtId: number, n: number }>('select district_id as "districtId", sum(n)::int as n from inspection_counted_lifts group by 1')
      : db.query<{ districtId: number, n: number }>(`
      select e.district_id as "districtId", count(*)::int as n from elevators e
      where e.status = 'in_use' and ($1::int is null or e.maintenance_firm_id = $1) and ($2::int is null or e.use_unit_id = $2)
      group by 1`, [scope.maintenanceFirmId ?? null, scope.useUnitId ?? null]),

    /** Incidents, accidents, deaths, injured and entrapments (rescue cases, false alarms excluded) by district, from..to inclusive in the city's dates. */
    counts: (scope: Scope, from: string, to: string, timeZone: string) => db.query<CountRow>(`
      with scoped as (select e.id, e.district_id from elevators e where ($3::int is null or e.maintenance_firm_id = $3) and ($4::int is null or e.use_unit_id = $4)),
      inc as (
        select s.district_id, count(*)::int as incidents, count(*) filter (where i.kind = 'accident')::int as accidents,
          coalesce(sum(i.deaths), 0)::int as deaths, coalesce(sum(i.injured), 0)::int as injured
        from incidents i join scoped s on s.id = i.elevator_id where i.occurred_on between $1::date and $2::date group by 1),
      ent as (
        select s.district_id, count(*)::int as entrapments from rescue_cases c join scoped s on s.id = c.elevator_id
        where c.status <> 'false_alarm' and (c.reported_at at time zone $5)::date between $1::date and $2::date group by 1)
      select coalesce(inc.district_id, ent.district_id) as "districtId", coalesce(inc.incidents, 0) as incidents, coalesce(inc.accidents, 0) as accidents,
        coalesce(inc.deaths, 0) as deaths, coalesce(inc.injured, 0) as injured, coalesce(ent.entrapments, 0) as entrapments
      from inc full join ent on ent.district_id = inc.district_id`,
    [from, to, scope.maintenanceFirmId ?? null, scope.useUnitId ?? null, timeZone])
  }
}

export type KpiQueries = ReturnType<typeof createKpiQueries>
