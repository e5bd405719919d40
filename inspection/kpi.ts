// The inspection KPIs in SQL (domain.md §5): 定检率 at any number of reference dates for every district in
// one statement, and the counts behind the rates per 10,000 units. The browser never loops over
// districts; inspection/figures.ts turns the rows into the report.
//
// A lift counts at a reference date R when it is in use in the registry today (stopped and scrapped lifts
// leave the denominator; the registry keeps no status history) and existed by R: registered on or before
// R in the city's time, or inspected by then. It is overdue at R when the date its latest inspection up to
// R kept it valid until (schedule.ts's validUntilOf) is before R; before its first record the registry's
// typed dates stand in. One index probe per lift and date (inspection_records_lift_idx).
import type { Db } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'

export interface RateRow { referenceDate: string, districtId: number, inUse: number, overdue: number, dueSoon: number, failed: number }
export interface CountRow { districtId: number, incidents: number, accidents: number, deaths: number, injured: number, entrapments: number }

export function createKpiQueries (db: Db) {
  return {
    districts: () => db.query<{ id: number, name: string }>('select id, name from districts order by code'),

    /** In use, overdue, due within `dueSoonDays` and failed lifts by district at each reference date. */
    rates: (scope: Scope, dates: string[], timeZone: string, dueSoonDays: number) => db.query<RateRow>(`
      with dates as (select unnest($1::date[]) as ref),
      lifts as (
        select e.id, e.district_id, (e.created_at at time zone $2)::date as created_on, e.last_inspection_date as reg_last,
          e.next_inspection_date as reg_next, exists (select 1 from inspection_records r where r.elevator_id = e.id) as has_records
        from elevators e
        where e.status = 'in_use' and ($3::int is null or e.maintenance_firm_id = $3) and ($4::int is null or e.use_unit_id = $4)
      ),
      judged as (
        select d.ref, l.district_id, l.created_on, rec.inspected_on, rec.result,
          case when rec.inspected_on is not null then rec.valid_until
            when not l.has_records and (l.reg_last is null or l.reg_last <= d.ref) then l.reg_next end as valid_until,
          (not l.has_records and l.reg_last <= d.ref) as registered_by
        from dates d cross join lifts l
        left join lateral (
          select r.inspected_on, r.result, case when r.result = 'fail' then r.inspected_on else r.next_due end as valid_until
          from inspection_records r where r.elevator_id = l.id and r.inspected_on <= d.ref
          order by r.inspected_on desc, (r.result = 'fail') asc, r.id desc limit 1) rec on true
      )
      select ref::text as "referenceDate", district_id as "districtId", count(*)::int as "inUse",
        count(*) filter (where valid_until < ref)::int as overdue,
        count(*) filter (where valid_until >= ref and valid_until <= ref + $5::int and result is distinct from 'fail')::int as "dueSoon",
        count(*) filter (where result = 'fail')::int as failed
      from judged
      where created_on <= ref or inspected_on is not null or registered_by
      group by ref, district_id order by ref, district_id`,
    [dates, timeZone, scope.maintenanceFirmId ?? null, scope.useUnitId ?? null, dueSoonDays]),

    /** Lifts in use today by district: the denominator of the rates per 10,000 units. */
    inUse: (scope: Scope) => db.query<{ districtId: number, n: number }>(`
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
