// The lifts counted by 定检率 at a date, by district, without a pass over the registry (issue #11's bench,
// third round). A lift in use counts at R from the earlier of its registration (in the city's time) and the
// first date the registry knows it by (its first record, or the typed last inspection date of a lift with
// none): scanning 100,000 registry rows for that took half the date form's time. Here the lifts in use are
// kept counted by district and by those two dates, and inspection/kpi.ts sums the few rows that count at R.
//
// The city's time zone is configuration, not the database's: the registration is kept to the quarter hour
// (a date in any time zone of quarter-hour offset — every zone in use — ends on a quarter hour, so "before
// R's end" reads the same); when one of the two dates comes first in every time zone (UTC−12 to UTC+14)
// the other is kept as infinity, so lifts registered together (an import) fold into one row per district.
// Statement triggers on elevators keep the rows in step with every write: insert, update (status, district,
// dates) and delete, whoever makes it; rows that fall to zero go. (Truncating elevators is refused: it
// cascades to maintenance records, which migration 012 keeps.)
const delta = (rows: string) => `
  insert into inspection_counted_lifts (district_id, registered_slot, known_from, n)
  select d.district_id, inspection_counted_slot(d.created_at, d.known), inspection_counted_known(d.created_at, d.known), sum(d.n)
  from (${rows}) d group by 1, 2, 3 having sum(d.n) <> 0 order by 1, 2, 3
  on conflict (district_id, registered_slot, known_from) do update set n = inspection_counted_lifts.n + excluded.n; delete from inspection_counted_lifts where n = 0; return null; end $$;`
const rows = (table: string, sign: number) =>
  `select l.district_id, l.created_at, least(l.first_inspected_on, l.last_inspection_date) as known, ${sign} as n from ${table} l where l.status = 'in_use'`

export default `
create function inspection_counted_slot(registered timestamptz, known date) returns timestamptz language sql immutable as $$ select case when known is not null and registered >= (known + 2)::timestamp at time zone 'UTC' then 'infinity'::timestamptz else date_bin('15 minutes', registered, timestamptz '2000-01-01 00:00Z') end $$;
create function inspection_counted_known(registered timestamptz, known date) returns date language sql immutable as $$ select case when known is null or registered < (known - 1)::timestamp at time zone 'UTC' then 'infinity'::date else known end $$;

create table inspection_counted_lifts (
  district_id integer not null,
  registered_slot timestamptz not null,
  known_from date not null,
  n integer not null,
  primary key (district_id, registered_slot, known_from)
);
create index inspection_counted_lifts_zero_idx on inspection_counted_lifts (district_id) where n = 0;
insert into inspection_counted_lifts (district_id, registered_slot, known_from, n)
select district_id, inspection_counted_slot(created_at, least(first_inspected_on, last_inspection_date)), inspection_counted_known(created_at, least(first_inspected_on, last_inspection_date)), count(*)
from elevators where status = 'in_use' group by 1, 2, 3;

create function inspection_counted_lifts_inserted() returns trigger language plpgsql as $$ begin ${delta(rows('lifts_after', 1))}
create function inspection_counted_lifts_updated() returns trigger language plpgsql as $$ begin ${delta(`${rows('lifts_after', 1)} union all ${rows('lifts_before', -1)}`)}
create function inspection_counted_lifts_deleted() returns trigger language plpgsql as $$ begin ${delta(rows('lifts_before', -1))}
create trigger inspection_counted_lifts_inserted after insert on elevators referencing new table as lifts_after
  for each statement execute function inspection_counted_lifts_inserted();
create trigger inspection_counted_lifts_updated after update on elevators referencing old table as lifts_before new table as lifts_after
  for each statement execute function inspection_counted_lifts_updated();
create trigger inspection_counted_lifts_deleted after delete on elevators referencing old table as lifts_before
  for each statement execute function inspection_counted_lifts_deleted();
`
