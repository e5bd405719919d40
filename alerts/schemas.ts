// Alerts as the API sends them, with what a dispatcher needs to act (address, rescue ID, use unit, the
// maintenance firm and its 24-hour phone), and the bodies of the lifecycle steps.
import { Type } from 'typebox'
import { ALERT_STATUSES, SEVERITIES } from './types.ts'
import { literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

export const Alert = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String({ description: 'the lift\'s code, or the code of the subject named by subjectKind' }),
  subjectKind: Nullable(Type.String({ description: 'for an alert that is not a lift\'s: the equipment kind (cylinder, station); its filling unit, district and address stand in useUnitName, districtId and address' })),
  details: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'what raised it (a leak\'s level and %LEL, a forced fill\'s cylinder and reasons); null for a lift\'s' })),
  type: Type.String(), severity: literals(SEVERITIES), status: literals(ALERT_STATUSES),
  source: Nullable(Type.String()), code: Nullable(Type.String()),
  entrapmentKind: Nullable(literals(['at_landing', 'between_floors'])), raisedAt: Timestamp, acknowledgedAt: Nullable(Timestamp),
  acknowledgedBy: Nullable(Type.String()), assignedFirmId: Nullable(Type.Integer()), assignedAt: Nullable(Timestamp),
  clearedAt: Nullable(Timestamp), closedAt: Nullable(Timestamp), rescueId: Type.String(), address: Type.String(), building: Nullable(Type.String()),
  districtId: Type.Integer(), districtName: Type.String(), useUnitName: Type.String(), useUnitPhone: Nullable(Type.String()),
  maintenanceFirmId: Nullable(Type.Integer()), maintenanceFirmName: Nullable(Type.String()), maintenanceFirmPhone: Nullable(Type.String()),
  rescueCaseId: Nullable(Type.Integer({ description: 'the rescue case opened for this alert; null on the live `raised` event, which comes before the case' }))
}, { $id: 'Alert' })

export const AlertHistoryEntry = Type.Object({
  at: Timestamp, actor: Type.String({ description: 'username, or "rules" / "system"' }),
  actorName: Nullable(Type.String({ description: 'the person\'s display name, when the actor is a user that has one' })), action: Type.String(), comment: Nullable(Type.String())
})
export const AlertDetail = Type.Object({ alert: Type.Ref('Alert'), history: Type.Array(AlertHistoryEntry) })

const CommentText = Type.String({ maxLength: 2000 })
/** Body of acknowledge and close: an optional comment for the history. */
export const AlertStepBody = Type.Object({ comment: Type.Optional(CommentText) }, { additionalProperties: false })
export const AlertAssignBody = Type.Object({ maintenanceFirmId: Type.Integer({ minimum: 1 }), comment: Type.Optional(CommentText) }, { additionalProperties: false })
export const AlertCommentBody = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false })

/** Which alerts a list shows: the API's query (with paging added there), the store's filter, the dashboard's URL. */
export const AlertFilter = Type.Object({
  status: Type.Optional(literals(['open', ...ALERT_STATUSES])),
  type: Type.Optional(Type.String({ pattern: '^[a-z_.0-9]+\\*?$', description: 'e.g. entrapment, fault.01, or fault.* for every fault' })),
  severity: Type.Optional(literals(SEVERITIES)),
  districtId: Type.Optional(Type.Integer({ minimum: 1 })),
  maintenanceFirmId: Type.Optional(Type.Integer({ minimum: 1 })),
  equipmentCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }))
}, { additionalProperties: false })
