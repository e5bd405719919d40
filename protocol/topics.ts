// Gateway protocol v1 topic grammar (docs/gateway-protocol.md):
//   se/v1/{gatewayId}/status                           gateway → server, retained presence
//   se/v1/{gatewayId}/errors                           server → gateway, reports on rejected messages
//   se/v1/{gatewayId}/{kind}/{code}/{channel}          gateway → server, per piece of equipment
//   se/v1/{gatewayId}/{kind}/{code}/reply              server → gateway, answers to request channels
// Every topic a gateway may touch sits under its own prefix `se/v1/{gatewayId}/`, which is what makes the
// ACL a prefix check plus one equipment lookup. The kinds and their channels are not known here: the parser
// is built from the kinds the composition root registers.

export const PROTOCOL_ROOT = 'se/v1'

/** Ids travel inside topics and InfluxDB tags: keep them to characters that need no escaping anywhere. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Kind segments and channel names: lower case, so that a topic has one spelling. */
export const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/

/**
 * No valid topic is longer: `se/v1/` + 64 + `/` + 32 + `/` + 64 + `/` + 32 is 201. A longer one is refused
 * before it is split, whatever a client put in it.
 */
export const MAX_TOPIC_LENGTH = 256

/** The channel on which the server answers a gateway's requests. */
export const REPLY_CHANNEL = 'reply'

/** What the parser needs to know of a kind: its topic segment and the names of the channels gateways publish on. */
export interface KindTopics {
  readonly segment: string
  readonly channels: Readonly<Record<string, unknown>>
}

export type GatewayTopic =
  | { type: 'status', gatewayId: string }
  | { type: 'errors', gatewayId: string }
  | { type: 'reply', gatewayId: string, kind: string, equipmentCode: string }
  | {
    type: 'equipment'
    gatewayId: string
    kind: string
    equipmentCode: string
    channel: string
    /** `{kind}/{code}`: what a session's ACL holds (equipmentKey), cut from the topic once. */
    equipmentKey: string
  }

export type TopicParse = { ok: true, topic: GatewayTopic } | { ok: false, error: string }

const fail = (error: string): TopicParse => ({ ok: false, error })

/** The ACL's key for one piece of equipment; the same string the topic holds between gateway id and channel. */
export function equipmentKey (kind: string, code: string): string {
  return `${kind}/${code}`
}

export function createTopicParser (kinds: readonly KindTopics[]) {
  const channelsOf = new Map<string, ReadonlySet<string>>()
  for (const kind of kinds) {
    if (!NAME_PATTERN.test(kind.segment)) throw new Error(`equipment kind "${kind.segment}" must match ${NAME_PATTERN}`)
    if (channelsOf.has(kind.segment)) throw new Error(`equipment kind "${kind.segment}" is registered twice`)
    const names = Object.keys(kind.channels)
    for (const name of names) {
      if (!NAME_PATTERN.test(name) || name === REPLY_CHANNEL || name === 'errors' || name === 'status') {
        throw new Error(`channel "${name}" of equipment kind "${kind.segment}" is not a valid channel name`)
      }
    }
    channelsOf.set(kind.segment, new Set(names))
  }
  const expected = ['status', ...kinds.map((k) => `${k.segment}/{equipmentCode}/${Object.keys(k.channels).join('|')}`)]
    .map((t) => `${PROTOCOL_ROOT}/{gatewayId}/${t}`).join(' or ')

  return function parseGatewayTopic (topic: string): TopicParse {
    if (topic.length > MAX_TOPIC_LENGTH) return fail(`topic is longer than ${MAX_TOPIC_LENGTH} characters`)
    const parts = topic.split('/')
    if (parts[0] !== 'se' || parts[1] !== 'v1') {
      return fail(`topic must start with "${PROTOCOL_ROOT}/"`)
    }
    const gatewayId = parts[2] ?? ''
    if (!ID_PATTERN.test(gatewayId)) return fail('gateway id in topic must be 1-64 of A-Z a-z 0-9 _ -')
    if (parts.length === 4 && parts[3] === 'status') return { ok: true, topic: { type: 'status', gatewayId } }
    if (parts.length === 4 && parts[3] === 'errors') return { ok: true, topic: { type: 'errors', gatewayId } }
    const kind = parts[3] ?? ''
    const channels = channelsOf.get(kind)
    if (parts.length === 6 && channels !== undefined) {
      const equipmentCode = parts[4] ?? ''
      const channel = parts[5] ?? ''
      if (!ID_PATTERN.test(equipmentCode)) return fail('equipment code in topic must be 1-64 of A-Z a-z 0-9 _ -')
      if (channel === REPLY_CHANNEL) return { ok: true, topic: { type: 'reply', gatewayId, kind, equipmentCode } }
      if (channels.has(channel)) {
        return { ok: true, topic: { type: 'equipment', gatewayId, kind, equipmentCode, channel, equipmentKey: equipmentKey(kind, equipmentCode) } }
      }
      return fail(`unknown ${kind} channel "${channel}", expected ${[...channels].map((c) => `"${c}"`).join(' or ')}`)
    }
    return fail(`unknown topic; expected ${expected}`)
  }
}

export type TopicParser = ReturnType<typeof createTopicParser>

export const topicFor = {
  status: (gatewayId: string) => `${PROTOCOL_ROOT}/${gatewayId}/status`,
  errors: (gatewayId: string) => `${PROTOCOL_ROOT}/${gatewayId}/errors`,
  equipment: (gatewayId: string, kind: string, equipmentCode: string, channel: string) =>
    `${PROTOCOL_ROOT}/${gatewayId}/${kind}/${equipmentCode}/${channel}`,
  reply: (gatewayId: string, kind: string, equipmentCode: string) =>
    `${PROTOCOL_ROOT}/${gatewayId}/${kind}/${equipmentCode}/${REPLY_CHANNEL}`
}

/** A gateway may subscribe only inside its own prefix; the prefix itself holds no wildcard. */
export function isOwnFilter (gatewayId: string, filter: string): boolean {
  return filter.startsWith(`${PROTOCOL_ROOT}/${gatewayId}/`)
}

// Asked of every message the broker publishes: built once, not per call.
const ROOT_PREFIX = `${PROTOCOL_ROOT}/`
const REPLY_SUFFIX = `/${REPLY_CHANNEL}`

/**
 * Topics the server writes for a gateway: error reports and replies. They are the only ones a gateway
 * receives, and the only protocol topics a cluster sends between nodes (a gateway's other connections may
 * sit on another node).
 */
export function isServerTopic (topic: string): boolean {
  return topic.startsWith(ROOT_PREFIX) && (topic.endsWith('/errors') || topic.endsWith(REPLY_SUFFIX))
}
