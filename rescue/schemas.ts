// Rescue cases as the API sends them (with the contracted firm and the district's grid station, whom the
// dispatcher calls), their timelines, the action and phone-report bodies, and the published figures.
import { Type } from 'typebox'
import { RESCUE_STATUSES } from './workflow.ts'
import { literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

export const RescueCase = Type.Object({
  id: Type.Integer(), equipmentCode: Type.String(), alertId: Nullable(Type.Integer()), source: literals(['alert', 'phone']), caller: Nullable(Type.String()),
  status: literals(RESCUE_STATUSES), level: Type.Integer(), firmId: Nullable(Type.Integer()), firmName: Nullable(Type.String()), firmPhone: Nullable(Type.String()),
  contractedFirmId: Nullable(Type.Integer()), contractedFirmName: Nullable(Type.String()),
  contractedFirmPhone: Nullable(Type.String({ description: 'the contracted firm\'s 24-hour phone: whom the dispatcher calls before dispatching' })), reportedAt: Timestamp, dispatchedAt: Nullable(Timestamp), acceptedAt: Nullable(Timestamp),
  arrivedAt: Nullable(Timestamp), releasedAt: Nullable(Timestamp), calledBackAt: Nullable(Timestamp), closedAt: Nullable(Timestamp),
  warnedAt: Nullable(Timestamp), levelSince: Nullable(Timestamp), cause: Nullable(Type.String()), arrivalLimitMin: Type.Integer({ description: 'the district\'s arrival limit' }),
  rescueId: Type.String(), address: Type.String(), building: Nullable(Type.String()), districtId: Type.Integer(), districtName: Type.String(),
  useUnitName: Type.String(), useUnitPhone: Nullable(Type.String()), levelTwoFirmId: Nullable(Type.Integer()),
  levelTwoFirmName: Nullable(Type.String({ description: 'the district\'s grid rescue station (level 2)' })),
  entrapmentSource: Nullable(Type.String({ description: 'how the case\'s alert knew: terminal_code, alarm_with_passenger, between_floors, at_landing' })),
  entrapmentKind: Nullable(literals(['at_landing', 'between_floors'])),
  terminalOfflineSince: Nullable(Timestamp)
}, { $id: 'RescueCase' })

export const RescueEvent = Type.Object({
  at: Timestamp, actor: Type.String({ description: 'username, or "system" for the escalation clock' }),
  actorName: Nullable(Type.String({ description: 'the person\'s display name, when the actor is a user that has one' })), action: Type.String(),
  detail: Nullable(Type.String({ description: 'a cause, a reason or a note; in the reader\'s language where the service wrote it' })),
  level: Type.Integer(), firmId: Nullable(Type.Integer())
})
export const RescueDetail = Type.Object({ case: Type.Ref('RescueCase'), timeline: Type.Array(RescueEvent) })

/** The steps a person takes through POST /api/rescues/:id/actions (the service's own `warn` is not one). */
export const RescueActionBody = Type.Object({
  action: literals(['dispatch', 'accept', 'arrive', 'release', 'call_back', 'close', 'false_alarm', 'escalate']),
  firmId: Type.Optional(Type.Integer({ minimum: 1, description: 'dispatch: the firm sent (default: the contracted firm); escalate: the level-2 responder' })),
  level: Type.Optional(Type.Integer({ minimum: 2, maximum: 3, description: 'escalate: 2 = grid station / another firm, 3 = 110/119' })),
  cause: Type.Optional(Type.String({ maxLength: 2000, description: 'close: the fault cause; false_alarm: how it was established' })),
  reason: Type.Optional(Type.String({ maxLength: 2000 }))
}, { additionalProperties: false })

/** A case opened from a phone call, by the 6-digit rescue ID the caller reads in the car. */
export const PhoneReportBody = Type.Object({ rescueId: Type.String({ pattern: '^[0-9]{6}$' }), caller: Type.Optional(Type.String({ maxLength: 100, description: 'caller name / number' })) }, { additionalProperties: false })

/** One row of the figures (rescue/figures.ts computes them): the whole city, a district, a contracted firm or a responder. */
export const FiguresRow = Type.Object({
  key: Type.String(), name: Type.String(),
  liftsInUse: Nullable(Type.Integer({ description: 'lifts in use (registry today) behind the row: the denominator of the rate; null for a responder' })),
  cases: Type.Integer(), falseAlarms: Type.Integer(), falseAlarmShare: Nullable(Type.Number()),
  arrivals: Type.Integer({ description: 'cases with an arrival time: the denominator of the arrival mean and p90' }),
  arrivalMeanMin: Nullable(Type.Number()), arrivalP90Min: Nullable(Type.Number()),
  rescues: Type.Integer({ description: 'cases with a rescue time (arrived → released)' }),
  rescueMeanMin: Nullable(Type.Number()), rescueP90Min: Nullable(Type.Number()),
  limitDecided: Type.Integer({ description: 'real cases arrived, or past the limit with nobody on site: the denominator of withinLimitShare' }),
  lateNoArrival: Type.Integer({ description: 'real cases past the limit with nobody on site' }),
  withinLimitShare: Nullable(Type.Number()),
  entrapmentsPer10kLiftsPerMonth: Nullable(Type.Number())
})
export const RescueFiguresReport = Type.Object({
  from: Timestamp, to: Timestamp,
  total: FiguresRow,
  byDistrict: Type.Array(FiguresRow),
  byFirm: Type.Array(FiguresRow, { description: 'by the lifts\' contracted maintenance firm: arrival timed from the report, rate over its lifts in use' }),
  byResponder: Type.Array(FiguresRow, { description: 'by the firm on the case (contracted firm, grid station or another): arrival timed from its own dispatch; no rate' }),
  byDay: Type.Array(Type.Object({ day: Type.String({ description: 'YYYY-MM-DD, Beijing time' }), cases: Type.Integer(), falseAlarms: Type.Integer() }),
    { description: 'cases reported each day of the period passed so far, days without included' })
})
