// How many sign-in tries a user name and an address get. Both are counted, and the decision is made before
// the password is looked at: a try takes a slot at once (synchronously, before any await), so a hundred
// parallel wrong tries cannot all pass while the first ones are still hashing — at most the free slots go
// through, the rest are refused at once without costing a hash.
//
// Per user name, a guesser is slowed on one account whatever addresses it comes from; per address, one
// source is slowed across all the accounts it tries. The address allowance is larger: an office behind one
// NAT has many people mistyping. After the free failures, each further one doubles the wait (1 s, 2 s, …,
// at most 15 min): slow for a guesser, harmless for a person who mistyped. A success forgives the user
// name's failures, not the address's (else one valid account would launder an address's guessing); both
// are forgotten 15 minutes after their last failure.
export interface ThrottleLimit { free: number, maxWaitMs: number }

export const LOGIN_LIMITS = {
  user: { free: 5, maxWaitMs: 15 * 60_000 },
  address: { free: 20, maxWaitMs: 15 * 60_000 }
} as const satisfies Record<string, ThrottleLimit>

const WINDOW_MS = 15 * 60_000
/** Counters kept at most; the least recently touched idle ones make room (a flood of new names cannot wipe the others). */
const MAX_ENTRIES = 100_000
/** Room made at once when full, so the (linear) eviction pass is rare. */
const EVICT_TO = 90_000
/** Retry-After while the free slots are all taken by tries still being checked. */
const BUSY_WAIT_MS = 1000

interface Counter { failures: number, last: number, pending: number, touched: number }

export type Attempt = { ok: true, failed (): void, succeeded (): void, cancelled (): void }
export type Refusal = { ok: false, by: 'user' | 'address', waitMs: number }

export function createLoginThrottle (limits: { user: ThrottleLimit, address: ThrottleLimit } = LOGIN_LIMITS, now = () => Date.now()) {
  const counters = new Map<string, Counter>()

  function counter (key: string): Counter {
    let c = counters.get(key)
    if (c !== undefined && c.pending === 0 && now() - c.last > WINDOW_MS) c = undefined
    if (c === undefined) {
      c = { failures: 0, last: 0, pending: 0, touched: 0 }
      counters.set(key, c)
      if (counters.size > MAX_ENTRIES) evict()
    }
    c.touched = now()
    return c
  }

  /** Drops the least recently touched counters with no try in flight, down to EVICT_TO. */
  function evict () {
    const idle = [...counters].filter(([, c]) => c.pending === 0).sort((a, b) => a[1].touched - b[1].touched)
    for (const [key] of idle.slice(0, Math.max(0, counters.size - EVICT_TO))) counters.delete(key)
  }

  /** 0 when a try may go now, else how long to wait. */
  function waitOf (c: Counter, limit: ThrottleLimit): number {
    if (c.failures + c.pending < limit.free) return 0
    if (c.failures < limit.free) return BUSY_WAIT_MS
    const wait = Math.max(0, c.last + Math.min(limit.maxWaitMs, 1000 * 2 ** (c.failures - limit.free)) - now())
    // Throttled: one try at a time once the wait is over.
    return wait > 0 ? wait : c.pending > 0 ? BUSY_WAIT_MS : 0
  }

  return {
    /** Takes a try for this user name from this address, or says who is throttled and for how long. */
    begin (username: string, address: string): Attempt | Refusal {
      const userKey = `u:${username}`
      const addressKey = `a:${address}`
      const user = counter(userKey)
      const from = counter(addressKey)
      const userWait = waitOf(user, limits.user)
      const addressWait = waitOf(from, limits.address)
      if (userWait > 0 || addressWait > 0) {
        return userWait >= addressWait ? { ok: false, by: 'user', waitMs: userWait } : { ok: false, by: 'address', waitMs: addressWait }
      }
      user.pending++
      from.pending++
      let settled = false
      const settle = (outcome: 'failed' | 'succeeded' | 'cancelled') => {
        if (settled) return
        settled = true
        user.pending--
        from.pending--
        if (outcome === 'failed') {
          for (const c of [user, from]) { c.failures++; c.last = now() }
        } else if (outcome === 'succeeded') {
          user.failures = 0
        }
        // A counter with nothing to remember takes no room.
        if (user.pending === 0 && user.failures === 0 && counters.get(userKey) === user) counters.delete(userKey)
        if (from.pending === 0 && from.failures === 0 && counters.get(addressKey) === from) counters.delete(addressKey)
      }
      return { ok: true, failed: () => settle('failed'), succeeded: () => settle('succeeded'), cancelled: () => settle('cancelled') }
    },
    /** Counters held now (for the test of the bound). */
    size: () => counters.size
  }
}

/**
 * The address a throttle counts: an IPv4 address as it is, an IPv6 address by its /64 (one subscriber's
 * network gets a whole /64, so counting single addresses would count nothing).
 */
export function addressKey (ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped !== null) return mapped[1]!
  if (!ip.includes(':')) return ip
  const [head = '', tail = ''] = ip.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : []
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::/64`
}
