// The inspection scan: on start and every day at INSPECTION_SCAN_AT (the city's clock) it brings the
// inspection alerts in step with the lifts' records (inspection/store.ts's syncAlerts) and announces what
// it raised and cleared on the bus, whence the dashboards (SSE) and the webhooks. Every API node runs it;
// the store's advisory lock lets one scan at a time, and its keys let a repeated scan raise nothing new.
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from '../alerts/store.ts'
import type { InspectionStore } from './store.ts'
import { localDate, nextRunAt } from './calendar.ts'

export interface InspectionPolicy { timeZone: string, scanAt: string, dueSoonDays: number }

/** Announces the alerts a sync raised and cleared. */
export async function announceSync (deps: { alerts: AlertStore, bus: Bus }, result: { raised: number[], cleared: number[] } | null) {
  if (result === null) return
  for (const id of result.raised) {
    const alert = await deps.alerts.get(id)
    if (alert !== undefined) deps.bus.emit('alert.raised', alert)
  }
  for (const id of result.cleared) {
    const alert = await deps.alerts.get(id)
    if (alert !== undefined) deps.bus.emit('alert.updated', alert)
  }
}

export function startInspectionScheduler (deps: { inspections: InspectionStore, alerts: AlertStore, bus: Bus, policy: InspectionPolicy, log: Logger, now?: () => number }) {
  const { inspections, policy, log } = deps
  const now = deps.now ?? Date.now
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()

  /** One scan on the city's date now; null when another node holds the scan. */
  async function scan () {
    const today = localDate(now(), policy.timeZone)
    const result = await inspections.syncAlerts(today, policy.dueSoonDays)
    await announceSync(deps, result)
    if (result === null) log.info({ today }, 'inspection scan skipped: another node is scanning')
    else log.info({ today, raised: result.raised.length, cleared: result.cleared.length }, 'inspection scan done')
    return result
  }

  const runOnce = () => {
    running = scan().catch((err: Error) => log.error({ err }, 'inspection scan failed; it runs again at the next scheduled time'))
    return running
  }

  function schedule () {
    if (stopped) return
    // Capped at a day: a long timer is also how a laptop that slept catches up.
    const wait = Math.min(Math.max(nextRunAt(now(), policy.scanAt, policy.timeZone) - now(), 1000), 86_400_000)
    timer = setTimeout(() => { void runOnce().then(schedule) }, wait)
  }

  void runOnce().then(schedule)

  return {
    scan,
    async stop () {
      stopped = true
      if (timer !== null) clearTimeout(timer)
      await running
    }
  }
}

export type InspectionScheduler = ReturnType<typeof startInspectionScheduler>
