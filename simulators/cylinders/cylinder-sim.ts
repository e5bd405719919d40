// Plays the cylinder gateways of a city over MQTT: filling stations that check each cylinder before they
// fill it (and sometimes fill one they were refused), and installations whose bottles report pressure,
// temperature and gas readings with rare leaks. mqtt.js clients (a few dozen gateways at a few messages a
// second: its cost does not matter here, and it subscribes, which the bench's lite client does not).
import mqtt, { type MqttClient } from 'mqtt'
import type { Rng } from '../../platform/prng.ts'
import { monitorTopic, stationTopic, type CheckReply } from '../../cylinders/payloads.ts'
import { topicFor } from '../../protocol/topics.ts'
import type { SimInstallation, SimStation } from './cylinder-fleet-file.ts'
import { decide, fillMass, nextVisit, type StationBehaviour } from './station-plan.ts'
import { calmBottle, nextReading, startLeak, type BottleState } from './installation-plan.ts'

export interface CylinderSimOptions {
  brokerUrl: string
  /** Fills each station attempts a minute. */
  fillsPerMinute: number
  behaviour: StationBehaviour
  /** Each bottle reports this often. */
  readEveryMs: number
  /** Leaks a hour, over all installations. */
  leaksPerHour: number
  /** The first leak this long after the start (a demo wants one at once); null: when the rate says. */
  firstLeakMs: number | null
  rng: Rng
  log: (line: string) => void
}

export interface CylinderSimStats {
  checks: number
  replies: number
  allowed: number
  refused: Record<string, number>
  fills: number
  forced: number
  errors: number
  leaks: number
  readings: number
  /** Check request → reply, ms, the last 2,000. */
  latencies: number[]
}

const REPLY_TIMEOUT_MS = 10_000

function gatewayClient (brokerUrl: string, id: string, secret: string): MqttClient {
  return mqtt.connect(brokerUrl, { username: id, password: secret, clientId: id, protocolVersion: 4, clean: true, reconnectPeriod: 3000, connectTimeout: 15_000 })
}

