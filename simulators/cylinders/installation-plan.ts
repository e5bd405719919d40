// A monitored installation's readings (a restaurant's or a home's bottles), pure and seeded: pressure that
// follows the temperature (LPG's vapour pressure, ~0.2 MPa at -10 °C to ~1.1 at 35 °C), a detector that
// reads a few %LEL of background, and rare leaks — a ramp up to a level-1 (~30 %LEL) or level-2 (~65
// %LEL) peak, held a while, then aired out — so the alarms raise and clear as they would in a kitchen.
import type { Rng } from '../../platform/prng.ts'

export interface LeakEpisode {
  /** Readings left in each phase. */
  rising: number
  holding: number
  falling: number
  peakLel: number
}

export interface BottleState {
  tempC: number
  leak: LeakEpisode | null
  lel: number
}

export const calmBottle = (rng: Rng): BottleState => ({ tempC: rng.real(15, 28), leak: null, lel: rng.real(0, 3) })

/** LPG vapour pressure, MPa (gauge), from temperature: a smooth fit of propane/butane 70/30. */
export function lpgPressure (tempC: number): number {
  return Math.max(0.1, 0.45 + 0.021 * tempC + 0.00018 * tempC * tempC)
}

/** A leak starts: level 2 one time in three, or as asked. */
export function startLeak (rng: Rng, level2 = rng.chance(1 / 3)): LeakEpisode {
  return { rising: rng.int(2, 4), holding: rng.int(4, 8), falling: rng.int(3, 5), peakLel: level2 ? rng.real(55, 75) : rng.real(28, 40) }
}

/** The next reading of a bottle, and its state after it. */
export function nextReading (rng: Rng, s: BottleState, maxPressureMPa: number | null): { state: BottleState, reading: { pressureMPa: number, tempC: number, leakLEL: number } } {
  const tempC = Math.min(45, Math.max(-10, s.tempC + rng.real(-0.4, 0.4)))
  let lel = Math.max(0, Math.min(4, s.lel + rng.real(-0.5, 0.5)))
  let leak = s.leak
  if (leak !== null) {
    if (leak.rising > 0) { lel = s.lel + (leak.peakLel - s.lel) / leak.rising; leak = { ...leak, rising: leak.rising - 1 } }
    else if (leak.holding > 0) { lel = leak.peakLel + rng.real(-2, 2); leak = { ...leak, holding: leak.holding - 1 } }
    else if (leak.falling > 0) { lel = s.lel / 2; leak = { ...leak, falling: leak.falling - 1 } }
    else leak = null
  }
  const base = maxPressureMPa === null || maxPressureMPa > 3 ? lpgPressure(tempC) : Math.min(lpgPressure(tempC), maxPressureMPa * 0.6)
  const pressureMPa = Math.round(base * 1000) / 1000
  return { state: { tempC, leak, lel }, reading: { pressureMPa, tempC: Math.round(tempC * 10) / 10, leakLEL: Math.round(Math.min(100, lel) * 10) / 10 } }
}
