// 定检率 at a city's size (issue #11's bench: 100,000 lifts, 1,000,000 records; p95 < 100 ms at a date,
// < 500 ms for a 12-month trend). Finding each lift's latest record at each reference date cost one index
// probe per lift and date (2.9 s and 15.7 s in the bench). Instead each record's reign is kept: the days
// it is its lift's latest record, [its date, the next record's date), with the date it kept the lift valid
// until and the part of the reign the lift was overdue. A lift is overdue at R when a reign's overdue part
// contains R, failed when a failed reign contains R, due soon when a passed reign contains R and its
// valid-until date is within the lead: a few index lookups per date, over the few lifts in that state
// (inspection/kpi.ts). inspection_firsts holds each lift's first record date: from then on it counts.
// Both are written with the records (inspection/store.ts's refreshDerived); this fills them for records
// already stored (the same statements, frozen here).
export default `
create table inspection_reigns (
  elevator_id integer not null references elevators(id) on delete cascade,
  reign daterange not null,
  valid_until date not null,
  failed boolean not null,
  overdue daterange
);
create index inspection_reigns_lift_idx on inspection_reigns (elevator_id);
create index inspection_reigns_overdue_idx on inspection_reigns using gist (overdue) where overdue is not null;
create index inspection_reigns_failed_idx on inspection_reigns using gist (reign) where failed;
create index inspection_reigns_due_idx on inspection_reigns (valid_until) where not failed;

create table inspection_firsts (
  elevator_id integer primary key references elevators(id) on delete cascade,
  first_on date not null
);

insert into inspection_reigns (elevator_id, reign, valid_until, failed, overdue)
select o.elevator_id, daterange(o.a, o.b, '[)'), o.v, o.failed,
  case when o.b is null or o.lo < o.b then daterange(o.lo, o.b, '[)') end
from (
  select r.elevator_id, r.inspected_on as a, r.result = 'fail' as failed,
    case when r.result = 'fail' then r.inspected_on else r.next_due end as v,
    greatest(r.inspected_on, case when r.result = 'fail' then r.inspected_on else r.next_due end + 1) as lo,
    lead(r.inspected_on) over (partition by r.elevator_id order by r.inspected_on, (r.result = 'fail') desc, r.id) as b
  from inspection_records r) o
where o.b is null or o.a < o.b;

insert into inspection_firsts (elevator_id, first_on)
select elevator_id, min(inspected_on) from inspection_records group by 1;
`
