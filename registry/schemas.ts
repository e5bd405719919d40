// Registry records as the API sends and receives them: districts, use units, maintenance firms, elevators.
import { Type } from 'typebox'
import { ELEVATOR_KINDS, EQUIPMENT_STATUSES } from '../elevators/codes.ts'
import { DateString, literals, Nullable } from '../platform/http/schema-blocks.ts'

/** A district code or an equipment code: safe in a URL path and a topic. */
export const Code = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const Text = (max: number) => Nullable(Type.String({ maxLength: max }))

export const District = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), arrivalLimitMin: Type.Integer(),
  rescueStationFirmId: Nullable(Type.Integer({ description: 'grid rescue station (a maintenance firm) that level 2 escalates to; null: none' }))
}, { $id: 'District' })
export const DistrictInput = Type.Object({
  code: Code, name: Type.String({ minLength: 1, maxLength: 100 }),
  arrivalLimitMin: Type.Integer({ minimum: 5, maximum: 240, default: 30, description: 'rescue arrival limit: 30 in a city district, 60 elsewhere (TSG T5002)' }),
  rescueStationFirmId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'grid rescue station for level 2; omitted or null: none' })))
}, { additionalProperties: false })

export const UseUnit = Type.Object({ id: Type.Integer(), name: Type.String(), creditCode: Nullable(Type.String()), contact: Nullable(Type.String()), phone: Nullable(Type.String()), address: Nullable(Type.String()) }, { $id: 'UseUnit' })
export const UseUnitInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }), creditCode: Type.Optional(Text(18)), contact: Type.Optional(Text(100)),
  phone: Type.Optional(Text(40)), address: Type.Optional(Text(300))
}, { additionalProperties: false })

export const MaintenanceFirm = Type.Object({ id: Type.Integer(), name: Type.String(), licenseNo: Nullable(Type.String()), phone24h: Nullable(Type.String()), contact: Nullable(Type.String()) }, { $id: 'MaintenanceFirm' })
export const MaintenanceFirmInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }), licenseNo: Type.Optional(Text(64)),
  phone24h: Type.Optional(Text(40)), contact: Type.Optional(Text(100))
}, { additionalProperties: false })

const ElevatorFields = {
  rescueId: Type.String({ pattern: '^[0-9]{6}$', description: '6-digit rescue ID shown in the car (救援识别码)' }),
  kind: literals(ELEVATOR_KINDS),
  status: literals(EQUIPMENT_STATUSES),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  building: Text(100),
  floors: Nullable(Type.Integer({ minimum: 1, maximum: 300 })),
  districtId: Type.Integer({ minimum: 1 }),
  useUnitId: Type.Integer({ minimum: 1 }),
  maintenanceFirmId: Nullable(Type.Integer({ minimum: 1 })),
  publicPlace: Type.Boolean({ description: 'public gathering place (公众聚集场所)' }),
  lastInspectionDate: Nullable(DateString),
  nextInspectionDate: Nullable(DateString),
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84; with longitude, where a maintenance visit is expected to start' })),
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180 }))
}
export const Elevator = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(), ...ElevatorFields,
  districtName: Type.String(), useUnitName: Type.String(), maintenanceFirmName: Nullable(Type.String()), gatewayId: Nullable(Type.String())
}, { $id: 'Elevator' })
export const ElevatorInput = Type.Object({
  ...ElevatorFields,
  status: Type.Optional(literals(EQUIPMENT_STATUSES)),
  building: Type.Optional(Text(100)),
  floors: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 300 }))),
  maintenanceFirmId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  publicPlace: Type.Optional(Type.Boolean()),
  lastInspectionDate: Type.Optional(Nullable(DateString)),
  nextInspectionDate: Type.Optional(Nullable(DateString)),
  latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 })))
}, { additionalProperties: false })

/** An elevator in the list, with what the list shows live: connected or not, and its latest state. */
export const ListedElevator = Type.Object({
  ...Elevator.properties,
  online: Nullable(Type.Boolean({ description: 'gateway connected; null when this process runs no broker' })),
  state: Nullable(Type.Ref('LiftState'))
})
