// Telemetry as the API sends it: a lift's latest state (GB/T 24476 items as the gateway reported them) and
// its history for a chart.
import { Type } from 'typebox'
import { Nullable } from '../platform/http/schema-blocks.ts'

export const LiftState = Type.Object({
  equipmentCode: Type.String(),
  gatewayId: Type.String(),
  ts: Type.Integer({ description: 'epoch ms reported by the gateway' }),
  mode: Type.Integer(), moving: Type.Boolean(), dir: Type.Integer(), floor: Type.Integer(),
  doorZone: Type.Boolean(), doorClosed: Type.Boolean(), occupied: Type.Boolean(),
  speed: Type.Optional(Type.Number()), load: Type.Optional(Type.Number()), power: Type.Optional(Type.String()),
  runHours: Type.Optional(Type.Number()), trips: Type.Optional(Type.Integer())
}, { $id: 'LiftState' })

const HistoryPoint = Type.Object({
  t: Type.Integer(), floor: Nullable(Type.Number()), mode: Nullable(Type.Number()), moving: Nullable(Type.Boolean()),
  occupied: Nullable(Type.Boolean()), doorClosed: Nullable(Type.Boolean()), speed: Nullable(Type.Number()), load: Nullable(Type.Number())
})
/** intervalS: null when the points are as reported, else the downsampling interval. */
export const History = Type.Object({ intervalS: Nullable(Type.Integer()), points: Type.Array(HistoryPoint) })
