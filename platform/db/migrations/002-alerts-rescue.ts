// Alerts with their history, rescue cases with their timeline, and webhooks with a delivery log
// (domain.md §2, §3).
export default `
alter table districts add column rescue_station_firm_id integer references maintenance_firms(id);

create table alerts (
  id bigserial primary key,
  elevator_id integer not null references elevators(id) on delete cascade,
  type text not null,
  severity text not null check (severity in ('critical', 'major', 'minor', 'warning')),
  status text not null default 'raised' check (status in ('raised', 'acknowledged', 'assigned', 'cleared', 'closed')),
  source text,
  code text,
  raised_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by integer references users(id),
  assigned_firm_id integer references maintenance_firms(id),
  assigned_at timestamptz,
  cleared_at timestamptz,
  closed_at timestamptz,
  closed_by integer references users(id)
);
-- One open alert per lift and type, whichever broker node or message raced to raise it.
create unique index alerts_one_open on alerts (elevator_id, type) where status in ('raised', 'acknowledged', 'assigned');
create index alerts_raised_idx on alerts (raised_at desc);
create index alerts_status_idx on alerts (status);

create table alert_history (
  id bigserial primary key,
  alert_id bigint not null references alerts(id) on delete cascade,
  at timestamptz not null default now(),
  actor_id integer references users(id),
  actor text not null,
  action text not null,
  comment text
);
create index alert_history_alert_idx on alert_history (alert_id, at);

create table rescue_cases (
  id bigserial primary key,
  elevator_id integer not null references elevators(id),
  alert_id bigint references alerts(id),
  source text not null check (source in ('alert', 'phone')),
  caller text,
  status text not null check (status in ('reported', 'dispatched', 'accepted', 'arrived', 'released', 'called_back', 'closed', 'false_alarm')),
  level smallint not null default 1 check (level between 1 and 3),
  firm_id integer references maintenance_firms(id),
  reported_at timestamptz not null,
  dispatched_at timestamptz,
  accepted_at timestamptz,
  arrived_at timestamptz,
  released_at timestamptz,
  called_back_at timestamptz,
  closed_at timestamptz,
  warned_at timestamptz,
  cause text,
  arrival_limit_min integer not null
);
create unique index rescue_cases_one_per_alert on rescue_cases (alert_id) where alert_id is not null;
create index rescue_cases_open_idx on rescue_cases (status) where status not in ('closed', 'false_alarm');
create index rescue_cases_reported_idx on rescue_cases (reported_at);

create table rescue_events (
  id bigserial primary key,
  case_id bigint not null references rescue_cases(id) on delete cascade,
  at timestamptz not null,
  actor_id integer references users(id),
  actor text not null,
  action text not null,
  detail text,
  level smallint not null,
  firm_id integer references maintenance_firms(id)
);
create index rescue_events_case_idx on rescue_events (case_id, at);

create table webhooks (
  id serial primary key,
  url text not null,
  -- HMAC key the receiver verifies with; it has to be usable, so it is stored as given and never shown again.
  secret text not null,
  events text[] not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now()
);

create table webhook_deliveries (
  id bigserial primary key,
  webhook_id integer not null references webhooks(id) on delete cascade,
  event text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_hook on webhook_deliveries (webhook_id, id desc);
`
