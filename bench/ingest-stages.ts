// What one message costs on the ingest path, stage by stage, in one process and without a network: the
// numbers behind the fix proposals in docs/performance.md. Run compiled (as the bench does), e.g.
//   npx tsc -p bench/tsconfig.build.json && node bench-results/.build/bench/ingest-stages.js
// Each stage runs over the same realistic payloads (simulators/lift); the last line is the whole
// authorizePublish with the real write-ahead log (group-committed fdatasync) and the alert rules listening.
//
// `node …/ingest-stages.js city` runs only the city's shape instead (issue #14; runCity below): 30,000 lifts
// behind ~3.4 each gateway, every message from the next lift in turn, ~75% of the states repeating the
// lift's last durable point, one message per hook call and few in flight. It prints the CPU
// (process.cpuUsage, all threads) per message of the whole hook, once with a spool that answers at once (our
// code alone) and once with the real log. `stages` runs only the stages; no argument runs both.
// STAGES_CITY_LIFTS, STAGES_CITY_MESSAGES (_LOG_MESSAGES with the log), STAGES_CITY_IN_FLIGHT and
// STAGES_CITY_ROUNDS change the sizes; STAGES_CITY_SPOOL=at-once or =log runs one of the two;
// STAGES_CITY_PROFILE=dir writes a CPU profile of each measured stretch there (bench/profile-summary.ts reads it).
// STAGES_CITY_AB=<another tree's bench-results/.build> runs that build's hook too, alternating with this one
// round by round in the same process (A B, B A, …): on a shared box, the fairest before/after there is.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client, PublishPacket } from 'aedes'
import pino from 'pino'
import { createTopicParser, equipmentKey } from '../protocol/topics.ts'
import { createDecoder } from '../protocol/decode.ts'
import { ELEVATOR, ElevatorStatePayload, elevatorTopic, type ElevatorState } from '../elevators/payloads.ts'
import { elevatorStateLine } from '../elevators/line-protocol.ts'
import { createElevatorKind } from '../elevators/kind.ts'
import { openWal } from '../ingest/wal.ts'
import { createLatestStates } from '../elevators/latest-state.ts'
import { createBus } from '../platform/events/bus.ts'
import { createMetrics } from '../platform/metrics.ts'
import { startAlertEngine } from '../alerts/engine.ts'
import { DEFAULT_THRESHOLDS } from '../alerts/rules.ts'
import { createIngest } from '../ingest/ingest.ts'
import { createSpool } from '../ingest/spool.ts'
import type { GatewaySession, GatewaySessions } from '../gateways/sessions.ts'
import type { AlertStore } from '../alerts/store.ts'
import { liftReports } from './lift-payloads.ts'

import { createRng } from '../platform/prng.ts'

const mode = process.argv[2] ?? 'all'
if (mode !== 'all' && mode !== 'stages' && mode !== 'city') throw new Error(`unknown mode "${mode}": all, stages or city`)
if (mode !== 'city') await runStages()
if (mode !== 'stages') await runCity()

