// Reconnect delays. A city's gateways that lost the broker together must not come back together: each
// waits a random time up to an exponentially growing cap ("full jitter"), which spreads a reconnect storm
// over the cap instead of hammering the broker in waves.
import type { Rng } from '../../platform/prng.ts'

export interface BackoffOptions { minMs: number, maxMs: number }

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 1000, maxMs: 60_000 }

/** Delay before reconnect attempt `attempt` (0 for the first retry after a loss). */
export function reconnectDelay (attempt: number, rng: Rng, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const cap = Math.min(options.maxMs, options.minMs * 2 ** (Math.min(attempt, 30) + 1))
  return Math.round(options.minMs + rng.next() * (cap - options.minMs))
}
