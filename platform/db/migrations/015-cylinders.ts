// Gas cylinders (气瓶, issue #13; domain.md §6): the media and their inspection rules (defaults of
// TSG 23-2021, editable; cylinders/media.ts holds the same table as data), filling units and their
// stations, the registry of cylinders (一瓶一码: a code is the primary key and a scrapped cylinder's row
// stays, so a code is never given out twice), and each cylinder's timeline of events, append-only.
// A `filling_unit` user sees only its own unit's cylinders, stations and fills.
//
// Sized for 1,000,000 cylinders: paging walks the primary key, a search by code or registration number
// is a prefix scan (text_pattern_ops, whatever the database's collation), a unit's list by status is one
// index, and the daily scan finds the cylinders falling due or running out of life by date indexes over
// the cylinders still in use only.
export default `
create table cylinder_media (
  code text primary key check (code ~ '^[A-Z0-9_]{1,20}$'),
  name_zh text not null,
  name_en text not null,
  "group" text not null check ("group" in ('lpg', 'cng', 'industrial', 'inert', 'corrosive', 'diving')),
  inspection_interval_years integer not null check (inspection_interval_years between 1 and 20),
  first_inspection_years integer check (first_inspection_years between 1 and 20),
  design_life_years integer not null check (design_life_years between 1 and 60),
  life_extension_years integer not null default 0 check (life_extension_years between 0 and 20),
  max_working_pressure_mpa numeric not null check (max_working_pressure_mpa > 0),
  components text[],
  updated_at timestamptz not null default now()
);
insert into cylinder_media (code, name_zh, name_en, "group", inspection_interval_years, first_inspection_years,
  design_life_years, life_extension_years, max_working_pressure_mpa, components) values
  ('LPG', '液化石油气', 'Liquefied petroleum gas', 'lpg', 4, 4, 8, 4, 2.1, null),
  ('CNG', '压缩天然气', 'Compressed natural gas', 'cng', 3, null, 15, 0, 20, null),
  ('O2', '氧气', 'Oxygen', 'industrial', 3, null, 30, 0, 15, null),
  ('CO2', '二氧化碳', 'Carbon dioxide', 'industrial', 3, null, 30, 0, 15, null),
  ('C2H2', '溶解乙炔', 'Dissolved acetylene', 'industrial', 3, null, 30, 0, 3, null),
  ('H2', '氢气', 'Hydrogen', 'industrial', 3, null, 30, 0, 15, null),
  ('N2', '氮气', 'Nitrogen', 'inert', 5, null, 30, 0, 15, null),
  ('AR', '氩气', 'Argon', 'inert', 5, null, 30, 0, 15, null),
  ('CL2', '氯气', 'Chlorine', 'corrosive', 2, null, 30, 0, 2, null),
  ('NH3', '液氨', 'Ammonia', 'corrosive', 2, null, 30, 0, 3, null),
  ('AIR_DIVING', '潜水呼吸用压缩空气', 'Diving air', 'diving', 2, null, 30, 0, 30, null),
  ('MIX', '混合气体（氩/二氧化碳）', 'Mixture (argon / carbon dioxide)', 'industrial', 5, null, 30, 0, 15, array['AR', 'CO2']);

create table filling_units (
  id serial primary key,
  name text not null unique,
  license_no text not null unique,
  district_id integer not null references districts(id),
  address text not null default '',
  created_at timestamptz not null default now()
);
create index filling_units_district_idx on filling_units (district_id);

create table filling_stations (
  id serial primary key,
  -- The {code} of the gateway kind 'station' in se/v1/{gatewayId}/station/{code}/…
  code text not null unique check (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  filling_unit_id integer not null references filling_units(id),
  name text not null,
  created_at timestamptz not null default now()
);
create index filling_stations_unit_idx on filling_stations (filling_unit_id);

create table cylinders (
  code text primary key check (code ~ '^[A-Za-z0-9_-]{4,64}$'),
  registration_no text,
  filling_unit_id integer not null references filling_units(id),
  manufacturer text not null,
  serial text not null,
  volume_l numeric not null check (volume_l > 0),
  medium text not null references cylinder_media(code),
  nominal_pressure_mpa numeric not null check (nominal_pressure_mpa > 0),
  manufactured_on date not null,
  -- The cylinder's own design life from its mark; null: its medium's.
  design_life_years integer check (design_life_years between 1 and 60),
  last_inspected_on date,
  inspection_result text check (inspection_result in ('pass', 'fail')),
  next_inspection_due date not null,
  -- When its (possibly extended) design life runs out: cylinders/lifecycle.ts's endOfLife, kept with the row.
  end_of_life date not null,
  status text not null default 'in_use' check (status in ('in_use', 'inspection_overdue', 'failed', 'scrapped')),
  empty_mass_kg numeric check (empty_mass_kg > 0),
  capacity_kg numeric check (capacity_kg > 0),
  scrapped_on date,
  scrap_reason text,
  registered_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'scrapped') = (scrapped_on is not null))
);
create index cylinders_code_prefix_idx on cylinders (code text_pattern_ops);
create index cylinders_registration_prefix_idx on cylinders (registration_no text_pattern_ops) where registration_no is not null;
create index cylinders_unit_status_idx on cylinders (filling_unit_id, status, code);
create index cylinders_due_idx on cylinders (next_inspection_due) where status <> 'scrapped';
create index cylinders_life_idx on cylinders (end_of_life) where status <> 'scrapped';
create index cylinders_medium_idx on cylinders (medium, code);

-- The lifecycle trace (追溯): append-only. No foreign key to cylinders: a station's refused check of an
-- unregistered code is part of the station's day too (DB4114/T 185-2023 keeps pre-fill records).
create table cylinder_events (
  id bigserial primary key,
  cylinder_code text not null,
  at timestamptz not null,
  kind text not null check (kind in ('registered', 'filled', 'refused', 'inspected', 'transferred', 'scrapped', 'forced_fill')),
  filling_unit_id integer references filling_units(id),
  station_code text,
  details jsonb not null default '{}'::jsonb
);
create index cylinder_events_cylinder_idx on cylinder_events (cylinder_code, at desc, id desc);
create index cylinder_events_unit_idx on cylinder_events (filling_unit_id, at desc);
create index cylinder_events_kind_idx on cylinder_events (kind, at desc);

alter table users add column filling_unit_id integer references filling_units(id);
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('admin', 'dispatcher', 'maintainer', 'inspector', 'use_unit', 'filling_unit'));
alter table users add constraint users_filling_unit_check check (role <> 'filling_unit' or filling_unit_id is not null);
`
