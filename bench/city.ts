// The city's shape (issue #14): tens of thousands of quiet gateway connections and a series per lift field,
// the opposite of the throughput runs' few busy connections. The fleet simulator plays every lift (state on
// each change, a heartbeat at least every 5 s) from generator processes of their own; the phase measures,
// after every gateway is connected, what was offered and acknowledged, whether InfluxDB keeps up (the slope
// of the service's spool over the second half: ≤ 0 means it does), and the CPU each side pays for it.
import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { planCity } from '../simulators/city/city-plan.ts'
import type { FleetGateway } from '../simulators/credentials.ts'
import type { FleetStats } from '../simulators/fleet/fleet-stats.ts'
import { childScript } from './build.ts'
import type { CityGenJob, CityGenRequest } from './city-gen.ts'
import { round } from './machine.ts'
import { fmt } from './report.ts'
import { cpuSeconds, openFileLimit, rssBytes } from './proc-stats.ts'
import { seedBenchCity, startServiceProcess } from './service-process.ts'

// Descriptors a process needs besides its MQTT connections (database, log segments, InfluxDB, HTTP).
const FD_MARGIN = 500
// Gateways per generator process: each holds one socket per gateway, under the same descriptor limit.
const PER_GENERATOR = 9_000
const SAMPLE_MS = 2_000
// Connecting ends when every gateway is in, or when no more have come in for a minute, or after 15 minutes.
const CONNECT_STALL_MS = 60_000
const CONNECT_LIMIT_MS = 900_000

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
  log: (line: string) => void
}

export interface CityRun {
  lifts: number
  gateways: number
  /** Gateways connected throughout the measured window: fewer than `gateways` when the service is saturated. */
  connectedGateways: number
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
}

interface Sample { t: number, sent: number, acked: number, failed: number, refused: number, connected: number, backlog: number, shipped: number, service: number, influxd: number, generators: number }

/** The fewest buildings per gateway that keep the city's gateways within one process's descriptor limit. */
export function gatewayGrouping (lifts: number, fdLimit: number): { buildingsPerGateway: number, gateways: number } {
  for (let k = 1; ; k++) {
    const gateways = planCity({ lifts, seed: 'bench', today: '2026-01-01', buildingsPerGateway: k }).gateways.length
    if (gateways <= fdLimit - FD_MARGIN || k >= 10) return { buildingsPerGateway: k, gateways }
  }
}

