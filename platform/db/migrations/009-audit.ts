// The audit log (audit/): every change made through the API and every sign-in, who, what, when, from where,
// with the record before and after. Append-only, and the database says so itself: a trigger refuses any
// update, delete or truncate, whoever asks, so neither a bug nor a stolen API session can rewrite history.
// Actors are copied (id, name, role at the time), not referenced: the log outlives what it names.
// (Function bodies stay on one line: platform/db/migrate.ts splits statements at line-ending semicolons.)
export default `
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id integer,
  actor_username text,
  actor_role text,
  action text not null,
  method text,
  route text,
  target_type text,
  target_id text,
  ip text,
  status integer,
  before jsonb,
  after jsonb,
  detail jsonb
);
create index audit_log_at on audit_log (at desc, id desc);
create index audit_log_actor on audit_log (lower(actor_username), at desc);
create index audit_log_action on audit_log (action, at desc);
create index audit_log_target on audit_log (target_type, target_id, at desc);

create function audit_log_refuse_change() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end $$;
create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change();
`
