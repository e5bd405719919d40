// The city's generator processes (bench/city-gen.ts), started for one broker and asked over IPC for their
// counters. The same gateways, seeds, heartbeat and connect rate for the service and the bare brokers, so
// every broker in the city phase sees the same shape; only the credentials differ (`auth`).
import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FleetGateway } from '../simulators/credentials.ts'
import type { FleetStats } from '../simulators/fleet/fleet-stats.ts'
import { childScript } from './build.ts'
import type { CityGenJob, CityGenRequest } from './city-gen.ts'
import { cpuSeconds } from './proc-stats.ts'

// Gateways per generator process: each holds one socket per gateway, under the same descriptor limit.
const PER_GENERATOR = 9_000
// A city powers up over minutes: the fleet simulator's pace (a faster storm here measured the storm, with
// CONNACK timeouts and retries, not the steady state this phase is for).
const CONNECT_PER_SECOND = 250

export interface CityGeneratorOptions {
  brokerUrl: string
  heartbeatMs: number
  tmpDir: string
  /** Send each gateway's id and secret (the service checks them); false for the bare brokers, which accept anyone. */
  auth: boolean
  /** Names the job files, so one broker's run never reads another's. */
  name: string
}

export function startGenerators (gateways: FleetGateway[], o: CityGeneratorOptions) {
  const parts = Math.ceil(gateways.length / PER_GENERATOR)
  const share = Math.ceil(gateways.length / parts)
  const children = Array.from({ length: parts }, (_, i) => {
    const job: CityGenJob = {
      brokerUrl: o.brokerUrl, gateways: gateways.slice(i * share, (i + 1) * share), seed: `city-${i}`, heartbeatMs: o.heartbeatMs,
      connectPerSecond: Math.ceil(CONNECT_PER_SECOND / parts), auth: o.auth
    }
    const file = join(o.tmpDir, `city-gen-${o.name}-${i}.json`)
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

export type CityGenerators = ReturnType<typeof startGenerators>

// Connecting ends when every gateway is in, or when no more have come in for a minute, or after 15 minutes:
// a city larger than the broker can take saturates it, the gateways it has no time for keep trying, and the
// count of connected ones stops rising. The phase then measures what the broker does hold, saturated,
// rather than giving no figures at all.
const CONNECT_STALL_MS = 60_000
const CONNECT_LIMIT_MS = 900_000

/** Waits until every gateway has connected once, or the count stalls (see above); returns the seconds it took. */
export async function waitConnected (generators: CityGenerators): Promise<number> {
  const t0 = performance.now()
  let best = { online: 0, at: t0 }
  for (;;) {
    const stats = await generators.stats()
    if (stats.connectedOnce >= stats.gateways) break
    // A broker that refuses everyone (CONNACK 4 or 5: credentials it does not know) would otherwise cost the wait.
    if (stats.connectedOnce === 0 && stats.refused >= stats.gateways) throw new Error(`every one of the ${stats.gateways} gateways was refused`)
    const now = performance.now()
    if (stats.online > best.online) best = { online: stats.online, at: now }
    if (now - best.at > CONNECT_STALL_MS || now - t0 > CONNECT_LIMIT_MS) break
    await sleep(1000)
  }
  return (performance.now() - t0) / 1000
}

/** Samples every `everyMs` for `durationS` seconds (the first sample at once); `progress` sees each one. */
export async function sampleWindow<T> (durationS: number, everyMs: number, sample: () => Promise<T>, progress: (samples: T[]) => void): Promise<T[]> {
  const samples = [await sample()]
  const end = performance.now() + durationS * 1000
  while (performance.now() < end) {
    await sleep(Math.min(everyMs, end - performance.now()))
    samples.push(await sample())
    progress(samples)
  }
  return samples
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
