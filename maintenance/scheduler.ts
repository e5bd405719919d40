// The maintenance scan: on start and every day at MAINTENANCE_SCAN_AT (the city's clock) it raises a
// maintenance-overdue alert for each lift past the due date of an interval (day 16 without a half-monthly
// maintenance) and clears those maintained since — the same daily job and the same idempotence across
// nodes as the inspection scan (platform/daily-job.ts, an advisory lock, alerts keyed by their due date).
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import { startDailyJob } from '../platform/daily-job.ts'
import type { AlertStore } from '../alerts/store.ts'
import { announceSync } from '../alerts/announce.ts'
import type { MaintenanceStore } from './store.ts'

export function startMaintenanceScheduler (deps: { store: MaintenanceStore, alerts: AlertStore, bus: Bus, policy: { timeZone: string, scanAt: string, dueSoonDays: number }, log: Logger, now?: () => number }) {
  const job = startDailyJob({
    name: 'maintenance scan',
    at: deps.policy.scanAt,
    timeZone: deps.policy.timeZone,
    log: deps.log,
    now: deps.now,
    work: async (today) => {
      const result = await deps.store.syncAlerts(today, deps.policy.timeZone, deps.policy.dueSoonDays)
      await announceSync(deps, result)
      return result
    },
    summary: (r) => ({ raised: r.raised.length, cleared: r.cleared.length })
  })
  return { scan: job.run, stop: job.stop }
}

export type MaintenanceScheduler = ReturnType<typeof startMaintenanceScheduler>
