// The inspection scan: on start and every day at INSPECTION_SCAN_AT (the city's clock) it brings the
// inspection alerts in step with the lifts' records (inspection/store.ts's syncAlerts) and announces what
// it raised and cleared on the bus, whence the dashboards (SSE) and the webhooks. The daily schedule is
// platform/daily-job.ts's; the store's advisory lock lets one node scan at a time, and its keys let a
// repeated scan raise nothing new.
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import { startDailyJob } from '../platform/daily-job.ts'
import type { AlertStore } from '../alerts/store.ts'
import { announceSync } from '../alerts/announce.ts'
import type { InspectionStore } from './store.ts'

export interface InspectionPolicy { timeZone: string, scanAt: string, dueSoonDays: number }

export function startInspectionScheduler (deps: { inspections: InspectionStore, alerts: AlertStore, bus: Bus, policy: InspectionPolicy, log: Logger, now?: () => number }) {
  const job = startDailyJob({
    name: 'inspection scan',
    at: deps.policy.scanAt,
    timeZone: deps.policy.timeZone,
    log: deps.log,
    now: deps.now,
    work: async (today) => {
      const result = await deps.inspections.syncAlerts(today, deps.policy.dueSoonDays)
      await announceSync(deps, result)
      return result
    },
    summary: (r) => ({ raised: r.raised.length, cleared: r.cleared.length })
  })
  return { scan: job.run, stop: job.stop }
}

export type InspectionScheduler = ReturnType<typeof startInspectionScheduler>
