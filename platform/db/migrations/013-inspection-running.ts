// "Overdue and still running" (违规使用, domain.md §5: equipment past its inspection date, or failed and not
// re-inspected, must not be used): the inspection scan measures in InfluxDB the trips each such lift made
// since the day after the date it was valid until, and keeps the evidence here, one row per lift flagged
// today; the alert (type inspection_running, critical) goes through the common alert lifecycle.
export default `
create table inspection_running (
  elevator_id integer primary key references elevators(id) on delete cascade,
  valid_until date not null,
  since timestamptz not null,
  trips integer,
  moving_points integer not null,
  last_moving_at timestamptz,
  measured_on date not null
);
`
