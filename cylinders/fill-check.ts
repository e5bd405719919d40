// The pre-fill check (不充装, domain.md §6, TSG 23-2021, DB4114/T 185-2023): may this station fill this
// cylinder with this gas today? Pure: the registry's snapshot of the cylinder, the asking station's filling
// unit, the medium the station is about to fill and the city's local date in; the reasons to refuse out,
// every one that applies, in a fixed order (an empty list: allowed). Run per check from the in-memory view
// (./check-view.ts) and again per fill, to tell a forced fill.
import type { CylinderStatus } from './lifecycle.ts'

export const REFUSAL_REASONS = [
  'unregistered', 'wrong_medium', 'other_unit', 'inspection_overdue', 'failed', 'scrapped', 'past_design_life'
] as const
export type RefusalReason = typeof REFUSAL_REASONS[number]


/** What the check needs of a registered cylinder; dates are the city's, YYYY-MM-DD. */
export interface CheckSnapshot {
  medium: string
  fillingUnitId: number
  status: CylinderStatus
  /** null: the registry holds no due date (never inspected, no manufacture date): not overdue by date. */
  nextInspectionDue: string | null
  /** The first day the cylinder is past its design life (with any extension earned); null: unknown. */
  endOfLife: string | null
}

export interface CheckAsk {
  /** The medium the station is about to fill. */
  medium: string
  /** The filling unit of the asking station; null when the station is not in the registry. */
  fillingUnitId: number | null
}

export function refusalReasons (cylinder: CheckSnapshot | undefined, ask: CheckAsk, today: string): RefusalReason[] {
  // An unknown code says nothing else: there is nothing to compare it with.
  if (cylinder === undefined) return ['unregistered']
  const reasons: RefusalReason[] = []
  if (cylinder.medium !== ask.medium) reasons.push('wrong_medium')
  // 一瓶一码 binds each code to one filling unit: another unit's station may not fill it.
  if (ask.fillingUnitId === null || cylinder.fillingUnitId !== ask.fillingUnitId) reasons.push('other_unit')
  // The registry's scan sets inspection_overdue once a day; the date decides in between (and before the
  // first scan), so a cylinder due yesterday is refused this morning. The due date itself is still in time.
  if (cylinder.status === 'inspection_overdue' || (cylinder.status === 'in_use' && cylinder.nextInspectionDue !== null && today > cylinder.nextInspectionDue)) {
    reasons.push('inspection_overdue')
  }
  if (cylinder.status === 'failed') reasons.push('failed')
  if (cylinder.status === 'scrapped') reasons.push('scrapped')
  if (cylinder.endOfLife !== null && today >= cylinder.endOfLife) reasons.push('past_design_life')
  return reasons
}
