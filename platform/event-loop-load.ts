// How busy this process's event loop has been: the share of time it spent running rather than waiting
// (event-loop utilisation, 0–1), sampled in equal parts of a window by an unref'd timer. A loop that stays
// saturated answers everything late — PUBACKs, its own InfluxDB writes (the spool then grows while the
// database idles), the API — so the broker turns new connections away while it lasts (ingest/broker.ts).
import { performance } from 'node:perf_hooks'

/** Samples of the window, each the busy share of its part; the window counts as busy when every part was. */
export function createBusyWindow (parts: number) {
  const samples: number[] = []
  return {
    push (busy: number) {
      samples.push(busy)
      if (samples.length > parts) samples.shift()
    },
    /**
     * The least busy part of a full window (0 until the window is full). One long blocking call — a
     * database opening, a large JSON parse — is a single late sample, not a saturated window.
     */
    sustained (): number {
      return samples.length < parts ? 0 : Math.min(...samples)
    }
  }
}

const PARTS = 3

export interface EventLoopLoad {
  /** The least busy share of the loop over the last window's parts, 0–1. */
  sustained (): number
  stop (): void
}

export function watchEventLoop (windowMs: number): EventLoopLoad {
  const window = createBusyWindow(PARTS)
  let mark = performance.eventLoopUtilization()
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization()
    window.push(performance.eventLoopUtilization(now, mark).utilization)
    mark = now
  }, Math.max(1, Math.round(windowMs / PARTS)))
  timer.unref()
  return { sustained: () => window.sustained(), stop: () => clearInterval(timer) }
}
