// Where a lift is (WGS-84, optional): a maintenance visit started with the phone's position is checked
// against it (maintenance/verification.ts: "started near the lift", issue #12), and a visit begun far from
// it gets its own verdict. A lift without coordinates is not judged by place.
export default `
alter table elevators add column latitude double precision check (latitude between -90 and 90);
alter table elevators add column longitude double precision check (longitude between -180 and 180);
alter table elevators add constraint elevators_coordinates_pair check ((latitude is null) = (longitude is null));
alter table maintenance_verifications drop constraint maintenance_verifications_reason_check;
alter table maintenance_verifications add constraint maintenance_verifications_reason_check
  check (reason in ('inspection_mode_seen', 'no_terminal', 'offline', 'no_inspection_mode', 'too_short', 'far_from_lift', 'unavailable'));
`
