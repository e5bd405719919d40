// The maintenance scan: on start and every day at MAINTENANCE_SCAN_AT (the city's clock) it raises a
// maintenance-overdue alert for each lift past the due date of an interval (day 16 without a half-monthly
// maintenance) and clears those maintained since — the same daily job and the same idempotence across
// nodes as the inspection scan (platform/daily-job.ts, an advisory lock, alerts keyed by their due date).
// Then it raises a "maintenance without a record" notice for 检修 reported with no visit (unrecorded.ts).
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import { startDailyJob } from '../platform/daily-job.ts'
import type { AlertStore } from '../alerts/store.ts'
import { announceSync } from '../alerts/announce.ts'
import type { MaintenanceStore } from './store.ts'
import type { UnrecordedScan } from './unrecorded.ts'

export function startMaintenanceScheduler (deps: { store: MaintenanceStore, alerts: AlertStore, bus: Bus, policy: { timeZone: string, scanAt: string, dueSoonDays: number }, log: Logger, now?: () => number, unrecorded?: UnrecordedScan }) {
  const job = startDailyJob({
    name: 'maintenance scan',
    at: deps.policy.scanAt,
    timeZone: deps.policy.timeZone,
    log: deps.log,
    now: deps.now,
    work: async (today, signal) => {
      const result = await deps.store.syncAlerts(today, deps.policy.timeZone, deps.policy.dueSoonDays)
      await announceSync(deps, result, signal)
      if (result === null) return null
      // 检修 reported with no visit recorded: InfluxDB may be down while PostgreSQL is not; the overdue half stands.
      let unrecordedFailed = false
      const unrecorded = await deps.unrecorded?.scan(today, signal).catch((err: Error) => {
        if (signal.aborted) throw err
        deps.log.warn({ err }, 'maintenance scan: the 检修-without-a-record check failed')
        unrecordedFailed = true
        return null
      }) ?? null
      await announceSync(deps, unrecorded, signal)
      return { ...result, unrecorded: unrecorded?.raised ?? [], unrecordedFailed }
    },
    summary: (r) => ({ raised: r.raised.length, cleared: r.cleared.length, unrecorded: r.unrecorded.length }),
    incomplete: (r) => r.unrecordedFailed
  })
  return { scan: job.run, stop: job.stop }
}

export type MaintenanceScheduler = ReturnType<typeof startMaintenanceScheduler>
