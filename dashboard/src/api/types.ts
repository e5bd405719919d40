// The API's shapes as the dashboard reads them. Records are derived from the TypeBox schemas in core that
// the server validates with and documents in /docs/json, so the two cannot drift. Schema modules are
// imported as types only (`typeof` needs no value), so TypeBox stays out of the bundle; the vocabulary
// the dashboard needs at run time comes from the pure, dependency-free core modules.
import type { Static, TSchema } from 'typebox'
import type * as users from '../../../users/schemas.ts'
import type * as registry from '../../../registry/schemas.ts'
import type * as telemetry from '../../../elevators/telemetry-schemas.ts'
import type * as gateways from '../../../gateways/schemas.ts'
import type * as health from '../../../app/health-schemas.ts'
import type * as alerts from '../../../alerts/schemas.ts'
import type * as rescue from '../../../rescue/schemas.ts'
import type * as audit from '../../../audit/schemas.ts'
import type * as inspection from '../../../inspection/schemas.ts'
import type * as maintenance from '../../../maintenance/schemas.ts'
import type * as spotChecks from '../../../inspection/spot-check-schemas.ts'
import type * as dangers from '../../../inspection/danger-schemas.ts'
import type * as notices from '../../../inspection/notice-schemas.ts'
import type * as cylinders from '../../../cylinders/schemas.ts'
import type { GatewayErrorReport } from '../../../protocol/payloads.ts'
import { ELEVATOR_KINDS, EQUIPMENT_STATUSES, type ElevatorKind, type EquipmentStatus } from '../../../elevators/codes.ts'
import { ALERT_STATUSES, SEVERITIES, type AlertStatus, type Severity } from '../../../alerts/types.ts'
import { RESCUE_STATUSES, type RescueStatus } from '../../../rescue/workflow.ts'
import { INSPECTION_KINDS, INSPECTION_RESULTS, INSPECTION_STATUSES, type InspectionKind, type InspectionResult, type InspectionStatus } from '../../../inspection/schedule.ts'
import { ROLES, type Role } from '../../../platform/http/roles.ts'
import { CYLINDER_STATUSES, type CylinderStatus } from '../../../cylinders/lifecycle.ts'

export { ELEVATOR_KINDS, EQUIPMENT_STATUSES, ALERT_STATUSES, SEVERITIES, RESCUE_STATUSES, ROLES, INSPECTION_KINDS, INSPECTION_RESULTS, INSPECTION_STATUSES, CYLINDER_STATUSES }
export type { ElevatorKind, EquipmentStatus, AlertStatus, Severity, RescueStatus, Role, InspectionKind, InspectionResult, InspectionStatus, CylinderStatus }

/** The schemas the server registers by $id: what a Type.Ref in a record stands for. */
type Registered = {
  User: typeof users.User
  LiftState: typeof telemetry.LiftState
  Alert: typeof alerts.Alert
  RescueCase: typeof rescue.RescueCase
  InspectionRecord: typeof inspection.InspectionRecord
  Incident: typeof inspection.Incident
  MaintenanceChecklist: typeof maintenance.Checklist
  MaintenancePhoto: typeof maintenance.Photo
  MaintenanceVisit: typeof maintenance.Visit
  SpotCheckPlan: typeof spotChecks.SpotCheckPlan
  SpotCheckItem: typeof spotChecks.SpotCheckItem
  Danger: typeof dangers.Danger
  Notice: typeof notices.Notice
  Cylinder: typeof cylinders.Cylinder
  FillingUnit: typeof cylinders.FillingUnit
}
/** What JSON makes of a value the server sends: a Date (a Timestamp's server side) arrives as its ISO string. */
type Json<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Json<T[K]> } : T
/** The JSON shape of a schema, its references resolved. */
type Wire<T extends TSchema> = Json<Static<T, Registered>>

export type User = Wire<typeof users.User>
export type LoginBody = Wire<typeof users.LoginBody>
export type LoginAnswer = Wire<typeof users.LoginAnswer>

export type District = Wire<typeof registry.District>
/** What PUT /api/districts/:id takes. */
export type DistrictInput = Wire<typeof registry.DistrictInput>
export type UseUnit = Wire<typeof registry.UseUnit>
export type MaintenanceFirm = Wire<typeof registry.MaintenanceFirm>

