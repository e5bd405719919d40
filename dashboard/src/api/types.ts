// The API's shapes as the dashboard reads them (from the TypeBox schemas in api/*.ts and /docs/json).
// Kept by hand: the dashboard build must not import server modules.

export type Role = 'admin' | 'dispatcher' | 'maintainer' | 'inspector' | 'use_unit'
export const ROLES: readonly Role[] = ['admin', 'dispatcher', 'maintainer', 'inspector', 'use_unit']

export interface User {
  id: number
  username: string
  displayName: string | null
  role: Role
  maintenanceFirmId: number | null
  useUnitId: number | null
  enabled: boolean
}

export interface LoginAnswer { token: string, expiresAt: string, user: User }

export interface District { id: number, code: string, name: string, arrivalLimitMin: number }
export interface UseUnit { id: number, name: string, creditCode: string | null, contact: string | null, phone: string | null, address: string | null }
export interface MaintenanceFirm { id: number, name: string, licenseNo: string | null, phone24h: string | null, contact: string | null }

export const ELEVATOR_KINDS = ['traction', 'hydraulic', 'escalator', 'moving_walk'] as const
export type ElevatorKind = typeof ELEVATOR_KINDS[number]
export const EQUIPMENT_STATUSES = ['in_use', 'stopped', 'scrapped'] as const
export type EquipmentStatus = typeof EQUIPMENT_STATUSES[number]
export const ELEVATOR_SORTS = ['equipmentCode', 'rescueId', 'address', 'district', 'status', 'nextInspectionDate'] as const
export type ElevatorSort = typeof ELEVATOR_SORTS[number]

export interface Elevator {
  id: number
  equipmentCode: string
  rescueId: string
  kind: ElevatorKind
  status: EquipmentStatus
  address: string
  building: string | null
  floors: number | null
  districtId: number
  useUnitId: number
  maintenanceFirmId: number | null
  publicPlace: boolean
  lastInspectionDate: string | null
  nextInspectionDate: string | null
  districtName: string
  useUnitName: string
  maintenanceFirmName: string | null
  gatewayId: string | null
}

/** GB/T 24476 real-time state items as the gateway reported them. */
export interface LiftState {
  equipmentCode: string
  gatewayId: string
  ts: number
  mode: number
  moving: boolean
  dir: number
  floor: number
  doorZone: boolean
  doorClosed: boolean
  occupied: boolean
  speed?: number
  load?: number
  power?: string
  runHours?: number
  trips?: number
}

export interface ListedElevator extends Elevator {
  /** null when the service runs no broker in its process */
  online: boolean | null
  state: LiftState | null
}

export interface Page<T> { total: number, items: T[] }

export interface HistoryPoint {
  t: number
  floor: number | null
  mode: number | null
  moving: boolean | null
  occupied: boolean | null
  doorClosed: boolean | null
  speed: number | null
  load: number | null
}
export interface History { intervalS: number | null, points: HistoryPoint[] }

export interface Gateway {
  id: string
  name: string | null
  useUnitId: number | null
  enabled: boolean
  equipmentCodes: string[]
  createdAt: string
  secretRotatedAt: string
  lastSeenAt: string | null
  online: boolean | null
  firmware: string | null
  messages: number
  ratePerMinute: number
  rejected: number
}

export interface GatewayRejection {
  ts: number
  topic: string
  accepted: number
  rejected: number
  errors: Array<{ item?: number, path?: string, reason: string, message: string }>
}

export interface HealthPart { up: boolean, detail: string }
export interface Health {
  status: 'ok' | 'degraded'
  broker: HealthPart
  influx: HealthPart & { version: string | null, backlogPoints: number, spoolBytes: number }
  database: HealthPart
}

/** `presence` event of GET /api/live */
export interface Presence { gatewayId: string, online: boolean, at: number }
