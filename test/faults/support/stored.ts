// What InfluxDB holds for a load (./telemetry-load.ts), message by message. A message is identified by its
// lift and its `trips` field (its sequence number), not by the timestamp alone, so a stored copy counts as
// a duplicate even if it were written under another timestamp or series.
import { createInfluxClient, influxString, seriesRows } from '../../../platform/influx/client.ts'

export interface StoredCounts {
  /** Distinct messages sent / acknowledged (from the publisher). */
  sent: number
  acked: number
  /** Distinct messages found in InfluxDB. */
  stored: number
  /** Acknowledged but not in InfluxDB: must be 0. */
  lost: number
  /** Points beyond the first for one message: must be 0. */
  duplicated: number
  /** Points that match no message sent, or carry another message's content: must be 0. */
  foreign: number
  /** Sent, not acknowledged, and stored anyway (allowed: the broker died or the disk filled before PUBACK). */
  storedUnacked: number
}

/** Messages per query window: every message of a lift is 1 ms apart, so a window holds at most this many per lift. */
const WINDOW_MS = 20_000

export async function storedPoints (influxUrl: string, database: string, code: string, t0: number, count: number) {
  const influx = createInfluxClient({ url: influxUrl, database })
  const points: Array<{ time: number, trips: number }> = []
  for (let from = t0; from < t0 + Math.max(count, 1); from += WINDOW_MS) {
    const series = await influx.query(`SELECT trips FROM elevator_state WHERE equipment = ${influxString(code)} AND time >= ${from}ms AND time < ${from + WINDOW_MS}ms GROUP BY *`)
    for (const s of series) for (const row of seriesRows(s)) points.push({ time: row.time as number, trips: row.trips as number })
  }
  // Anything stored after the last message's time is foreign too.
  const after = await influx.query(`SELECT count(trips) FROM elevator_state WHERE equipment = ${influxString(code)} AND time >= ${t0 + Math.max(count, 1)}ms`)
  const extra = (seriesRows(after[0])[0]?.count as number | undefined) ?? 0
  return { points, extra }
}

export async function countStored (influxUrl: string, database: string, load: { t0: number, sentByLift (): Map<string, number>, ackedByLift (): Map<string, Set<number>> }): Promise<StoredCounts> {
  const counts: StoredCounts = { sent: 0, acked: 0, stored: 0, lost: 0, duplicated: 0, foreign: 0, storedUnacked: 0 }
  const ackedByLift = load.ackedByLift()
  for (const [code, sent] of load.sentByLift()) {
    const acked = ackedByLift.get(code) ?? new Set<number>()
    counts.sent += sent
    counts.acked += acked.size
    const { points, extra } = await storedPoints(influxUrl, database, code, load.t0, sent)
    counts.foreign += extra
    const copies = new Map<number, number>()
    for (const p of points) {
      if (!Number.isInteger(p.trips) || p.trips < 0 || p.trips >= sent || p.time !== load.t0 + p.trips) { counts.foreign++; continue }
      copies.set(p.trips, (copies.get(p.trips) ?? 0) + 1)
    }
    for (const [seq, n] of copies) {
      counts.stored++
      counts.duplicated += n - 1
      if (!acked.has(seq)) counts.storedUnacked++
    }
    for (const seq of acked) if (!copies.has(seq)) counts.lost++
  }
  return counts
}
