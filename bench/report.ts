// The bench's output: a table a person reads, the summary JSON line (the last line on stdout) a script
// reads, and the full results file under bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Machine } from './machine.ts'

export interface Summary {
  influx_raw_pts_s: number
  mosquitto_qos1_msg_s: number | null
  aedes_raw_qos1_msg_s: number
  ingest_qos1_msg_s: number
  ingest_vs_aedes_raw: number
  /** Verified ingest ÷ what this machine's cores could carry if the service cost what a bare Aedes does:
   *  cores × 10⁶ ÷ (aedes + influxd + load generator µs per message). */
  ingest_vs_colocated_limit: number | null
  /** CPU µs (user + system, from /proc) per message in the measured window of each process's run. */
  service_cpu_us_per_msg: number | null
  aedes_cpu_us_per_msg: number | null
  /** influxd during the service's run, per point written (one point per message of the bench's load). */
  influxd_cpu_us_per_point: number | null
  loadgen_cpu_us_per_msg: number | null
  lost: number
  alert_p50_ms: number
  alert_p99_ms: number
  /** Pre-fill check, request published → reply received over MQTT, 1,000,000 cylinders, broker at half its maximum (bench/fill-check.ts). */
  fill_check_p99_ms: number | null
  /** 定检率 by district at a reference date over 100,000 lifts and 1,000,000 records (bench/kpi.ts), and its 12-month trend. */
  kpi_inspection_rate_p95_ms: number | null
  kpi_inspection_trend_p95_ms: number | null
  rss_mb: number
  connections: number
  city_lifts: number | null
  city_gateways: number | null
  city_offered_msg_s: number | null
  city_acked_msg_s: number | null
  /** Slope of the service's spool (points waiting for InfluxDB) over the second half of the city phase: ≤ 0 keeps up. */
  city_backlog_growth_pts_s: number | null
  city_service_cpu_us_per_msg: number | null
  city_influxd_cpu_us_per_point: number | null
  city_rss_mb: number | null
  /** The same city (gateways, lifts, generators) against a bare Aedes and Mosquitto: broker CPU per acknowledged message (null when skipped). */
  city_aedes_raw_cpu_us_per_msg: number | null
  city_mosquitto_cpu_us_per_msg: number | null
  /** city_service_cpu_us_per_msg ÷ city_aedes_raw_cpu_us_per_msg. */
  city_service_vs_aedes_raw_cpu: number | null
  /** Raw `net`: one read and one 4-byte write per message over as many connections at the service's rate. */
  city_socket_floor_cpu_us_per_msg: number | null
}

export interface Row { label: string, value: string, note?: string }

const fmt = (n: number | null | undefined, digits = 0) => n === null || n === undefined || Number.isNaN(n) ? '—'
  : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
export { fmt }

export function printTable (title: string, rows: Row[]) {
  const width = Math.max(...rows.map((r) => r.label.length))
  const valueWidth = Math.max(...rows.map((r) => r.value.length))
  console.log(`\n${title}`)
  for (const r of rows) console.log(`  ${r.label.padEnd(width)}  ${r.value.padStart(valueWidth)}${r.note === undefined ? '' : `  ${r.note}`}`)
}

export function printMachine (m: Machine) {
  printTable('Machine', [
    { label: 'cores', value: String(m.cores), note: m.cpu },
    { label: 'memory', value: `${m.memoryGb} GiB`, note: `Linux ${m.kernel}` },
    { label: 'node', value: m.node },
    { label: 'influxdb', value: m.influx },
    { label: 'mosquitto', value: m.mosquitto ?? 'not installed' },
    { label: 'fdatasync 4 KiB', value: `${m.fdatasyncP50Ms} ms`, note: `p50 (p99 ${m.fdatasyncP99Ms} ms), where the write-ahead log lives` }
  ])
}

export function writeResults (root: string, startedAt: Date, results: unknown): string {
  const dir = join(root, 'bench-results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  return file
}
