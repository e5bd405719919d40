// Cylinders, their timeline, filling units and stations, the media table and the figures as the API sends
// and takes them; the dashboard derives its types from these (type-only imports).
import { Type } from 'typebox'
import { CYLINDER_CODE_PATTERN, CYLINDER_INSPECTION_RESULTS, CYLINDER_STATUSES } from './lifecycle.ts'
import { MEDIUM_GROUPS } from './media.ts'
import { DateString, literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

export const CylinderCode = Type.String({ pattern: CYLINDER_CODE_PATTERN, description: '一瓶一码: 4–64 letters, digits, - or _' })
const MediumCode = Type.String({ pattern: '^[A-Z0-9_]{1,20}$' })
const EVENT_KINDS = ['registered', 'filled', 'refused', 'inspected', 'transferred', 'scrapped', 'forced_fill'] as const

export const Cylinder = Type.Object({
  code: Type.String(), registrationNo: Nullable(Type.String()), fillingUnitId: Type.Integer(), fillingUnitName: Type.String(), districtId: Type.Integer(),
  manufacturer: Type.String(), serial: Type.String(), volumeL: Type.Number(), medium: Type.String(), nominalPressureMpa: Type.Number(),
  manufacturedOn: DateString, designLifeYears: Nullable(Type.Integer()), lastInspectedOn: Nullable(DateString),
  inspectionResult: Nullable(literals(CYLINDER_INSPECTION_RESULTS)), nextInspectionDue: DateString, endOfLife: DateString,
  status: literals(CYLINDER_STATUSES), emptyMassKg: Nullable(Type.Number()), capacityKg: Nullable(Type.Number()),
  scrappedOn: Nullable(DateString), scrapReason: Nullable(Type.String()), registeredAt: Timestamp, updatedAt: Timestamp
}, { $id: 'Cylinder' })

export const CylinderInput = Type.Object({
  code: CylinderCode,
  registrationNo: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: '使用登记证编号' }))),
  fillingUnitId: Type.Integer({ minimum: 1 }),
  manufacturer: Type.String({ minLength: 1, maxLength: 200 }),
  serial: Type.String({ minLength: 1, maxLength: 64 }),
  volumeL: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
  medium: MediumCode,
  nominalPressureMpa: Type.Number({ exclusiveMinimum: 0, maximum: 200 }),
  manufacturedOn: DateString,
  designLifeYears: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 60 }))),
  lastInspectedOn: Type.Optional(Nullable(DateString)),
  emptyMassKg: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0 }))),
  capacityKg: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0 })))
}, { additionalProperties: false })

export const CylinderListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64, description: 'a prefix of the code or of the registration number' })),
  fillingUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(literals(CYLINDER_STATUSES)),
  medium: Type.Optional(MediumCode),
  districtId: Type.Optional(Type.Integer({ minimum: 1 })),
  dueBefore: Type.Optional(DateString),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }))
}, { additionalProperties: false })

export const CylinderEvent = Type.Object({
  id: Type.Integer(), cylinderCode: Type.String(), at: Timestamp, kind: literals(EVENT_KINDS), fillingUnitId: Nullable(Type.Integer()),
  fillingUnitName: Nullable(Type.String()), stationCode: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown(), { description: 'by kind: see cylinders/store.ts' })
})