async function runStages () {
  const LIFTS = 1000
  const N = 400_000
  const IN_FLIGHT = 6400

  const lifts = Array.from({ length: LIFTS }, (_, i) => ({ equipmentCode: `31106300002024${String(i).padStart(6, '0')}`, lowest: 1, landings: 18, speed: 1.75 }))
  const bodies = lifts.map((l) => liftReports(l, 16, 'stages').map((r) => JSON.stringify(r).slice(0, -1)))
  const topics = lifts.map((l) => elevatorTopic('gw-1', l.equipmentCode, 'state'))
  const t0 = Date.now() - 3_600_000
  const payload = (i: number) => Buffer.from(`${bodies[i % LIFTS]![(i / LIFTS | 0) % 16]},"ts":${t0 + i}}`)
  const payloads = Array.from({ length: 20_000 }, (_, i) => payload(i))

  function time (label: string, fn: (i: number) => void, n = N) {
    for (let i = 0; i < 20_000; i++) fn(i) // warm-up: let the optimiser see the shapes first
    const start = performance.now()
    for (let i = 0; i < n; i++) fn(i)
    const ns = (performance.now() - start) * 1e6 / n
    console.log(`${label.padEnd(44)} ${ns.toFixed(0).padStart(6)} ns/message`)
    return ns
  }

  const limits = { maxItems: 500, maxFutureMs: 300_000 }
  const decode = createDecoder(ElevatorStatePayload, limits)
  const decoded: ElevatorState[] = payloads.map((p) => decode(p, Date.now()).records[0] as ElevatorState)
  const parseGatewayTopic = createTopicParser([{ segment: ELEVATOR, channels: { state: null, event: null } }])
  time('parseGatewayTopic', (i) => parseGatewayTopic(topics[i % LIFTS]!))
  time('payload.toString + JSON.parse', (i) => JSON.parse(payloads[i % payloads.length]!.toString('utf8')))
  time('decode (JSON.parse + TypeBox check + ts)', (i) => decode(payloads[i % payloads.length]!, Date.now()))
  time('elevatorStateLine', (i) => elevatorStateLine('gw-1', lifts[i % LIFTS]!.equipmentCode, decoded[i % decoded.length]!))
  const latest = createLatestStates(null as never)
  time('latest.update', (i) => latest.update(lifts[i % LIFTS]!.equipmentCode, 'gw-1', { ...decoded[i % decoded.length]!, ts: t0 + i }, i))
  const metrics = createMetrics()
  const counter = metrics.mqttMessages.labels('state')
  time('prom-client counter inc (x2 per message)', () => { counter.inc(); counter.inc(1) })

  const log = pino({ level: 'silent' })
  const bus = createBus(() => {})
  const alerts = { openByLift: async () => [], raise: async () => undefined, clearOpen: async () => undefined } as unknown as AlertStore
  const engine = await startAlertEngine({ bus, alerts, thresholds: DEFAULT_THRESHOLDS, log })
  time('alert rules (bus emit → engine step)', (i) => bus.emit('elevator.state', { equipmentCode: lifts[i % LIFTS]!.equipmentCode, gatewayId: 'gw-1', state: decoded[i % decoded.length]!, changed: true }))

  // The whole hook, as Aedes calls it, with the real log on disk: IN_FLIGHT messages are handed in, then
  // the next ones as acknowledgements come back, like connections with windows.
  const dir = mkdtempSync(join(tmpdir(), 'tianjian-stages-'))
  const wal = await openWal({ dir, syncIntervalMs: 2, segmentBytes: 64 * 2 ** 20 })
  const session: GatewaySession = {
    id: 'gw-1', equipment: new Set(lifts.map((l) => equipmentKey(ELEVATOR, l.equipmentCode))), connections: 1, connectedAt: 0, lastSeenAt: 0, messages: 0, rejected: 0,
    firmware: null, recentRejections: [], rateMark: { at: 0, messages: 0 }, reports: { windowStart: 0, sent: 0 }
  }
  const sessions = { recordRejection: () => false } as unknown as GatewaySessions
  const kinds = [createElevatorKind({ bus, latest, metrics, unchangedPointMs: 0 })]
  const spool = createSpool({ wal, maxBytes: 2 ** 40, metrics, log })
  const ingest = createIngest({ spool, metrics, sessions, kinds, log, limits: { ...limits, maxPayloadBytes: 65536 }, reportToGateway: () => {}, replyToGateway: () => {}, sessionOf: () => session,
    // The hook's own cost, not a gateway's budget: one that never runs out.
    budget: { perSecond: 1e9, burst: 1e9, overBudgetMs: 3_600_000 }, overBudget: () => {} })
  const client = { id: 'gw-1', closed: false } as Client
  const total = 200_000
  let sent = 0
  let done = 0
  const cpu0 = process.cpuUsage()
  const start = performance.now()
  await new Promise<void>((resolve) => {
    const next = () => {
      const i = sent++
      const packet = { cmd: 'publish', topic: topics[i % LIFTS]!, payload: payload(i + 50_000), qos: 1, retain: false, dup: false, messageId: 1 } as PublishPacket
      ingest.authorizePublish(client, packet, (err) => {
        if (err) throw err
        if (++done === total) resolve()
        else if (sent < total) next()
      })
    }
    for (let i = 0; i < IN_FLIGHT; i++) next()
  })
  const wall = performance.now() - start
  const cpu = process.cpuUsage(cpu0)
  console.log(`${'authorizePublish + WAL + rules, end to end'.padEnd(44)} ${(wall * 1e6 / total).toFixed(0).padStart(6)} ns/message wall, ` +
    `${((cpu.user + cpu.system) * 1e3 / total).toFixed(0)} ns CPU (all threads)`)
  await engine.stop()
  spool.close()
  await wal.close()
  rmSync(dir, { recursive: true, force: true })
}


