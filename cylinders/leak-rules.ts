// The alarms of a monitored installation's cylinder (a restaurant's or a home's LPG bottle), from its
// `monitor` readings (domain.md §6). Pure: (memory, reading, now) → (memory, effects), run by
// ./monitor-alerts.ts on the bus and table-tested with plain numbers.
//
//  cylinder_leak: the gas detector beside the cylinder reads ≥ 25 %LEL (level 1, major) or ≥ 50 %LEL
//    (level 2, critical) — GB/T 50493-2019's two alarm set points. One open leak alert per cylinder, like
//    one open fault per lift: a level-1 alert that reaches level 2 is cleared ("escalated") and a level-2
//    one raised, so the dispatcher's list and the sound follow the worse level. A level-2 alarm does not
//    fall back to level 1 while gas is still there: it stays until the leak is over.
//  cylinder_overpressure: the cylinder's pressure above its medium's max working pressure (LPG 2.1 MPa,
//    cylinder_media.max_working_pressure_mpa).
//
// Both clear by themselves when the reading says the condition is over, as a lift's fault clears when its
// terminal says inactive — but with hysteresis: a detector hovering at 24–26 %LEL or a bottle warming in
// the sun around its limit would otherwise raise and clear an alert at every reading. The leak is over
// below 20 %LEL, the pressure back below 95 % of the limit. An alert a person closed may be raised again
// by the next reading that still shows the condition (forgetMonitorAlert), as with a lift's.
import type { Severity } from '../alerts/types.ts'
import { msg, type Message } from '../platform/messages/key.ts'
// Only the types of the keys said here: the texts are loaded by the server modules that run the rules.
import type {} from './gateway-messages.ts'

export const CYLINDER_LEAK = 'cylinder_leak'
export const CYLINDER_OVERPRESSURE = 'cylinder_overpressure'
export type MonitorAlertType = typeof CYLINDER_LEAK | typeof CYLINDER_OVERPRESSURE

export interface LeakThresholds {
  /** %LEL at which level 1 sounds (GB/T 50493-2019: ≤ 25). */
  level1Lel: number
  /** %LEL at which level 2 sounds (≤ 50). */
  level2Lel: number
  /** Below this %LEL the leak is over and its alert clears. */
  leakClearLel: number
  /** The pressure alert clears at or below this share of the medium's limit. */
  pressureClearRatio: number
}

export const DEFAULT_LEAK_THRESHOLDS: LeakThresholds = { level1Lel: 25, level2Lel: 50, leakClearLel: 20, pressureClearRatio: 0.95 }

export type LeakLevel = 0 | 1 | 2

export interface MonitorMemory {
  /** The level of the open leak alert; 0: none open. */
  leak: LeakLevel
  overpressure: boolean
}

export const quietMemory = (): MonitorMemory => ({ leak: 0, overpressure: false })

/** One reading; a sensor the installation lacks is left out and changes nothing. */
export interface MonitorReading {
  leakLEL?: number
  pressureMPa?: number
}

export type MonitorEffect =
  | { kind: 'raise', type: MonitorAlertType, severity: Severity, at: number, details: MonitorDetails }
  | { kind: 'clear', type: MonitorAlertType, at: number, reason: Message }

/** What the alert records of the reading that raised it. */
export interface MonitorDetails {
  level?: 1 | 2
  leakLEL?: number
  pressureMPa?: number
  maxPressureMPa?: number
}

export const leakSeverity = (level: 1 | 2): Severity => (level === 2 ? 'critical' : 'major')
export const OVERPRESSURE_SEVERITY: Severity = 'major'

export function leakLevelOf (lel: number, t: LeakThresholds): LeakLevel {
  return lel >= t.level2Lel ? 2 : lel >= t.level1Lel ? 1 : 0
}

/**
 * `maxPressureMPa`: the cylinder's medium's limit; null when the medium is unknown (no pressure rule then,
 * rather than a guess).
 */
export function stepMonitor (memory: MonitorMemory, reading: MonitorReading, maxPressureMPa: number | null, now: number, t: LeakThresholds = DEFAULT_LEAK_THRESHOLDS): { memory: MonitorMemory, effects: MonitorEffect[] } {
  const effects: MonitorEffect[] = []
  let { leak, overpressure } = memory

  const lel = reading.leakLEL
  if (lel !== undefined) {
    const level = leakLevelOf(lel, t)
    if (level > leak) {
      if (leak !== 0) effects.push({ kind: 'clear', type: CYLINDER_LEAK, at: now, reason: msg('note.cylinder_leak_escalated', { lel }) })
      const raised = level as 1 | 2
      effects.push({ kind: 'raise', type: CYLINDER_LEAK, severity: leakSeverity(raised), at: now, details: { level: raised, leakLEL: lel } })
      leak = raised
    } else if (leak !== 0 && lel < t.leakClearLel) {
      effects.push({ kind: 'clear', type: CYLINDER_LEAK, at: now, reason: msg('note.cylinder_leak_over', { lel }) })
      leak = 0
    }
  }

  const p = reading.pressureMPa
  if (p !== undefined && maxPressureMPa !== null) {
    if (!overpressure && p > maxPressureMPa) {
      effects.push({ kind: 'raise', type: CYLINDER_OVERPRESSURE, severity: OVERPRESSURE_SEVERITY, at: now, details: { pressureMPa: p, maxPressureMPa } })
      overpressure = true
    } else if (overpressure && p <= maxPressureMPa * t.pressureClearRatio) {
      effects.push({ kind: 'clear', type: CYLINDER_OVERPRESSURE, at: now, reason: msg('note.cylinder_pressure_normal', { pressure: p, limit: maxPressureMPa }) })
      overpressure = false
    }
  }

  if (leak === memory.leak && overpressure === memory.overpressure) return { memory, effects }
  return { memory: { leak, overpressure }, effects }
}

/** A person closed or cleared the alert: the next reading still showing the condition raises it again. */
export function forgetMonitorAlert (memory: MonitorMemory, type: MonitorAlertType): MonitorMemory {
  if (type === CYLINDER_LEAK) return memory.leak === 0 ? memory : { ...memory, leak: 0 }
  return memory.overpressure ? { ...memory, overpressure: false } : memory
}

/** What the open alerts (after a restart) say the memory was. */
export function memoryFromOpen (open: ReadonlyArray<{ type: string, level?: number | null }>): MonitorMemory {
  const memory = quietMemory()
  for (const a of open) {
    if (a.type === CYLINDER_LEAK) memory.leak = a.level === 2 ? 2 : 1
    if (a.type === CYLINDER_OVERPRESSURE) memory.overpressure = true
  }
  return memory
}
