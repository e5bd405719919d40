// The pre-fill check under load (issue #13): request published → reply received over real MQTT, with a
// province's 1,000,000 cylinders registered, while the broker ingests lift telemetry at half the rate it
// can carry. Target p99 < 50 ms.
//
// The data folder is seeded before the service starts (PGlite): a small lift city for the load's gateways,
// ten filling units with two stations each and their gateways, and the cylinders by set-based inserts — 1
// in 20 overdue, 1 in 100 failed, 1 in 200 scrapped, some past their life. The service then loads every
// cylinder into its check view at start (timed). The background load runs at half of `maxRate` (measured
// by the bench's phase 4, or by a short run here first); each station's gateway asks, one check after
// another with a random gap, about a random cylinder, mostly its own unit's, 1 in 20 a code nobody
// registered. Separately, a child process measures what the view costs per cylinder (bench/view-memory-child.ts).
import { fork } from 'node:child_process'
import { join } from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { openDb } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { seedCity } from '../simulators/city/seed-city.ts'
import { createGatewayStore } from '../gateways/store.ts'
import { createInfluxClient } from '../platform/influx/client.ts'
import { STATION, stationTopic } from '../cylinders/payloads.ts'
import { unknownStationCodes } from '../cylinders/station-kind.ts'
import { jobGateways } from './lift-payloads.ts'
import { startServiceProcess } from './service-process.ts'
import { runIngest } from './throughput.ts'
import { percentile, round } from './machine.ts'
import { childScript } from './build.ts'
import { fmt, type Row } from './report.ts'

const UNITS = 10
const STATIONS_PER_UNIT = 2
const SEED_CHUNK = 100_000
const REPLY_TIMEOUT_MS = 10_000

export interface FillCheckOptions {
  cylinders: number
  samples: number
  /** The broker's measured maximum (msg/s); null: measure it here first. */
  maxRate: number | null
  loadGateways: number
  window: number
  dataDir: string
  tmpDir: string
  influxUrl: string
  influxPid: number | null
  log: (line: string) => void
}

export interface FillCheckRun {
  cylinders: number
  stations: number
  samples: number
  failed: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  refusedShare: number
  seedS: number
  /** Service start with the view's load of every cylinder. */
  serviceStartS: number
  serviceRssMb: number
  maxRateMsgS: number
  backgroundMsgS: number
  view: { bytesPerCylinder: number, rssMbPerMillion: number }
}

const code = (i: number) => `CY${String(i).padStart(11, '0')}`

async function seed (dataDir: string, o: FillCheckOptions) {
  const db = await openDb({ url: null, dataDir: join(dataDir, 'pg') })
  try {
    await migrate(db)
    const lifts = Math.ceil(o.loadGateways * 3.4)
    // No demo cylinders: the phase seeds its own, as many as asked.
    const city = await seedCity(db, { lifts, seed: 'fill-check', cylinders: 0 })
    if (!city.seeded) throw new Error(`the bench data folder ${dataDir} was not empty`)
    const [district] = await db.query<{ id: number }>('select id from districts order by id limit 1')
    await db.query(`insert into filling_units (name, license_no, district_id) select '充装单位' || g, 'TS-' || g, $1 from generate_series(1, ${UNITS}) g`, [district!.id])
    await db.query(`insert into filling_stations (code, filling_unit_id, name)
      select 'FS-' || u.id || '-' || s, u.id, '充装枪' || s from filling_units u, generate_series(1, ${STATIONS_PER_UNIT}) s`)
    for (let from = 1; from <= o.cylinders; from += SEED_CHUNK) {
      const to = Math.min(o.cylinders, from + SEED_CHUNK - 1)
      // Unit by i mod 10, so a station's own cylinders are every tenth code.
      await db.query(`insert into cylinders (code, filling_unit_id, manufacturer, serial, volume_l, medium, nominal_pressure_mpa, manufactured_on,
          next_inspection_due, end_of_life, status, scrapped_on, capacity_kg, empty_mass_kg)
        select 'CY' || lpad(g::text, 11, '0'), (select min(id) from filling_units) + g % ${UNITS}, '钢瓶厂', 's' || g, 35.5, 'LPG', 2.1,
          date '2016-01-01' + g % 3000,
          case when g % 20 = 0 then date '2025-06-01' else date '2027-01-01' + g % 900 end,
          date '2016-01-01' + g % 3000 + 4383,
          case when g % 200 = 0 then 'scrapped' when g % 100 = 0 then 'failed' else 'in_use' end,
          case when g % 200 = 0 then date '2025-01-01' end, 14.5, 15.2
        from generate_series($1::int, $2::int) g`, [from, to])
      o.log(`  cylinders: ${to.toLocaleString('en-US')} of ${o.cylinders.toLocaleString('en-US')}`)
    }
    await db.query('analyze cylinders')
    const gateways = createGatewayStore(db, [{ segment: STATION, unknownCodes: unknownStationCodes }])
    const stations = await db.query<{ code: string, unit: number }>(`select code, filling_unit_id - (select min(id) from filling_units) as unit from filling_stations order by code`)
    const out: Array<{ gatewayId: string, secret: string, station: string, unit: number }> = []
    for (const [i, s] of stations.entries()) {
      const gatewayId = `fc-${i + 1}`
      const { secret } = await gateways.create({ id: gatewayId, name: null, useUnitId: null, equipment: { [STATION]: [s.code] } })
      out.push({ gatewayId, secret, station: s.code, unit: s.unit })
    }
    return { fleet: city.fleet, stations: out }
  } finally {
    await db.close()
  }
}

