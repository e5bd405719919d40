// Entrapment alert latency under load: from a gateway's publish of the message that completes an
// entrapment to the `alert` event reaching a dashboard subscribed to GET /api/live, while the load generator
// keeps the broker at a fixed rate. Each sample is a different lift; half use the terminal's `entrapment`
// code, half the alarm button (90) after a state saying someone is inside — the two ways the rule fires.
import mqtt, { type MqttClient } from 'mqtt'
import type { FleetGateway } from '../simulators/credentials.ts'
import { elevatorTopic } from '../elevators/payloads.ts'
import { percentile, round } from './machine.ts'
import { DEMO_USERS } from '../simulators/city/demo-users.ts'
import { openSse } from '../live/sse-client.ts'

const SAMPLE_TIMEOUT_MS = 10_000

/** `at`: arrival (performance clock); `storeMs`: wall time from the rule firing (`raisedAt`) to arrival. */
interface Arrival { at: number, storeMs: number }
interface LiveStream { waitForAlert (equipmentCode: string): Promise<Arrival>, close (): void }

/** The emergency center's dispatcher, signed in with the seeded city's demo login, reading the live stream. */
async function openLive (httpUrl: string, equipment: string[]): Promise<LiveStream> {
  const dispatcher = DEMO_USERS.find((u) => u.role === 'dispatcher')!
  const login = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: dispatcher.username, password: dispatcher.password })
  })
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`)
  const { token } = await login.json() as { token: string }
  const waiters = new Map<string, (arrival: Arrival) => void>()
  // Limited to the sample lifts, as a lift page would be; alerts reach every subscriber in scope anyway.
  const stream = await openSse(httpUrl, token, { equipment, onEvent: ({ event, data }, at) => {
    if (event !== 'alert') return
    const { kind, alert } = data as { kind: string, alert: { equipmentCode: string, type: string, raisedAt: string } }
    if (kind === 'raised' && alert.type === 'entrapment') waiters.get(alert.equipmentCode)?.({ at, storeMs: Date.now() - Date.parse(alert.raisedAt) })
  } })
  return {
    waitForAlert: (code) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => { waiters.delete(code); reject(new Error(`no entrapment alert for ${code} within ${SAMPLE_TIMEOUT_MS} ms`)) }, SAMPLE_TIMEOUT_MS)
      waiters.set(code, (arrival) => { clearTimeout(timer); waiters.delete(code); resolve(arrival) })
    }),
    close: stream.close
  }
}

function connectGateway (port: number, gateway: FleetGateway): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { username: gateway.id, password: gateway.secret, clientId: `${gateway.id}-alert`, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 30_000 })
    client.once('connect', () => resolve(client))
    client.once('error', (err) => { client.end(true); reject(err) })
  })
}

export interface AlertLatency {
  samples: number
  failed: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Publish → PUBACK of the same messages: the ingest share of the latency. */
  ackP50Ms: number
  ackP99Ms: number
  /** The rule firing (the alert's raisedAt, server clock) → the event at the client: alert store + SSE (1 ms resolution). */
  storeP50Ms: number
  storeP99Ms: number
  latenciesMs: number[]
}

/** Runs `samples` entrapments, one per gateway's first lift, one after the other with a short random gap. */
export async function measureAlertLatency (httpUrl: string, mqttPort: number, gateways: FleetGateway[]): Promise<AlertLatency> {
  const lifts = gateways.map((g) => ({ gateway: g, code: g.lifts[0]!.equipmentCode }))
  const live = await openLive(httpUrl, lifts.map((l) => l.code))
  const clients = await Promise.all(gateways.map((g) => connectGateway(mqttPort, g)))
  const latencies: number[] = []
  const acks: number[] = []
  const stores: number[] = []
  let failed = 0
  try {
    for (const [i, { gateway, code }] of lifts.entries()) {
      const client = clients[i]!
      const eventTopic = elevatorTopic(gateway.id, code, 'event')
      const viaAlarm = i % 2 === 1
      if (viaAlarm) {
        // Stopped between landings with someone inside: the alarm button now means a trapped passenger.
        const state = { mode: 1, moving: false, dir: 0, floor: 3, doorZone: false, doorClosed: true, occupied: true, ts: Date.now() }
        await client.publishAsync(elevatorTopic(gateway.id, code, 'state'), JSON.stringify(state), { qos: 1 })
      }
      const arrived = live.waitForAlert(code)
      const t0 = performance.now()
      // The PUBACK time splits the latency: up to it, broker + write-ahead log; after it, rules, alert store, SSE.
      client.publish(eventTopic, JSON.stringify({ code: viaAlarm ? '90' : 'entrapment', active: true, ts: Date.now() }), { qos: 1 }, () => acks.push(performance.now() - t0))
      try {
        const arrival = await arrived
        latencies.push(arrival.at - t0)
        stores.push(arrival.storeMs)
      } catch {
        failed++
      }
      // A random gap, so samples do not lock onto the write-ahead log's group-commit timer.
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 150))
    }
  } finally {
    live.close()
    await Promise.all(clients.map((c) => c.endAsync(true)))
  }
  latencies.sort((a, b) => a - b)
  acks.sort((a, b) => a - b)
  stores.sort((a, b) => a - b)
  return {
    samples: latencies.length,
    failed,
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(latencies.at(-1) ?? NaN, 1),
    ackP50Ms: round(percentile(acks, 50), 1),
    ackP99Ms: round(percentile(acks, 99), 1),
    storeP50Ms: percentile(stores, 50),
    storeP99Ms: percentile(stores, 99),
    latenciesMs: latencies.map((l) => round(l, 1))
  }
}
