// The city's shape (issue #14): tens of thousands of quiet gateway connections and a series per lift field,
// the opposite of the throughput runs' few busy connections. The fleet simulator plays every lift (state on
// each change, a heartbeat at least every 5 s) from generator processes of their own; the phase measures,
// after every gateway is connected, what was offered and acknowledged, whether InfluxDB keeps up (the slope
// of the service's spool over the second half: ≤ 0 means it does), and the CPU each side pays for it.
// Then, unless --city-no-raw, the same city against a bare Aedes and Mosquitto and the socket floor
// (bench/city-raw.ts): the raw limits at this shape, measured in the same run.
import { planCityWithin } from '../simulators/city/city-plan.ts'
import type { FleetGateway } from '../simulators/credentials.ts'
import { sampleWindow, sleep, startGenerators, waitConnected } from './city-generators.ts'
import { runCityRaw, type CityBrokerRun, type CityRawRuns } from './city-raw.ts'
import { round } from './machine.ts'
import { fmt } from './report.ts'
import { cpuSeconds, openFileLimit, rssBytes } from './proc-stats.ts'
import { seedBenchCity, startServiceProcess } from './service-process.ts'

// Descriptors a process needs besides its MQTT connections (database, log segments, InfluxDB, HTTP).
const FD_MARGIN = 500
const SAMPLE_MS = 2_000

export interface CityOptions {
  lifts: number
  /** Measured seconds, after every gateway is connected. */
  durationS: number
  heartbeatS: number
  dataDir: string
  tmpDir: string
  influxUrl: string
  influxPid: number | null
  /** Where to write a CPU profile of the service over the measured window (--profile), or null. */
  profileDir: string | null
  /** After the service's window, the same city against a bare Aedes and Mosquitto, and the socket floor (bench/city-raw.ts). */
  raw: boolean
  /** Measured seconds of each of those runs. */
  rawDurationS: number
  /** Wait after the last gateway connected, before measuring: the connection storm's announcements drain. */
  settleS?: number
  log: (line: string) => void
}

export interface CityRun {
  lifts: number
  gateways: number
  /** Gateways connected throughout the measured window: fewer than `gateways` when the service is saturated. */
  connectedGateways: number
  /** Every gateway had connected once when measuring began (false: the connect wait ended saturated). */
  allConnected: boolean
  /** Buildings wired to one gateway: raised above 1 only to fit the gateways in this machine's descriptor limit. */
  buildingsPerGateway: number
  connectS: number
  measuredS: number
  offeredMsgS: number
  ackedMsgS: number
  shippedPtsS: number
  backlogGrowthPtsS: number
  backlogEndPts: number
  serviceCpuUsPerMsg: number | null
  influxdCpuUsPerPoint: number | null
  generatorCpuUsPerMsg: number | null
  /** Cores busy on average during the measured window, per process. */
  cores: { service: number, influxd: number | null, generators: number }
  rssMb: number
  failed: number
  refused: number
  /** The same city on the bare brokers and the socket floor (after the service's window); null with --city-no-raw. */
  raw: CityRawRuns | null
}

interface Sample { t: number, sent: number, acked: number, failed: number, refused: number, connected: number, backlog: number, shipped: number, service: number, influxd: number, generators: number }

export async function runCityPhase (o: CityOptions): Promise<CityRun> {
  // One grouping for every run of the phase, so the service and the bare brokers see the same connections.
  // The fewest buildings per gateway that keep the city's gateways within one process's descriptor limit.
  const { buildingsPerGateway } = planCityWithin({ lifts: o.lifts, seed: 'bench', today: '2026-01-01' }, openFileLimit() - FD_MARGIN)
  o.log(`  city: seeding ${o.lifts.toLocaleString('en-US')} lifts${buildingsPerGateway > 1 ? `, ${buildingsPerGateway} buildings a gateway (descriptor limit)` : ''}…`)
  const fleet = await seedBenchCity(o.dataDir, o.lifts, { buildingsPerGateway })
  const settleMs = (o.settleS ?? 5) * 1000
  const service = await measureService(o, fleet.gateways, buildingsPerGateway, settleMs)
  // After the service's window, so its figure is measured as before this comparison existed (fresh seed,
  // nothing run before it in the phase); the raw runs follow on the same box minutes later.
  const raw = o.raw ? await runCityRaw({ gateways: fleet.gateways, heartbeatS: o.heartbeatS, durationS: o.rawDurationS, settleMs, tmpDir: o.tmpDir, floorRate: service.ackedMsgS, log: o.log }) : null
  return { ...service, raw }
}

