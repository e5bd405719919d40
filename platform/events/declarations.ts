// What a capability says about its bus events besides their types (bus.ts): which of them the cluster
// relays to the other nodes (cluster-relay.ts), and which the live stream sends to a dashboard and to whom
// (live/live-route.ts). The relay and the stream read these lists; they name no event themselves.
import type { BusEventName, BusEvents } from './bus.ts'

export interface RelayRule<K extends BusEventName = BusEventName> {
  event: K
  /**
   * `live`: goes to every node serving dashboards, batched per event-loop turn. `control`: registry changes
   * every node must apply, on a channel of their own that broker-only nodes also hear.
   */
  channel: 'live' | 'control'
  /** Whether this node's event is worth sending; default: every one. */
  worthRelaying?: (payload: BusEvents[K]) => boolean
  /** What a node does with another node's event before its live feed hands it on (e.g. update a cache). */
  onRemote?: (payload: BusEvents[K]) => void
}

/** Who is watching a live stream, as the stream's filters need to know. */
export interface Viewer {
  maintenanceFirmId: number | null
  useUnitId: number | null
  /** Equipment codes this viewer may see; null: every one (bureau roles). */
  equipmentInScope: ReadonlySet<string> | null
  /** Equipment codes the viewer asked for (`?equipment=`), already cut to its scope; null: all it may see. */
  equipmentAsked: ReadonlySet<string> | null
  /** Gateways this viewer may see (those of its lifts or its use unit); null: every one. */
  gatewaysInScope: ReadonlySet<string> | null
}

export interface LiveStreamRule<K extends BusEventName = BusEventName> {
  event: K
  /** The server-sent event's name (`event:` line). */
  name: string
  /** The data this viewer gets for one event, or undefined when it must not see it. */
  view: (payload: BusEvents[K], viewer: Viewer) => unknown
}

/** Everything a capability declares about its events; the composition root collects them. */
export interface EventDeclarations {
  relay?: RelayRule[]
  stream?: LiveStreamRule[]
}

// Identity helpers that keep the payload type of each rule tied to its event name.
export const relayRule = <K extends BusEventName>(rule: RelayRule<K>): RelayRule => rule as unknown as RelayRule
export const streamRule = <K extends BusEventName>(rule: LiveStreamRule<K>): LiveStreamRule => rule as unknown as LiveStreamRule
