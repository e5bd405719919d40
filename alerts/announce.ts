// Announces on the bus the alerts a scheduled sync raised and cleared (the inspection and maintenance
// scans write alerts set-wise in SQL), whence the dashboards (SSE) and the webhooks.
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from './store.ts'

// A scan over a city may announce tens of thousands: `signal` (a stopping scan) ends it between two.
export async function announceSync (deps: { alerts: AlertStore, bus: Bus }, result: { raised: number[], cleared: number[] } | null, signal?: AbortSignal) {
  if (result === null) return
  for (const id of result.raised) {
    signal?.throwIfAborted()
    const alert = await deps.alerts.get(id)
    if (alert !== undefined) deps.bus.emit('alert.raised', alert)
  }
  for (const id of result.cleared) {
    signal?.throwIfAborted()
    const alert = await deps.alerts.get(id)
    if (alert !== undefined) deps.bus.emit('alert.updated', alert)
  }
}
