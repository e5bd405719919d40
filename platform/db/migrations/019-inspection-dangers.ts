// Hidden dangers (隐患) and their closed loop, 一单四制 (issue #11): one case per danger found — by an
// inspection, a spot check, an incident, a maintenance item or a report — with the four things the rule names:
// who answers for it (the lift's use unit, and a named person), the measure required, the deadline, and the
// acceptance that closes it. The use unit submits its rectification with evidence (text and photos); an
// inspector accepts it (closed) or sends it back (open again). Every step is kept in danger_events.
export default `
create table hidden_dangers (
  id bigserial primary key,
  elevator_id integer not null references elevators(id) on delete restrict,
  source text not null check (source in ('inspection', 'spot_check', 'incident', 'maintenance', 'report')),
  source_ref text,
  level text not null check (level in ('general', 'major')),
  description text not null check (length(description) between 1 and 2000),
  measure text not null check (length(measure) between 1 and 2000),
  responsible text,
  found_on date not null,
  deadline date not null,
  status text not null default 'open' check (status in ('open', 'rectified', 'closed')),
  rectified_at timestamptz,
  closed_on date,
  created_by integer references users(id),
  created_at timestamptz not null default now(),
  check (deadline >= found_on)
);
create index hidden_dangers_open_idx on hidden_dangers (deadline) where status <> 'closed';
create index hidden_dangers_lift_idx on hidden_dangers (elevator_id, found_on desc);
-- One case per finding: a spot-check item or an inspection report opens at most one danger.
create unique index hidden_dangers_one_per_source on hidden_dangers (source, source_ref) where source_ref is not null;

create table danger_events (
  id bigserial primary key,
  danger_id bigint not null references hidden_dangers(id) on delete restrict,
  at timestamptz not null default now(),
  action text not null check (action in ('opened', 'rectified', 'accepted', 'returned')),
  note text,
  photos jsonb not null default '[]',
  actor_id integer references users(id)
);
create index danger_events_danger_idx on danger_events (danger_id, at);

create table danger_photos (
  id bigserial primary key,
  danger_id bigint not null references hidden_dangers(id) on delete restrict,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  mime text not null,
  bytes integer not null,
  used boolean not null default false,
  uploaded_by integer references users(id),
  uploaded_at timestamptz not null default now()
);
create index danger_photos_danger_idx on danger_photos (danger_id);
`
