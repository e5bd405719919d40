// The bus events of the elevator kind, declared here and merged into the bus's event map: the alert rules,
// the live stream and the cluster relay listen to them.
import type { ElevatorEvent, ElevatorState } from './payloads.ts'

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