export const InspectionInput = Type.Object({
  on: DateString,
  result: literals(CYLINDER_INSPECTION_RESULTS),
  inspector: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 1000 })))
}, { additionalProperties: false })
export const TransferInput = Type.Object({ toFillingUnitId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
export const ScrapInput = Type.Object({ on: DateString, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })

export const PublicCylinder = Type.Object({
  code: Type.String(), medium: Type.String(), mediumNameZh: Type.String(), mediumNameEn: Type.String(), ownerUnitName: Type.String(),
  lastInspectedOn: Nullable(DateString), nextInspectionDue: DateString, status: literals(CYLINDER_STATUSES)
}, { additionalProperties: false })

export const MediumSchema = Type.Object({
  code: MediumCode, nameZh: Type.String({ minLength: 1, maxLength: 100 }), nameEn: Type.String({ minLength: 1, maxLength: 100 }),
  group: literals(MEDIUM_GROUPS),
  inspectionIntervalYears: Type.Integer({ minimum: 1, maximum: 20 }),
  firstInspectionYears: Nullable(Type.Integer({ minimum: 1, maximum: 20 })),
  designLifeYears: Type.Integer({ minimum: 1, maximum: 60 }),
  lifeExtensionYears: Type.Integer({ minimum: 0, maximum: 20 }),
  maxWorkingPressureMpa: Type.Number({ exclusiveMinimum: 0, maximum: 200 }),
  components: Nullable(Type.Array(MediumCode, { minItems: 2, maxItems: 10 }))
}, { additionalProperties: false })

export const FillingUnit = Type.Object({
  id: Type.Integer(), name: Type.String(), licenseNo: Type.String(), districtId: Type.Integer(), districtName: Type.String(), address: Type.String(),
  cylinders: Type.Integer({ description: 'not scrapped' }), stations: Type.Integer()
}, { $id: 'FillingUnit' })
export const FillingStation = Type.Object({ id: Type.Integer(), code: Type.String(), fillingUnitId: Type.Integer(), name: Type.String() })
export const FillingUnitDetail = Type.Intersect([Type.Ref('FillingUnit'), Type.Object({
  stationList: Type.Array(FillingStation),
  byStatus: Type.Object({ in_use: Type.Integer(), inspection_overdue: Type.Integer(), failed: Type.Integer(), scrapped: Type.Integer() }),
  pastLife: Type.Integer()
})])
export const FillingUnitInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }), licenseNo: Type.String({ minLength: 1, maxLength: 64, description: '充装许可证编号' }),
  districtId: Type.Integer({ minimum: 1 }), address: Type.Optional(Type.String({ maxLength: 300 }))
}, { additionalProperties: false })
export const FillingStationInput = Type.Object({
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'the {code} of the gateway kind station' }), name: Type.String({ minLength: 1, maxLength: 200 })
}, { additionalProperties: false })

export const UnitToday = Type.Object({
  date: DateString, fills: Type.Integer(), refusals: Type.Integer(), forcedFills: Type.Integer(),
  reasons: Type.Record(Type.String(), Type.Integer()),
  events: Type.Array(Type.Object({
    id: Type.Integer(), cylinderCode: Type.String(), at: Timestamp, kind: literals(['filled', 'refused', 'forced_fill']), stationCode: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown())
  })),
  mustNotFill: Type.Array(Type.Object({
    code: Type.String(), medium: Type.String(), status: literals(CYLINDER_STATUSES), nextInspectionDue: DateString, endOfLife: DateString,
    overdue: Type.Boolean(), pastLife: Type.Boolean()
  })),
  mustNotFillTotal: Type.Integer()
})

const FigureRow = Type.Object({
  id: Nullable(Type.Integer()), name: Type.String(), inUse: Type.Integer(), overdue: Type.Integer(), failed: Type.Integer(),
  pastLife: Type.Integer(), scrapped: Type.Integer(), rate: Nullable(Type.Number({ description: '定检率, percent' }))
})
export const CylinderFigures = Type.Object({
  referenceDate: DateString, by: literals(['unit', 'district']), formula: Type.String(), city: FigureRow, rows: Type.Array(FigureRow)
})

export const CylinderAlert = Type.Object({
  id: Type.Integer(), fillingUnitId: Type.Integer(), fillingUnitName: Type.String(), districtId: Type.Integer(),
  type: literals(['cylinder_inspection_overdue', 'cylinder_past_life']), severity: Type.String(),
  status: literals(['raised', 'acknowledged', 'assigned', 'cleared', 'closed']), cylinders: Type.Integer(), earliest: DateString,
  message: Nullable(Type.String()), raisedAt: Timestamp, updatedAt: Timestamp, clearedAt: Nullable(Timestamp), closedAt: Nullable(Timestamp)
})

export const ImportAnswer = Type.Object({
  imported: Type.Integer(), rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })), ignoredColumns: Type.Array(Type.String())
})
