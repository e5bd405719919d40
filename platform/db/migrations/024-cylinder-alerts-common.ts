// The cylinder scan's per-unit alerts (017's cylinder_alerts) join the common alert lifecycle: subject
// 'filling_unit', subject_code the unit's id, `code` the earliest date the alert is about (as the lift
// inspection scan keys its alerts), the count and the earliest date and the unit's place in `details`.
// So they reach the alert desk, the live stream and the webhooks like any alert. The rows move with their
// lifecycle and their note (as the history's 'raised' entry); cylinder_alerts goes.
//
// 016's index allows one open alert per subject, type and code: with the date in the code, two open ones
// of a unit and condition would pass it. The scan updates the code of the open one in place under its
// advisory lock; the index below makes "one open per unit and condition" hold even without the lock.
export default `
insert into alerts (subject_kind, subject_code, type, severity, status, source, code, raised_at, acknowledged_at, acknowledged_by,
    cleared_at, closed_at, closed_by, details)
  select 'filling_unit', c.filling_unit_id::text, c.type, c.severity, c.status, 'cylinder_scan', c.earliest::text, c.raised_at,
    c.acknowledged_at, c.acknowledged_by, c.cleared_at, c.closed_at, c.closed_by,
    jsonb_build_object('cylinders', c.cylinders, 'earliest', c.earliest::text,
      'place', jsonb_build_object('fillingUnitId', u.id, 'unitName', u.name, 'districtId', u.district_id, 'address', u.address))
  from cylinder_alerts c join filling_units u on u.id = c.filling_unit_id
  order by c.id;
insert into alert_history (alert_id, at, actor, action, comment_message)
  select a.id, c.raised_at, 'cylinders', 'raised', c.note
  from cylinder_alerts c join alerts a on a.subject_kind = 'filling_unit' and a.elevator_id is null and a.subject_code = c.filling_unit_id::text
    and a.type = c.type and a.raised_at = c.raised_at and a.code = c.earliest::text;
insert into alert_history (alert_id, at, actor_id, actor, action)
  select a.id, c.closed_at, c.closed_by, coalesce(us.username, 'cylinders'), 'closed'
  from cylinder_alerts c join alerts a on a.subject_kind = 'filling_unit' and a.elevator_id is null and a.subject_code = c.filling_unit_id::text
    and a.type = c.type and a.raised_at = c.raised_at and a.code = c.earliest::text
  left join users us on us.id = c.closed_by
  where c.status = 'closed';
drop table cylinder_alerts;
create unique index alerts_one_open_filling_unit on alerts (subject_code, type)
  where elevator_id is null and subject_kind = 'filling_unit' and status in ('raised', 'acknowledged', 'assigned');
`
