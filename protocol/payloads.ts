// Gateway protocol v1 payload schemas that belong to the protocol itself rather than to an equipment kind:
// gateway status, the error report, and the blocks every kind's schemas share (timestamp, request id).
// One TypeBox schema per payload gives the runtime check (compiled once, used per message), the TypeScript
// type, and the tables in docs/gateway-protocol.md. Each kind's own payloads live in its folder.
import { Type, type Static, type TProperties } from 'typebox'

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

/**
 * The id a gateway gives a request, echoed in the reply so that it can match them; its own business,
 * so anything printable, bounded.
 */
export const RequestId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$', description: 'chosen by the gateway, echoed in the reply' })

/** A request channel's payload: the kind's fields plus the `id` (and optional `ts`) every request carries. */
export function requestPayload<P extends TProperties> (properties: P) {
  return Type.Object({ id: RequestId, ts: Type.Optional(Timestamp), ...properties }, { additionalProperties: false })
}

/** A reply: the kind's answer plus the request's `id`. */
export function replyPayload<P extends TProperties> (properties: P) {
  return Type.Object({ id: RequestId, ...properties }, { additionalProperties: false })
}

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
