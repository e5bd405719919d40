// Gateway protocol v1 payload schemas: one TypeBox schema per topic kind gives the runtime check (compiled
// once, used per message), the TypeScript type, and the tables in docs/gateway-protocol.md.
import { Type, type Static } from 'typebox'

/** Epoch milliseconds or ISO 8601; omitted means "the time the broker received it". */
const Timestamp = Type.Union([
  Type.Integer({ minimum: 0, description: 'epoch milliseconds' }),
  Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601' })
])

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

export const GatewayStatusPayload = Type.Object({
  ts: Type.Optional(Timestamp),
  online: Type.Boolean(),
  fw: Type.Optional(Type.String({ maxLength: 64 }))
}, { additionalProperties: false })

type WithTime<T> = Omit<T, 'ts'> & { ts: number }
export type ElevatorState = WithTime<Static<typeof ElevatorStatePayload>>
export type ElevatorEvent = WithTime<Static<typeof ElevatorEventPayload>>
export type GatewayStatus = WithTime<Static<typeof GatewayStatusPayload>>

/** What the broker tells a gateway on `se/v1/{gatewayId}/errors`. */
export const GatewayErrorReport = Type.Object({
  ts: Type.Integer(),
  topic: Type.String(),
  accepted: Type.Integer({ description: 'items of this message that were stored' }),
  rejected: Type.Integer({ description: 'items of this message that were not stored' }),
  errors: Type.Array(Type.Object({
    item: Type.Optional(Type.Integer({ description: 'index in the payload array' })),
    path: Type.Optional(Type.String()),
    reason: Type.String(),
    message: Type.String()
  }))
})
export type GatewayErrorReport = Static<typeof GatewayErrorReport>
export type PayloadError = GatewayErrorReport['errors'][number]
