// 定检率 without a per-lift probe (issue #11's bench, second round). The KPI statement read, for every lift
// registered after the earliest reference date, its first record's date from inspection_firsts (a probe
// per lift), and joined the ~14,000 overdue, failed and due-soon reigns back to the registry for status,
// district, use unit and firm (a probe per reign). Now:
// - the first record's date is the registry's own column (elevators.first_inspected_on), written with the
//   last and next dates by inspection/store.ts's refreshDerived; a lift without records (the registry's
//   typed dates stand in) is found by a partial index;
// - each reign carries its lift's district, use unit, firm and in-use status, so the lookups by date count
//   straight from the reigns. A trigger keeps them in step with every write to the registry (the API's
//   upsert, the CSV import, bulk inserts, a status change): one set-wise update per statement.
export default `
alter table elevators add column first_inspected_on date;
update elevators e set first_inspected_on = f.first_on from inspection_firsts f where f.elevator_id = e.id;
drop table inspection_firsts;
create index elevators_registry_dated_idx on elevators (next_inspection_date) where first_inspected_on is null;

alter table inspection_reigns add column district_id integer, add column use_unit_id integer, add column maintenance_firm_id integer, add column in_use boolean;
update inspection_reigns r set district_id = e.district_id, use_unit_id = e.use_unit_id, maintenance_firm_id = e.maintenance_firm_id, in_use = e.status = 'in_use'
from elevators e where e.id = r.elevator_id;
alter table inspection_reigns alter column district_id set not null, alter column use_unit_id set not null, alter column in_use set not null;

-- (The body ends each statement mid-line: migrate.ts splits statements at semicolons that end a line.)
create function inspection_reigns_follow_lifts() returns trigger language plpgsql as $$ begin
  update inspection_reigns r set district_id = n.district_id, use_unit_id = n.use_unit_id, maintenance_firm_id = n.maintenance_firm_id, in_use = n.status = 'in_use'
  from lifts_after n join lifts_before o on o.id = n.id
  where r.elevator_id = n.id
    and (o.district_id, o.use_unit_id, o.maintenance_firm_id, o.status) is distinct from (n.district_id, n.use_unit_id, n.maintenance_firm_id, n.status); return null; end $$;
create trigger inspection_reigns_follow_lifts after update on elevators referencing old table as lifts_before new table as lifts_after
  for each statement execute function inspection_reigns_follow_lifts();
`
