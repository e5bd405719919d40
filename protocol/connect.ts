// What a gateway's CONNECT may carry (docs/gateway-protocol.md, "Connecting"). Pure: the broker checks
// these once the gateway's secret is verified, the simulators and the docs follow them.
import { topicFor } from './topics.ts'

/**
 * The gateway a client id belongs to: the longest of the registered ids that the client id equals or starts
 * with followed by `-`. Ids may themselves hold `-`, so `gw-1-annex` belongs to a gateway `gw-1-annex` if
 * one exists, else to `gw-1`: one gateway can never take a client id its neighbour in the alphabet owns.
 * MQTT 3.1.1 §3.1.4 lets a new connection with a client id close the old one [MQTT-3.1.4-2] (on every node
 * of a cluster), so who may use an id is who may disconnect it.
 */
export function clientIdOwner (clientId: string, isGateway: (id: string) => boolean): string | null {
  if (isGateway(clientId)) return clientId
  for (let end = clientId.lastIndexOf('-'); end > 0; end = clientId.lastIndexOf('-', end - 1)) {
    const candidate = clientId.slice(0, end)
    if (isGateway(candidate)) return candidate
  }
  return null
}

/** Longer client ids are refused: the gateway id (at most 64) and a suffix of its choosing fit in this. */
export const MAX_CLIENT_ID_LENGTH = 128

export type ConnectRefusal = 'client_id' | 'keepalive' | 'will'

export interface ConnectFields {
  clientId: string
  /** Seconds; 0 means "never time out" in MQTT 3.1.1 §3.1.2.10. */
  keepalive: number
  will?: { topic: string } | null
}

/**
 * Why a gateway's CONNECT is refused, or null. `isGateway` answers for the registered ids (the gateway
 * itself included); `maxKeepAliveS` bounds how long a dead connection may hold its place.
 */
export function checkConnect (gatewayId: string, fields: ConnectFields, isGateway: (id: string) => boolean, maxKeepAliveS: number): { reason: ConnectRefusal, message: string } | null {
  const { clientId, keepalive, will } = fields
  if (clientId.length > MAX_CLIENT_ID_LENGTH || clientIdOwner(clientId, (id) => id === gatewayId || isGateway(id)) !== gatewayId) {
    return { reason: 'client_id', message: `client id must be "${gatewayId}" or start with "${gatewayId}-" (at most ${MAX_CLIENT_ID_LENGTH} characters) and not be another gateway's` }
  }
  // Keep-alive 0 would let a half-open connection (a cut cable, a NAT that forgot it) hold its client id and
  // its place in the connection cap for ever.
  if (!(keepalive >= 1 && keepalive <= maxKeepAliveS)) {
    return { reason: 'keepalive', message: `keep-alive must be 1-${maxKeepAliveS} s, got ${keepalive}` }
  }
  // Aedes publishes a will on the gateway's behalf once it is gone; only its own status is its to announce.
  if (will !== undefined && will !== null && will.topic !== topicFor.status(gatewayId)) {
    return { reason: 'will', message: `a will may only be published on ${topicFor.status(gatewayId)}` }
  }
  return null
}
