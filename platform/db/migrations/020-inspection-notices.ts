// Supervision notices (督办通知, issue #11): an inspector tells a use unit, in one click from the overdue list,
// that its lift is overdue, failed or due for inspection. The notice keeps the lift's status and the date it
// was valid until when sent; the use unit acknowledges it. Delivered on the dashboards (live) and by webhook.
export default `
create table inspection_notices (
  id bigserial primary key,
  elevator_id integer not null references elevators(id) on delete restrict,
  use_unit_id integer not null references use_units(id),
  inspection_status text not null check (inspection_status in ('overdue', 'failed', 'due_soon')),
  valid_until date,
  message text,
  sent_at timestamptz not null default now(),
  sent_by integer references users(id),
  acknowledged_at timestamptz,
  acknowledged_by integer references users(id)
);
create index inspection_notices_unit_idx on inspection_notices (use_unit_id, sent_at desc);
create index inspection_notices_lift_idx on inspection_notices (elevator_id, sent_at desc);
`
