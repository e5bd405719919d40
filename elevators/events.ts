// The elevator kind's bus events, what the cluster relays of them and what the live stream shows.
import type { ElevatorEvent, ElevatorState } from '../protocol/payloads.ts'
import { relayRule, streamRule, type EventDeclarations } from '../platform/events/declarations.ts'
import type { LatestStates } from './latest-state.ts'

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    /** A lift reported its state; `changed` when a person watching it would notice (latest-state.ts). */
    'elevator.state': { equipmentCode: string, gatewayId: string, state: ElevatorState, changed: boolean }
    /** A lift reported an event (GB/T 24476 code); `known` when it is a code the rules understand. */
    'elevator.event': { equipmentCode: string, gatewayId: string, event: ElevatorEvent, known: boolean }
  }
}

export function elevatorEvents (deps: { latest: LatestStates }): EventDeclarations {
  return {
    relay: [relayRule({
      event: 'elevator.state',
      channel: 'live',
      // Only visible changes: a dashboard on another node needs nothing else, and heartbeats are most of the traffic.
      worthRelaying: (s) => s.changed,
      // States from other nodes keep this node's latest-state cache (lists, lift pages) current too.
      onRemote: (s) => { deps.latest.update(s.equipmentCode, s.gatewayId, s.state, Date.now()) }
    })],
    stream: [streamRule({
      event: 'elevator.state',
      name: 'state',
      view: ({ equipmentCode, gatewayId, state, changed }, viewer) => {
        if (!changed) return undefined
        const wanted = viewer.equipmentAsked ?? viewer.equipmentInScope
        if (wanted !== null && !wanted.has(equipmentCode)) return undefined
        return { equipmentCode, gatewayId, ...state }
      }
    })]
  }
}
