// A gateway as the API sends it: its registry record with what the brokers know of it (presence, firmware,
// message counts). Its rejected messages are the protocol's own report (GatewayErrorReport in core/protocol).
import { Type } from 'typebox'
import { Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

export const Gateway = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  useUnitId: Nullable(Type.Integer()),
  enabled: Type.Boolean(),
  equipmentCodes: Type.Array(Type.String()),
  createdAt: Timestamp,
  secretRotatedAt: Timestamp,
  lastSeenAt: Nullable(Timestamp),
  online: Nullable(Type.Boolean({ description: 'null when this process neither runs a broker nor shares a cluster through Redis' })),
  firmware: Nullable(Type.String()),
  messages: Type.Integer({ description: 'accepted messages since the broker started' }),
  ratePerMinute: Type.Number({ description: 'accepted messages per minute, recent' }),
  rejected: Type.Integer({ description: 'rejected messages since the broker started' })
}, { $id: 'Gateway' })
