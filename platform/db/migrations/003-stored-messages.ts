// Notes the service writes itself (escalation reasons, clearing reasons, the rescue desk's notes on an
// alert) keep their catalog key and params next to the English text, so each reader gets their language.
export default `
alter table rescue_events add column detail_message jsonb;
alter table alert_history add column comment_message jsonb;
`