export const ELEVATOR_SORTS = ['equipmentCode', 'rescueId', 'address', 'district', 'status', 'nextInspectionDate'] as const
export type ElevatorSort = typeof ELEVATOR_SORTS[number]

export type Elevator = Wire<typeof registry.Elevator>
/** GB/T 24476 real-time state items as the gateway reported them. */
export type LiftState = Wire<typeof telemetry.LiftState>
/** An elevator in the list; `online` is null when the service runs no broker in its process. */
export type ListedElevator = Wire<typeof registry.ListedElevator>

export interface Page<T> { total: number, items: T[] }

export type History = Wire<typeof telemetry.History>

export type Gateway = Wire<typeof gateways.Gateway>
/** A rejected message, as the broker reported it to the gateway on its errors topic. */
export type GatewayRejection = GatewayErrorReport

/** Only `status` unless the caller is an admin: then each part's state (`code` to branch on, `detail` to show). */
export type Health = Wire<typeof health.Health>

/** One entry of the audit log (GET /api/audit, admin). */
export type AuditEntry = Wire<typeof audit.AuditEntry>
export type AuditQuery = Wire<typeof audit.AuditQuery>

/** `presence` event of GET /api/live */
export interface Presence { gatewayId: string, online: boolean, at: number }

// ── The emergency center (alerts/routes.ts, rescue/routes.ts) ──────────────────────────────────────────

/** The type filter of GET /api/alerts: one type, or `fault.*` for every fault. */
export const ALERT_TYPE_FILTERS = ['entrapment', 'alarm_button', 'alarm_in_service', 'fault.*', 'power_outage', 'fire_recall', 'earthquake', 'sensor_stuck', 'offline', 'inspection_overdue', 'inspection_due_soon', 'inspection_running', 'danger_overdue', 'maintenance_overdue', 'maintenance_unrecorded', 'cylinder_leak', 'cylinder_overpressure', 'non_compliant_filling', 'cylinder_inspection_overdue', 'cylinder_past_life'] as const

/**
 * `type`: entrapment, alarm_button, alarm_in_service, sensor_stuck, power_outage, fire_recall, earthquake,
 * offline or fault.<code>. `source` of an entrapment: terminal_code, alarm_with_passenger, between_floors
 * (非平层关人) or at_landing (平层关人); `entrapmentKind` says 平层/非平层 whenever it is known.
 */
export type Alert = Wire<typeof alerts.Alert>
export type AlertDetail = Wire<typeof alerts.AlertDetail>
/** Which alerts a list shows (GET /api/alerts without its paging). */
export type AlertFilter = Wire<typeof alerts.AlertFilter>
/** What acknowledge, assign and close take (assign needs the firm). */
export type AlertStepBody = Wire<typeof alerts.AlertStepBody> & Partial<Wire<typeof alerts.AlertAssignBody>>
export type AlertCommentBody = Wire<typeof alerts.AlertCommentBody>

/**
 * `firmId` is the firm the case is dispatched to (null before dispatch); the contracted firm is where a
 * plain dispatch goes and its 24-hour phone whom the dispatcher calls first; the level-two firm is the
 * district's grid rescue station, where level 2 goes by itself.
 */
export type RescueCase = Wire<typeof rescue.RescueCase>
export type RescueEvent = Wire<typeof rescue.RescueEvent>
export type RescueDetail = Wire<typeof rescue.RescueDetail>

export type RescueActionBody = Wire<typeof rescue.RescueActionBody>
export type RescueActionName = RescueActionBody['action']
export type PhoneReportBody = Wire<typeof rescue.PhoneReportBody>

export type FiguresRow = Wire<typeof rescue.FiguresRow>
export type RescueFigures = Wire<typeof rescue.RescueFiguresReport>

/** `alert` event of GET /api/live */
export interface AlertChange { kind: 'raised' | 'updated', alert: Alert }
/** `rescue` event of GET /api/live */
export interface RescueChange { change: 'created' | 'action' | 'escalated' | 'warned' | 'joined', action: string, case: RescueCase }

// ── Periodic inspection (inspection/routes.ts) ─────────────────────────────────────────────────────────

