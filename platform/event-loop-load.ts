// How busy this process's event loop has been: the share of time it spent running rather than waiting
// (event-loop utilisation, 0–1), sampled in equal parts of a window by an unref'd timer. A loop that stays
// saturated answers everything late — PUBACKs, its own InfluxDB writes (the spool then grows while the
// database idles), the API — so the broker admits new connections by it (ingest/admission.ts).
import { performance } from 'node:perf_hooks'

/** The last `parts` samples; the window's load is their mean (0 until the window is full). */
export function createBusyWindow (parts: number) {
  const samples: number[] = []
  return {
    push (busy: number) {
      samples.push(busy)
      if (samples.length > parts) samples.shift()
    },
    /**
     * One long blocking call — a database opening, a large JSON parse — is one late sample among the
     * window's parts, not a saturated window: the timer cannot fire while the loop is blocked.
     */
    busy (): number {
      return samples.length < parts ? 0 : samples.reduce((sum, x) => sum + x, 0) / parts
    }
  }
}

const PARTS = 3

export interface EventLoopLoad {
  /** The loop's busy share over the last window, 0–1. */
  busy (): number
  /** Samples taken so far: a new part of the window began when it changes. */
  readonly samples: number
  stop (): void
}

export function watchEventLoop (windowMs: number): EventLoopLoad {
  const window = createBusyWindow(PARTS)
  let mark = performance.eventLoopUtilization()
  let samples = 0
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization()
    window.push(performance.eventLoopUtilization(now, mark).utilization)
    mark = now
    samples++
  }, Math.max(1, Math.round(windowMs / PARTS)))
  timer.unref()
  return { busy: () => window.busy(), get samples () { return samples }, stop: () => clearInterval(timer) }
}
