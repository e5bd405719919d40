// Alert vocabulary shared by the rule engine, the store, the API and the dashboard.
import { EVENT_CODES, isEntrapmentCode, type KnownEventCode } from '../elevators/codes.ts'

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const
export type Severity = typeof SEVERITIES[number]

/**
 * One open alert per lift and type. Faults are typed by their code (`fault.01`, `fault.overspeed`), so two
 * different faults of one lift are two alerts, and the same fault reported twice is one.
 */
export type AlertType = 'entrapment' | 'alarm_button' | 'alarm_in_service' | 'sensor_stuck' | 'power_outage' | 'fire_recall' | 'earthquake' | 'offline' | `fault.${string}`
  // Raised by the inspection scan (inspection/store.ts), not by the rules: past the next inspection date or
  // failed and not re-inspected (must not be used, domain.md §5), and due within the lead.
  | 'inspection_overdue' | 'inspection_due_soon'
  // Raised by the inspection scan (inspection/dangers-store.ts): a hidden danger still open past its deadline.
  | 'danger_overdue'
  // Raised by the inspection scan from InfluxDB's evidence: such a lift still runs (违规使用, inspection/running.ts).
  | 'inspection_running'
  // Raised by the maintenance scan (maintenance/store.ts): an interval's maintenance is past due (day 16
  // without a half-monthly one, 特种设备安全监察条例 art. 31).
  | 'maintenance_overdue'
  // Raised by the maintenance scan from the terminals' reports: 检修 (service mode 2) with no visit recorded.
  | 'maintenance_unrecorded'
  // Gas cylinders (cylinders/, on subjects that are not lifts): a monitored bottle's gas detector at level
  // 1 or 2 and its pressure over its medium's limit (cylinders/leak-rules.ts), and a station filling a
  // cylinder its check refused (cylinders/station-kind.ts).
  | 'cylinder_leak' | 'cylinder_overpressure' | 'non_compliant_filling'
  // Raised by the daily cylinder scan (cylinders/scan-store.ts) on a filling unit (subject 'filling_unit'),
  // one per unit and condition: its cylinders in use past their inspection date, past their design life.
  | 'cylinder_inspection_overdue' | 'cylinder_past_life'

export const ALERT_STATUSES = ['raised', 'acknowledged', 'assigned', 'cleared', 'closed'] as const
export type AlertStatus = typeof ALERT_STATUSES[number]
export const OPEN_STATUSES: readonly AlertStatus[] = ['raised', 'acknowledged', 'assigned']

/** How the entrapment was known: the terminal said so, or the server derived it from the states. */
export type EntrapmentSource = 'terminal_code' | 'alarm_with_passenger' | 'between_floors' | 'at_landing'

/** 平层关人 (in the door zone) or 非平层关人 (between floors); null when nobody knows. */
export type EntrapmentKind = 'at_landing' | 'between_floors'

// Faults that endanger people in or at the car are critical; faults that stop the lift are major; the
// rest degrade service. An entrapment is always critical (domain.md §2).
const FAULT_SEVERITY: Partial<Record<KnownEventCode, Severity>> = {
  '05': 'critical', overspeed: 'critical', door_open_running: 'critical', overrun_top: 'critical', overrun_bottom: 'critical',
  '01': 'major', '04': 'major', '07': 'major', '08': 'major', door_lock_circuit: 'major',
  '02': 'minor', '03': 'minor', '06': 'minor'
}

export function faultSeverity (code: string): Severity {
  return FAULT_SEVERITY[code as KnownEventCode] ?? 'major'
}

export function isFaultCode (code: string): boolean {
  return !isEntrapmentCode(code) && (EVENT_CODES as Record<string, { kind: string }>)[code]?.kind === 'fault'
}

export function severityOf (type: AlertType): Severity {
  if (type === 'entrapment') return 'critical'
  if (type === 'power_outage' || type === 'fire_recall' || type === 'earthquake') return 'major'
  if (type === 'alarm_in_service') return 'minor'
  if (type === 'alarm_button' || type === 'offline' || type === 'sensor_stuck') return 'warning'
  if (type === 'inspection_overdue' || type === 'danger_overdue') return 'major'
  if (type === 'inspection_due_soon') return 'warning'
  if (type === 'inspection_running') return 'critical'
  if (type === 'maintenance_overdue') return 'major'
  if (type === 'maintenance_unrecorded') return 'warning'
  // A leak's severity follows its level (level 2 critical); this is level 1's.
  if (type === 'cylinder_leak' || type === 'cylinder_overpressure') return 'major'
  if (type === 'non_compliant_filling') return 'critical'
  if (type === 'cylinder_inspection_overdue') return 'major'
  if (type === 'cylinder_past_life') return 'critical'
  return faultSeverity(type.slice('fault.'.length))
}
