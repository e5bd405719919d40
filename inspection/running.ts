// "Overdue and still running" (违规使用): the evidence from InfluxDB that a lift which must not be used
// (past the date its latest inspection kept it valid until, or failed and not passed since; domain.md §5)
// still runs. Counted from the start of the city's day after that date, the first day it was unfit:
//  - trips: max(trips) − min(trips) of its states since then (the terminal's trip counter; a state equal to
//    the lift's last point is not written again within 60 s, docs/measurements.md, so the points are not
//    one per trip, but the counter's rise is); null when the terminal sends no counter;
//  - moving points: states with moving = true since then, and the last of them — the evidence when the
//    terminal sends no counter.
// A lift is running when either is above zero. Queries go by the day the counting starts, lifts in chunks,
// one GROUP BY equipment each: a city's unfit lifts are a few queries, not one per lift.
import type { InfluxClient } from '../platform/influx/client.ts'
import { influxString } from '../platform/influx/client.ts'
import { addDays, instantAt } from '../platform/calendar.ts'
import { flagIsSet } from '../elevators/state-flags.ts'

export interface UnfitLift { elevatorId: number, equipmentCode: string, validUntil: string, status: 'overdue' | 'failed' }

export interface RunningEvidence extends UnfitLift {
  /** Start of the city's day after validUntil (ms). */
  since: number
  trips: number | null
  movingPoints: number
  lastMovingAt: number | null
}

const CHUNK = 200

/** The start (ms) of the first day a lift valid until `validUntil` is unfit, in the city's time. */
export function unfitSince (validUntil: string, timeZone: string): number {
  return instantAt(addDays(validUntil, 1), '00:00', timeZone)
}

/** Whether the evidence says the lift ran while unfit. */
export const isRunning = (e: Pick<RunningEvidence, 'trips' | 'movingPoints'>) => (e.trips ?? 0) > 0 || e.movingPoints > 0

/** Evidence for each unfit lift, those with none (no state since) included with zeros. */
export async function measureRunning (influx: InfluxClient, lifts: readonly UnfitLift[], timeZone: string, signal?: AbortSignal): Promise<RunningEvidence[]> {
  const bySince = new Map<number, UnfitLift[]>()
  for (const lift of lifts) {
    const since = unfitSince(lift.validUntil, timeZone)
    bySince.set(since, [...(bySince.get(since) ?? []), lift])
  }
  const out: RunningEvidence[] = []
  for (const [since, group] of bySince) {
    for (let i = 0; i < group.length; i += CHUNK) {
      const chunk = group.slice(i, i + CHUNK)
      const which = `time >= ${since}ms AND (${chunk.map((l) => `equipment = ${influxString(l.equipmentCode)}`).join(' OR ')})`
      // `moving` is bit 0 of `flags`, or its own boolean field in points before 0.2.0: the condition takes
      // either, and the moving points are counted and timed by `mode`, which every state point has.
      const movingWhere = `${flagIsSet('moving')} AND ${which}`
      const [counters, moving, last] = await Promise.all([
        influx.query(`SELECT max(trips) AS hi, min(trips) AS lo FROM elevator_state WHERE ${which} GROUP BY equipment`, { signal }),
        influx.query(`SELECT count(mode) AS n FROM elevator_state WHERE ${movingWhere} GROUP BY equipment`, { signal }),
        influx.query(`SELECT last(mode) FROM elevator_state WHERE ${movingWhere} GROUP BY equipment`, { signal })
      ])
      const first = (series: typeof counters, code: string) => series.find((s) => s.tags?.equipment === code)
      for (const lift of chunk) {
        const c = first(counters, lift.equipmentCode)
        const hi = c?.values[0]?.[c.columns.indexOf('hi')]
        const lo = c?.values[0]?.[c.columns.indexOf('lo')]
        const m = first(moving, lift.equipmentCode)
        const l = first(last, lift.equipmentCode)
        out.push({
          ...lift, since,
          trips: typeof hi === 'number' && typeof lo === 'number' ? hi - lo : null,
          movingPoints: Number(m?.values[0]?.[m.columns.indexOf('n')] ?? 0),
          lastMovingAt: l === undefined ? null : Number(l.values[0]?.[0])
        })
      }
    }
  }
  return out
}
