// The API's shapes as the dashboard reads them. Records are derived from the TypeBox schemas in core that
// the server validates with and documents in /docs/json, so the two cannot drift. Schema modules are
// imported as types only (`typeof` needs no value), so TypeBox stays out of the bundle; the vocabulary
// the dashboard needs at run time comes from the pure, dependency-free core modules.
import type { Static, TSchema } from 'typebox'
import type * as users from '../../../core/users/schemas.ts'
import type * as registry from '../../../core/registry/schemas.ts'
import type * as telemetry from '../../../core/telemetry/schemas.ts'
import type * as gateways from '../../../core/gateways/schemas.ts'
import type * as health from '../../../core/health/schemas.ts'
import type { GatewayErrorReport } from '../../../core/protocol/payloads.ts'
import { ELEVATOR_KINDS, EQUIPMENT_STATUSES, type ElevatorKind, type EquipmentStatus } from '../../../core/domain/elevator.ts'
import { ALERT_STATUSES, SEVERITIES, type AlertStatus, type Severity } from '../../../core/alerts/types.ts'
import { RESCUE_STATUSES, type RescueStatus } from '../../../core/rescue/workflow.ts'
import type { RescueFigures as FigureValues } from '../../../core/rescue/figures.ts'
import { ROLES, type Role } from '../../../core/users/roles.ts'

export { ELEVATOR_KINDS, EQUIPMENT_STATUSES, ALERT_STATUSES, SEVERITIES, RESCUE_STATUSES, ROLES }
export type { ElevatorKind, EquipmentStatus, AlertStatus, Severity, RescueStatus, Role }

/** The schemas the server registers by $id: what a Type.Ref in a record stands for. */
type Registered = {
  User: typeof users.User
  LiftState: typeof telemetry.LiftState
}
/** The JSON shape of a schema, its references resolved. */
type Wire<T extends TSchema> = Static<T, Registered>

export type User = Wire<typeof users.User>
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

export type Health = Wire<typeof health.Health>

/** `presence` event of GET /api/live */
export interface Presence { gatewayId: string, online: boolean, at: number }

// ── The emergency center (alerts/routes.ts, rescue/routes.ts) ──────────────────────────────────────────

/** The type filter of GET /api/alerts: one type, or `fault.*` for every fault. */
export const ALERT_TYPE_FILTERS = ['entrapment', 'alarm_button', 'fault.*', 'power_outage', 'offline'] as const

export interface Alert {
  id: number
  equipmentCode: string
  /** entrapment, alarm_button, power_outage, offline or fault.<code> */
  type: string
  severity: Severity
  status: AlertStatus
  /** entrapment: terminal_code, alarm_with_passenger, between_floors (非平层关人) or at_landing (平层关人) */
  source: string | null
  code: string | null
  raisedAt: string
  acknowledgedAt: string | null
  acknowledgedBy: string | null
  assignedFirmId: number | null
  assignedAt: string | null
  clearedAt: string | null
  closedAt: string | null
  rescueId: string
  address: string
  building: string | null
  districtId: number
  districtName: string
  useUnitName: string
  useUnitPhone: string | null
  maintenanceFirmId: number | null
  maintenanceFirmName: string | null
  maintenanceFirmPhone: string | null
  /** the rescue case opened for an entrapment; null on the live `raised` event (the case comes just after) */
  rescueCaseId: number | null
}

export interface AlertHistoryEntry { at: string, actor: string, action: string, comment: string | null }
export interface AlertDetail { alert: Alert, history: AlertHistoryEntry[] }


export interface RescueCase {
  id: number
  equipmentCode: string
  alertId: number | null
  source: 'alert' | 'phone'
  caller: string | null
  status: RescueStatus
  level: number
  /** the firm the case is dispatched to (null before dispatch) */
  firmId: number | null
  firmName: string | null
  firmPhone: string | null
  /** the lift's contracted maintenance firm: where a plain dispatch goes */
  contractedFirmId: number | null
  contractedFirmName: string | null
  /** its 24-hour phone: whom the dispatcher calls before dispatching */
  contractedFirmPhone: string | null
  reportedAt: string
  dispatchedAt: string | null
  acceptedAt: string | null
  arrivedAt: string | null
  releasedAt: string | null
  calledBackAt: string | null
  closedAt: string | null
  warnedAt: string | null
  cause: string | null
  arrivalLimitMin: number
  rescueId: string
  address: string
  building: string | null
  districtId: number
  districtName: string
  useUnitName: string
  useUnitPhone: string | null
  /** the district's grid rescue station, where level 2 goes by itself */
  levelTwoFirmId: number | null
  levelTwoFirmName: string | null
}

export interface RescueEvent { at: string, actor: string, action: string, detail: string | null, level: number, firmId: number | null }
export interface RescueDetail { case: RescueCase, timeline: RescueEvent[] }

export const RESCUE_ACTIONS = ['dispatch', 'accept', 'arrive', 'release', 'call_back', 'close', 'false_alarm', 'escalate'] as const
export type RescueActionName = typeof RESCUE_ACTIONS[number]
export interface RescueActionBody { action: RescueActionName, firmId?: number, level?: 2 | 3, cause?: string, reason?: string }

export interface FiguresRow extends FigureValues { key: string, name: string, liftsInUse: number }
export interface RescueFigures { from: string, to: string, total: FiguresRow, byDistrict: FiguresRow[], byFirm: FiguresRow[] }

/** `alert` event of GET /api/live */
export interface AlertChange { kind: 'raised' | 'updated', alert: Alert }
/** `rescue` event of GET /api/live */
export interface RescueChange { change: 'created' | 'action' | 'escalated' | 'warned', action: string, case: RescueCase }
