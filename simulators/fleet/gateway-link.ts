// One gateway's MQTT connection, behaving like a building's gateway: id and secret as username and
// password (MQTT 3.1.1), a retained status with a last will, a persistent session so unacknowledged QoS 1
// messages are resent after a reconnect, and reconnects after exponential backoff with jitter. It opens
// no timer of its own: it asks the fleet to wake it (`wake`) when a retry is due.
import type { IClientOptions, MqttClient } from 'mqtt'
import { topicFor } from '../../protocol/topics.ts'
import type { Rng } from '../../platform/prng.ts'
import { reconnectDelay, type BackoffOptions } from './backoff.ts'
import type { FleetCounters } from './fleet-stats.ts'

export type Connect = (url: string, options: IClientOptions) => MqttClient

/** A heartbeat is not worth queueing while offline; a state change or an event is. */
export type PublishKind = 'heartbeat' | 'change'

export interface LinkOptions {
  id: string
  secret: string
  brokerUrl: string
  qos: 0 | 1
  fw: string
  keepaliveS: number
  backoff: BackoffOptions
  /** Messages waiting for their PUBACK (or for a connection) beyond which new ones are dropped. */
  maxQueued: number
  /** How far this gateway's clock is off (its RTC drifts): added to every timestamp it sends. */
  skewMs: number
  rng: Rng
}

export interface LinkDeps {
  connect: Connect
  clock: () => number
  counters: FleetCounters
  /** Call `due()` on this link at this time. */
  wake: (at: number) => void
  /** The connection is up (first time or again): the fleet sends the current state of every lift. */
  online: (first: boolean) => void
  log: (line: string) => void
}

// CONNACK return codes, MQTT 3.1.1 §3.2.2.3: 4 bad username or password, 5 not authorised.
const REFUSED = new Set([4, 5])

export function createGatewayLink (o: LinkOptions, deps: LinkDeps) {
  const statusTopic = topicFor.status(o.id)
  const client = deps.connect(o.brokerUrl, {
    username: o.id,
    password: o.secret,
    clientId: o.id,
    protocolVersion: 4,
    // A persistent session keeps the unacknowledged QoS 1 messages across a lost connection.
    clean: false,
    keepalive: o.keepaliveS,
    connectTimeout: 15_000,
    // Reconnects are ours, with backoff and jitter; mqtt.js only retries at a fixed period.
    reconnectPeriod: 0,
    manualConnect: true,
    will: { topic: statusTopic, payload: Buffer.from('{"online":false}'), qos: 1, retain: true }
  })
  let everConnected = false
  let opened = false
  let attempt = 0
  let retryAt: number | null = null
  let offUntil: number | null = null
  let stopping = false
  let queued = 0
  let ended = false
  let drained: (() => void) | null = null
  let lastError: string | null = null
  const now = () => deps.clock() + o.skewMs

  client.on('connect', () => {
    attempt = 0
    deps.counters.connects++
    if (everConnected) deps.counters.reconnects++
    const first = !everConnected
    everConnected = true
    publish(statusTopic, JSON.stringify({ online: true, fw: o.fw, ts: now() }), 'change', true)
    deps.online(first)
  })
  client.on('close', () => {
    if (stopping || offUntil !== null || retryAt !== null) return
    retryAt = deps.clock() + reconnectDelay(attempt++, o.rng, o.backoff)
    deps.wake(retryAt)
  })
  client.on('error', (err: Error & { code?: number | string }) => {
    if (typeof err.code === 'number' && REFUSED.has(err.code)) {
      deps.counters.refused++
      // One line per gateway and cause, not one per retry.
      if (lastError !== err.message) deps.log(`gateway ${o.id}: ${err.message}`)
    }
    lastError = err.message
  })

  function reconnect () {
    // Keep the stores: they hold the messages sent but not yet acknowledged, which mqtt.js resends.
    const stores = client as unknown as Required<Pick<IClientOptions, 'incomingStore' | 'outgoingStore'>>
    client.reconnect({ incomingStore: stores.incomingStore, outgoingStore: stores.outgoingStore })
  }

  /** Hands a message to MQTT; false when it was skipped (offline heartbeat) or dropped (queue full). */
  function publish (topic: string, payload: string, kind: PublishKind, retain = false): boolean {
    const c = deps.counters
    if (!client.connected && kind === 'heartbeat') {
      c.skippedOffline++
      return false
    }
    if (queued >= o.maxQueued) {
      c.dropped++
      return false
    }
    c.sent++
    if (o.qos === 0) {
      client.publish(topic, payload, { qos: 0, retain })
      return true
    }
    queued++
    client.publish(topic, payload, { qos: 1, retain }, (err) => {
      queued--
      if (err) c.failed++
      else c.acked++
      if (queued === 0) drained?.()
    })
    return true
  }

  return {
    id: o.id,
    get connected () { return client.connected },
    get everConnected () { return everConnected },
    /** Messages sent and not yet acknowledged. */
    get queued () { return queued },
    get lastError () { return lastError },
    /** Where the link stands, for the counters: a gateway stuck in `connecting` points at a slow broker. */
    get phase (): 'unopened' | 'connecting' | 'online' | 'retrying' | 'off' | 'closed' {
      if (ended || stopping) return 'closed'
      if (!opened) return 'unopened'
      if (client.connected) return 'online'
      if (offUntil !== null) return 'off'
      return retryAt !== null ? 'retrying' : 'connecting'
    },
    /** The gateway's own clock, skew included: what it stamps messages with. */
    now,
    open () {
      if (opened || stopping) return
      opened = true
      client.connect()
    },
    publish,
    /** Called by the fleet at the time this link asked for. */
    due (now: number) {
      if (stopping) return
      if (offUntil !== null && now >= offUntil) {
        offUntil = null
        reconnect()
      } else if (retryAt !== null && now >= retryAt) {
        retryAt = null
        reconnect()
      }
    },
    /** The network goes away under the gateway: the broker sees an unclean loss and publishes the will. */
    drop () {
      if (opened) client.stream?.destroy()
    },
    /** The gateway loses power: the connection drops and it stays silent for a while, then comes back. */
    powerOff (durationMs: number) {
      if (!opened) return
      offUntil = deps.clock() + durationMs
      retryAt = null
      client.stream?.destroy()
      deps.wake(offUntil)
    },
    /** Says goodbye: status offline (retained), then a clean DISCONNECT once in-flight messages are acknowledged. */
    async close (): Promise<void> {
      stopping = true
      retryAt = null
      offUntil = null
      // A client that never opened has no socket to close; what it queued is reported as unacknowledged.
      if (!opened || ended) return
      if (client.connected) {
        publish(statusTopic, JSON.stringify({ online: false, fw: o.fw, ts: now() }), 'change', true)
        if (queued > 0) await new Promise<void>((resolve) => { drained = resolve })
      }
      if (ended) return
      ended = true
      await new Promise<void>((resolve) => client.end(!client.connected, {}, () => resolve()))
    },
    /** Closes at once, abandoning what is still in flight. */
    async forceClose (): Promise<void> {
      stopping = true
      if (!opened || ended) return
      ended = true
      drained?.()
      await new Promise<void>((resolve) => client.end(true, {}, () => resolve()))
    }
  }
}

export type GatewayLink = ReturnType<typeof createGatewayLink>
