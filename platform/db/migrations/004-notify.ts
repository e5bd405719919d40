// Webhooks, hardened: each endpoint keeps its own failure count and pause, so a dead receiver is probed once
// per back-off instead of once per queued delivery and never holds up another; the delivery log is pruned
// by age (WEBHOOK_LOG_RETENTION_DAYS), so it needs an index on it.
export default `
alter table webhooks add column consecutive_failures integer not null default 0;
alter table webhooks add column paused_until timestamptz;
create index webhook_deliveries_created on webhook_deliveries (created_at);
create index webhook_deliveries_queue on webhook_deliveries (webhook_id, id) where status = 'pending';
`
