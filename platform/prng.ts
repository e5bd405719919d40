// A seedable pseudo-random generator (sfc32, seeded through a string hash): a simulated run, or a published
// spot-check draw (inspection/spot-draw.ts), can be repeated exactly. Math.random cannot be seeded;
// node:crypto is neither seedable nor cheap per draw.

export interface Rng {
  /** Uniform in [0, 1). */
  next (): number
  /** Integer in [min, max], both ends included. */
  int (min: number, max: number): number
  /** Uniform real in [min, max). */
  real (min: number, max: number): number
  chance (p: number): boolean
  pick<T> (items: readonly T[]): T
  /** Picks an item with probability proportional to its weight. */
  weighted<T> (items: ReadonlyArray<readonly [T, number]>): T
  /** Exponentially distributed delay with this mean: the gap between events of a Poisson process. */
  exponential (mean: number): number
  /**
   * An independent generator derived from this seed and a label. Each lift and gateway draws from its own
   * fork, so one lift's draws never shift another's and a run repeats even if events interleave differently.
   */
  fork (label: string): Rng
}

/** 32-bit FNV-1a followed by a murmur3 finaliser: spreads similar labels ("lift:1", "lift:2") apart. */
function hash32 (text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

export function createRng (seed: string | number): Rng {
  const key = String(seed)
  let a = hash32(key, 1)
  let b = hash32(key, 2)
  let c = hash32(key, 3)
  let d = 1

  // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): passes PractRand, 4 words of state.
  function next (): number {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t / 4294967296
  }
  // The first outputs of a fresh sfc32 are still correlated with the seed words.
  for (let i = 0; i < 12; i++) next()

  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    real: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick<T> (items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    weighted<T> (items: ReadonlyArray<readonly [T, number]>): T {
      let total = 0
      for (const [, w] of items) total += w
      let r = next() * total
      for (const [item, w] of items) {
        r -= w
        if (r < 0) return item
      }
      return items[items.length - 1]![0]
    },
    // 1 - next() is in (0, 1], so the logarithm is finite.
    exponential: (mean) => -Math.log(1 - next()) * mean,
    fork: (label) => createRng(`${key}/${label}`)
  }
  return rng
}