export function createCylinderSim (stations: readonly SimStation[], installations: readonly SimInstallation[], o: CylinderSimOptions) {
  const stats: CylinderSimStats = { checks: 0, replies: 0, allowed: 0, refused: {}, fills: 0, forced: 0, errors: 0, leaks: 0, readings: 0, latencies: [] }
  const clients: MqttClient[] = []
  const timers = new Set<NodeJS.Timeout>()
  let stopped = false
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => { timers.delete(t); if (!stopped) fn() }, ms)
    timers.add(t)
  }
  let errorLines = 0

  function onErrors (gatewayId: string, payload: Buffer) {
    stats.errors++
    // The first few reports in full: they say what the server thought of the simulator's messages.
    if (errorLines++ < 5) o.log(`${gatewayId} errors: ${payload.toString()}`)
  }

  function startStation (st: SimStation) {
    const rng = o.rng.fork(`station:${st.stationCode}`)
    const client = gatewayClient(o.brokerUrl, st.gatewayId, st.secret)
    clients.push(client)
    const waiting = new Map<string, (reply: CheckReply) => void>()
    client.on('connect', () => { client.subscribe(`se/v1/${st.gatewayId}/#`, { qos: 1 }) })
    client.on('error', (err) => o.log(`${st.gatewayId}: ${err.message}`))
    client.on('message', (topic, payload) => {
      if (topic === topicFor.errors(st.gatewayId)) return onErrors(st.gatewayId, payload)
      if (!topic.endsWith('/reply')) return
      const reply = JSON.parse(payload.toString()) as CheckReply
      waiting.get(reply.id)?.(reply)
    })
    let n = 0
    const meanGapMs = 60_000 / o.fillsPerMinute
    const visit = async () => {
      if (!client.connected) return
      const v = nextVisit(rng, st.cylinders, st.stationCode, o.behaviour)
      const id = `${st.stationCode}-${++n}`
      const sentAt = performance.now()
      const answered = new Promise<CheckReply | null>((resolve) => {
        const timer = setTimeout(() => { waiting.delete(id); resolve(null) }, REPLY_TIMEOUT_MS)
        waiting.set(id, (reply) => { clearTimeout(timer); waiting.delete(id); resolve(reply) })
      })
      stats.checks++
      client.publish(stationTopic(st.gatewayId, st.stationCode, 'check'), JSON.stringify({ id, cylinder: v.code, medium: v.medium }), { qos: 1 })
      const reply = await answered
      if (reply === null || stopped) return
      stats.replies++
      stats.latencies.push(performance.now() - sentAt)
      if (stats.latencies.length > 2000) stats.latencies.splice(0, 1000)
      if (reply.allowed) stats.allowed++
      for (const r of reply.reasons) stats.refused[r] = (stats.refused[r] ?? 0) + 1
      const action = decide(rng, reply.allowed, o.behaviour)
      if (action === 'leave') return
      if (action === 'force') {
        stats.forced++
        o.log(`${st.stationCode} fills ${v.code} although refused (${reply.reasons.join(', ')})`)
      }
      stats.fills++
      client.publish(stationTopic(st.gatewayId, st.stationCode, 'fill'),
        JSON.stringify({ ts: Date.now(), cylinder: v.code, medium: v.medium, massKg: fillMass(rng, v.cylinder), operator: `op-${rng.int(1, 6)}` }), { qos: 1 })
    }
    const loop = () => {
      void visit().catch((err: Error) => o.log(`${st.stationCode}: ${err.message}`))
      later(rng.exponential(meanGapMs), loop)
    }
    later(rng.real(1000, 1000 + meanGapMs), loop)
  }

  const bottles: Array<{ installation: SimInstallation, index: number, state: BottleState }> = []
  function startInstallation (inst: SimInstallation) {
    const rng = o.rng.fork(`installation:${inst.gatewayId}`)
    const client = gatewayClient(o.brokerUrl, inst.gatewayId, inst.secret)
    clients.push(client)
    client.on('connect', () => { client.subscribe(topicFor.errors(inst.gatewayId), { qos: 0 }) })
    client.on('error', (err) => o.log(`${inst.gatewayId}: ${err.message}`))
    client.on('message', (_topic, payload) => onErrors(inst.gatewayId, payload))
    const mine = inst.cylinders.map((_c, index) => {
      const b = { installation: inst, index, state: calmBottle(rng) }
      bottles.push(b)
      return b
    })
    const tick = () => {
      if (client.connected) {
        for (const b of mine) {
          const c = inst.cylinders[b.index]!
          const { state, reading } = nextReading(rng, b.state, c.maxPressureMPa ?? null)
          b.state = state
          stats.readings++
          client.publish(monitorTopic(inst.gatewayId, c.code), JSON.stringify({ ts: Date.now(), ...reading }), { qos: 1 })
        }
      }
      later(o.readEveryMs, tick)
    }
    later(rng.real(500, o.readEveryMs), tick)
  }

  // The first leak of a run reaches level 2: a demo shows its loudest alarm at once.
  let leaks = 0
  function leakSomewhere () {
    const calm = bottles.filter((b) => b.state.leak === null)
    if (calm.length === 0) return
    const b = o.rng.pick(calm)
    b.state = { ...b.state, leak: leaks++ === 0 ? startLeak(o.rng, true) : startLeak(o.rng) }
    stats.leaks++
    o.log(`leak starts at ${b.installation.cylinders[b.index]!.code} (${b.installation.gatewayId}), peak ${Math.round(b.state.leak!.peakLel)} %LEL`)
  }
  const leakLoop = () => {
    leakSomewhere()
    if (o.leaksPerHour > 0) later(o.rng.exponential(3_600_000 / o.leaksPerHour), leakLoop)
  }

  return {
    stats: () => stats,
    start () {
      for (const st of stations) startStation(st)
      for (const inst of installations) startInstallation(inst)
      if (bottles.length === 0) return
      if (o.firstLeakMs !== null) later(o.firstLeakMs, leakLoop)
      else if (o.leaksPerHour > 0) later(o.rng.exponential(3_600_000 / o.leaksPerHour), leakLoop)
    },
    async stop () {
      stopped = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
      await Promise.all(clients.map((c) => c.endAsync()))
    }
  }
}

/** One line of counters: checks and what they said, fills, forced fills, readings, leaks, check latency. */
export function formatCylinderStats (s: CylinderSimStats): string {
  const sorted = [...s.latencies].sort((a, b) => a - b)
  const q = (p: number) => (sorted.length === 0 ? '-' : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1))
  const refused = Object.entries(s.refused).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'
  return `cylinders: ${s.checks} checks (${s.allowed} allowed; refused for: ${refused}), ${s.fills} fills (${s.forced} forced), ` +
    `${s.readings} readings, ${s.leaks} leaks, ${s.errors} error reports; check→reply p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`
}
