// InfluxDB's own ingest ceiling on this machine: pre-built line protocol (the service's exact lines), in
// batches of 5,000, from 2 concurrent writers — the shape of the service's shipper with headroom — into a
// database of its own, then the stored points are counted.
import { createInfluxClient, seriesRows } from '../platform/influx/client.ts'

export interface InfluxRawResult { points: number, stored: number, elapsedMs: number, ptsPerS: number, influxCpuS: number | null }

export async function measureInfluxRaw (url: string, batches: string[], points: number, writers: number, influxCpu: () => number | null): Promise<InfluxRawResult> {
  const influx = createInfluxClient({ url, database: 'bench_raw', timeoutMs: 60_000 })
  await influx.ensureDatabase()
  const before = influxCpu()
  let next = 0
  const t0 = performance.now()
  await Promise.all(Array.from({ length: writers }, async () => {
    while (next < batches.length) await influx.write(batches[next++]!)
  }))
  const elapsedMs = performance.now() - t0
  const after = influxCpu()
  const rows = seriesRows((await influx.query('SELECT count(floor) FROM elevator_state'))[0])
  const stored = (rows[0]?.count as number | undefined) ?? 0
  // Its shards would keep compacting in the background, taking CPU from the phases that follow.
  await influx.query('DROP DATABASE bench_raw', { database: null })
  return { points, stored, elapsedMs, ptsPerS: points / elapsedMs * 1000, influxCpuS: before === null || after === null ? null : after - before }
}