function measureViewMemory (cylinders: number): Promise<{ bytesPerCylinder: number, rssMbPerMillion: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript('view-memory-child'), [String(cylinders)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`view memory child exited with ${code}`))
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as { bytesPerCylinder: number, rssMbPerMillion: number }
      resolve({ bytesPerCylinder: r.bytesPerCylinder, rssMbPerMillion: r.rssMbPerMillion })
    })
  })
}

function connect (port: number, id: string, secret: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { username: id, password: secret, clientId: id, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 30_000 })
    client.once('connect', () => resolve(client))
    client.once('error', (err) => { client.end(true); reject(err) })
  })
}

/** Each station asks its share of the samples, one after the other, a random 20–80 ms apart. */
async function sampleChecks (port: number, stations: Array<{ gatewayId: string, secret: string, station: string, unit: number }>, samples: number, cylinders: number) {
  const latencies: number[] = []
  let failed = 0
  let refused = 0
  const clients = await Promise.all(stations.map((s) => connect(port, s.gatewayId, s.secret)))
  try {
    await Promise.all(stations.map(async (s, k) => {
      const client = clients[k]!
      const waiting = new Map<string, (reply: { allowed: boolean }) => void>()
      client.on('message', (_topic, payload) => {
        const reply = JSON.parse(payload.toString()) as { id: string, allowed: boolean }
        waiting.get(reply.id)?.(reply)
      })
      await client.subscribeAsync(stationTopic(s.gatewayId, s.station, 'reply'), { qos: 1 })
      const share = Math.ceil(samples / stations.length)
      for (let n = 0; n < share; n++) {
        const own = s.unit + UNITS * Math.floor(Math.random() * (cylinders / UNITS))
        const cylinder = Math.random() < 0.05 ? `NX${String(n).padStart(11, '0')}` : code(Math.min(cylinders, Math.max(1, own)))
        const id = `${s.station}-${n}`
        const replied = new Promise<{ allowed: boolean } | null>((resolve) => {
          const timer = setTimeout(() => { waiting.delete(id); resolve(null) }, REPLY_TIMEOUT_MS)
          waiting.set(id, (r) => { clearTimeout(timer); waiting.delete(id); resolve(r) })
        })
        const t0 = performance.now()
        client.publish(stationTopic(s.gatewayId, s.station, 'check'), JSON.stringify({ id, cylinder, medium: 'LPG' }), { qos: 1 })
        const reply = await replied
        if (reply === null) failed++
        else {
          latencies.push(performance.now() - t0)
          if (!reply.allowed) refused++
        }
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 60))
      }
    }))
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true)))
  }
  return { latencies: latencies.sort((a, b) => a - b), failed, refused }
}

