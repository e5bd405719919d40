// Numbered 017: the gateway side's 016-alerts-subjects (branch cylio) comes before it.
// The cylinder registry's daily alerts, one per filling unit and condition (issue #13: aggregated, not one
// per cylinder): cylinders in use past their inspection date, cylinders past their design life. They were
// written beside the lift alerts while the alerts table was keyed by a lift only (elevator_id, its context
// joined on every read); once the gateway side's 016 gives alerts a subject of any kind, they may move
// there as subject 'filling_unit'. The same lifecycle words (raised,
// acknowledged, cleared, closed); the count and the earliest date are brought up to date by each scan.
export default `
create table cylinder_alerts (
  id bigserial primary key,
  filling_unit_id integer not null references filling_units(id),
  type text not null check (type in ('cylinder_inspection_overdue', 'cylinder_past_life')),
  severity text not null check (severity in ('critical', 'major', 'minor', 'warning')),
  status text not null default 'raised' check (status in ('raised', 'acknowledged', 'cleared', 'closed')),
  cylinders integer not null,
  earliest date not null,
  note jsonb,
  raised_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by integer references users(id),
  cleared_at timestamptz,
  closed_at timestamptz,
  closed_by integer references users(id)
);
-- One open alert per unit and condition, whichever node scans.
create unique index cylinder_alerts_one_open on cylinder_alerts (filling_unit_id, type) where status in ('raised', 'acknowledged');
create index cylinder_alerts_raised_idx on cylinder_alerts (raised_at desc);
`
