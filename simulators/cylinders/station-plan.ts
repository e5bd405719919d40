// What a simulated filling station does next, pure and seeded (simulators/prng.ts): which cylinder comes to
// the filling scale, and what the operator does with the check's answer. Mostly its own unit's cylinders,
// now and then one the registry has never seen (a code misread, a bottle from nowhere), and — rarely — a
// fill despite a refusal, which is what the non-compliant filling alert exists for.
import type { Rng } from '../../platform/prng.ts'
import type { SimCylinder } from './cylinder-fleet-file.ts'

export interface StationBehaviour {
  /** Share of cylinders brought whose code the registry does not know. */
  unregisteredChance: number
  /** Share of refused cylinders filled anyway. */
  forcedFillChance: number
  /** Share of cylinders brought that are overdue for inspection (of those the list marks so). */
  overdueChance?: number
}

export const DEFAULT_STATION_BEHAVIOUR: StationBehaviour = { unregisteredChance: 0.03, forcedFillChance: 0.08, overdueChance: 0.08 }

export interface Visit {
  code: string
  medium: string
  /** The cylinder as the station's list knows it; null for an unregistered code. */
  cylinder: SimCylinder | null
}

/** The next cylinder on the scale. */
export function nextVisit (rng: Rng, cylinders: readonly SimCylinder[], stationCode: string, b: StationBehaviour): Visit {
  if (cylinders.length === 0 || rng.chance(b.unregisteredChance)) {
    const medium = cylinders.length === 0 ? 'LPG' : rng.pick(cylinders).medium
    return { code: `UNREG-${stationCode}-${rng.int(100_000, 999_999)}`, medium, cylinder: null }
  }
  const overdue = (b.overdueChance ?? 0) > 0 ? cylinders.filter((c) => c.overdue === true) : []
  const cylinder = overdue.length > 0 && rng.chance(b.overdueChance!) ? rng.pick(overdue) : rng.pick(cylinders)
  return { code: cylinder.code, medium: cylinder.medium, cylinder }
}

/** After the answer: fill, leave it (refused), or fill it anyway (forced). */
export function decide (rng: Rng, allowed: boolean, b: StationBehaviour): 'fill' | 'leave' | 'force' {
  if (allowed) return 'fill'
  return rng.chance(b.forcedFillChance) ? 'force' : 'leave'
}

/** A full fill is 90–98 % of the capacity; an LPG 15 kg bottle when the registry does not say. */
export function fillMass (rng: Rng, cylinder: SimCylinder | null): number {
  const capacity = cylinder?.capacityKg ?? 14.5
  return Math.round(capacity * rng.real(0.9, 0.98) * 10) / 10
}
