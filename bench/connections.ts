// Many gateways at once: they connect together (as after a city-wide network cut), each announces its
// status and its lifts' states, and all are kept alive while the service's RSS is sampled. Every connection
// costs a file descriptor on both ends, so the count is capped by the open-file limits of this machine.
import type { JobGateway } from './load-job.ts'
import { startHoldJob } from './load-runner.ts'
import { openFileLimit, openFiles, rssBytes } from './proc-stats.ts'
import type { ServiceProcess } from './service-process.ts'
import { round } from './machine.ts'

// Descriptors the service needs besides its MQTT connections: database, log segments, InfluxDB, HTTP.
const FD_MARGIN = 200
// One generator process holds at most this many (its own descriptor limit is the same as the service's).
const PER_GENERATOR = 9_000

export interface ConnectionsRun {
  asked: number
  connected: number
  /** Why fewer than asked were tried, when they were. */
  cappedBy: string | null
  refused: number
  failed: number
  connectS: number
  connectsPerS: number
  rssBeforeMb: number
  rssHeldMb: number
  rssPeakMb: number
  kbPerConnection: number
  heldS: number
}

export async function holdConnections (service: ServiceProcess, gateways: JobGateway[], asked: number, holdMs: number, tmpDir: string,
  log: (line: string) => void): Promise<ConnectionsRun> {
  const fdRoom = openFileLimit(service.pid) - openFiles(service.pid) - FD_MARGIN
  const target = Math.min(asked, gateways.length, fdRoom)
  const cappedBy = target === asked ? null
    : target === gateways.length ? `only ${gateways.length} gateways seeded`
      : `the open-file limit of a process here is ${openFileLimit(service.pid)} (ulimit -n; hard limit, cannot be raised in this container)`
  if (cappedBy !== null) log(`  connections: holding ${target} instead of ${asked}: ${cappedBy}`)

  const rssBefore = rssBytes(service.pid)
  const parts = Math.ceil(target / PER_GENERATOR)
  const share = Math.ceil(target / parts)
  const tsBase = Date.now() - 10 * 60_000
  const t0 = performance.now()
  const jobs = Array.from({ length: parts }, (_, i) => startHoldJob({
    mode: 'hold', host: '127.0.0.1', port: service.mqttPort, gateways: gateways.slice(i * share, Math.min(target, (i + 1) * share)),
    keepaliveS: 45, connectConcurrency: 256, tsBase
  }, tmpDir, `hold-${i}`))
  const held = await Promise.all(jobs.map((j) => j.held))
  const connectS = (performance.now() - t0) / 1000
  const connected = held.reduce((n, p) => n + p.connected, 0)
  log(`  connections: ${connected} connected in ${connectS.toFixed(1)} s; holding for ${holdMs / 1000} s`)

  let peak = 0
  const sampler = setInterval(() => { peak = Math.max(peak, rssBytes(service.pid)) }, 500)
  await new Promise((resolve) => setTimeout(resolve, holdMs))
  clearInterval(sampler)
  const rssHeld = rssBytes(service.pid)
  const status = await service.status()
  log(`  connections: the service reports ${status.connections} open at the end of the hold`)
  const released = await Promise.all(jobs.map((j) => j.release()))

  const mb = (b: number) => round(b / 2 ** 20)
  return {
    asked,
    connected: Math.min(status.connections, released.reduce((n, p) => n + p.connected, 0)),
    cappedBy,
    refused: held.reduce((n, p) => n + p.refused, 0),
    failed: held.reduce((n, p) => n + p.failed, 0),
    connectS: round(connectS, 1),
    connectsPerS: round(connected / connectS),
    rssBeforeMb: mb(rssBefore),
    rssHeldMb: mb(rssHeld),
    rssPeakMb: mb(Math.max(peak, rssHeld)),
    kbPerConnection: connected === 0 ? 0 : round((rssHeld - rssBefore) / connected / 1024, 1),
    heldS: holdMs / 1000
  }
}
