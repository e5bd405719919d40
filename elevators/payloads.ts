// The elevator kind's gateway payloads (docs/gateway-protocol.md): a state on every change and as a
// heartbeat, and events (GB/T 24476 codes). One TypeBox schema per channel gives the runtime check, the
// TypeScript type and the docs' tables. Pure: the simulators and the dashboard import it.
import { Type, type Static } from 'typebox'
import { Timestamp, type WithTime } from '../protocol/payloads.ts'
import { topicFor } from '../protocol/topics.ts'

/** The elevator's `{kind}` topic segment, and its `kind` in gateway_equipment. */
export const ELEVATOR = 'elevator'

export const ElevatorStatePayload = Type.Object({
  ts: Type.Optional(Timestamp),
  mode: Type.Integer({ minimum: 0, maximum: 7, description: 'service mode, GB/T 24476: 0 out of service … 7 unknown' }),
  moving: Type.Boolean({ description: 'car running' }),
  dir: Type.Integer({ minimum: 0, maximum: 2, description: '0 none, 1 up, 2 down' }),
  floor: Type.Integer({ minimum: -10, maximum: 300 }),
  doorZone: Type.Boolean({ description: 'car inside the unlocking zone' }),
  doorClosed: Type.Boolean({ description: 'doors closed and locked' }),
  occupied: Type.Boolean({ description: 'passenger present' }),
  speed: Type.Optional(Type.Number({ minimum: 0, maximum: 25, description: 'm/s' })),
  load: Type.Optional(Type.Number({ minimum: 0, maximum: 100000, description: 'kg' })),
  power: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('outage')])),
  runHours: Type.Optional(Type.Number({ minimum: 0 })),
  trips: Type.Optional(Type.Integer({ minimum: 0 }))
}, { additionalProperties: false })

export const ElevatorEventPayload = Type.Object({
  ts: Type.Optional(Timestamp),
  code: Type.String({ pattern: '^[A-Za-z0-9_]{1,32}$', description: 'GB/T 24476 code ("01"…"08", "40"…"47", "90") or an extension name' }),
  active: Type.Boolean({ description: 'true when the condition starts, false when it is over' })
}, { additionalProperties: false })

export type ElevatorState = WithTime<Static<typeof ElevatorStatePayload>>
export type ElevatorEvent = WithTime<Static<typeof ElevatorEventPayload>>

export type ElevatorChannel = 'state' | 'event'

/** `se/v1/{gatewayId}/elevator/{equipmentCode}/{channel}`: for gateways and simulators. */
export function elevatorTopic (gatewayId: string, equipmentCode: string, channel: ElevatorChannel): string {
  return topicFor.equipment(gatewayId, ELEVATOR, equipmentCode, channel)
}
