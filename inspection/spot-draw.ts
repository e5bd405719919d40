// 双随机、一公开: the spot-check draw. Lifts are drawn at random, weighted by risk, and each gets an inspector
// drawn at random from a pool; the plan publishes its seed and a fingerprint of the population, so anyone
// holding the same population can repeat the draw and get the same lifts and the same inspectors.
//
// Weighted sampling without replacement is Efraimidis–Spirakis: each lift gets the key u^(1/w) with u drawn
// from a generator forked by the lift's id, and the n largest keys win. A lift's key depends only on the seed,
// its id and its weight — not on the order the population was read in, nor on which other lifts exist.
import { createRng } from '../platform/prng.ts'

/** What the risk weight is made of, as the plan stores it beside each drawn lift. */
export interface RiskFactors {
  /** 公众聚集场所: a school, hospital, station, mall. */
  publicPlace: boolean
  /** Years since the acceptance inspection (验收), or null when the lift has none on record. */
  ageYears: number | null
  /** Fault alerts in the last 12 months. */
  faults: number
  /** Entrapments in the last 12 months. */
  entrapments: number
  /** Periodic inspections made after their due date, or failed, in the last 3 years. */
  lateInspections: number
}

export interface Candidate extends RiskFactors {
  elevatorId: number
}

export interface DrawnLift {
  elevatorId: number
  /** 1-based order of the draw: the highest key first. */
  position: number
  weight: number
  factors: RiskFactors
  inspectorId: number | null
}

/**
 * The risk weight of a lift: 1 for every lift (each can be drawn), more for what makes a lift riskier.
 * Caps keep one noisy lift (a terminal reporting a fault a day) from crowding out the rest of the city.
 */
export function riskWeight (f: RiskFactors): number {
  const age = f.ageYears === null ? 0 : Math.min(Math.max(f.ageYears, 0), 30) / 10
  const weight = 1 + (f.publicPlace ? 2 : 0) + age + 0.25 * Math.min(f.faults, 20) + Math.min(f.entrapments, 5) + Math.min(f.lateInspections, 3)
  return Math.round(weight * 1000) / 1000
}

/**
 * A fingerprint of the population the draw ran on (ids and weights, in id order): published with the seed,
 * so a repeated draw can show it ran on the same population. FNV-1a 64-bit, hex — not a security hash: the
 * plan itself is what the bureau publishes, this only says "same inputs".
 */
export function populationFingerprint (candidates: readonly Candidate[]): string {
  let h = 0xcbf29ce484222325n
  const sorted = [...candidates].sort((a, b) => a.elevatorId - b.elevatorId)
  for (const c of sorted) {
    for (const ch of `${c.elevatorId}:${riskWeight(c)};`) h = BigInt.asUintN(64, (h ^ BigInt(ch.charCodeAt(0))) * 0x100000001b3n)
  }
  return h.toString(16).padStart(16, '0')
}

/**
 * Draws `size` lifts (all of them when the population is smaller) and gives each an inspector. The
 * inspectors are shuffled by the seed and dealt round-robin down the drawn list, so work is spread evenly
 * and who inspects which lift is as random as which lifts are drawn.
 */
export function drawSpotCheck (candidates: readonly Candidate[], size: number, seed: string, inspectorIds: readonly number[]): DrawnLift[] {
  const root = createRng(`spot-check:${seed}`)
  const keyed = candidates.map((c) => {
    const weight = riskWeight(c)
    const u = root.fork(`lift:${c.elevatorId}`).next()
    // log(u)/w orders exactly as u^(1/w) does and does not underflow for small weights.
    return { c, weight, key: Math.log(u === 0 ? Number.MIN_VALUE : u) / weight }
  })
  keyed.sort((a, b) => b.key - a.key || a.c.elevatorId - b.c.elevatorId)
  const chosen = keyed.slice(0, Math.max(0, size))
  const pool = shuffle([...new Set(inspectorIds)].sort((a, b) => a - b), root.fork('inspectors'))
  return chosen.map(({ c, weight }, i) => {
    const { elevatorId, ...factors } = c
    return { elevatorId, position: i + 1, weight, factors, inspectorId: pool.length === 0 ? null : pool[i % pool.length]! }
  })
}

function shuffle<T> (items: T[], rng: { int: (min: number, max: number) => number }): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}
