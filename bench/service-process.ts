// Seeds a city into a fresh data folder, then runs the service on it in a child process (bench/service-child.ts).
// Seeding happens here, before the service starts, so the seed's own memory never shows in the service's RSS.
import { fork } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDb } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { seedCity } from '../simulators/city/seed-city.ts'
import type { FleetFile } from '../simulators/credentials.ts'
import { childScript } from './build.ts'
import type { ServiceRequest, ServiceStatus } from './service-child.ts'

export const ADMIN_PASSWORD = 'bench-admin-password'

export async function seedBenchCity (dataDir: string, lifts: number, options: { buildingsPerGateway?: number, cylinders?: number } = {}): Promise<FleetFile> {
  // BENCH_CITY_SEED_CACHE=<folder>: a seeded city (database and fleet file) is kept there and copied into the
  // next run's data folder instead of seeded again (minutes at a city's size), for runs compared one after
  // another. Keyed by size, grouping and day (the seed's dates follow the day).
  const cacheRoot = process.env.BENCH_CITY_SEED_CACHE
  const cached = cacheRoot === undefined || cacheRoot === ''
    ? null
    : join(cacheRoot, `${lifts}-${options.buildingsPerGateway ?? 1}-${new Date().toISOString().slice(0, 10)}`)
  if (cached !== null && existsSync(join(cached, 'fleet.json'))) {
    cpSync(join(cached, 'pg'), join(dataDir, 'pg'), { recursive: true })
    return JSON.parse(readFileSync(join(cached, 'fleet.json'), 'utf8')) as FleetFile
  }
  const db = await openDb({ url: null, dataDir: join(dataDir, 'pg') })
  let fleet: FleetFile
  try {
    await migrate(db)
    // The lift phases measure lifts: no cylinders unless a phase asks for them.
    const result = await seedCity(db, { lifts, seed: 'bench', cylinders: 0, ...options })
    if (!result.seeded) throw new Error(`the bench data folder ${dataDir} was not empty`)
    fleet = result.fleet
  } finally {
    await db.close()
  }
  if (cached !== null) {
    mkdirSync(cached, { recursive: true })
    cpSync(join(dataDir, 'pg'), join(cached, 'pg'), { recursive: true })
    writeFileSync(join(cached, 'fleet.json'), JSON.stringify(fleet))
  }
  return fleet
}

export async function startServiceProcess (options: { dataDir: string, influxUrl: string, profileDir: string | null, redisUrl: string | null, env?: Record<string, string> }) {
  const env = {
    ...process.env,
    DATA_DIR: options.dataDir,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    INFLUX_URL: options.influxUrl,
    INFLUX_DB: 'tianjian',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    // Lifts of one phase fall silent in the next; offline alerts written meanwhile would be noise in the
    // figures of the later phases, not something this bench measures.
    TERMINAL_OFFLINE_S: '86400',
    // The bench measures what the service carries, with a few generator gateways standing in for a city's:
    // no gateway's rate budget may be what limits it.
    MQTT_GATEWAY_RATE: '1000000',
    MQTT_GATEWAY_BURST: '1000000',
    ...(options.redisUrl === null ? {} : { REDIS_URL: options.redisUrl }),
    ...options.env,
    // BENCH_SERVICE_ENV="INFLUX_BATCH_SIZE=20000 WAL_SYNC_INTERVAL_MS=5": settings to try without editing code.
    ...Object.fromEntries((process.env.BENCH_SERVICE_ENV ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
  }
  const child = fork(childScript('service-child'), [], {
    env: { ...env, ...(options.profileDir === null ? {} : { BENCH_PROFILE_DIR: options.profileDir }) },
    // BENCH_SERVICE_NODE_FLAGS: V8/Node flags for the service alone, for experiments (GC sizes, --trace-gc).
    execArgv: (process.env.BENCH_SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = await Promise.race([
    new Promise<{ httpUrl: string, mqttPort: number }>((resolve) => child.once('message', resolve)),
    exited.then((code) => { throw new Error(`the service exited with code ${code} while starting`) })
  ])

  let nextId = 1
  const waiting = new Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()
  child.on('message', (m: { id?: number, value?: unknown, error?: string }) => {
    const w = m.id === undefined ? undefined : waiting.get(m.id)
    if (w === undefined) return
    waiting.delete(m.id!)
    if (m.error !== undefined) w.reject(new Error(`service: ${m.error}`))
    else w.resolve(m.value)
  })
  void exited.then((code) => { for (const w of waiting.values()) w.reject(new Error(`the service exited with code ${code}`)) })
  // A send after the child is gone fails through the request's promise, not as an 'error' event.
  child.on('error', () => {})
  const request = <T>(cmd: ServiceRequest['cmd'], extra: { phase?: string | null } = {}) => new Promise<T>((resolve, reject) => {
    if (!child.connected) return reject(new Error(`the service is not running (cannot ${cmd})`))
    const id = nextId++
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
    child.send({ id, cmd, ...extra } as ServiceRequest)
  })

  return {
    pid: child.pid!,
    httpUrl: ready.httpUrl,
    mqttPort: ready.mqttPort,
    status: () => request<ServiceStatus>('status'),
    drain: () => request<boolean>('drain'),
    /** Starts profiling a phase (ending the previous one's profile); null ends profiling. No-op without a profile folder. */
    profile: (phase: string | null) => request<string | null>('profile', { phase }),
    async stop () {
      if (child.exitCode === null) await request('stop').catch(() => {})
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
    }
  }
}

export type ServiceProcess = Awaited<ReturnType<typeof startServiceProcess>>
