// The cylinder kinds' gateway payloads (docs/gateway-protocol.md): a filling station's pre-fill `check`
// (request → reply) and its `fill` records, and a monitored installation's `monitor` readings. One TypeBox
// schema per channel gives the runtime check, the TypeScript type and the docs' tables. Pure: the
// simulators, the bench and the dashboard import it.
import { Type, type Static } from 'typebox'
import { Timestamp, replyPayload, requestPayload, type WithTime } from '../protocol/payloads.ts'
import { topicFor } from '../protocol/topics.ts'
import { REFUSAL_REASONS } from './fill-check.ts'

/** A filling station's `{kind}` topic segment; its `{code}` is the station's code (filling_stations.code). */
export const STATION = 'station'
/** A monitored cylinder's `{kind}` segment; its `{code}` is the cylinder's code (一瓶一码). */
export const CYLINDER = 'cylinder'

/** A cylinder's code as the station's scanner reads it; the same characters a topic segment allows. */
export const CylinderCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'the cylinder\'s code (一瓶一码)' })
export const MediumCode = Type.String({ pattern: '^[A-Za-z0-9_]{1,32}$', description: 'medium code, as cylinder_media names it: LPG, CNG, O2, …' })

export const CheckRequest = requestPayload({
  cylinder: CylinderCode,
  medium: MediumCode
})

export const CheckReply = replyPayload({
  allowed: Type.Boolean({ description: 'true: fill it; false: do not, for the reasons given' }),
  reasons: Type.Array(Type.Enum(REFUSAL_REASONS), { description: 'empty when allowed' })
})

export const FillPayload = Type.Object({
  ts: Type.Optional(Timestamp),
  cylinder: CylinderCode,
  medium: MediumCode,
  // Bounded only against nonsense here: a mass outside the cylinder's own range is stored and flagged.
  massKg: Type.Number({ minimum: -1000, maximum: 100000, description: 'mass of gas filled, kg; checked against the cylinder\'s capacity' }),
  pressureMPa: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'pressure at the end of the fill (compressed gases)' })),
  operator: Type.String({ minLength: 1, maxLength: 64, description: 'who filled (充装人员), as the station knows them' })
}, { additionalProperties: false })

export const MonitorPayload = Type.Object({
  ts: Type.Optional(Timestamp),
  pressureMPa: Type.Number({ minimum: 0, maximum: 100, description: 'cylinder pressure' }),
  tempC: Type.Number({ minimum: -60, maximum: 200, description: 'temperature at the cylinder' }),
  leakLEL: Type.Number({ minimum: 0, maximum: 100, description: 'gas detector beside the cylinder, % of the lower explosive limit' })
}, { additionalProperties: false })

export type CheckRequest = WithTime<Static<typeof CheckRequest>>
export type CheckReply = Static<typeof CheckReply>
export type Fill = WithTime<Static<typeof FillPayload>>
export type MonitorReading = WithTime<Static<typeof MonitorPayload>>

export type StationChannel = 'check' | 'fill'

/** `se/v1/{gatewayId}/station/{stationCode}/{channel}` (and `/reply` for the answers to `check`). */
export const stationTopic = (gatewayId: string, stationCode: string, channel: StationChannel | 'reply'): string =>
  channel === 'reply' ? topicFor.reply(gatewayId, STATION, stationCode) : topicFor.equipment(gatewayId, STATION, stationCode, channel)

export const monitorTopic = (gatewayId: string, cylinderCode: string): string => topicFor.equipment(gatewayId, CYLINDER, cylinderCode, 'monitor')
