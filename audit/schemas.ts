// An audit log entry as GET /api/audit answers it, and the list's filters. Pure: the dashboard derives its
// types from these.
import { Type } from 'typebox'
import { Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorId: Nullable(Type.Integer({ description: 'null for a failed sign-in by an unknown name' })),
  actorUsername: Nullable(Type.String({ description: 'as it was at the time; for a failed sign-in, the name tried' })),
  actorRole: Nullable(Type.String()),
  action: Type.String({ description: 'user.create, gateway.rotate_secret, elevator.import, auth.login, auth.login_failed, …; a change whose route names none: "METHOD /route"' }),
  method: Nullable(Type.String()),
  route: Nullable(Type.String()),
  targetType: Nullable(Type.String({ description: 'user, gateway, district, use_unit, maintenance_firm, elevator, webhook, …' })),
  targetId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  status: Nullable(Type.Integer({ description: 'HTTP status of the answer' })),
  before: Type.Unknown({ description: 'the record before the change (null when created)' }),
  after: Type.Unknown({ description: 'the record after the change (null when deleted)' }),
  detail: Type.Unknown({ description: 'counts of an import, fields changed, the reason of a failed sign-in' })
}, { $id: 'AuditEntry' })

export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 64, description: 'user name, exactly (case-insensitive)' })),
  action: Type.Optional(Type.String({ maxLength: 100, description: 'an action (gateway.rotate_secret), or its record for all its actions (gateway)' })),
  targetType: Type.Optional(Type.String({ maxLength: 40 })),
  targetId: Type.Optional(Type.String({ maxLength: 200, description: 'the record\'s id or code, exactly' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 }))
}, { additionalProperties: false })