// A city's shape (issue #14, docs/performance.md "Profile at city shape"): every lift sends a state every
// few seconds, most of them its heartbeat at rest, each on a quiet connection of its own gateway. So each
// hook call carries one message of a lift whose previous message is long durable, ~3 of 4 states repeat
// that lift's last point (acknowledged and announced, not written), and only a few written messages wait
// for a group commit at a time (at ~7,500 msg/s and a 2 ms log interval, a few per flush).
async function runCity () {
  const LIFTS = Number(process.env.STAGES_CITY_LIFTS ?? 30_000)
  const MESSAGES = Number(process.env.STAGES_CITY_MESSAGES ?? 150_000)
  // With the log each flush waits for the disk: fewer, or a run takes minutes.
  const LOG_MESSAGES = Number(process.env.STAGES_CITY_LOG_MESSAGES ?? 60_000)
  const SPOOL = process.env.STAGES_CITY_SPOOL ?? 'both'
  const PROFILE = process.env.STAGES_CITY_PROFILE
  if (SPOOL !== 'both' && SPOOL !== 'at-once' && SPOOL !== 'log') throw new Error(`STAGES_CITY_SPOOL: both, at-once or log, not "${SPOOL}"`)
  const IN_FLIGHT = Number(process.env.STAGES_CITY_IN_FLIGHT ?? 4)
  const ROUNDS = Number(process.env.STAGES_CITY_ROUNDS ?? 2)
  const LIFTS_PER_GATEWAY = 3.36 // 30,000 lifts in 8,935 buildings (bench/city.ts)
  const REPEATS = 0.75
  // Two rounds of the city before measuring: the first message of each lift is always written.
  const WARM = 2 * LIFTS
  const REPORTS = 12
  let rng = createRng('ingest-stages/city')

  const lifts = Array.from({ length: LIFTS }, (_, i) => ({ equipmentCode: `31106300002025${String(i).padStart(6, '0')}`, lowest: 1, landings: 2 + (i % 30), speed: 1.75 }))
  // Each lift's distinct states: consecutive equal reports (a lift at rest) are one state.
  const states = lifts.map((l) => liftReports(l, REPORTS, 'city').map((r) => JSON.stringify(r).slice(0, -1)).filter((b, i, all) => i === 0 || b !== all[i - 1]))
  const gatewayOf = (lift: number) => Math.floor(lift / LIFTS_PER_GATEWAY)
  const gateways = gatewayOf(LIFTS - 1) + 1
  const topics = lifts.map((l, i) => elevatorTopic(`gw-${gatewayOf(i)}`, l.equipmentCode, 'state'))
  // The order lifts speak in: shuffled once, then the same every round (each lift every LIFTS messages).
  const order = Array.from({ length: LIFTS }, (_, i) => i)
  for (let i = LIFTS - 1; i > 0; i--) { const j = rng.int(0, i); [order[i], order[j]] = [order[j]!, order[i]!] }
  // A lift speaks every ~4 s of its own time (the heartbeat is 5 s, changes come between).
  const t0 = Date.now() - 600_000
  const at = (i: number) => t0 + Math.floor(i * 4000 / LIFTS)
  const current = new Int32Array(LIFTS)
  const messageIds = new Int32Array(gateways)
  let planned = 0
  /** The same messages again, from the start (for the next hook). */
  const restart = (round: number) => { rng = createRng(`ingest-stages/city/${round}`); planned = 0; current.fill(0); messageIds.fill(0) }
  // Packets built before timing, as mqtt-packet hands them to the hook (a fresh payload Buffer each), with
  // the connection each comes on.
  interface Planned { packets: PublishPacket[], clients: Client[] }
  const plan = (n: number): Planned => {
    const packets: PublishPacket[] = []
    const from: Client[] = []
    for (let k = 0; k < n; k++) {
      const i = planned++
      const lift = order[i % LIFTS]!
      if (i >= LIFTS && !rng.chance(REPEATS)) current[lift] = (current[lift]! + 1) % states[lift]!.length
      const g = gatewayOf(lift)
      messageIds[g] = messageIds[g]! % 65_535 + 1
      packets.push({ cmd: 'publish', topic: topics[lift]!, payload: Buffer.from(`${states[lift]![current[lift]!]},"ts":${at(i)}}`), qos: 1, retain: false, dup: false, messageId: messageIds[g]! } as PublishPacket)
      from.push(clients[g]!)
    }
    return { packets, clients: from }
  }

  const log = pino({ level: 'silent' })
  const limits = { maxItems: 500, maxFutureMs: 300_000, maxPayloadBytes: 65536 }
  const budget = { perSecond: 50, burst: 100, overBudgetMs: 10_000 } // the service's defaults (MQTT_GATEWAY_RATE, _BURST)
  const sessions = { recordRejection: () => false, get: () => undefined } as unknown as GatewaySessions
  const clients: Client[] = []
  const sessionByClient = new WeakMap<Client, GatewaySession>()
  for (let g = 0; g < gateways; g++) {
    const client = { id: `gw-${g}`, closed: false } as Client
    const equipment = new Set<string>()
    for (let l = Math.ceil(g * LIFTS_PER_GATEWAY); l < LIFTS && gatewayOf(l) === g; l++) equipment.add(equipmentKey(ELEVATOR, lifts[l]!.equipmentCode))
    sessionByClient.set(client, {
      id: `gw-${g}`, equipment, connections: 1, connectedAt: 0, lastSeenAt: 0, messages: 0, rejected: 0,
      firmware: null, recentRejections: [], rateMark: { at: 0, messages: 0 }, reports: { windowStart: 0, sent: 0 }
    })
    clients.push(client)
  }

  /** One hook (fresh service state) fed `warm` then `measured` packets, at most `inFlight` unanswered. */
  async function drive (b: Build, label: string, spoolKind: 'at-once' | 'log', warm: Planned, measured: Planned, inFlight: number): Promise<number> {
    const metrics = b.createMetrics()
    const bus = b.createBus(() => {})
    const alerts = { openByLift: async () => [], raise: async () => undefined, clearOpen: async () => undefined } as unknown as AlertStore
    const engine = await b.startAlertEngine({ bus, alerts, thresholds: b.DEFAULT_THRESHOLDS, log })
    const latest = b.createLatestStates(null as never)
    const kinds = [b.createElevatorKind({ bus, latest, metrics, unchangedPointMs: 60_000 })]
    const { spool, close } = spoolKind === 'at-once' ? atOnce() : await withLog(b, metrics)
    const ingest = b.createIngest({ spool, metrics, sessions, kinds, log, limits, budget, reportToGateway: () => {}, replyToGateway: () => {},
      sessionOf: (client) => sessionByClient.get(client), overBudget: () => { throw new Error('over budget') } })
    const feed = ({ packets, clients: from }: Planned, most: number) => new Promise<void>((resolve) => {
      let sent = 0
      let done = 0
      let waiting = 0
      let pumping = false
      const answered = (err?: Error | null) => {
        if (err) throw err
        waiting--
        if (++done === packets.length) resolve()
        else pump()
      }
      // Repeats are answered within the call: loop rather than recurse.
      function pump () {
        if (pumping) return
        pumping = true
        while (waiting < most && sent < packets.length) {
          const i = sent++
          waiting++
          ingest.authorizePublish(from[i]!, packets[i]!, answered)
        }
        pumping = false
      }
      pump()
    })
    const skipped = () => (metrics.registry.getSingleMetric('tianjian_mqtt_unchanged_states_total')!.get() as Promise<{ values: Array<{ value: number }> }>).then((m) => m.values[0]?.value ?? 0)
    // The warm-up writes every lift's first point: many in flight, or it waits on thousands of flushes.
    await feed(warm, 512)
    const skippedBefore = await skipped()
    const profiler = PROFILE === undefined ? null : new Session()
    if (profiler !== null) {
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.setSamplingInterval', { interval: 100 })
      await profiler.post('Profiler.start')
    }
    const cpu0 = process.cpuUsage()
    const start = performance.now()
    await feed(measured, inFlight)
    const wall = performance.now() - start
    const cpu = process.cpuUsage(cpu0)
    if (profiler !== null) {
      const { profile } = await profiler.post('Profiler.stop')
      mkdirSync(PROFILE!, { recursive: true })
      writeFileSync(join(PROFILE!, `${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`), JSON.stringify(profile))
      profiler.disconnect()
    }
    const n = measured.packets.length
    const repeats = (await skipped() - skippedBefore) / n
    console.log(`${label.padEnd(44)} ${((cpu.user + cpu.system) / n).toFixed(2).padStart(6)} µs CPU/message ` +
      `(user ${(cpu.user / n).toFixed(2)}, system ${(cpu.system / n).toFixed(2)}), ` +
      `${(wall * 1e3 / n).toFixed(2)} µs wall; ${(repeats * 100).toFixed(1)}% repeats not written`)
    ingest.close()
    await engine.stop()
    await close()
    return (cpu.user + cpu.system) / n
  }

  const atOnce = () => ({ spool: { append: (_text: string, _lines: number, _sender: unknown, cb: (err?: Error | null) => void) => cb(null) }, close: async () => {} })
  const withLog = async (b: Build, metrics: ReturnType<typeof createMetrics>) => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-stages-city-'))
    const wal = await b.openWal({ dir, syncIntervalMs: 2, segmentBytes: 64 * 2 ** 20 })
    const spool = b.createSpool({ wal, maxBytes: 2 ** 40, metrics, log })
    return { spool, close: async () => { spool.close(); await wal.close(); rmSync(dir, { recursive: true, force: true }) } }
  }

  const builds: Build[] = [{ name: 'this', createMetrics, createBus, startAlertEngine, DEFAULT_THRESHOLDS, createLatestStates, createElevatorKind, createIngest, openWal, createSpool }]
  if (process.env.STAGES_CITY_AB !== undefined) builds.push(await loadBuild(process.env.STAGES_CITY_AB))
  const results = new Map<string, number[]>()
  const measure = async (b: Build, round: number, spoolKind: 'at-once' | 'log') => {
    restart(round)
    const warm = plan(WARM)
    const label = `city ${round}${builds.length > 1 ? ` ${b.name}` : ''}: ${spoolKind === 'at-once' ? 'hook, spool answering at once' : 'hook + write-ahead log + rules'}`
    const us = await drive(b, label, spoolKind, warm, plan(spoolKind === 'at-once' ? MESSAGES : LOG_MESSAGES), spoolKind === 'at-once' ? 1 : IN_FLIGHT)
    const key = `${b.name}, ${spoolKind}`
    results.set(key, [...results.get(key) ?? [], us])
  }

  console.log(`city: ${LIFTS} lifts, ${gateways} gateways, ${MESSAGES} messages measured after ${WARM} (${LOG_MESSAGES} with the log, ${IN_FLIGHT} in flight)`)
  for (let round = 1; round <= ROUNDS; round++) {
    // The same messages for each hook, as fresh packets: nothing carried over from one to the next.
    const order = round % 2 === 1 ? builds : [...builds].reverse()
    for (const b of order) if (SPOOL !== 'log') await measure(b, round, 'at-once')
    for (const b of order) if (SPOOL !== 'at-once') await measure(b, round, 'log')
  }
  for (const [key, values] of results) {
    const sorted = [...values].sort((x, y) => x - y)
    console.log(`${key.padEnd(20)} median ${sorted[sorted.length >> 1]!.toFixed(2)} µs CPU/message over ${values.length}: ${values.map((v) => v.toFixed(2)).join(' ')}`)
  }
}