export async function runFillCheckPhase (o: FillCheckOptions): Promise<FillCheckRun> {
  const t0 = performance.now()
  // Always a million, whatever the phase's size: a per-cylinder figure from a small view is mostly noise.
  o.log('  measuring the check view\'s memory for 1,000,000 cylinders (child process)…')
  const view = await measureViewMemory(1_000_000)
  o.log(`  view: ${view.bytesPerCylinder} bytes a cylinder (heap + typed arrays), RSS ${view.rssMbPerMillion} MB per million`)
  o.log('  seeding (PGlite)…')
  const seeded = await seed(o.dataDir, o)
  const seedS = (performance.now() - t0) / 1000
  const t1 = performance.now()
  const service = await startServiceProcess({ dataDir: o.dataDir, influxUrl: o.influxUrl, profileDir: null, redisUrl: null, env: { TELEMETRY_UNCHANGED_POINT_S: '0' } })
  const serviceStartS = (performance.now() - t1) / 1000
  try {
    const status = await service.status()
    o.log(`  service started in ${serviceStartS.toFixed(1)} s with every cylinder in its view; RSS ${fmt(status.rssBytes / 1048576)} MB`)
    const influx = createInfluxClient({ url: o.influxUrl, database: 'tianjian', timeoutMs: 120_000 })
    const pids = { service: service.pid, influxd: o.influxPid }
    const load = { gateways: jobGateways(seeded.fleet.gateways.slice(0, o.loadGateways), 64), window: o.window, durationMs: 10_000 }
    const hour = 3_600_000
    const base = Math.floor(Date.now() / hour) * hour - 9 * hour
    let maxRate = o.maxRate
    if (maxRate === null) {
      o.log('  the broker\'s maximum: 10 s of unthrottled load…')
      maxRate = (await runIngest(service, influx, pids, load, o.tmpDir, { tsBase: base, log: () => {} })).ackedPerS
    }
    const rate = Math.round(maxRate / 2)
    o.log(`  ${o.samples} checks from ${seeded.stations.length} stations while the broker ingests ${fmt(rate)} msg/s (half of ${fmt(maxRate)})…`)
    const backgroundMs = 8000 + o.samples * 60 / seeded.stations.length
    const end = new AbortController()
    const background = runIngest(service, influx, pids, { ...load, durationMs: backgroundMs }, o.tmpDir, { tsBase: base + hour, rate, log: () => {}, signal: end.signal })
    void background.catch(() => {})
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const checks = await sampleChecks(service.mqttPort, seeded.stations, o.samples, o.cylinders)
    end.abort()
    const loaded = await background
    if (loaded.check.lost > 0) throw new Error(`${loaded.check.lost} acknowledged messages of the background load are missing from InfluxDB`)
    const l = checks.latencies
    return {
      cylinders: o.cylinders,
      stations: seeded.stations.length,
      samples: l.length,
      failed: checks.failed,
      p50Ms: round(percentile(l, 50), 1),
      p99Ms: round(percentile(l, 99), 1),
      maxMs: round(l.at(-1) ?? Number.NaN, 1),
      refusedShare: round(checks.refused / Math.max(1, l.length), 3),
      seedS: round(seedS, 1),
      serviceStartS: round(serviceStartS, 1),
      serviceRssMb: Math.round(status.rssBytes / 1048576),
      maxRateMsgS: Math.round(maxRate),
      backgroundMsgS: Math.round(loaded.ackedPerS),
      view
    }
  } finally {
    await service.stop()
  }
}

export function fillCheckRows (r: FillCheckRun): Row[] {
  return [
    { label: 'p50', value: `${fmt(r.p50Ms, 1)} ms` },
    { label: 'p99', value: `${fmt(r.p99Ms, 1)} ms`, note: `max ${fmt(r.maxMs, 1)} ms; ${fmt(r.samples)} checks from ${r.stations} stations, ${r.failed} unanswered; ${Math.round(r.refusedShare * 100)}% refused` },
    { label: 'background', value: `${fmt(r.backgroundMsgS)} msg/s`, note: `half of the broker's ${fmt(r.maxRateMsgS)} msg/s, lift telemetry, every message verified in InfluxDB` },
    { label: 'cylinders', value: fmt(r.cylinders), note: `seeded in ${fmt(r.seedS, 1)} s; the service started (every cylinder into its view) in ${fmt(r.serviceStartS, 1)} s, RSS ${fmt(r.serviceRssMb)} MB` },
    { label: 'check view', value: `${r.view.bytesPerCylinder} B/cylinder`, note: `heap + typed arrays after a full GC; RSS ${fmt(r.view.rssMbPerMillion)} MB per million cylinders (a million, measured alone)` }
  ]
}

export const fillCheckSummary = (r: FillCheckRun | null) => ({ fill_check_p99_ms: r?.p99Ms ?? null })
