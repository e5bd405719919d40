// Cylinder figures, pure: 定检率 with the elevators' formula (domain.md §5; inspection/figures.ts's
// inspectionRate: (1 − overdue ÷ in use) × 100%), where a cylinder whose latest inspection failed counts
// as overdue like a failed lift, beside the past-life and scrapped counts, for the city and each filling
// unit or district. Every row carries its denominator; a rate over no cylinder is null.
import { inspectionRate } from '../inspection/figures.ts'

export interface CylinderCounts {
  /** Registered by the reference date and not scrapped by it. */
  inUse: number
  /** Of those: next inspection due before the date (its last inspection by then passed). */
  overdue: number
  /** Of those: the last inspection by the date failed. */
  failed: number
  /** Of those: life over on or before the date. */
  pastLife: number
  /** Scrapped on or before the date. */
  scrapped: number
}

export interface CylinderFigureRow extends CylinderCounts {
  id: number | null
  name: string
  /** 定检率 in percent, two decimals; null over no cylinder. */
  rate: number | null
}

const ZERO: CylinderCounts = { inUse: 0, overdue: 0, failed: 0, pastLife: 0, scrapped: 0 }

function figureRow (id: number | null, name: string, c: CylinderCounts): CylinderFigureRow {
  return { id, name, ...c, rate: inspectionRate(c.inUse, c.overdue + c.failed) }
}

/** The city's row (`cityName`) and one per group, groups with no cylinder included (rate null). */
export function cylinderFigures (cityName: string, groups: ReadonlyArray<{ id: number, name: string }>, counts: ReadonlyArray<CylinderCounts & { id: number }>) {
  const byId = new Map(counts.map((c) => [c.id, c]))
  const rows = groups.map((g) => figureRow(g.id, g.name, byId.get(g.id) ?? ZERO))
  const total = rows.reduce<CylinderCounts>((sum, r) => ({
    inUse: sum.inUse + r.inUse, overdue: sum.overdue + r.overdue, failed: sum.failed + r.failed, pastLife: sum.pastLife + r.pastLife, scrapped: sum.scrapped + r.scrapped
  }), ZERO)
  return { city: figureRow(null, cityName, total), rows }
}
