// "Maintenance without a record" (issue #12, domain.md §4): a lift whose terminal reported 检修 (service
// mode 2, GB/T 24476) with no visit recorded around that time. Run by the daily maintenance scan over the
// city's previous day and today until a couple of hours ago (a visit still being entered is not yet
// missing): the mode-2 reports from InfluxDB's elevator_state, grouped into periods per lift
// (schedule.ts), then the store raises one notice per lift and date where no visit overlaps a period.
import { seriesRows, type InfluxClient } from '../platform/influx/client.ts'
import { addDays, instantAt, localDate } from '../platform/calendar.ts'
import { msg, storedNote } from '../platform/messages/message.ts'
import { inspectionModePeriods } from './schedule.ts'
import type { MaintenanceStore } from './store.ts'

/** Reports of one 检修 period: a terminal sends each change and a heartbeat, far more often than this. */
const PERIOD_GAP_MS = 2 * 3_600_000
/** How far a visit's record may start after or end before the 检修 it should account for. */
const SLACK_MS = 2 * 3_600_000
const CHUNK_MS = 3_600_000

const localTime = (ms: number, timeZone: string) =>
  `${localDate(ms, timeZone)} ${new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms))}`

export function createUnrecordedScan (deps: { influx: InfluxClient, store: MaintenanceStore, timeZone: string, now?: () => number }) {
  const now = deps.now ?? Date.now
  return {
    /** Looks at [the city's yesterday 00:00, now − slack); null when another node holds the scan. */
    async scan (today: string, signal?: AbortSignal): Promise<{ raised: number[], cleared: number[] } | null> {
      const from = instantAt(addDays(today, -1), '00:00', deps.timeZone)
      const to = now() - SLACK_MS
      if (to <= from) return { raised: [], cleared: [] }
      // An hour a query: a field filter reads every point of its window, and a city's day of states is large.
      const times = new Map<string, number[]>()
      for (let t = from; t < to; t += CHUNK_MS) {
        const series = await deps.influx.query(`SELECT mode FROM elevator_state WHERE mode = 2 AND time >= ${t}ms AND time < ${Math.min(to, t + CHUNK_MS)}ms GROUP BY equipment`, { signal })
        for (const s of series) {
          const code = s.tags?.equipment
          if (code !== undefined) times.set(code, [...times.get(code) ?? [], ...seriesRows(s).map((r) => Number(r.time))])
        }
      }
      const periods = [...times].flatMap(([equipmentCode, instants]) => {
        return inspectionModePeriods(instants, PERIOD_GAP_MS).map((p) => ({
          equipmentCode, from: new Date(p.from), to: new Date(p.to), day: localDate(p.from, deps.timeZone),
          note: storedNote(msg('note.maintenance_unrecorded', { from: localTime(p.from, deps.timeZone), to: localTime(p.to, deps.timeZone), points: p.points }))
        }))
      })
      return deps.store.raiseUnrecorded(periods, SLACK_MS)
    }
  }
}

export type UnrecordedScan = ReturnType<typeof createUnrecordedScan>
