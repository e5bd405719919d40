// Item results a phone could not send (no network in a lift shaft) wait in this browser and are sent again
// when the network is back or the next result is recorded: a half-finished visit survives going offline.
import type { MaintenanceVisitPatch } from '../../api/types.ts'

type Results = NonNullable<MaintenanceVisitPatch['results']>
const key = (visitId: number) => `tianjian.visit.${visitId}.pending`

export function pendingResults (visitId: number): Results {
  try {
    return JSON.parse(localStorage.getItem(key(visitId)) ?? '{}') as Results
  } catch {
    return {}
  }
}

export function keepPending (visitId: number, results: Results) {
  try {
    if (Object.keys(results).length === 0) localStorage.removeItem(key(visitId))
    else localStorage.setItem(key(visitId), JSON.stringify(results))
  } catch { /* storage blocked: the results stay in memory until sent */ }
}
