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

/** Samples in one window. */
export const WINDOW_PARTS = 3

export interface EventLoopLoad {
  /** The loop's busy share over the last window, 0–1. */
  busy (): number
  stop (): void
}

/** `onSample`: called at the end of every part with the window's busy share then. */
export function watchEventLoop (windowMs: number, onSample: (busy: number) => void = () => {}): EventLoopLoad {
  const window = createBusyWindow(WINDOW_PARTS)
  let mark = performance.eventLoopUtilization()
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization()
    window.push(performance.eventLoopUtilization(now, mark).utilization)
    mark = now
    onSample(window.busy())
  }, Math.max(1, Math.round(windowMs / WINDOW_PARTS)))
  timer.unref()
  return { busy: () => window.busy(), stop: () => clearInterval(timer) }
}
