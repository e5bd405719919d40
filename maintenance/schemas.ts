// Maintenance as the API sends and takes it: checklists, the work list, a visit (draft or submitted
// record) with its photos, workers, verdict and confirmation, a lift's history, chain verdicts and the
// firms' figures. The dashboard derives its types from these (type-only imports).
import { Type } from 'typebox'
import { DateString, literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'
import { ANNEXES, ChecklistItem, INTERVALS } from './checklists.ts'
import { BREAKS, DUE_STATUSES, ITEM_RESULTS, REFUSALS, VERDICTS } from './schedule.ts'

export const EquipmentCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const Signature = Type.String({ maxLength: 300_000, description: 'a PNG data URL (data:image/png;base64,…), as a browser canvas gives it' })

export const Checklist = Type.Object({
  id: Type.Integer(), annex: literals(ANNEXES), version: Type.Integer(), title: Type.String(), current: Type.Boolean(), createdAt: Timestamp,
  items: Type.Array(ChecklistItem)
}, { $id: 'MaintenanceChecklist' })
export const ChecklistSummary = Type.Object({ id: Type.Integer(), annex: literals(ANNEXES), version: Type.Integer(), title: Type.String(), current: Type.Boolean(), createdAt: Timestamp, items: Type.Integer() })
export const ChecklistInput = Type.Object({
  annex: literals(ANNEXES), title: Type.String({ minLength: 1, maxLength: 200 }),
  items: Type.Array(ChecklistItem, { minItems: 1, maxItems: 500 })
}, { additionalProperties: false })

const IntervalDue = Type.Object({ interval: literals(INTERVALS), lastDone: Nullable(DateString), dueBy: Nullable(DateString), daysLeft: Nullable(Type.Integer()), status: literals(DUE_STATUSES) })
export const DueLift = Type.Object({
  equipmentCode: Type.String(), address: Type.String(), building: Nullable(Type.String()), firmName: Nullable(Type.String()), useUnitName: Type.String(),
  status: literals(DUE_STATUSES), nextInterval: literals(INTERVALS), dueBy: Nullable(DateString), intervals: Type.Array(IntervalDue),
  draftId: Nullable(Type.Integer({ description: 'a visit in progress' })), draftStartedAt: Nullable(Timestamp)
})
export const DueList = Type.Object({
  today: DateString, counts: Type.Object({ overdue: Type.Integer(), dueToday: Type.Integer(), dueSoon: Type.Integer(), inProgress: Type.Integer(), ok: Type.Integer(), noRecord: Type.Integer() }),
  items: Type.Array(DueLift)
})

const Gps = Type.Object({
  latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }),
  accuracyM: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100_000 })))
}, { additionalProperties: false })
export const VisitStart = Type.Object({
  equipmentCode: EquipmentCode,
  interval: Type.Optional(literals(INTERVALS)),
  startedAt: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
  gps: Type.Optional(Nullable(Gps)),
  correctsId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'a submitted record of this lift this one corrects' })))
}, { additionalProperties: false })

export const WorkerInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 64, description: '特种设备作业人员证 number: a certified worker' }))),
  signature: Type.Optional(Nullable(Signature))
}, { additionalProperties: false })
const ItemResultInput = Type.Object({ result: literals(ITEM_RESULTS), note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) }, { additionalProperties: false })
export const VisitPatch = Type.Object({
  results: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,16}$' }), ItemResultInput)),
  workers: Type.Optional(Type.Array(WorkerInput, { maxItems: 10 })),
  endedAt: Type.Optional(Nullable(Type.String({ format: 'date-time' })))
}, { additionalProperties: false })
export const VisitSubmit = Type.Object({ endedAt: Type.Optional(Type.String({ format: 'date-time', description: 'default: the draft\'s end, else now' })) }, { additionalProperties: false })
export const ConfirmInput = Type.Object({ name: Type.String({ minLength: 1, maxLength: 50, description: 'the use unit\'s safety manager (安全管理员)' }), signature: Signature }, { additionalProperties: false })

export const Verification = Type.Object({ verified: Type.Boolean(), reason: literals(VERDICTS), inspectionModePoints: Type.Integer(), checkedAt: Timestamp })
export const Photo = Type.Object({ id: Type.Integer(), sha256: Type.String(), mime: Type.String(), bytes: Type.Integer(), createdAt: Timestamp }, { $id: 'MaintenancePhoto' })

