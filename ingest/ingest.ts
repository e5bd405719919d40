// The per-message hot path, run inside Aedes' authorizePublish hook because Aedes writes the QoS 1 PUBACK
// as soon as that hook calls back: topic → ACL → decode → line protocol → write-ahead log (group-committed
// fdatasync) → only then callback (PUBACK) and announce to the live bus. Each point gets its nanosecond
// time on the way (./point-time.ts), so that two observations in one millisecond are both kept and a resend
// replaces itself; while the spool for InfluxDB is full the PUBACK waits (./spool.ts). No database round trip, no log
// line per message. Waiting for the fsync also throttles a flooding client: Aedes reads its next packets
// only after these callbacks, so TCP back-pressure reaches the sender instead of our heap filling up.
// What a message means is its equipment kind's business (protocol/equipment-kind.ts): this file knows none.
// Before any of it, the gateway's message-rate budget (./rate-budget.ts) decides whether it goes on now,
// later (QoS 1) or not at all (QoS 0).
import type { Client, PublishPacket } from 'aedes'
import type { Logger } from 'pino'
import { PROTOCOL_ROOT } from '../protocol/topics.ts'
import { GatewayStatusPayload, type GatewayErrorReport, type PayloadError } from '../protocol/payloads.ts'
import type { DecodeLimits } from '../protocol/decode.ts'
import type { EquipmentKind, TelemetryChannel } from '../protocol/equipment-kind.ts'
import { gatewayStatusLine } from './gateway-status-line.ts'
import type { Spool } from './spool.ts'
import { createPointClock } from './point-time.ts'
import { createResendMemory } from './resends.ts'
import type { Metrics } from '../platform/metrics.ts'
import type { GatewaySession, GatewaySessions } from '../gateways/sessions.ts'
import { createDispatch, quarantine, type Report, type TelemetryRoute } from './dispatch.ts'
import { createRequests } from './requests.ts'
import { admit, createBucket, type Bucket, type RateBudget } from './rate-budget.ts'

export interface IngestDeps {
  /** The write-ahead log, behind the spool's bound. */
  spool: Pick<Spool, 'append'>
  metrics: Metrics
  sessions: GatewaySessions
  /** The registered equipment kinds (app/service.ts). */
  kinds: readonly EquipmentKind[]
  log: Pick<Logger, 'warn'>
  limits: DecodeLimits & { maxPayloadBytes: number }
  /** Sends a report to the gateway's errors topic (MQTT 3.1.1 has no negative acknowledgement). */
  reportToGateway: (gatewayId: string, report: GatewayErrorReport) => void
  /** Publishes an answer to a gateway's request on its reply topic, QoS 1. */
  replyToGateway: (topic: string, reply: object) => void
  sessionOf: (client: Client) => GatewaySession | undefined
  budget: RateBudget
  /**
   * The gateway dropped messages for longer than its budget allows: tell it why (`report`, also kept among
   * its recent rejections) and close its connections.
   */
  overBudget: (session: GatewaySession, report: GatewayErrorReport) => void
}

type Callback = (err?: Error | null) => void