async function measureService (o: CityOptions, gateways: FleetGateway[], buildingsPerGateway: number, settleMs: number): Promise<Omit<CityRun, 'raw'>> {
  const service = await startServiceProcess({ dataDir: o.dataDir, influxUrl: o.influxUrl, profileDir: o.profileDir, redisUrl: null })
  const generators = startGenerators(gateways, { brokerUrl: `mqtt://127.0.0.1:${service.mqttPort}`, heartbeatMs: o.heartbeatS * 1000, tmpDir: o.tmpDir, auth: true, name: 'service' })
  try {
    o.log(`  city: ${gateways.length.toLocaleString('en-US')} gateways connecting…`)
    const connectS = await waitConnected(generators)
    // Let the connection storm's announcements drain before measuring the steady state.
    await sleep(settleMs)
    const atStart = await generators.stats()
    o.log(atStart.connectedOnce >= atStart.gateways
      ? `  city: all connected in ${connectS.toFixed(1)} s; measuring ${o.durationS} s…`
      : `  city: ${atStart.online.toLocaleString('en-US')} of ${atStart.gateways.toLocaleString('en-US')} gateways connected after ${connectS.toFixed(1)} s and no more coming (the service is saturated); measuring ${o.durationS} s…`)

    const sample = async (): Promise<Sample> => {
      const [stats, status] = await Promise.all([generators.stats(), service.status()])
      return {
        t: performance.now() / 1000, sent: stats.sent, acked: stats.acked, failed: stats.failed, refused: stats.refused, connected: stats.online,
        backlog: status.backlogLines, shipped: status.shippedPoints,
        service: cpuSeconds(service.pid), influxd: o.influxPid === null ? 0 : cpuSeconds(o.influxPid), generators: generators.cpuSeconds()
      }
    }
    await service.profile('city')
    const samples = await sampleWindow(o.durationS, SAMPLE_MS, sample, (all) => {
      const last = all.at(-1)!
      if (all.length % 15 === 0) o.log(`  city: ${Math.round(last.t - all[0]!.t)} s, acked ${last.acked.toLocaleString('en-US')}, spool ${last.backlog.toLocaleString('en-US')} points`)
    })
    await service.profile(null)
    const first = samples[0]!
    const last = samples.at(-1)!
    const seconds = last.t - first.t
    const acked = last.acked - first.acked
    const shipped = last.shipped - first.shipped
    const perUnit = (cpu: number, n: number) => n > 0 ? round(cpu / n * 1e6, 1) : null
    const rss = rssBytes(service.pid)
    return {
      lifts: o.lifts,
      gateways: gateways.length,
      // The fewest connected at any sample of the window: what the service held throughout.
      connectedGateways: Math.min(...samples.map((x) => x.connected)),
      allConnected: atStart.connectedOnce >= atStart.gateways,
      buildingsPerGateway,
      connectS: round(connectS, 1),
      measuredS: round(seconds, 1),
      offeredMsgS: round((last.sent - first.sent) / seconds),
      ackedMsgS: round(acked / seconds),
      shippedPtsS: round(shipped / seconds),
      backlogGrowthPtsS: round(slope(samples.filter((s) => s.t >= first.t + seconds / 2).map((s) => [s.t, s.backlog]))),
      backlogEndPts: last.backlog,
      serviceCpuUsPerMsg: perUnit(last.service - first.service, acked),
      influxdCpuUsPerPoint: o.influxPid === null ? null : perUnit(last.influxd - first.influxd, shipped),
      generatorCpuUsPerMsg: perUnit(last.generators - first.generators, last.sent - first.sent),
      cores: {
        service: round((last.service - first.service) / seconds, 2),
        influxd: o.influxPid === null ? null : round((last.influxd - first.influxd) / seconds, 2),
        generators: round((last.generators - first.generators) / seconds, 2)
      },
      rssMb: round(rss / 2 ** 20),
      failed: last.failed,
      refused: last.refused
    }
  } finally {
    await generators.stop()
    await service.stop()
  }
}

/** Least-squares slope of y over x. */
export function slope (points: Array<[number, number]>): number {
  const n = points.length
  if (n < 2) return 0
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  let num = 0
  let den = 0
  for (const [x, y] of points) { num += (x - mx) * (y - my); den += (x - mx) ** 2 }
  return den === 0 ? 0 : num / den
}

