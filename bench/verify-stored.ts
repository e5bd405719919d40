// Counts what actually reached InfluxDB: points per lift (one per unique lift + timestamp, as InfluxDB keeps
// one point per series and time) within the range a publish job used, compared with what was acknowledged.
import { influxString, seriesRows, type InfluxClient } from '../platform/influx/client.ts'
import type { JobGateway, PublishResult } from './load-job.ts'

export interface StoredCheck {
  acked: number
  /** Acknowledged messages found in InfluxDB. */
  stored: number
  /** Acknowledged but not in InfluxDB: must be 0. */
  lost: number
  lostExamples: string[]
}

export async function verifyStored (influx: InfluxClient, gateways: JobGateway[], result: PublishResult, tsBase: number): Promise<StoredCheck> {
  const codes = gateways.flatMap((g) => g.lifts.map((l) => l.code))
  const span = Math.max(1, ...result.sentByLift)
  const series = await influx.query(`SELECT count(floor) FROM elevator_state WHERE time >= ${tsBase}ms AND time < ${tsBase + span}ms GROUP BY equipment`)
  const counted = new Map(series.map((s) => [s.tags?.equipment ?? '', (seriesRows(s)[0]?.count as number | undefined) ?? 0]))
  const unackedByLift = new Map<number, Set<number>>()
  for (const [lift, ts] of result.unacked) {
    const set = unackedByLift.get(lift) ?? new Set()
    unackedByLift.set(lift, set.add(ts))
  }

  let stored = 0
  let lost = 0
  const lostExamples: string[] = []
  for (let i = 0; i < codes.length; i++) {
    const acked = result.ackedByLift[i]!
    if (acked === 0) continue
    const unacked = unackedByLift.get(i)
    if (unacked === undefined) {
      // Every message of this lift was acknowledged: its count in InfluxDB must equal it.
      const n = Math.min(acked, counted.get(codes[i]!) ?? 0)
      stored += n
      if (n < acked) { lost += acked - n; lostExamples.push(`${codes[i]}: ${acked - n} of ${acked}`) }
      continue
    }
    // Some went unacknowledged (a lost connection): compare timestamp by timestamp.
    const rows = seriesRows((await influx.query(`SELECT floor FROM elevator_state WHERE equipment = ${influxString(codes[i]!)} AND time >= ${tsBase}ms AND time < ${tsBase + span}ms`))[0])
    const times = new Set(rows.map((r) => r.time as number))
    for (let seq = 0; seq < result.sentByLift[i]!; seq++) {
      const ts = tsBase + seq
      if (unacked.has(ts)) continue
      if (times.has(ts)) stored++
      else { lost++; if (lostExamples.length < 10) lostExamples.push(`${codes[i]} @ ${ts}`) }
    }
  }
  return { acked: result.acked, stored, lost, lostExamples }
}
