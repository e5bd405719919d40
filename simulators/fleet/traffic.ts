// Passengers: when the next ones arrive at a lift and where they go. Most trips start or end at the ground
// floor (lobby), as in any building's up-peak and down-peak; some go between upper floors.
import type { Rng } from '../../platform/prng.ts'
import type { LiftInput, LiftSpec } from '../lift/lift-types.ts'
import { landingOf } from '../lift/lift-motion.ts'

/** Delay until the next group of passengers; null when traffic is off for this lift. */
export function nextArrivalIn (rng: Rng, tripsPerHour: number, weight: number): number | null {
  const rate = tripsPerHour * weight
  return rate > 0 ? rng.exponential(3_600_000 / rate) : null
}

export function drawPassengers (rng: Rng, spec: LiftSpec): LiftInput[] {
  const lobby = landingOf(spec, 1) ?? 1
  const other = () => {
    for (;;) {
      const landing = rng.int(1, spec.landings)
      if (landing !== lobby) return landing
    }
  }
  let from: number
  let to: number
  const pattern = rng.next()
  if (pattern < 0.45) {
    from = lobby
    to = other()
  } else if (pattern < 0.85) {
    from = other()
    to = lobby
  } else {
    from = rng.int(1, spec.landings)
    to = rng.int(1, spec.landings)
    if (from === to) to = from === spec.landings ? from - 1 : from + 1
  }
  const group = rng.weighted([[1, 70], [2, 20], [3, 10]] as const)
  return Array.from({ length: group }, () => ({ type: 'hall_call', from, to }) as const)
}
