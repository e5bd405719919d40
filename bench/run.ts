// `npm run bench [-- --quick]`: honest numbers against this machine's own limits. Everything runs here on
// free loopback ports, each system under test in a process of its own, all driven by one load generator:
//   1. InfluxDB alone        pre-built line protocol, batches of 5,000, 2 writers, count verified
//   2. Mosquitto             QoS 1 pass-through of the load
//   3. bare Aedes            the same load, no hooks
//   4. the service           the same load, authenticated gateways, only messages found in InfluxDB count
//   5. alert latency         entrapment → SSE `alert`, at half the service's measured rate
//   6. connections           many gateways connected at once and kept alive; the service's RSS
//   7. city                  a city's shape: 100,000 lifts behind their gateways, heartbeats every 5 s;
//                            does InfluxDB keep up, and what each message and point costs (bench/city.ts);
//                            then the same city on a bare Aedes and Mosquitto, and the socket floor
//   8. inspection KPIs       定检率 by district at a date and its 12-month trend over 100,000 lifts and
//                            1,000,000 inspection records in PostgreSQL (bench/kpi.ts)
//   9. pre-fill check        a station's check → its reply over MQTT, 1,000,000 cylinders in the view,
//                            the broker at half its measured maximum (bench/fill-check.ts)
// Progress goes to stderr; the table and, last, one JSON line to stdout. Exits 1 if anything acknowledged
// is missing from InfluxDB, or if a phase fails.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startInfluxd } from '../platform/influx/influxd.ts'
import { createInfluxClient } from '../platform/influx/client.ts'
import { HELP, parseBenchArgs, type BenchOptions } from './options.ts'
import { describeMachine, round, watchFdatasync } from './machine.ts'
import { jobGateways, lineProtocolBatches } from './lift-payloads.ts'
import { measureInfluxRaw } from './influx-raw.ts'
import { mosquittoVersion, startAedesRaw, startMosquitto } from './brokers.ts'
import { runBroker, runIngest, type BrokerRun } from './throughput.ts'
import { seedBenchCity, startServiceProcess } from './service-process.ts'
import { measureAlertLatency } from './alert-latency.ts'
import { holdConnections } from './connections.ts'
import { cpuSeconds, findPid } from './proc-stats.ts'
import { fmt, printMachine, printTable, writeResults, type Summary } from './report.ts'
import { summariseProfiles } from './profile-summary.ts'
import { buildBench } from './build.ts'
import { startRedis } from '../test/support/redis.ts'
import { citySummary, cityRows, runCityPhase, type CityRun } from './city.ts'
import { kpiRows, kpiSummary, runKpiPhase, type KpiRun } from './kpi.ts'
import { fillCheckRows, fillCheckSummary, runFillCheckPhase, type FillCheckRun } from './fill-check.ts'

