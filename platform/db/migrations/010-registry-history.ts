// Registry deletes never erase the emergency history: an alert (and through it its history and any rescue
// case) kept its lift by `on delete cascade`, so removing a lift from the registry deleted its alerts. Now
// the database refuses to remove a lift that has alerts or rescue cases (registry/routes.ts answers 409
// and says to set its status to "scrapped" instead); a lift entered by mistake, with no history, can still go.
export default `
alter table alerts drop constraint alerts_elevator_id_fkey;
alter table alerts add constraint alerts_elevator_id_fkey foreign key (elevator_id) references elevators(id) on delete restrict;
alter table rescue_cases drop constraint rescue_cases_elevator_id_fkey;
alter table rescue_cases add constraint rescue_cases_elevator_id_fkey foreign key (elevator_id) references elevators(id) on delete restrict;
`
