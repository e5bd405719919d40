// Periodic inspection (定期检验) records and incident (事故/事件) records (domain.md §5, issue #11). A lift's
// last and next inspection dates in the elevators table become what its records say: the inspection store
// rewrites them with every record and after every registry write (app/service.ts hands registry/routes.ts
// the hook), so a typed date counts only for a lift with no record yet (a bureau's registry export at
// onboarding). A lift with records cannot be deleted, only scrapped.
export default `
create table inspection_records (
  id bigserial primary key,
  elevator_id integer not null references elevators(id) on delete restrict,
  kind text not null check (kind in ('periodic', 'self_test', 'acceptance')),
  inspected_on date not null,
  body text not null,
  inspector text,
  result text not null check (result in ('pass', 'fail', 'pass_after_retest')),
  report_no text not null,
  next_due date,
  source text not null default 'api' check (source in ('api', 'csv', 'demo')),
  created_by integer references users(id),
  created_at timestamptz not null default now(),
  check (next_due is null or next_due > inspected_on),
  check (result = 'fail' or next_due is not null)
);
create unique index inspection_records_report_no on inspection_records (report_no);
-- The latest record of a lift at a reference date: one index probe per lift and date (inspection/kpi.ts).
create index inspection_records_lift_idx on inspection_records (elevator_id, inspected_on desc, id desc);

create table incidents (
  id bigserial primary key,
  elevator_id integer not null references elevators(id) on delete restrict,
  kind text not null check (kind in ('accident', 'incident')),
  occurred_on date not null,
  injured integer not null default 0 check (injured >= 0),
  deaths integer not null default 0 check (deaths >= 0),
  cause text,
  source text not null check (source in ('inspection', 'police', 'rescue', 'report')),
  rescue_case_id bigint references rescue_cases(id),
  created_by integer references users(id),
  created_at timestamptz not null default now()
);
create index incidents_occurred_idx on incidents (occurred_on);
create index incidents_lift_idx on incidents (elevator_id, occurred_on desc);
`
