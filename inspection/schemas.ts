// Inspection records, lifts' inspection status, incidents and the KPI report as the API sends and takes
// them; the dashboard derives its types from these (type-only imports).
import { Type } from 'typebox'
import { INSPECTION_KINDS, INSPECTION_RESULTS, INSPECTION_STATUSES } from './schedule.ts'
import { DateString, literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

const EquipmentCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const INCIDENT_KINDS = ['accident', 'incident'] as const
const INCIDENT_SOURCES = ['inspection', 'police', 'rescue', 'report'] as const

export const InspectionRecord = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(),
  kind: literals(INSPECTION_KINDS), inspectedOn: DateString, body: Type.String({ description: 'inspection body (检验机构)' }),
  inspector: Nullable(Type.String()), result: literals(INSPECTION_RESULTS), reportNo: Type.String(),
  nextDue: Nullable(DateString), source: literals(['api', 'csv', 'demo']), createdBy: Nullable(Type.String()), createdAt: Timestamp
}, { $id: 'InspectionRecord' })

export const InspectionRecordInput = Type.Object({
  equipmentCode: EquipmentCode,
  kind: literals(INSPECTION_KINDS),
  inspectedOn: DateString,
  body: Type.String({ minLength: 1, maxLength: 200, description: 'inspection body (检验机构)' }),
  inspector: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  result: literals(INSPECTION_RESULTS),
  reportNo: Type.String({ minLength: 1, maxLength: 64, description: 'report number (报告编号), unique' }),
  nextDue: Type.Optional(Nullable(DateString))
}, { additionalProperties: false })

export const LiftInspection = Type.Object({
  equipmentCode: Type.String(),
  status: literals(INSPECTION_STATUSES),
  validUntil: Nullable(DateString),
  daysLeft: Nullable(Type.Integer()),
  lastInspectedOn: Nullable(DateString),
  lastResult: Nullable(literals(INSPECTION_RESULTS)),
  basis: literals(['records', 'registry', 'none']),
  today: DateString
})
export const LiftInspectionHistory = Type.Object({ inspection: LiftInspection, records: Type.Array(Type.Ref('InspectionRecord')) })

export const InspectionLift = Type.Object({
  equipmentCode: Type.String(), address: Type.String(), building: Nullable(Type.String()), districtId: Type.Integer(), districtName: Type.String(),
  useUnitId: Type.Integer(), useUnitName: Type.String(),
  useUnitContact: Nullable(Type.String({ description: 'for admin, dispatcher, inspector and the use unit itself' })), useUnitPhone: Nullable(Type.String()),
  maintenanceFirmName: Nullable(Type.String()), status: literals(INSPECTION_STATUSES), validUntil: Nullable(DateString),
  daysLeft: Nullable(Type.Integer()), lastInspectedOn: Nullable(DateString), lastResult: Nullable(literals(INSPECTION_RESULTS)),
  running: Nullable(Type.Object({
    since: Timestamp, trips: Nullable(Type.Integer({ description: 'rise of the terminal\'s trip counter since `since`; null when it sends none' })),
    movingPoints: Type.Integer({ description: 'states recorded with the car moving since `since`' }), lastMovingAt: Nullable(Timestamp),
    measuredOn: DateString
  }, { description: '违规使用: unfit (overdue, or failed and not passed since) yet running, counted from the start of the city\'s day after validUntil; from the latest scan. Null when not flagged.' }))
})

export const Incident = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(), kind: literals(INCIDENT_KINDS), occurredOn: DateString, injured: Type.Integer(), deaths: Type.Integer(),
  cause: Nullable(Type.String()), source: literals(INCIDENT_SOURCES), rescueCaseId: Nullable(Type.Integer()), address: Type.String(),
  districtId: Type.Integer(), districtName: Type.String(), createdAt: Timestamp
}, { $id: 'Incident' })

export const IncidentInput = Type.Object({
  equipmentCode: EquipmentCode,
  kind: literals(INCIDENT_KINDS),
  occurredOn: DateString,
  injured: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  deaths: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  cause: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  source: literals(INCIDENT_SOURCES),
  rescueCaseId: Type.Optional(Nullable(Type.Integer({ minimum: 1 })))
}, { additionalProperties: false })

const Counts = {
  inUse: Type.Integer({ description: 'lifts in use counted at the date: the denominator of the rate' }),
  overdue: Type.Integer(), dueSoon: Type.Integer(), failed: Type.Integer(),
  rate: Nullable(Type.Number({ description: '定检率, percent' }))
}
const Counts_AT = { inUse: Counts.inUse, overdue: Counts.overdue, rate: Counts.rate }
export const InspectionFigureRow = Type.Object({
  districtId: Nullable(Type.Integer()), name: Type.String(), ...Counts,
  liftsInUse: Type.Integer({ description: 'lifts in use in the registry today: the denominator of the per-10,000 rates' }),
  incidents: Type.Integer(), accidents: Type.Integer(), deaths: Type.Integer(), injured: Type.Integer(), entrapments: Type.Integer(),
  incidentsPer10k: Nullable(Type.Number()), accidentsPer10k: Nullable(Type.Number()), deathsPer10k: Nullable(Type.Number()), entrapmentsPer10k: Nullable(Type.Number())
})
const PeriodFigureRow = Type.Object({
  districtId: Nullable(Type.Integer()), name: Type.String(), due: Type.Integer({ description: 'due dates in the period' }),
  onTime: Type.Integer({ description: 'of those, met by an inspection dated on or before the due date' }), rate: Nullable(Type.Number({ description: 'percent' }))
})
const GroupFigureRow = Type.Object({ id: Nullable(Type.Integer()), name: Nullable(Type.String()), ...Counts_AT })
export const InspectionFigures = Type.Object({
  referenceDate: DateString,
  today: DateString,
  target: Type.Number({ description: '定检率 target, percent (INSPECTION_RATE_TARGET)' }),
  form: literals(['at_date']),
  period: Type.Object({ from: DateString, to: DateString }, { description: 'the incidents\' and entrapments\' period: the months up to the reference date' }),
  formula: Type.Object({ rate: Type.String(), periodRate: Type.String(), perTenThousand: Type.String() }, { description: 'what was computed, in the reader\'s language' }),
  periodForm: Type.Object({
    from: DateString, to: DateString, total: PeriodFigureRow, byDistrict: Type.Array(PeriodFigureRow)
  }, { description: '定检率, period form: inspected on time ÷ due in the period (the rows\' `rate` elsewhere is the at-date form, `form`)' }),
  byUseUnit: Type.Array(GroupFigureRow, { description: '定检率 at the reference date by use unit, worst first' }),
  byFirm: Type.Array(GroupFigureRow, { description: '定检率 at the reference date by maintenance firm, worst first; id null: lifts with no firm' }),
  total: InspectionFigureRow,
  byDistrict: Type.Array(InspectionFigureRow),
  trend: Type.Array(Type.Object({ referenceDate: DateString, ...Counts }), { description: 'month ends before the reference date, then the reference date' })
})
