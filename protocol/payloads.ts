// Gateway protocol v1 payload schemas that belong to the protocol itself rather than to an equipment kind:
// gateway status, the error report, and the blocks every kind's schemas share (the timestamp).
// One TypeBox schema per payload gives the runtime check (compiled once, used per message), the TypeScript
// type, and the tables in docs/gateway-protocol.md. Each kind's own payloads live in its folder.
import { Type, type Static } from 'typebox'

/** Epoch milliseconds or ISO 8601; omitted means "the time the broker received it". */
export const Timestamp = Type.Union([
  Type.Integer({ minimum: 0, description: 'epoch milliseconds' }),
  Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601' })
])

/** A record as decode.ts returns it: `ts` resolved to epoch milliseconds. */
export type WithTime<T> = Omit<T, 'ts'> & { ts: number }

export const GatewayStatusPayload = Type.Object({
  ts: Type.Optional(Timestamp),
  online: Type.Boolean(),
  fw: Type.Optional(Type.String({ maxLength: 64 }))
}, { additionalProperties: false })

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
