// Alerts on equipment that is not a lift (issue #13): a monitored gas cylinder's leak or over-pressure, a
// filling station's non-compliant fill. Such an alert names its subject by the equipment kind's topic
// segment and code (`cylinder`/`LPG0001`, `station`/`ST-01`) instead of a lift, and keeps in `details`
// what the reading said and where the subject is (its filling unit, district, address), so the alert lists
// show it like a lift's. A lift's alerts are as they were.
//
// One open alert per subject, type and code: a cylinder has one open leak alarm (code null), while a
// station has one open non-compliant-filling alert per cylinder it filled against the check (code = the
// cylinder), so a resent fill record raises nothing new and a second cylinder raises its own.
export default `
alter table alerts alter column elevator_id drop not null;
alter table alerts add column subject_kind text check (subject_kind ~ '^[a-z][a-z0-9_-]{0,31}$');
alter table alerts add column subject_code text;
alter table alerts add column details jsonb;
alter table alerts add constraint alerts_subject_check check ((elevator_id is null) = (subject_kind is not null and subject_code is not null));
create unique index alerts_one_open_subject on alerts (subject_kind, subject_code, type, (coalesce(code, '')))
  where elevator_id is null and status in ('raised', 'acknowledged', 'assigned');
create index alerts_subject_idx on alerts (subject_kind, subject_code) where elevator_id is null;
`