export const Visit = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(), address: Type.String(), firmId: Type.Integer(), firmName: Type.String(),
  checklistId: Type.Integer(), checklistVersion: Type.Integer(), annex: Type.String(), interval: literals(INTERVALS), status: literals(['draft', 'submitted']),
  startedAt: Timestamp, endedAt: Nullable(Timestamp),
  gps: Nullable(Type.Object({ latitude: Type.Number(), longitude: Type.Number(), accuracyM: Nullable(Type.Number()) })),
  items: Type.Array(Type.Object({ code: Type.String(), interval: literals(INTERVALS), item: Type.String(), requirement: Type.String(), result: Nullable(literals(ITEM_RESULTS)), note: Nullable(Type.String()) })),
  workers: Type.Array(Type.Object({ name: Type.String(), certificateNo: Nullable(Type.String()), signature: Nullable(Type.String()) })),
  photos: Type.Array(Type.Ref('MaintenancePhoto')),
  photosMin: Type.Integer(),
  correctsId: Nullable(Type.Integer()), seq: Nullable(Type.Integer()), prevHash: Nullable(Type.String()), hash: Nullable(Type.String()),
  createdBy: Nullable(Type.String()), submittedAt: Nullable(Timestamp),
  verification: Nullable(Verification),
  confirmation: Nullable(Type.Object({ name: Type.String(), username: Type.String(), confirmedAt: Timestamp, signature: Type.String() })),
  problems: Type.Array(Type.Object({ reason: literals(REFUSALS), message: Type.String() }), { description: 'what still keeps a draft from being submitted' })
}, { $id: 'MaintenanceVisit' })

export const FollowUp = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(), itemCode: Type.String(), item: Type.String(), note: Nullable(Type.String()),
  openedByRecord: Type.Integer(), closedByRecord: Nullable(Type.Integer()), openedAt: Timestamp, closedAt: Nullable(Timestamp)
})

export const HistoryRecord = Type.Object({
  id: Type.Integer(), interval: literals(INTERVALS), status: literals(['draft', 'submitted']), startedAt: Timestamp, endedAt: Nullable(Timestamp),
  firmName: Type.String(), workers: Type.Array(Type.String()), photos: Type.Integer(), failed: Type.Integer(), correctsId: Nullable(Type.Integer()),
  seq: Nullable(Type.Integer()), hash: Nullable(Type.String()), verified: Nullable(Type.Boolean()), verdict: Nullable(literals(VERDICTS)),
  confirmedAt: Nullable(Timestamp), confirmedBy: Nullable(Type.String())
})
const ChainVerdict = Type.Object({
  equipmentCode: Type.String(), valid: Type.Boolean(), records: Type.Integer(),
  brokenAt: Nullable(Type.Object({ seq: Type.Integer(), recordId: Nullable(Type.Integer()), reason: literals(BREAKS) }))
})
export const LiftMaintenance = Type.Object({
  equipmentCode: Type.String(), today: DateString, due: Type.Omit(DueLift, ['equipmentCode', 'address', 'building', 'firmName', 'useUnitName']),
  records: Type.Array(HistoryRecord), followUps: Type.Array(FollowUp), chain: ChainVerdict
})
export const ChainReport = Type.Object({ valid: Type.Boolean(), lifts: Type.Integer(), broken: Type.Integer(), results: Type.Array(ChainVerdict) })

export const FirmFigure = Type.Object({
  firmId: Type.Integer(), firmName: Type.String(), lifts: Type.Integer(), records: Type.Integer(), onTime: Type.Integer(), verified: Type.Integer(),
  onTimeRate: Nullable(Type.Number({ description: 'percent of records within 15 days of the lift\'s previous one' })),
  verifiedRate: Nullable(Type.Number({ description: 'percent of records the lift\'s terminal verified (检修 seen)' })),
  overdueLifts: Type.Integer(), openFollowUps: Type.Integer(), workers: Type.Integer(), liftsPerWorker: Nullable(Type.Number())
})
export const MaintenanceFigures = Type.Object({ from: DateString, to: DateString, today: DateString, firms: Type.Array(FirmFigure) })
