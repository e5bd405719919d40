// Registry of supervised equipment and the parties around it (domain.md §1, §2, §5).
export default `

create table districts (
  id serial primary key,
  code text not null unique,
  name text not null,
  -- TSG T5002-2017 art. 5: 30 min in a city district, 60 min elsewhere.
  arrival_limit_min integer not null default 30 check (arrival_limit_min between 5 and 240),
  created_at timestamptz not null default now()
);

create table use_units (
  id serial primary key,
  name text not null unique,
  credit_code text unique,
  contact text,
  phone text,
  address text,
  created_at timestamptz not null default now()
);

create table maintenance_firms (
  id serial primary key,
  name text not null unique,
  license_no text unique,
  phone_24h text,
  contact text,
  created_at timestamptz not null default now()
);

create table elevators (
  id serial primary key,
  equipment_code text not null unique,
  rescue_id char(6) not null unique check (rescue_id ~ '^[0-9]{6}$'),
  kind text not null check (kind in ('traction', 'hydraulic', 'escalator', 'moving_walk')),
  status text not null default 'in_use' check (status in ('in_use', 'stopped', 'scrapped')),
  address text not null,
  building text,
  floors integer check (floors between 1 and 300),
  district_id integer not null references districts(id),
  use_unit_id integer not null references use_units(id),
  maintenance_firm_id integer references maintenance_firms(id),
  public_place boolean not null default false,
  last_inspection_date date,
  next_inspection_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index elevators_district_idx on elevators (district_id);
create index elevators_use_unit_idx on elevators (use_unit_id);
create index elevators_firm_idx on elevators (maintenance_firm_id);
create index elevators_next_inspection_idx on elevators (next_inspection_date);

create table gateways (
  id text primary key check (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  name text,
  -- scrypt$N$r$p$salt$hash, never the secret itself
  secret_hash text not null,
  use_unit_id integer references use_units(id),
  enabled boolean not null default true,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  secret_rotated_at timestamptz not null default now()
);

-- Which lifts a gateway may publish for: the ACL's equipment half.
create table gateway_equipment (
  gateway_id text not null references gateways(id) on delete cascade,
  elevator_id integer not null references elevators(id) on delete cascade,
  primary key (gateway_id, elevator_id)
);
create unique index gateway_equipment_one_gateway on gateway_equipment (elevator_id);

create table users (
  id serial primary key,
  username text not null unique check (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
  display_name text,
  password_hash text not null,
  role text not null check (role in ('admin', 'dispatcher', 'maintainer', 'inspector', 'use_unit')),
  maintenance_firm_id integer references maintenance_firms(id),
  use_unit_id integer references use_units(id),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  check (role <> 'maintainer' or maintenance_firm_id is not null),
  check (role <> 'use_unit' or use_unit_id is not null)
);

create table sessions (
  token_hash text primary key,
  user_id integer not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
`
