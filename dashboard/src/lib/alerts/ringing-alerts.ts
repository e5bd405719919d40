// Alerts that ring on the desk like an entrapment (their rescue case is what rings for those): gas at a
// monitored cylinder (cylinder_leak, either level: there is gas where people eat or sleep), a bottle over
// its pressure limit, and a station filling a cylinder its check refused. Each rings from the moment it is
// raised until a person acknowledges, assigns or closes it, the rules clear it, or the alarm is silenced.
import type { Alert } from '../../api/types.ts'

export const RINGING_ALERT_TYPES: readonly string[] = ['cylinder_leak', 'cylinder_overpressure', 'non_compliant_filling']

/** The alarm's key for an alert (a rescue case's keys start with its id). */
export const alertAlarmKey = (id: number) => `alert:${id}`

export const isRingingType = (type: string) => RINGING_ALERT_TYPES.includes(type)

/** Whether this alert, as it now stands, should ring. */
export function ringsLikeEntrapment (alert: Pick<Alert, 'type' | 'status'>): boolean {
  return isRingingType(alert.type) && alert.status === 'raised'
}
