// A lift's context, as a dispatcher reads it out: where it is (rescue ID, address, district), who uses it
// and who maintains it under contract, with their phones. Alerts and rescue cases both carry it; this is
// the one place it is joined, so both read it the same way.
//
// The fragments select from the elevator as `e`, its district `d`, use unit `u` and contracted firm `lf`;
// a query joins them to its own record's elevator id and names the firm's columns as its record does (an
// alert's `maintenanceFirm…`, a rescue case's `contractedFirm…`, where `firm…` is the firm dispatched).

export interface LiftPlace {
  rescueId: string
  address: string
  building: string | null
  districtId: number
  districtName: string
  useUnitName: string
  useUnitPhone: string | null
}

/** The contracted maintenance firm's id, name and 24-hour phone, under the record's own prefix. */
export type LiftFirm<P extends string> = { [K in `${P}Id`]: number | null } & { [K in `${P}Name` | `${P}Phone`]: string | null }

export type LiftContext<P extends string> = LiftPlace & LiftFirm<P>

/**
 * SQL fragments of the lift context of a record whose elevator id is `elevatorId` (e.g. `a.elevator_id`).
 * `optional`: the record may name no lift (an alert on a gas cylinder): left joins, its columns null.
 */
export function liftContextSql<P extends string> (elevatorId: string, firm: P, options: { optional?: boolean } = {}) {
  const join = options.optional === true ? 'left join' : 'join'
  return {
    place: `e.rescue_id as "rescueId", e.address, e.building, e.district_id as "districtId", d.name as "districtName",
    u.name as "useUnitName", u.phone as "useUnitPhone"`,
    firm: `e.maintenance_firm_id as "${firm}Id", lf.name as "${firm}Name", lf.phone_24h as "${firm}Phone"`,
    joins: `${join} elevators e on e.id = ${elevatorId}
  ${join} districts d on d.id = e.district_id
  ${join} use_units u on u.id = e.use_unit_id
  left join maintenance_firms lf on lf.id = e.maintenance_firm_id`
  }
}
