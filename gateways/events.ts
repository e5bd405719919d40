// Gateway events: presence (a gateway's first connection opened or its last one closed) and registry
// changes that every broker node must apply at once.
import { relayRule, streamRule, type EventDeclarations } from '../platform/events/declarations.ts'

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    'gateway.presence': { gatewayId: string, online: boolean, at: number }
    /** The registry changed a gateway (secret, enabled, equipment, removed): every broker node re-reads it. */
    'gateway.changed': { gatewayId: string }
  }
}

export const gatewayEvents: EventDeclarations = {
  relay: [
    relayRule({ event: 'gateway.presence', channel: 'live' }),
    relayRule({ event: 'gateway.changed', channel: 'control' })
  ],
  // A firm or a use unit sees the comings and goings of its own gateways only.
  stream: [streamRule({
    event: 'gateway.presence',
    name: 'presence',
    view: (presence, viewer) => viewer.gatewaysInScope === null || viewer.gatewaysInScope.has(presence.gatewayId) ? presence : undefined
  })]
}
