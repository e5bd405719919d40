// The daily cylinder scan: on start and every day at CYLINDER_SCAN_AT (the city's clock) — statuses and
// the per-unit alerts in step (scan-store.ts), the changed rows announced to the stations' check views,
// the alerts raised, updated (count, earliest date) and cleared announced on the bus as any alert is
// (alert.raised / alert.updated: the desk, the live stream, the webhooks) and as `cylinder_alert.changed`
// for the cylinders page. The schedule is platform/daily-job.ts's; the store's advisory lock lets one node
// scan at a time.
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import type { Db } from '../platform/db/db.ts'
import { startDailyJob } from '../platform/daily-job.ts'
import type { CylinderScan } from './scan-store.ts'
import type { AlertStore } from '../alerts/store.ts'
import { announceSync } from '../alerts/announce.ts'
import { announceChanges, checkFieldsOf } from './store.ts'

export interface CylinderScanPolicy { timeZone: string, scanAt: string }

export function startCylinderScheduler (deps: { db: Db, scan: CylinderScan, alerts: AlertStore, bus: Bus, policy: CylinderScanPolicy, log: Logger, now?: () => number }) {
  const job = startDailyJob({
    name: 'cylinder scan',
    at: deps.policy.scanAt,
    timeZone: deps.policy.timeZone,
    log: deps.log,
    now: deps.now,
    work: async (today, signal) => {
      const result = await deps.scan.scan(today)
      if (result === null) return null
      for (let i = 0; i < result.changed.length; i += 10_000) {
        announceChanges(deps.bus, await checkFieldsOf(deps.db, result.changed.slice(i, i + 10_000)))
      }
      // An updated alert is announced as a cleared one is: alert.updated with the alert as it now stands.
      await announceSync(deps, { raised: result.raised, cleared: [...result.updated, ...result.cleared] }, signal)
      if (result.raised.length + result.updated.length + result.cleared.length > 0) {
        deps.bus.emit('cylinder_alert.changed', { ids: [...result.raised, ...result.updated, ...result.cleared] })
      }
      return result
    },
    summary: (r) => ({ statusChanged: r.changed.length, raised: r.raised.length, updated: r.updated.length, cleared: r.cleared.length })
  })
  return { scan: job.run, stop: job.stop }
}

export type CylinderScheduler = ReturnType<typeof startCylinderScheduler>
