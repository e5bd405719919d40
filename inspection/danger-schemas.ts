// Hidden-danger cases (隐患) as the API sends and takes them; the dashboard derives its types from these.
import { Type } from 'typebox'
import { DateString, literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'
import { DANGER_EVENT_ACTIONS, DANGER_LEVELS, DANGER_SOURCES, DANGER_STATUSES } from './dangers.ts'

export const Danger = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(), address: Type.String(), districtId: Type.Integer(), districtName: Type.String(),
  useUnitId: Type.Integer(), useUnitName: Type.String(),
  source: literals(DANGER_SOURCES), sourceRef: Nullable(Type.String()), level: literals(DANGER_LEVELS),
  description: Type.String(), measure: Type.String({ description: 'the measure required (整改措施)' }),
  responsible: Nullable(Type.String({ description: 'the person who answers for it at the use unit (责任人)' })),
  foundOn: DateString, deadline: DateString, status: literals(DANGER_STATUSES),
  overdue: Type.Boolean({ description: 'open past its deadline (the city\'s date)' }),
  rectifiedAt: Nullable(Timestamp), closedOn: Nullable(DateString), createdAt: Timestamp
}, { $id: 'Danger' })

export const DangerPhoto = Type.Object({ id: Type.Integer(), sha256: Type.String(), mime: Type.String(), bytes: Type.Integer(), used: Type.Boolean({ description: 'fixed to a step as its evidence' }), uploadedAt: Timestamp })

export const DangerDetail = Type.Object({
  danger: Type.Ref('Danger'),
  events: Type.Array(Type.Object({
    at: Timestamp, action: literals(DANGER_EVENT_ACTIONS), note: Nullable(Type.String()),
    photos: Type.Array(Type.Integer(), { description: 'evidence photo ids of this step' }), actor: Nullable(Type.String())
  })),
  photos: Type.Array(DangerPhoto)
})

export const DangerInput = Type.Object({
  equipmentCode: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  source: literals(DANGER_SOURCES),
  sourceRef: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'report number, spot-check item, incident id: one case per reference' }))),
  level: literals(DANGER_LEVELS),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  measure: Type.String({ minLength: 1, maxLength: 2000 }),
  responsible: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  foundOn: Type.Optional(DateString),
  deadline: DateString
}, { additionalProperties: false })

export const DangerStepInput = Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false })

export const DangerFigures = Type.Object({
  from: DateString, to: DateString,
  byDistrict: Type.Array(Type.Object({
    districtId: Type.Integer(), found: Type.Integer({ description: 'found from..to' }), closed: Type.Integer({ description: 'closed (accepted) from..to' }),
    openNow: Type.Integer({ description: 'not closed today' }), overdueNow: Type.Integer({ description: 'open past the deadline today' })
  }))
})
