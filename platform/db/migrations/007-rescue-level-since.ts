// The rescue clock (rescue/workflow.ts) gives each escalation level its own window: when the current level
// began is a fact of its own, so a firm's dispatch time stays the time it was dispatched.
export default `
alter table rescue_cases add column level_since timestamptz;
update rescue_cases c set level_since = (select max(ev.at) from rescue_events ev where ev.case_id = c.id and ev.action = 'escalate') where c.level > 1;
`
