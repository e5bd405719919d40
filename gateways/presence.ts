// Presence as the API reads it: whether a gateway is connected, and what operators need to debug it. One
// node answers from its own broker's sessions (gateways/sessions.ts); with Redis every node answers
// for the whole cluster (gateways/cluster-presence.ts), wherever the gateway happens to be connected.
import type { GatewayErrorReport } from '../protocol/payloads.ts'

/** What operators see of a gateway's connection, from this node or (with Redis) from the whole cluster. */
export interface PresenceView {
  online: boolean
  /** Last message or connect, epoch ms; 0 when not heard from since the broker started. */
  lastSeenAt: number
  firmware: string | null
  messages: number
  ratePerMinute: number
  rejected: number
  recentRejections: GatewayErrorReport[]
}

export interface GatewayPresence {
  get (id: string): PresenceView | undefined
  onlineIds (): string[]
}
