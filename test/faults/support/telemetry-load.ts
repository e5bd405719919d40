// Gateways publishing lift states over real MQTT (mqtt.js), counting every message: sent, acknowledged
// (PUBACK) and, per lift, which ones. Each message of a lift carries its sequence number twice, as its
// timestamp (t0 + seq ms) and as `trips`, so what InfluxDB holds can be matched message by message
// (./stored.ts). A gateway behaves as a real one does: at most `window` QoS 1 messages in flight, and
// after a lost connection it reconnects and resends what was not acknowledged (mqtt.js keeps them).
import mqtt, { type MqttClient } from 'mqtt'

export interface LoadGateway { id: string, secret: string, codes: string[] }

export interface LoadOptions {
  port: number
  gateways: LoadGateway[]
  /** Timestamp of sequence number 0 (epoch ms); every lift's messages are 1 ms apart from there. */
  t0: number
  /** QoS 1 messages in flight per gateway. */
  window?: number
  /** Messages per lift; unlimited (until stop) when absent. */
  perLift?: number
  /** Reconnect after a lost connection (a real gateway does); 0 leaves the gateway disconnected. */
  reconnectPeriodMs?: number
}

export interface TelemetryLoad {
  readonly t0: number
  /** Distinct messages published at least once. */
  readonly sent: number
  /** Distinct messages acknowledged with PUBACK. */
  readonly acked: number
  /** Connections lost (closed by the broker or the network) while running. */
  readonly disconnects: number
  /** Per lift: messages sent (sequence numbers 0 … n-1). */
  sentByLift (): Map<string, number>
  /** Per lift: acknowledged sequence numbers. */
  ackedByLift (): Map<string, Set<number>>
  /** PUBACK latency of acknowledged messages, ms, p50 and p99 (for the report, never asserted). */
  latency (): { p50: number | null, p99: number | null }
  /** Resolves when at least `n` messages are acknowledged. */
  untilAcked (n: number, timeoutMs?: number): Promise<void>
  /** Stops publishing new messages; those in flight stay in flight. */
  stop (): void
  /**
   * Resolves when every message is sent and acknowledged (the broker must be reachable); an unlimited load
   * stops publishing new ones first.
   */
  settle (timeoutMs?: number): Promise<void>
  /** Disconnects every gateway. */
  end (): Promise<void>
}

export function statePayload (t0: number, seq: number): string {
  return `{"ts":${t0 + seq},"mode":1,"moving":${seq % 2 === 0},"dir":${seq % 3},"floor":${seq % 30},"doorZone":false,"doorClosed":true,"occupied":false,"trips":${seq}}`
}

export async function startTelemetryLoad (options: LoadOptions): Promise<TelemetryLoad> {
  const window = options.window ?? 16
  const limit = options.perLift ?? Infinity
  const nextSeq = new Map<string, number>()
  const acked = new Map<string, Set<number>>()
  const latencies: number[] = []
  let sent = 0
  let ackedCount = 0
  let disconnects = 0
  let stopped = false
  /** Ending: nothing is published or resent any more (mqtt.js fails what is in flight as it closes). */
  let ended = false
  const waiters = new Set<() => void>()
  const wake = () => { for (const w of [...waiters]) w() }

  const clients = await Promise.all(options.gateways.map((gateway) => connect(options.port, gateway, options.reconnectPeriodMs ?? 100)))
  clients.forEach((client, i) => {
    const gateway = options.gateways[i]!
    for (const code of gateway.codes) { nextSeq.set(code, 0); acked.set(code, new Set()) }
    let cursor = 0
    let inFlight = 0
    // Messages mqtt.js gave up on (it fails those queued behind a resend when the connection drops again):
    // sent again, as they are, once the gateway is connected.
    const retry: Array<[string, number]> = []
    let retryScheduled = false
    client.on('offline', () => { disconnects++ })
    client.on('connect', () => pump())
    const publish = (code: string, seq: number) => {
      inFlight++
      const at = Date.now()
      client.publish(`se/v1/${gateway.id}/elevator/${code}/state`, statePayload(options.t0, seq), { qos: 1 }, (err) => {
        inFlight--
        if (err === undefined || err === null) {
          acked.get(code)!.add(seq)
          ackedCount++
          if (latencies.length < 200_000) latencies.push(Date.now() - at)
          wake()
          pump()
        } else {
          retry.push([code, seq])
          // Never publish again from inside mqtt.js' failure loop: it would fail what we add to it, forever.
          if (!retryScheduled) { retryScheduled = true; setImmediate(() => { retryScheduled = false; if (client.connected && !client.disconnecting) pump() }) }
        }
      })
    }
    const pump = () => {
      if (ended) return
      while (inFlight < window && retry.length > 0) {
        const [code, seq] = retry.shift()!
        publish(code, seq)
      }
      while (!stopped && inFlight < window) {
        const code = pickLift()
        if (code === null) return
        const seq = nextSeq.get(code)!
        nextSeq.set(code, seq + 1)
        sent++
        publish(code, seq)
      }
    }
    /** The next lift of this gateway with messages left, round robin. */
    function pickLift (): string | null {
      for (let tries = 0; tries < gateway.codes.length; tries++) {
        const code = gateway.codes[cursor]!
        cursor = (cursor + 1) % gateway.codes.length
        if (nextSeq.get(code)! < limit) return code
      }
      return null
    }
    pump()
  })

  const until = (done: () => boolean, what: string, timeoutMs: number) => new Promise<void>((resolve, reject) => {
    if (done()) return resolve()
    const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`${what}: not reached in ${timeoutMs} ms (sent ${sent}, acknowledged ${ackedCount})`)) }, timeoutMs)
    function check () { if (done()) { clearTimeout(timer); waiters.delete(check); resolve() } }
    waiters.add(check)
  })

  return {
    t0: options.t0,
    get sent () { return sent },
    get acked () { return ackedCount },
    get disconnects () { return disconnects },
    sentByLift: () => new Map(nextSeq),
    ackedByLift: () => acked,
    latency () {
      const sorted = [...latencies].sort((a, b) => a - b)
      const at = (q: number) => sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
      return { p50: at(0.5), p99: at(0.99) }
    },
    untilAcked: (n, timeoutMs = 120_000) => until(() => ackedCount >= n, `${n} acknowledged`, timeoutMs),
    stop () { stopped = true },
    settle (timeoutMs = 120_000) {
      const total = limit * nextSeq.size
      if (total === Infinity) stopped = true
      return until(() => ackedCount >= sent && (stopped || sent >= total), 'every message acknowledged', timeoutMs)
    },
    async end () {
      stopped = true
      ended = true
      await Promise.all(clients.map((c) => c.endAsync(true)))
    }
  }
}

function connect (port: number, gateway: LoadGateway, reconnectPeriod: number): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: gateway.id, username: gateway.id, password: gateway.secret, protocolVersion: 4, clean: true,
      // A loaded box (a flood beside, a test suite around) can take seconds to answer a CONNECT; a real
      // gateway waits, then retries.
      keepalive: 30, reconnectPeriod, connectTimeout: 30_000
    })
    // Errors after the first connect are the broker going away or refusing us while it restarts (a CONNACK
    // "server unavailable"): the reconnect handles them. Only a first connect that fails gives up.
    client.on('error', () => {})
    const failFirst = (err: Error) => { client.end(true); reject(err) }
    client.once('error', failFirst)
    client.once('connect', () => { client.off('error', failFirst); resolve(client) })
  })
}
