// A cylinder's dates and status, pure (TSG 23-2021; domain.md §6): when its next periodic inspection is
// due, when its life ends, and what it is on a day of the city's calendar. The store writes what these
// say into the cylinders row with every inspection, and the fill check's view judges on that row, so
// the rule lives here once. Dates are the city's local 'YYYY-MM-DD' dates; a year is a calendar year
// (a cylinder made on 29 February is due on 28 February in a common year).
import { addMonths } from '../platform/calendar.ts'
import type { Medium } from './media.ts'

/** A cylinder's code (一瓶一码) as the registry and the gateway protocol accept it. */
export const CYLINDER_CODE_PATTERN = '^[A-Za-z0-9_-]{4,64}$'

/** in use; inspection overdue (set by the daily scan); failed its last inspection; scrapped (its code stays, never reused). */
export const CYLINDER_STATUSES = ['in_use', 'inspection_overdue', 'failed', 'scrapped'] as const
export type CylinderStatus = typeof CYLINDER_STATUSES[number]
export const CYLINDER_INSPECTION_RESULTS = ['pass', 'fail'] as const
export type CylinderInspectionResult = typeof CYLINDER_INSPECTION_RESULTS[number]

/**
 * How close to the end of its design life a pass must be to extend it (LPG: the inspection due at 8 years,
 * which may be done some months early). An earlier pass (the 4-year one) extends nothing.
 */
export const EXTENSION_WINDOW_MONTHS = 12

export type LifeRule = Pick<Medium, 'inspectionIntervalYears' | 'firstInspectionYears' | 'designLifeYears' | 'lifeExtensionYears'>

export interface CylinderMake {
  manufacturedOn: string
  /** The cylinder's own design life from its mark; null: its medium's. */
  designLifeYears: number | null
}

export interface InspectionFact {
  on: string
  result: CylinderInspectionResult
}

export const addYears = (date: string, years: number) => addMonths(date, Math.round(years * 12))

/** The next periodic inspection: the first one after manufacture, then one interval after the last inspection. */
export function nextInspectionDue (cylinder: CylinderMake, medium: LifeRule, inspectedOn: string | null): string {
  if (inspectedOn === null) return addYears(cylinder.manufacturedOn, medium.firstInspectionYears ?? medium.inspectionIntervalYears)
  return addYears(inspectedOn, medium.inspectionIntervalYears)
}

/** The day its design life has run out (from then on it must not be filled): extended once by a pass near its end. */
export function endOfLife (cylinder: CylinderMake, medium: LifeRule, passedInspections: readonly string[]): string {
  const designEnd = addYears(cylinder.manufacturedOn, cylinder.designLifeYears ?? medium.designLifeYears)
  if (medium.lifeExtensionYears <= 0) return designEnd
  const windowOpens = addMonths(designEnd, -EXTENSION_WINDOW_MONTHS)
  return passedInspections.some((on) => on >= windowOpens) ? addYears(designEnd, medium.lifeExtensionYears) : designEnd
}

export interface CylinderDates {
  lastInspectedOn: string | null
  inspectionResult: CylinderInspectionResult | null
  nextInspectionDue: string
  endOfLife: string
}

/**
 * What a cylinder's inspections say: the latest decides the result and the next due date (of two on one
 * day, a pass after a failure: the re-inspection), every pass counts for the life extension.
 */
export function deriveDates (cylinder: CylinderMake, medium: LifeRule, inspections: readonly InspectionFact[]): CylinderDates {
  let last: InspectionFact | null = null
  for (const i of inspections) {
    if (last === null || i.on > last.on || (i.on === last.on && i.result === 'pass')) last = i
  }
  return {
    lastInspectedOn: last?.on ?? null,
    inspectionResult: last?.result ?? null,
    nextInspectionDue: nextInspectionDue(cylinder, medium, last?.on ?? null),
    endOfLife: endOfLife(cylinder, medium, inspections.filter((i) => i.result === 'pass').map((i) => i.on))
  }
}

export interface CylinderState {
  status: CylinderStatus
  inspectionResult: CylinderInspectionResult | null
  nextInspectionDue: string
  endOfLife: string
}

export interface CylinderStatusAt {
  status: CylinderStatus
  /** Its next inspection was due before this day. */
  overdue: boolean
  /** Its life has ended on or before this day. */
  pastLife: boolean
}

/**
 * A cylinder's status on a local date: scrapped stays scrapped; a failed last inspection is failed; an
 * inspection due before today is overdue (due today is still in time); otherwise in use. Past its life is a
 * flag beside the status, not a status: the registry keeps the cylinder until it is scrapped.
 */
export function statusAt (cylinder: CylinderState, localDate: string): CylinderStatusAt {
  if (cylinder.status === 'scrapped') return { status: 'scrapped', overdue: false, pastLife: false }
  const overdue = cylinder.nextInspectionDue < localDate
  const pastLife = cylinder.endOfLife <= localDate
  const status: CylinderStatus = cylinder.inspectionResult === 'fail' ? 'failed' : overdue ? 'inspection_overdue' : 'in_use'
  return { status, overdue, pastLife }
}