export function createIngest (deps: IngestDeps) {
  const { spool, metrics, sessions, limits, budget } = deps
  const clock = createPointClock()
  const resends = createResendMemory()
  const buckets = new WeakMap<GatewaySession, Bucket>()
  // Messages waiting for their budget; dropped (never acknowledged, so resent by the gateway) at close.
  const waiting = new Set<NodeJS.Timeout>()
  let closed = false
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => { waiting.delete(timer); if (!closed) fn() }, ms)
    waiting.add(timer)
  }
  const rateDelayed = metrics.mqttRateDelayed

  // The gateway's own status is a channel like a kind's, keyed by no equipment.
  const status: TelemetryChannel<typeof GatewayStatusPayload> = {
    type: 'telemetry',
    schema: GatewayStatusPayload,
    metricLabel: 'status',
    toLines: (gatewayId, _code, records) => records.map((s) => gatewayStatusLine(gatewayId, s)).join(''),
    stored (gatewayId, _code, records) {
      const fw = records.at(-1)?.fw
      const session = sessions.get(gatewayId)
      if (fw !== undefined && session !== undefined) session.firmware = fw
    }
  }
  const { known: knownRoute, route, remember } = createDispatch({ kinds: deps.kinds, status, limits, metrics })

  /** `rejecting`: how many of `errors` (the first ones: the decoder's) cost their item; the rest only flag it. */
  const report: Report = (session, topic, accepted, errors, rejecting, now) => {
    for (const e of errors) metrics.mqttRejected.inc({ reason: e.reason })
    const rejected = new Set(errors.slice(0, rejecting).map((e) => e.item ?? -1)).size
    const message: GatewayErrorReport = { ts: now, topic, accepted, rejected, errors }
    if (sessions.recordRejection(session, message)) deps.reportToGateway(session.id, message)
  }
  const requests = createRequests({ report, reply: deps.replyToGateway, log: deps.log })

  function reject (session: GatewaySession, packet: PublishPacket, reason: string, message: string, now: number, cb: Callback) {
    report(session, packet.topic, 0, [{ reason, message }], 1, now)
    quarantine(packet)
    cb(null)
  }

  function authorizePublish (client: Client, packet: PublishPacket, cb: Callback) {
    const session = deps.sessionOf(client)
    if (session === undefined) return cb(new Error('publisher is not an authenticated gateway'))
    const now = Date.now()
    session.lastSeenAt = now
    let bucket = buckets.get(session)
    if (bucket === undefined) buckets.set(session, bucket = createBucket(budget, now))
    const admission = admit(bucket, budget, packet.qos, now)
    switch (admission.verdict) {
      case 'accept': return handle(client, session, packet, now, cb)
      case 'wait':
        rateDelayed.inc()
        return later(admission.ms, () => handle(client, session, packet, Date.now(), cb))
      case 'drop':
        report(session, packet.topic, 0, [{ reason: 'rate', message: `over the budget of ${budget.perSecond} messages/s (burst ${budget.burst}): QoS 0 message dropped` }], 1, now)
        quarantine(packet)
        return later(admission.holdMs, () => cb(null))
      case 'disconnect': {
        const reason = 'rate_disconnect'
        const message = `over the budget of ${budget.perSecond} messages/s for ${Math.round(admission.overMs / 1000)} s: disconnected`
        metrics.mqttRejected.inc({ reason })
        deps.overBudget(session, { ts: now, topic: packet.topic, accepted: 0, rejected: 1, errors: [{ reason, message }] })
        quarantine(packet)
        return cb(null)
      }
    }
  }

  function handle (client: Client, session: GatewaySession, packet: PublishPacket, now: number, cb: Callback) {
    const known = knownRoute(packet.topic)
    const to = known ?? route(packet.topic)
    if (to.to === 'invalid') return reject(session, packet, 'topic', to.error, now, cb)
    if (to.gatewayId !== session.id) {
      return reject(session, packet, 'acl', `gateway ${session.id} may publish only under ${PROTOCOL_ROOT}/${session.id}/`, now, cb)
    }
    if (to.to === 'server') return reject(session, packet, 'acl', `the ${to.name} topic is written by the server only`, now, cb)
    if (to.key !== null && !session.equipment.has(to.key)) {
      return reject(session, packet, 'acl', `equipment ${to.code} is not assigned to gateway ${session.id}`, now, cb)
    }
    if (known === undefined) remember(packet.topic, to)
    const payload = packet.payload as Buffer
    if (payload.length > limits.maxPayloadBytes) {
      return reject(session, packet, 'too_large', `payload is ${payload.length} bytes, at most ${limits.maxPayloadBytes} allowed`, now, cb)
    }
    if (to.to === 'request') return requests.handle(session, to.channel, to.code, packet, payload, now, cb)

    const channel = to.channel
    // Items without `ts` take the receive time: a resend takes the first sending's, to land on the same points.
    // While nothing is remembered (every gateway sends `ts`, as the fleet does) there is no key to build or look up.
    const resendable = packet.qos === 1 && packet.messageId !== undefined
    const receivedAt = resendable && resends.size > 0 ? resends.receivedAt(resends.key(session.id, client.id, packet.messageId!), payload, now) : now
    const { records, errors } = channel.decode(payload, receivedAt)
    const lines = records.length
    const rejecting = errors.length
    if (lines === 0) {
      report(session, packet.topic, 0, errors, rejecting, now)
      quarantine(packet)
      return cb(null)
    }
    if (resendable && receivedAt === now && records.some((r) => r.ts === now)) resends.remember(resends.key(session.id, client.id, packet.messageId!), payload, now)
    const stamped = clock.stamp(channel.spec.toLines(session.id, to.code, records, errors))
    // A kind writes at most a point per record; fewer when a record repeats a durable point (a lift at rest).
    if (stamped === null || stamped.records > lines) {
      deps.log.warn({ topic: packet.topic }, 'equipment kind wrote malformed line protocol; message refused')
      return reject(session, packet, 'internal', 'the server could not store this message', now, cb)
    }
    // Nothing new to write: what the message says is already durable (no closure for the log to call back).
    if (stamped.records === 0) return stored(session, packet.topic, channel, to.code, records, errors, rejecting, now, cb)
    spool.append(stamped.text, stamped.records, client, (err) => {
      // Not durable: do not acknowledge. Aedes closes the connection and the gateway resends after reconnecting.
      if (err) return cb(err)
      stored(session, packet.topic, channel, to.code, records, errors, rejecting, now, cb)
    })
  }

  /** The message's records are durable (or already were): count, report what was flagged, announce, acknowledge. */
  function stored (session: GatewaySession, topic: string, channel: TelemetryRoute, code: string, records: Array<{ ts: number }>, errors: PayloadError[], rejecting: number, now: number, cb: Callback) {
    const lines = records.length
    session.messages++
    channel.messages.inc()
    channel.items.inc(lines)
    if (errors.length > 0) report(session, topic, lines, errors, rejecting, now)
    channel.spec.stored?.(session.id, code, records, now)
    cb(null)
  }

  return {
    authorizePublish,
    /** Forgets the messages waiting for their budget: not acknowledged, so the gateways resend them. */
    close () {
      closed = true
      for (const timer of waiting) clearTimeout(timer)
      waiting.clear()
    }
  }
}
