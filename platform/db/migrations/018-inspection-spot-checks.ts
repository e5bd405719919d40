// 双随机、一公开 spot checks (issue #11): a plan draws lifts weighted by risk and an inspector for each
// (inspection/spot-draw.ts); the seed and the population's fingerprint are kept so the draw can be repeated.
// Each drawn lift keeps the weight and the factors it was drawn with, and later its result.
export default `
create table spot_check_plans (
  id serial primary key,
  title text not null check (length(title) between 1 and 200),
  district_id integer references districts(id),
  sample_size integer not null check (sample_size between 1 and 1000),
  seed text not null,
  population integer not null,
  population_fingerprint text not null,
  drawn_on date not null,
  drawn_at timestamptz not null default now(),
  created_by integer references users(id)
);
create index spot_check_plans_drawn_idx on spot_check_plans (drawn_at desc);

create table spot_check_items (
  id bigserial primary key,
  plan_id integer not null references spot_check_plans(id) on delete restrict,
  elevator_id integer not null references elevators(id) on delete restrict,
  position integer not null,
  weight real not null,
  factors jsonb not null,
  inspector_id integer references users(id),
  result text check (result in ('pass', 'rectify', 'fail')),
  findings text,
  checked_on date,
  recorded_by integer references users(id),
  recorded_at timestamptz,
  unique (plan_id, elevator_id),
  unique (plan_id, position),
  check ((result is null) = (checked_on is null))
);
create index spot_check_items_inspector_idx on spot_check_items (inspector_id) where result is null;
`