/** The modules the city's hook is built from, of this tree or of another tree's compiled bench build. */
interface Build {
  name: string
  createMetrics: typeof createMetrics
  createBus: typeof createBus
  startAlertEngine: typeof startAlertEngine
  DEFAULT_THRESHOLDS: typeof DEFAULT_THRESHOLDS
  createLatestStates: typeof createLatestStates
  createElevatorKind: typeof createElevatorKind
  createIngest: typeof createIngest
  openWal: typeof openWal
  createSpool: typeof createSpool
}

async function loadBuild (root: string): Promise<Build> {
  const at = async <T>(path: string) => await import(pathToFileURL(join(root, path)).href) as T
  return {
    name: root.replace(/\/bench-results\/\.build\/?$/, ''),
    ...await at<Pick<Build, 'createMetrics'>>('platform/metrics.js'),
    ...await at<Pick<Build, 'createBus'>>('platform/events/bus.js'),
    ...await at<Pick<Build, 'startAlertEngine'>>('alerts/engine.js'),
    ...await at<Pick<Build, 'DEFAULT_THRESHOLDS'>>('alerts/rules.js'),
    ...await at<Pick<Build, 'createLatestStates'>>('elevators/latest-state.js'),
    ...await at<Pick<Build, 'createElevatorKind'>>('elevators/kind.js'),
    ...await at<Pick<Build, 'createIngest'>>('ingest/ingest.js'),
    ...await at<Pick<Build, 'openWal'>>('ingest/wal.js'),
    ...await at<Pick<Build, 'createSpool'>>('ingest/spool.js')
  }
}
