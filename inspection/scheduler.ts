// The inspection scan: on start and every day at INSPECTION_SCAN_AT (the city's clock) it brings the
// inspection alerts in step with the lifts' records (inspection/store.ts's syncAlerts), flags the unfit lifts
// that still run from InfluxDB's evidence (inspection/running.ts, store's syncRunning), raises
// `danger_overdue` for hidden dangers open past their deadline (dangers-store.ts), and announces what it
// raised and cleared on the bus, whence the dashboards (SSE) and the webhooks. The daily schedule is
// platform/daily-job.ts's; the store's advisory lock lets one node scan at a time, and its keys let a
// repeated scan raise nothing new.
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import { startDailyJob } from '../platform/daily-job.ts'
import type { AlertStore } from '../alerts/store.ts'
import { announceSync } from '../alerts/announce.ts'
import type { InfluxClient } from '../platform/influx/client.ts'
import type { InspectionStore } from './store.ts'
import type { DangerStore } from './dangers-store.ts'
import { measureRunning } from './running.ts'

export interface InspectionPolicy { timeZone: string, scanAt: string, dueSoonDays: number }

export function startInspectionScheduler (deps: { inspections: InspectionStore, dangers: DangerStore, alerts: AlertStore, bus: Bus, influx: InfluxClient | null, policy: InspectionPolicy, log: Logger, now?: () => number }) {
  /**
   * The unfit lifts that still run (违规使用), from InfluxDB: when InfluxDB does not answer, the scan's
   * other alerts stand and the scan is tried again later (what was flagged stays flagged).
   */
  async function syncRunning (today: string, signal: AbortSignal) {
    if (deps.influx === null) return { raised: [], failed: false }
    try {
      const evidence = await measureRunning(deps.influx, await deps.inspections.unfitLifts(today), deps.policy.timeZone, signal)
      return { raised: (await deps.inspections.syncRunning(today, evidence))?.raised ?? [], failed: false }
    } catch (err) {
      if (signal.aborted) throw err
      deps.log.warn({ err }, 'inspection scan: the running check (InfluxDB) failed')
      return { raised: [], failed: true }
    }
  }

  const job = startDailyJob({
    name: 'inspection scan',
    at: deps.policy.scanAt,
    timeZone: deps.policy.timeZone,
    log: deps.log,
    now: deps.now,
    work: async (today, signal) => {
      const result = await deps.inspections.syncAlerts(today, deps.policy.dueSoonDays)
      if (result === null) return null
      const running = await syncRunning(today, signal)
      const dangers = await deps.dangers.syncAlerts(today)
      const all = { raised: [...result.raised, ...running.raised, ...dangers.raised], cleared: [...result.cleared, ...dangers.cleared], running: running.raised.length, runningFailed: running.failed }
      await announceSync(deps, all, signal)
      return all
    },
    summary: (r) => ({ raised: r.raised.length, cleared: r.cleared.length, running: r.running }),
    incomplete: (r) => r.runningFailed
  })
  return { scan: job.run, stop: job.stop }
}

export type InspectionScheduler = ReturnType<typeof startInspectionScheduler>