export type InspectionRecord = Wire<typeof inspection.InspectionRecord>
export type InspectionRecordInput = Wire<typeof inspection.InspectionRecordInput>
/** A lift's status and dates as its records say (basis: records), or its registered dates before any record. */
export type LiftInspection = Wire<typeof inspection.LiftInspection>
export type LiftInspectionHistory = Wire<typeof inspection.LiftInspectionHistory>
/** A lift in use needing attention: overdue, failed or due soon. */
export type InspectionLift = Wire<typeof inspection.InspectionLift>
export type Incident = Wire<typeof inspection.Incident>
export type IncidentInput = Wire<typeof inspection.IncidentInput>
/** 定检率 by district at a date with its trend, rates per 10,000 units, the formulas and the target. */
export type InspectionFigures = Wire<typeof inspection.InspectionFigures>
export type InspectionFigureRow = InspectionFigures['total']
export type InspectionTrendPoint = InspectionFigures['trend'][number]

// ── Spot checks (双随机、一公开) and hidden dangers (隐患闭环): inspection/spot-check-routes.ts, danger-routes.ts ──

export type SpotCheckPlan = Wire<typeof spotChecks.SpotCheckPlan>
export type SpotCheckItem = Wire<typeof spotChecks.SpotCheckItem>
export type SpotCheckPlanDetail = Wire<typeof spotChecks.SpotCheckPlanDetail>
export type SpotCheckPlanInput = Wire<typeof spotChecks.SpotCheckPlanInput>
export type SpotCheckResultInput = Wire<typeof spotChecks.SpotCheckResultInput>
/** What anyone may read: plans and recorded results, no person. */
export type PublicSpotCheckPlan = Wire<typeof spotChecks.PublicSpotCheckPlan>
export type Danger = Wire<typeof dangers.Danger>
export type DangerDetail = Wire<typeof dangers.DangerDetail>
export type DangerInput = Wire<typeof dangers.DangerInput>
export type DangerPhoto = Wire<typeof dangers.DangerPhoto>
export type DangerFigures = Wire<typeof dangers.DangerFigures>
/** A supervision notice (督办通知) about a lift, and what sending a batch answered. */
export type Notice = Wire<typeof notices.Notice>
export type NoticeAnswer = Wire<typeof notices.NoticeAnswer>

// ── Paperless maintenance (maintenance/routes.ts) ──────────────────────────────────────────────────────

/** The firm's work list: each lift with its plan; visits in progress and overdue first. */
export type MaintenanceDueList = Wire<typeof maintenance.DueList>
export type MaintenanceDueLift = MaintenanceDueList['items'][number]
/** A visit (draft) or a submitted record, with its checklist items, photos, workers, verdict and confirmation. */
export type MaintenanceVisit = Wire<typeof maintenance.Visit>
export type MaintenanceVisitPatch = Wire<typeof maintenance.VisitPatch>
export type MaintenanceVisitStart = Wire<typeof maintenance.VisitStart>
export type MaintenancePhoto = Wire<typeof maintenance.Photo>
export type LiftMaintenance = Wire<typeof maintenance.LiftMaintenance>
export type MaintenanceFigures = Wire<typeof maintenance.MaintenanceFigures>

// ── Gas cylinders (cylinders/routes.ts) ────────────────────────────────────────────────────────────────

export type Cylinder = Wire<typeof cylinders.Cylinder>
/** One entry of a cylinder's lifecycle trace; `details` by kind (cylinders/store.ts). */
export type CylinderEvent = Wire<typeof cylinders.CylinderEvent>
export type CylinderListQuery = Wire<typeof cylinders.CylinderListQuery>
export type FillingUnit = Wire<typeof cylinders.FillingUnit>
export type FillingUnitDetail = Wire<typeof cylinders.FillingUnitDetail>
/** A filling unit's day: fills, refusals with reasons, forced fills, the cylinders it must not fill. */
export type UnitToday = Wire<typeof cylinders.UnitToday>
export type CylinderFigures = Wire<typeof cylinders.CylinderFigures>
export type CylinderFigureRow = CylinderFigures['city']
/** The daily scan's alert of one filling unit: cylinders overdue, or past their design life. */
export type CylinderAlert = Wire<typeof cylinders.CylinderAlert>
/** What the public lookup shows (no sign-in). */
export type PublicCylinder = Wire<typeof cylinders.PublicCylinder>
