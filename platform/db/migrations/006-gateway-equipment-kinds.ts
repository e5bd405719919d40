// Gateways carry equipment of several kinds (elevators today, gas cylinders next): an assignment is a
// (kind, code) pair, `kind` being the kind's topic segment, so the broker's ACL reads one table whatever
// the kind. Each piece of equipment is assigned to at most one gateway. Which codes exist is each kind's
// registry's answer, checked when assigning; deleting a lift drops its assignment (registry/store.ts).
export default `
create table gateway_equipment_by_kind (
  gateway_id text not null references gateways(id) on delete cascade,
  kind text not null check (kind ~ '^[a-z][a-z0-9_-]{0,31}$'),
  code text not null,
  constraint gateway_equipment_by_kind_pkey primary key (kind, code)
);

insert into gateway_equipment_by_kind (gateway_id, kind, code)
  select ge.gateway_id, 'elevator', e.equipment_code from gateway_equipment ge join elevators e on e.id = ge.elevator_id;

drop table gateway_equipment;
alter table gateway_equipment_by_kind rename to gateway_equipment;
alter table gateway_equipment rename constraint gateway_equipment_by_kind_pkey to gateway_equipment_pkey;
create index gateway_equipment_gateway_idx on gateway_equipment (gateway_id);
`