/** The bench JSON's city keys (null when the phase was skipped). */
export function citySummary (run: CityRun | null) {
  return {
    city_lifts: run?.lifts ?? null,
    city_gateways: run?.gateways ?? null,
    city_gateways_connected: run?.connectedGateways ?? null,
    city_offered_msg_s: run?.offeredMsgS ?? null,
    city_acked_msg_s: run?.ackedMsgS ?? null,
    city_backlog_growth_pts_s: run?.backlogGrowthPtsS ?? null,
    city_service_cpu_us_per_msg: run?.serviceCpuUsPerMsg ?? null,
    city_influxd_cpu_us_per_point: run?.influxdCpuUsPerPoint ?? null,
    city_rss_mb: run?.rssMb ?? null,
    city_aedes_raw_cpu_us_per_msg: run?.raw?.aedes?.cpuUsPerMsg ?? null,
    city_mosquitto_cpu_us_per_msg: run?.raw?.mosquitto?.cpuUsPerMsg ?? null,
    city_service_vs_aedes_raw_cpu: ratio(run?.serviceCpuUsPerMsg, run?.raw?.aedes?.cpuUsPerMsg),
    city_socket_floor_cpu_us_per_msg: run?.raw?.socketFloor?.cpuUsPerMsg ?? null
  }
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => a === null || a === undefined || b === null || b === undefined || b === 0 ? null : round(a / b, 2)

export function cityRows (run: CityRun): Array<{ label: string, value: string, note?: string }> {
  const n = fmt
  return [
    { label: 'city', value: `${n(run.lifts)} lifts`, note: `${n(run.gateways)} gateways${run.buildingsPerGateway > 1 ? ` (${run.buildingsPerGateway} buildings each: descriptor limit)` : ''}, ${run.allConnected ? `all connected in ${n(run.connectS, 1)} s${run.connectedGateways < run.gateways ? `, ${n(run.connectedGateways)} online at the fewest (reconnecting)` : ''}` : `**only ${n(run.connectedGateways)} connected** (saturated after ${n(run.connectS, 1)} s)`}; measured ${n(run.measuredS)} s` },
    { label: 'offered', value: `${n(run.offeredMsgS)} msg/s`, note: `acknowledged ${n(run.ackedMsgS)} msg/s; ${n(run.failed)} failed, ${n(run.refused)} refused` },
    { label: 'InfluxDB', value: `${n(run.shippedPtsS)} pts/s`, note: `spool growth ${n(run.backlogGrowthPtsS)} pts/s over the second half (≤ 0: keeps up); ${n(run.backlogEndPts)} points waiting at the end` },
    { label: 'service CPU', value: `${n(run.serviceCpuUsPerMsg, 1)} µs/msg`, note: `${n(run.cores.service, 2)} cores; RSS ${n(run.rssMb)} MB` },
    { label: 'influxd CPU', value: `${n(run.influxdCpuUsPerPoint, 1)} µs/pt`, note: `${n(run.cores.influxd, 2)} cores` },
    { label: 'generators CPU', value: `${n(run.generatorCpuUsPerMsg, 1)} µs/msg`, note: `${n(run.cores.generators, 2)} cores (fleet simulator, own processes)` },
    ...(run.raw === null ? [] : rawRows(run, run.raw))
  ]
}

/** The raw limits at the same shape, beside the service's figure. */
function rawRows (run: CityRun, raw: CityRawRuns): Array<{ label: string, value: string, note?: string }> {
  const n = fmt
  const broker = (label: string, r: CityBrokerRun | null, why: string | undefined) => r === null
    ? { label, value: 'skipped', note: why ?? '' }
    : { label, value: `${n(r.cpuUsPerMsg, 1)} µs/msg`, note: `acknowledged ${n(r.ackedMsgS)} of ${n(r.offeredMsgS)} msg/s offered; ${n(r.cores.broker, 2)} cores, RSS ${n(r.rssMb)} MB; connected in ${n(r.connectS, 1)} s, measured ${n(r.measuredS)} s; ${n(r.failed)} failed, ${n(r.refused)} refused` }
  const floor = raw.socketFloor
  return [
    broker('bare Aedes CPU', raw.aedes, raw.skipped.aedes),
    broker('Mosquitto CPU', raw.mosquitto, raw.skipped.mosquitto),
    { label: 'service / bare Aedes', value: n(ratio(run.serviceCpuUsPerMsg, raw.aedes?.cpuUsPerMsg), 2), note: 'CPU per message, same city, same generators' },
    floor === null
      ? { label: 'socket floor', value: 'skipped', note: raw.skipped.socketFloor ?? '' }
      : { label: 'socket floor', value: `${n(floor.cpuUsPerMsg, 1)} µs/msg`, note: `raw net: a ${floor.messageBytes}-byte read and a 4-byte write each, ${n(floor.connections)} connections at ${n(floor.repliedMsgS)} msg/s; ${n(floor.cores, 2)} cores` }
  ]
}
