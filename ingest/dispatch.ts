// Where a gateway's message goes: the topic, parsed once and cached, names the equipment kind's channel
// compiled here (its decoder and counters). This is the only place the ingest path meets the kinds, and it
// knows them only as protocol/equipment-kind.ts describes them.
import { Compile, type Validator } from 'typebox/compile'
import { createTopicParser } from '../protocol/topics.ts'
import { createDecoder, type DecodeLimits, type Decoder } from '../protocol/decode.ts'
import type { EquipmentKind, RequestChannel, TelemetryChannel } from '../protocol/equipment-kind.ts'
import type { Metrics, Tally } from '../platform/metrics.ts'
import type { PayloadError } from '../protocol/payloads.ts'
import type { GatewaySession } from '../gateways/sessions.ts'
import type { PublishPacket } from 'aedes'

interface Counted {
  messages: Tally
  items: Tally
}

export interface TelemetryRoute extends Counted {
  type: 'telemetry'
  decode: Decoder<{ ts: number }>
  spec: TelemetryChannel
}

export interface RequestRoute extends Counted {
  type: 'request'
  kind: string
  decode: Decoder<{ ts: number }>
  spec: RequestChannel
  checkReply: Validator
}

export type Route =
  | { to: 'invalid', error: string }
  /** A topic only the server writes (errors, reply). */
  | { to: 'server', gatewayId: string, name: string }
  /** `key` is the ACL's equipment key; null for the gateway's own status. */
  | { to: 'telemetry', gatewayId: string, code: string, key: string | null, channel: TelemetryRoute }
  | { to: 'request', gatewayId: string, code: string, key: string, channel: RequestRoute }

/** Tells a gateway about its message; `rejecting`: how many of `errors` (the first) cost their item. */
export type Report = (session: GatewaySession, topic: string, accepted: number, errors: PayloadError[], rejecting: number, now: number) => void

// Rejected messages are acknowledged (retrying cannot fix them) but must not reach subscribers or the
// retained store: moving them under `$rejected/` does that, since `#` never matches `$` topics [MQTT-4.7.2-1].
export function quarantine (packet: PublishPacket) {
  packet.topic = `$rejected/${packet.topic}`
  packet.retain = false
}

// A lift publishes on the same few topics all day: parse each topic string once (measured 334 → 15 ns per
// message, and no split() array for the garbage collector). Topics come from clients, so only those of
// messages that passed the ACL are kept — as many as the registry has equipment channels, not as many as a
// client can invent — and the cap (oldest out first) holds even for a registry larger than it.
const TOPIC_CACHE_LIMIT = 500_000

export function createDispatch (deps: { kinds: readonly EquipmentKind[], status: TelemetryChannel, limits: DecodeLimits, metrics: Metrics }) {
  const { limits, metrics } = deps
  const parse = createTopicParser(deps.kinds)
  const counted = (label: string): Counted => ({ messages: metrics.mqttMessages.tally({ kind: label }), items: metrics.mqttItems.tally({ kind: label }) })
  const compileTelemetry = (spec: TelemetryChannel, label: string): TelemetryRoute =>
    ({ type: 'telemetry', decode: createDecoder(spec.schema, limits), spec, ...counted(label) })

  // By `{kind}/{channel}`: consulted once per topic, when it is first seen.
  const compiled = new Map<string, TelemetryRoute | RequestRoute>()
  for (const kind of deps.kinds) {
    for (const [name, spec] of Object.entries(kind.channels)) {
      const label = spec.metricLabel ?? `${kind.segment}.${name}`
      compiled.set(`${kind.segment}/${name}`, spec.type === 'telemetry'
        ? compileTelemetry(spec, label)
        : { type: 'request', kind: kind.segment, decode: createDecoder(spec.schema, limits), spec, checkReply: Compile(spec.reply), ...counted(label) })
    }
  }
  const status = compileTelemetry(deps.status, 'status')

  function routeFor (topic: string): Route {
    const parsed = parse(topic)
    if (!parsed.ok) return { to: 'invalid', error: parsed.error }
    const t = parsed.topic
    switch (t.type) {
      case 'status': return { to: 'telemetry', gatewayId: t.gatewayId, code: '', key: null, channel: status }
      case 'errors': return { to: 'server', gatewayId: t.gatewayId, name: 'errors' }
      case 'reply': return { to: 'server', gatewayId: t.gatewayId, name: 'reply' }
      case 'equipment': {
        // The parser accepts only the registered kinds' channels, all of them compiled above.
        const channel = compiled.get(`${t.kind}/${t.channel}`)!
        return channel.type === 'request'
          ? { to: 'request', gatewayId: t.gatewayId, code: t.equipmentCode, key: t.equipmentKey, channel }
          : { to: 'telemetry', gatewayId: t.gatewayId, code: t.equipmentCode, key: t.equipmentKey, channel }
      }
    }
  }

  const routes = new Map<string, Route>()
  return {
    /** Where a topic goes, if `remember` kept it: one lookup for a topic seen before. */
    known: (topic: string): Route | undefined => routes.get(topic),
    /** Where a topic goes, parsed afresh. */
    route: routeFor,
    /** Keeps the route of a topic whose message passed the ACL (one `known` did not know). */
    remember (topic: string, found: Route) {
      if (routes.has(topic)) return
      if (routes.size >= TOPIC_CACHE_LIMIT) routes.delete(routes.keys().next().value!)
      routes.set(topic, found)
    },
    get cached () { return routes.size }
  }
}
