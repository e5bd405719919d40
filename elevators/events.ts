// The elevator kind's bus events, declared here and merged into the bus's event map (the alert rules, the
// live stream and the cluster relay listen to them), with what the cluster relays of them and what the
// live stream shows to whom.
import type { ElevatorEvent, ElevatorState } from './payloads.ts'
import { relayRule, streamRule, type EventDeclarations } from '../platform/events/declarations.ts'
import type { LatestStates } from './latest-state.ts'

export interface ElevatorStateReceived {
  equipmentCode: string
  gatewayId: string
  state: ElevatorState
  /** Whether the state differs from the last one in what a person watching the lift would notice. */
  changed: boolean
}

export interface ElevatorEventReceived {
  equipmentCode: string
  gatewayId: string
  event: ElevatorEvent
  /** Whether the rules know the event's code (unknown codes are stored, flagged). */
  known: boolean
}

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    'elevator.state': ElevatorStateReceived
    'elevator.event': ElevatorEventReceived
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