const ROOT = new URL('..', import.meta.url).pathname
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`

// Module-level so Ctrl-C can stop influxd and the brokers too, not only a normal end or an error.
const cleanup: Array<() => Promise<unknown>> = []
async function runCleanup () {
  for (const fn of cleanup.splice(0)) await fn().catch((err: Error) => log(`cleanup: ${err.message}`))
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => { log(`${signal}: stopping`); void runCleanup().finally(() => process.exit(130)) })
}

async function bench (o: BenchOptions) {
  const startedAt = new Date()
  const tmp = mkdtempSync(join(tmpdir(), 'tianjian-bench-'))
  cleanup.push(async () => { if (!o.keep) rmSync(tmp, { recursive: true, force: true }) })
  try {
    const kpi = (step: string) => o.kpi.lifts === 0 ? Promise.resolve(null) : (log(`${step} inspection KPIs: ${o.kpi.lifts.toLocaleString('en-US')} lifts, ${o.kpi.calls} calls each…`),
      runKpiPhase({ ...o.kpi, log }))
    if (o.kpiOnly) {
      const run = (await kpi('1/1'))!
      printTable('Inspection KPIs, PostgreSQL (the queries of GET /api/figures/inspection)', kpiRows(run))
      const file = writeResults(ROOT, startedAt, { mode: 'kpi-only', options: o, kpi: run })
      console.log(`\nResults: ${file}`)
      console.log(JSON.stringify({ ...kpiSummary(run), mode: `kpi-only${o.quick ? ' quick' : ''}`, lifts: run.lifts, records: run.records }))
      return
    }
    const t0 = performance.now()
    log('compiling the service for the bench (tsc, incremental)…')
    const buildWarning = buildBench()
    if (buildWarning !== null) log(buildWarning)
    const influxd = await startInfluxd({ dir: join(tmp, 'influx') })
    cleanup.unshift(() => influxd.stop())
    const influxPid = findPid(join(tmp, 'influx', 'influxdb.conf'))
    const machine = await describeMachine(tmp, influxd.version, mosquittoVersion())
    printMachine(machine)
    const profileDir = o.profile ? join(ROOT, 'bench-results', 'profiles', startedAt.toISOString().replace(/[:.]/g, '-')) : null
    if (profileDir !== null) mkdirSync(profileDir, { recursive: true })
    const city = (step: string) => o.city.lifts === 0 ? Promise.resolve(null) : (log(`${step} city: ${o.city.lifts.toLocaleString('en-US')} lifts, heartbeat ${o.city.heartbeatS} s, ${o.city.durationS} s measured${o.city.raw ? `, then bare Aedes, Mosquitto and the socket floor ${o.city.rawDurationS} s each` : ''}…`),
      runCityPhase({ ...o.city, dataDir: join(tmp, 'city'), tmpDir: tmp, influxUrl: influxd.url, influxPid, profileDir, log }))
    const fillCheck = (step: string, maxRate: number | null) => o.fillCheck.cylinders === 0 ? Promise.resolve(null)
      : (log(`${step} pre-fill check: ${o.fillCheck.cylinders.toLocaleString('en-US')} cylinders, ${o.fillCheck.samples} checks…`),
        runFillCheckPhase({ ...o.fillCheck, maxRate, loadGateways: o.loadGateways, window: o.window, dataDir: join(tmp, 'fill-check'), tmpDir: tmp, influxUrl: influxd.url, influxPid, log }))
    if (o.fillCheckOnly) {
      const run = (await fillCheck('1/1', null))!
      printTable('Pre-fill check, request → reply over MQTT, broker at half its maximum', fillCheckRows(run))
      const file = writeResults(ROOT, startedAt, { mode: 'fill-check-only', options: o, machine, fillCheck: run })
      console.log(`\nResults: ${file}`)
      console.log(JSON.stringify({ ...fillCheckSummary(run), mode: `fill-check-only${o.quick ? ' quick' : ''}`, cylinders: run.cylinders, cores: machine.cores, cpu: machine.cpu, node: machine.node, influx: machine.influx }))
      return
    }
    if (o.cityOnly) {
      const run = (await city('1/1'))!
      printTable('City shape, QoS 1 (fleet simulator; CPU per message and point over the measured window)', cityRows(run))
      if (profileDir !== null) console.log(`\nService CPU profile of the city phase, by self time (${profileDir}):\n${summariseProfiles(join(profileDir, 'city.cpuprofile'), 30)}`)
      const file = writeResults(ROOT, startedAt, { mode: 'city-only', options: o, machine, city: run })
      console.log(`\nResults: ${file}`)
      console.log(JSON.stringify({ ...citySummary(run), mode: `city-only${o.quick ? ' quick' : ''}`, cores: machine.cores, cpu: machine.cpu, node: machine.node, influx: machine.influx }))
      return
    }

    const dataDir = join(tmp, 'service')
    log(`seeding a city of ${o.cityLifts.toLocaleString('en-US')} lifts (PGlite, gateway secrets hashed)…`)
    const fleet = await seedBenchCity(dataDir, o.cityLifts)
    log(`seeded ${fleet.gateways.length.toLocaleString('en-US')} gateways in ${seconds(t0)}`)
    const load = { gateways: jobGateways(fleet.gateways.slice(0, o.loadGateways), 64), window: o.window, durationMs: o.durationS * 1000 }
    const liftsInLoad = load.gateways.reduce((n, g) => n + g.lifts.length, 0)
    const alertGateways = fleet.gateways.slice(o.loadGateways, o.loadGateways + o.alertSamples)
    log(`load: ${o.loadGateways} gateways (${liftsInLoad} lifts), ${o.window} QoS 1 messages in flight each, ${o.durationS} s per broker`)

    // Timestamps of each run in their own hour, so every run's points can be counted apart.
    const hour = 3_600_000
    const base = Math.floor(Date.now() / hour) * hour - 6 * hour

    log(`1/9 InfluxDB alone: ${o.influxPoints.toLocaleString('en-US')} points…`)
    const batches = lineProtocolBatches(load.gateways, o.influxPoints, 5000, base)
    const influxRaw = await measureInfluxRaw(influxd.url, batches, o.influxPoints, 2, () => influxPid === null ? null : cpuSeconds(influxPid))
    batches.length = 0
    if (influxRaw.stored !== influxRaw.points) throw new Error(`InfluxDB stored ${influxRaw.stored} of ${influxRaw.points} raw points`)

    let mosquitto: BrokerRun | null = null
    if (machine.mosquitto !== null) {
      log('2/9 Mosquitto…')
      const broker = await startMosquitto(tmp)
      try {
        mosquitto = await runBroker('mosquitto', broker.port, { mosquitto: broker.pid }, load, tmp, { auth: false, tsBase: base, log })
      } finally { await broker.stop() }
    } else log('2/9 Mosquitto is not installed: skipped (apt-get install mosquitto)')

    log('3/9 bare Aedes…')
    const aedesBroker = await startAedesRaw()
    let aedes: BrokerRun
    try {
      aedes = await runBroker('aedes', aedesBroker.port, { aedes: aedesBroker.pid }, load, tmp, { auth: false, tsBase: base, log })
    } finally { await aedesBroker.stop() }

    log('4/9 the service end to end…')
    let redisUrl: string | null = null
    if (o.redis) {
      const redis = await startRedis()
      cleanup.unshift(() => redis.stop())
      redisUrl = redis.url
      log(`  as a cluster node: REDIS_URL=${redis.url}`)
    }
    // Every message a point: the throughput runs check each acknowledged message in InfluxDB, and their
    // load repeats a lift's state more often than a city does (the city phase runs the default).
    const service = await startServiceProcess({ dataDir, influxUrl: influxd.url, profileDir, redisUrl, env: { TELEMETRY_UNCHANGED_POINT_S: '0' } })
    cleanup.unshift(() => service.stop())
    const influx = createInfluxClient({ url: influxd.url, database: 'tianjian', timeoutMs: 120_000 })
    const pids = { service: service.pid, influxd: influxPid }
    await service.profile('ingest')
    const ingest = await runIngest(service, influx, pids, load, tmp, { tsBase: base + hour, log })
    log(`  service: ${fmt(ingest.check.stored)} of ${fmt(ingest.acked)} acknowledged messages found in InfluxDB (drain ${fmt(ingest.drainMs)} ms)`)

    log(`5/9 alert latency: ${o.alertSamples} entrapments while loaded at ${fmt(ingest.ackedPerS / 2)} msg/s…`)
    await service.profile('alerts')
    // The background load runs until the samples are done (capped, should a sample hang).
    const backgroundMs = 5000 + o.alertSamples * 1000
    const endBackground = new AbortController()
    const background = runIngest(service, influx, pids, { ...load, durationMs: backgroundMs }, tmp, { tsBase: base + 2 * hour, rate: Math.round(ingest.ackedPerS / 2), log: () => {}, signal: endBackground.signal })
    void background.catch(() => {}) // awaited below; a failure of the samples must not leave it unhandled
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const alertT0 = performance.now()
    // The service's log lives on this disk too: a stall seen here explains a stall in the PUBACKs.
    const stopWatch = watchFdatasync(dataDir)
    const alerts = await measureAlertLatency(service.httpUrl, service.mqttPort, alertGateways)
    const disk = await stopWatch()
    endBackground.abort()
    const underLoad = performance.now() - alertT0 + 2000 < backgroundMs
    const loaded = await background
    log(`  alerts: ${alerts.samples} samples${underLoad ? '' : ' (some after the background load ended)'}; background ${fmt(loaded.ackedPerS)} msg/s, ${loaded.check.lost} lost`)

    log(`6/9 connections: ${o.connections.toLocaleString('en-US')} gateways at once…`)
    await service.profile('connections')
    const held = await holdConnections(service, jobGateways(fleet.gateways, 1), o.connections, o.holdS * 1000, tmp, log)

    await service.profile(null)
    await cleanup.shift()!()
    const cityRun: CityRun | null = await city('7/9')
    const kpiRun: KpiRun | null = await kpi('8/9')
    const fillCheckRun: FillCheckRun | null = await fillCheck('9/9', ingest.ackedPerS)
    const profile = profileDir === null ? null : summariseProfiles(join(profileDir, 'ingest.cpuprofile'), 30)

    const lost = ingest.check.lost + loaded.check.lost
    // The colocated limit: the service's run with the service's own CPU replaced by a bare Aedes' (same
    // generator, same influxd): what these cores could carry if ingest cost nothing beyond MQTT itself.
    const cost = {
      service: ingest.cpuUsPerMsg.service ?? null,
      aedes: aedes.cpuUsPerMsg.aedes ?? null,
      influxd: ingest.cpuUsPerMsg.influxd ?? null,
      loadgen: ingest.cpuUsPerMsg['load generator'] ?? null
    }
    const colocatedLimit = cost.aedes === null || cost.influxd === null || cost.loadgen === null ? null
      : machine.cores * 1e6 / (cost.aedes + cost.influxd + cost.loadgen)
    const summary: Summary = {
      influx_raw_pts_s: Math.round(influxRaw.ptsPerS),
      mosquitto_qos1_msg_s: mosquitto === null ? null : Math.round(mosquitto.ackedPerS),
      aedes_raw_qos1_msg_s: Math.round(aedes.ackedPerS),
      ingest_qos1_msg_s: Math.round(ingest.storedPerS),
      ingest_vs_aedes_raw: round(ingest.storedPerS / aedes.ackedPerS, 3),
      ingest_vs_colocated_limit: colocatedLimit === null ? null : round(ingest.storedPerS / colocatedLimit, 3),
      service_cpu_us_per_msg: cost.service,
      aedes_cpu_us_per_msg: cost.aedes,
      influxd_cpu_us_per_point: cost.influxd,
      loadgen_cpu_us_per_msg: cost.loadgen,
      lost,
      alert_p50_ms: alerts.p50Ms,
      alert_p99_ms: alerts.p99Ms,
      ...fillCheckSummary(fillCheckRun),
      ...kpiSummary(kpiRun),
      rss_mb: held.rssHeldMb,
      connections: held.connected,
      ...citySummary(cityRun)
    }

    const cpuNote = (run: BrokerRun) => Object.entries(run.cpuUsPerMsg).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(', ')
    printTable('Throughput, QoS 1, same load generator (CPU µs per message in the note, measured window only)', [
      { label: 'InfluxDB /write alone', value: `${fmt(influxRaw.ptsPerS)} pts/s`, note: `${fmt(influxRaw.stored)} points stored of ${fmt(influxRaw.points)}; influxd ${fmt(influxRaw.influxCpuS === null ? null : influxRaw.influxCpuS / influxRaw.points * 1e6, 1)} µs per point` },
      { label: 'Mosquitto', value: mosquitto === null ? 'not installed' : `${fmt(mosquitto.ackedPerS)} msg/s`, ...(mosquitto === null ? {} : { note: cpuNote(mosquitto) }) },
      { label: 'bare Aedes', value: `${fmt(aedes.ackedPerS)} msg/s`, note: cpuNote(aedes) },
      { label: 'service, acknowledged', value: `${fmt(ingest.ackedPerS)} msg/s`, note: cpuNote(ingest) },
      { label: 'service, in InfluxDB', value: `${fmt(ingest.storedPerS)} msg/s`, note: `${fmt(ingest.check.stored)} of ${fmt(ingest.acked)} found; drained ${fmt(ingest.drainMs)} ms after the last ack; ${ingest.rejected} rejected` },
      { label: 'service / bare Aedes', value: fmt(summary.ingest_vs_aedes_raw, 3) },
      { label: 'colocated limit', value: `${fmt(colocatedLimit)} msg/s`, note: `${machine.cores} cores × 10⁶ ÷ (aedes ${fmt(cost.aedes, 1)} + influxd ${fmt(cost.influxd, 1)} + generator ${fmt(cost.loadgen, 1)} µs): the service costing what a bare Aedes does` },
      { label: 'service / colocated limit', value: fmt(summary.ingest_vs_colocated_limit, 3) }
    ])
    printTable('Entrapment alert, publish → SSE `alert`, at half load', [
      { label: 'p50', value: `${fmt(alerts.p50Ms, 1)} ms` },
      { label: 'p99', value: `${fmt(alerts.p99Ms, 1)} ms`, note: `max ${fmt(alerts.maxMs, 1)} ms; ${alerts.samples} samples on as many lifts, ${alerts.failed} without an alert; background ${fmt(loaded.ackedPerS)} msg/s` },
      { label: 'PUBACK of it', value: `${fmt(alerts.ackP50Ms, 1)} ms`, note: `p50 (p99 ${fmt(alerts.ackP99Ms, 1)} ms): broker and write-ahead log` },
      { label: 'disk meanwhile', value: `${fmt(disk.p50Ms, 2)} ms`, note: `fdatasync p50 (p99 ${fmt(disk.p99Ms, 1)} ms, max ${fmt(disk.maxMs, 1)} ms), probed every 20 ms next to the service's log` },
      { label: 'rule → client', value: `${fmt(alerts.storeP50Ms)} ms`, note: `p50 (p99 ${fmt(alerts.storeP99Ms)} ms): alert stored in the database, then sent on SSE` }
    ])
    printTable('Connections held', [
      { label: 'gateways', value: fmt(held.connected), note: `asked ${fmt(held.asked)}${held.cappedBy === null ? '' : ` — capped: ${held.cappedBy}`}; ${held.refused} refused, ${held.failed} failed` },
      { label: 'connect', value: `${fmt(held.connectS, 1)} s`, note: `${fmt(held.connectsPerS)} connections/s, each authenticated (scrypt) and announcing its lifts` },
      { label: 'service RSS', value: `${fmt(held.rssHeldMb)} MB`, note: `peak ${fmt(held.rssPeakMb)} MB, before ${fmt(held.rssBeforeMb)} MB: ${fmt(held.kbPerConnection, 1)} KB per connection; held ${held.heldS} s` }
    ])
    if (cityRun !== null) printTable('City shape, QoS 1 (fleet simulator; CPU per message and point over the measured window)', cityRows(cityRun))
    if (kpiRun !== null) printTable('Inspection KPIs, PostgreSQL (the queries of GET /api/figures/inspection)', kpiRows(kpiRun))
    if (fillCheckRun !== null) printTable('Pre-fill check, request → reply over MQTT, broker at half its maximum', fillCheckRows(fillCheckRun))
    if (profile !== null) console.log(`\nService CPU profile of the ingest run, by self time (all phases: ${profileDir}):\n${profile}`)

    const file = writeResults(ROOT, startedAt, { summary, mode: o.quick ? 'quick' : 'full', options: o, machine, influxRaw, mosquitto: strip(mosquitto), aedes: strip(aedes), ingest: strip(ingest), alerts, alertDisk: disk, alertBackground: strip(loaded), connections: held, city: cityRun, kpi: kpiRun, fillCheck: fillCheckRun, profileDir })
    console.log(`\nResults: ${file}`)
    if (lost > 0) {
      console.error(`\n[bench] FAILED: ${lost} acknowledged messages are missing from InfluxDB: ${[...ingest.check.lostExamples, ...loaded.check.lostExamples].slice(0, 10).join('; ')}`)
      process.exitCode = 1
    }
    console.log(JSON.stringify({ ...summary, mode: `${o.quick ? 'quick' : 'full'}${o.redis ? '+redis' : ''}`, cores: machine.cores, cpu: machine.cpu, node: machine.node, influx: machine.influx }))
  } finally {
    await runCleanup()
    if (o.keep) log(`kept ${tmp}`)
  }
}

/** Drops the per-lift arrays from a run before it goes into the results file. */
function strip<T extends { result: unknown } | null> (run: T) {
  if (run === null) return null
  const { result: _result, ...rest } = run as { result: unknown }
  return rest
}

let options: BenchOptions | 'help'
try {
  options = parseBenchArgs(process.argv.slice(2))
} catch (err) {
  console.error(`bench: ${(err as Error).message}\n\n${HELP}`)
  process.exit(2)
}
if (options === 'help') {
  console.log(HELP)
} else {
  await bench(options).catch((err: Error) => {
    console.error(`\n[bench] FAILED: ${err.stack ?? err.message}`)
    process.exitCode = 1
  })
}
