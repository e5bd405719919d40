// A gateway's message-rate budget: a token bucket of `burst` messages refilled at `perSecond`, shared by all
// of the gateway's connections on this node. Pure: (bucket, budget, qos, now) → what to do with the message.
//
// - Within budget, a message goes on at once.
// - QoS 1 over budget is never dropped: it takes a token in advance and waits for it, i.e. it is stored and
//   acknowledged later. Aedes reads no more from a connection while its messages wait, so a gateway that
//   sends faster is slowed by TCP back-pressure, at no cost to anyone else.
// - QoS 0 over budget is dropped (MQTT allows losing QoS 0), and the connection is read again only after
//   the time its budget needed for it: a flooder costs us parsing at about twice its budget, not at the
//   speed of its link. A gateway that keeps doing so for `overBudgetMs` is disconnected.

export interface RateBudget {
  /** Messages per second, sustained. */
  perSecond: number
  /** Messages that may arrive at once after a quiet spell (a reconnect sending its queue). */
  burst: number
  /** Dropping continuously this long (QoS 0 over budget) disconnects the gateway. */
  overBudgetMs: number
}

export interface Bucket {
  /** Below 0 while QoS 1 messages wait for tokens taken in advance. */
  tokens: number
  at: number
  /** The gateway's connections are read again from this time (QoS 0 dropped meanwhile). */
  heldUntil: number
  /** Start of the current run of drops, null when within budget. */
  overSince: number | null
  lastDropAt: number
}

export type Admission =
  | { verdict: 'accept' }
  /** QoS 1: go on after `ms` (stored, then acknowledged). */
  | { verdict: 'wait', ms: number }
  /** QoS 0: dropped; the connection's next read waits `holdMs`. */
  | { verdict: 'drop', holdMs: number }
  /** Dropping for longer than `overBudgetMs`: this message is dropped and the gateway disconnected. */
  | { verdict: 'disconnect', overMs: number }

const ACCEPT: Admission = { verdict: 'accept' }

export function createBucket (budget: RateBudget, now: number): Bucket {
  return { tokens: budget.burst, at: now, heldUntil: 0, overSince: null, lastDropAt: 0 }
}

export function admit (bucket: Bucket, budget: RateBudget, qos: number, now: number): Admission {
  if (now > bucket.at) {
    bucket.tokens = Math.min(budget.burst, bucket.tokens + (now - bucket.at) * budget.perSecond / 1000)
    bucket.at = now
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1
    return ACCEPT
  }
  const perMessageMs = 1000 / budget.perSecond
  if (qos > 0) {
    bucket.tokens -= 1
    return { verdict: 'wait', ms: Math.ceil(-bucket.tokens * perMessageMs) }
  }
  // A run of drops ends once the gateway stayed within budget long enough to refill its whole burst.
  const calmAfter = Math.max(bucket.lastDropAt, bucket.heldUntil) + budget.burst * perMessageMs
  if (bucket.overSince === null || now > calmAfter) bucket.overSince = now
  bucket.lastDropAt = now
  const overMs = now - bucket.overSince
  if (overMs >= budget.overBudgetMs) return { verdict: 'disconnect', overMs }
  bucket.heldUntil = Math.max(bucket.heldUntil, now) + perMessageMs
  return { verdict: 'drop', holdMs: Math.ceil(bucket.heldUntil - now) }
}