export async function runCityPhase (o: CityOptions): Promise<CityRun> {
  const { buildingsPerGateway } = gatewayGrouping(o.lifts, openFileLimit(process.pid))
  o.log(`  city: seeding ${o.lifts.toLocaleString('en-US')} lifts${buildingsPerGateway > 1 ? `, ${buildingsPerGateway} buildings a gateway (descriptor limit)` : ''}…`)
  const fleet = await seedBenchCity(o.dataDir, o.lifts, { buildingsPerGateway })
  const service = await startServiceProcess({ dataDir: o.dataDir, influxUrl: o.influxUrl, profileDir: o.profileDir, redisUrl: null })
  const generators = startGenerators(fleet.gateways, `mqtt://127.0.0.1:${service.mqttPort}`, o.heartbeatS * 1000, o.tmpDir)
  try {
    o.log(`  city: ${fleet.gateways.length.toLocaleString('en-US')} gateways connecting…`)
    const connectT0 = performance.now()
    // A city larger than the service can take saturates it: the gateways it has no time for keep trying,
    // and the count of connected ones stops rising. The phase then measures what the service does hold,
    // saturated, rather than giving no figures at all.
    let best = { connected: 0, at: connectT0 }
    for (;;) {
      const stats = await generators.stats()
      if (stats.connectedOnce >= stats.gateways) break
      const now = performance.now()
      if (stats.online > best.connected) best = { connected: stats.online, at: now }
      if (now - best.at > CONNECT_STALL_MS || now - connectT0 > CONNECT_LIMIT_MS) break
      await sleep(1000)
    }
    const connectS = (performance.now() - connectT0) / 1000
    // Let the connection storm's announcements drain before measuring the steady state.
    await sleep(5000)
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
    const samples = [await sample()]
    const end = performance.now() + o.durationS * 1000
    while (performance.now() < end) {
      await sleep(Math.min(SAMPLE_MS, end - performance.now()))
      samples.push(await sample())
      const last = samples.at(-1)!
      if (samples.length % 15 === 0) o.log(`  city: ${Math.round(last.t - samples[0]!.t)} s, acked ${last.acked.toLocaleString('en-US')}, spool ${last.backlog.toLocaleString('en-US')} points`)
    }
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
      gateways: fleet.gateways.length,
      // The fewest connected at any sample of the window: what the service held throughout.
      connectedGateways: Math.min(...samples.map((x) => x.connected)),
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

function startGenerators (gateways: FleetGateway[], brokerUrl: string, heartbeatMs: number, tmpDir: string) {
  const parts = Math.ceil(gateways.length / PER_GENERATOR)
  const share = Math.ceil(gateways.length / parts)
  // A city powers up over minutes: the fleet simulator's pace (a faster storm here measured the storm, with
  // CONNACK timeouts and retries, not the steady state this phase is for).
  const connectPerSecond = 250
  const children = Array.from({ length: parts }, (_, i) => {
    const job: CityGenJob = { brokerUrl, gateways: gateways.slice(i * share, (i + 1) * share), seed: `city-${i}`, heartbeatMs, connectPerSecond: Math.ceil(connectPerSecond / parts) }
    const file = join(tmpDir, `city-gen-${i}.json`)
    writeFileSync(file, JSON.stringify(job))
    const child = fork(childScript('city-gen'), [file], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.on('error', () => {})
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    let nextId = 1
    const waiting = new Map<number, (value: FleetStats) => void>()
    child.on('message', (m: { id: number, value: FleetStats }) => { waiting.get(m.id)?.(m.value); waiting.delete(m.id) })
    const request = (cmd: CityGenRequest['cmd']) => new Promise<FleetStats>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`city generator ${i} is not running`))
      const id = nextId++
      waiting.set(id, resolve)
      child.send({ id, cmd } satisfies CityGenRequest)
      void exited.then(() => reject(new Error(`city generator ${i} exited`)))
    })
    return { child, exited, request }
  })
  const sum = (all: FleetStats[]) => all.reduce((total, s) => {
    for (const key of Object.keys(s) as Array<keyof FleetStats>) total[key] = (total[key] ?? 0) + s[key]
    return total
  }, {} as FleetStats)
  return {
    stats: async () => sum(await Promise.all(children.map((c) => c.request('stats')))),
    cpuSeconds: () => children.reduce((n, c) => n + cpuSeconds(c.child.pid!), 0),
    async stop () {
      await Promise.all(children.map((c) => c.request('stop').catch(() => null)))
      await Promise.all(children.map((c) => c.exited))
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

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
    city_rss_mb: run?.rssMb ?? null
  }
}

export function cityRows (run: CityRun): Array<{ label: string, value: string, note?: string }> {
  const n = fmt
  return [
    { label: 'city', value: `${n(run.lifts)} lifts`, note: `${n(run.gateways)} gateways${run.buildingsPerGateway > 1 ? ` (${run.buildingsPerGateway} buildings each: descriptor limit)` : ''}, ${run.connectedGateways >= run.gateways ? `all connected in ${n(run.connectS, 1)} s` : `**only ${n(run.connectedGateways)} connected** (saturated after ${n(run.connectS, 1)} s)`}; measured ${n(run.measuredS)} s` },
    { label: 'offered', value: `${n(run.offeredMsgS)} msg/s`, note: `acknowledged ${n(run.ackedMsgS)} msg/s; ${n(run.failed)} failed, ${n(run.refused)} refused` },
    { label: 'InfluxDB', value: `${n(run.shippedPtsS)} pts/s`, note: `spool growth ${n(run.backlogGrowthPtsS)} pts/s over the second half (≤ 0: keeps up); ${n(run.backlogEndPts)} points waiting at the end` },
    { label: 'service CPU', value: `${n(run.serviceCpuUsPerMsg, 1)} µs/msg`, note: `${n(run.cores.service, 2)} cores; RSS ${n(run.rssMb)} MB` },
    { label: 'influxd CPU', value: `${n(run.influxdCpuUsPerPoint, 1)} µs/pt`, note: `${n(run.cores.influxd, 2)} cores` },
    { label: 'generators CPU', value: `${n(run.generatorCpuUsPerMsg, 1)} µs/msg`, note: `${n(run.cores.generators, 2)} cores (fleet simulator, own processes)` }
  ]
}
