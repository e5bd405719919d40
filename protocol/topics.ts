// Gateway protocol v1 topic grammar (docs/gateway-protocol.md). Every topic a gateway may touch sits under
// its own prefix `se/v1/{gatewayId}/`, which is what makes the ACL a prefix check plus an equipment lookup.

export const PROTOCOL_ROOT = 'se/v1'

/** Ids travel inside topics and InfluxDB tags: keep them to characters that need no escaping anywhere. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export type TelemetryChannel = 'state' | 'event'

export type GatewayTopic =
  | { kind: 'status', gatewayId: string }
  | { kind: 'errors', gatewayId: string }
  | { kind: 'elevator', gatewayId: string, equipmentCode: string, channel: TelemetryChannel }

export type TopicParse = { ok: true, topic: GatewayTopic } | { ok: false, error: string }

const fail = (error: string): TopicParse => ({ ok: false, error })

export function parseGatewayTopic (topic: string): TopicParse {
  const parts = topic.split('/')
  if (parts[0] !== 'se' || parts[1] !== 'v1') {
    return fail(`topic must start with "${PROTOCOL_ROOT}/"`)
  }
  const gatewayId = parts[2] ?? ''
  if (!ID_PATTERN.test(gatewayId)) return fail('gateway id in topic must be 1-64 of A-Z a-z 0-9 _ -')
  if (parts.length === 4 && parts[3] === 'status') return { ok: true, topic: { kind: 'status', gatewayId } }
  if (parts.length === 4 && parts[3] === 'errors') return { ok: true, topic: { kind: 'errors', gatewayId } }
  if (parts.length === 6 && parts[3] === 'elevator') {
    const equipmentCode = parts[4] ?? ''
    const channel = parts[5]
    if (!ID_PATTERN.test(equipmentCode)) return fail('equipment code in topic must be 1-64 of A-Z a-z 0-9 _ -')
    if (channel === 'state' || channel === 'event') {
      return { ok: true, topic: { kind: 'elevator', gatewayId, equipmentCode, channel } }
    }
    return fail(`unknown elevator channel "${channel}", expected "state" or "event"`)
  }
  return fail('unknown topic; expected se/v1/{gatewayId}/status or se/v1/{gatewayId}/elevator/{equipmentCode}/state|event')
}

export const topicFor = {
  status: (gatewayId: string) => `${PROTOCOL_ROOT}/${gatewayId}/status`,
  errors: (gatewayId: string) => `${PROTOCOL_ROOT}/${gatewayId}/errors`,
  elevator: (gatewayId: string, equipmentCode: string, channel: TelemetryChannel) =>
    `${PROTOCOL_ROOT}/${gatewayId}/elevator/${equipmentCode}/${channel}`
}

/** A gateway may subscribe only inside its own prefix; the prefix itself holds no wildcard. */
export function isOwnFilter (gatewayId: string, filter: string): boolean {
  return filter.startsWith(`${PROTOCOL_ROOT}/${gatewayId}/`)
}
