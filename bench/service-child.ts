// The real service (app/service.ts, startService) in a process of its own, so the CPU it uses is its
// own and `--cpu-prof` profiles it alone. Configured from the environment like `npm start`; the bench
// talks to it over IPC: where it listens, its counters, drain the shipper, stop.
import pino from 'pino'
import { Session } from 'node:inspector/promises'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadConfig } from '../platform/config.ts'
import { startService } from '../app/service.ts'

export type ServiceRequest = { id: number, cmd: 'status' | 'drain' | 'stop' } | { id: number, cmd: 'profile', phase: string | null }
export interface ServiceStatus {
  rssBytes: number
  heapUsedBytes: number
  connections: number
  backlogLines: number
  shippedPoints: number
  /** Messages and items the ingest path refused: must stay 0 under a well-formed load. */
  rejected: number
}

const config = loadConfig()
const service = await startService(config, pino({ level: config.logLevel }))
const total = async (counter: { get (): Promise<{ values: Array<{ value: number }> }> }) =>
  (await counter.get()).values.reduce((sum, v) => sum + v.value, 0)

// Profiles one phase at a time (BENCH_PROFILE_DIR set): a whole-life profile would mix seeding-time
// start-up, ingest and the connection storm, whose hot spots have nothing in common.
const profileDir = process.env.BENCH_PROFILE_DIR ?? null
let profiling: { session: Session, phase: string } | null = null
async function profile (phase: string | null) {
  if (profileDir === null) return null
  if (profiling !== null) {
    const { profile } = await profiling.session.post('Profiler.stop')
    const file = join(profileDir, `${profiling.phase}.cpuprofile`)
    await writeFile(file, JSON.stringify(profile))
    profiling.session.disconnect()
    profiling = null
  }
  if (phase === null) return null
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  profiling = { session, phase }
  return phase
}

async function answer (request: ServiceRequest): Promise<unknown> {
  if (request.cmd === 'profile') return await profile(request.phase)
  if (request.cmd === 'status') {
    const memory = process.memoryUsage()
    const status: ServiceStatus = {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      connections: service.broker?.connections ?? 0,
      backlogLines: service.shipper?.status().backlogLines ?? 0,
      shippedPoints: await total(service.metrics.influxPoints),
      rejected: await total(service.metrics.mqttRejected)
    }
    return status
  }
  if (request.cmd === 'drain') return await service.shipper?.drain(120_000) ?? true
  await profile(null)
  await service.close()
  return true
}

process.on('message', (request: ServiceRequest) => {
  answer(request).then((value) => {
    process.send!({ id: request.id, value })
    // After close, exit so --cpu-prof writes its profile.
    if (request.cmd === 'stop') process.disconnect()
  }, (err: Error) => process.send!({ id: request.id, error: err.message }))
})
process.send!({ ready: true, httpUrl: service.httpUrl, mqttPort: service.mqttPort })
