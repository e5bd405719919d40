// The counts behind the cylinder figures (figures.ts) at a reference date, by filling unit or district.
// At today's date they are the registry's columns (one pass over the table, no history). At an earlier
// date each cylinder's latest inspection by then comes from its timeline (one index probe per cylinder):
// the registry's columns say only what holds now.
import type { Db } from '../platform/db/db.ts'
import type { Scope } from '../platform/http/scope.ts'
import type { CylinderCounts } from './figures.ts'

export function createCylinderFigureQueries (db: Db) {
  return {
    async counts (scope: Scope, at: string, today: string, timeZone: string, by: 'unit' | 'district'): Promise<Array<CylinderCounts & { id: number }>> {
      const group = by === 'unit' ? 'c.filling_unit_id' : 'u.district_id'
      const asNow = at >= today
      const state = asNow
        ? `select c.inspection_result as result, c.next_inspection_due as due`
        : `select l.result, coalesce(l.due, (c.manufactured_on + make_interval(years => coalesce(m.first_inspection_years, m.inspection_interval_years)))::date) as due
           from (select 1) one left join lateral (
             select e.details->>'result' as result, (e.details->>'nextDue')::date as due from cylinder_events e
             where e.cylinder_code = c.code and e.kind = 'inspected' and (e.details->>'on')::date <= $1::date
             order by (e.details->>'on')::date desc, (e.details->>'result' = 'pass') desc, e.id desc limit 1) l on true`
      return db.query<CylinderCounts & { id: number }>(`
        select ${group} as id,
          count(*) filter (where alive) as "inUse",
          count(*) filter (where alive and s.result is distinct from 'fail' and s.due < $1::date) as overdue,
          count(*) filter (where alive and s.result = 'fail') as failed,
          count(*) filter (where alive and c.end_of_life <= $1::date) as "pastLife",
          count(*) filter (where c.scrapped_on <= $1::date) as scrapped
        from cylinders c join filling_units u on u.id = c.filling_unit_id ${asNow ? '' : 'join cylinder_media m on m.code = c.medium'},
          lateral (select (c.registered_at at time zone $2)::date <= $1::date and (c.scrapped_on is null or c.scrapped_on > $1::date) as alive) a,
          lateral (${state}) s
        where (c.registered_at at time zone $2)::date <= $1::date and ($3::int is null or c.filling_unit_id = $3)
        group by 1`, [at, timeZone, scope.fillingUnitId ?? null])
    },
    groups: (by: 'unit' | 'district', scope: Scope) => by === 'unit'
      ? db.query<{ id: number, name: string }>('select id, name from filling_units where ($1::int is null or id = $1) order by name', [scope.fillingUnitId ?? null])
      : db.query<{ id: number, name: string }>('select id, name from districts order by code')
  }
}

export type CylinderFigureQueries = ReturnType<typeof createCylinderFigureQueries>
