// What one message costs on the ingest path, stage by stage, in one process and without a network: the
// numbers behind the fix proposals in docs/performance.md. Run compiled (as the bench does), e.g.
//   npx tsc -p bench/tsconfig.build.json && node bench-results/.build/bench/ingest-stages.js
// Each stage runs over the same realistic payloads (simulators/lift); the last line is the whole
// authorizePublish with the real write-ahead log (group-committed fdatasync) and the alert rules listening.
import { mkdtempSync, rmSync } from 'node:fs'
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
