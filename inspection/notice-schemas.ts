// Supervision notices (督办通知) as the API sends and takes them; the dashboard derives its types from these.
import { Type } from 'typebox'
import { DateString, literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

export const Notice = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(), address: Type.String(), useUnitId: Type.Integer(), useUnitName: Type.String(),
  inspectionStatus: literals(['overdue', 'failed', 'due_soon']), validUntil: Nullable(DateString), message: Nullable(Type.String()),
  sentAt: Timestamp, sentBy: Nullable(Type.String()), acknowledgedAt: Nullable(Timestamp), acknowledgedBy: Nullable(Type.String())
}, { $id: 'Notice' })

export const NoticeInput = Type.Object({
  equipmentCodes: Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), { minItems: 1, maxItems: 200, uniqueItems: true }),
  message: Type.Optional(Nullable(Type.String({ maxLength: 1000 })))
}, { additionalProperties: false })

export const NoticeAnswer = Type.Object({
  sent: Type.Array(Type.Ref('Notice')),
  skipped: Type.Array(Type.Object({ equipmentCode: Type.String(), reason: Type.String() }))
})
