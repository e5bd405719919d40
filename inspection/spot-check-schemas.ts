// Spot-check plans (双随机、一公开) as the API sends and takes them; the public form names no person.
import { Type } from 'typebox'
import { DateString, literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'

export const SPOT_CHECK_RESULTS = ['pass', 'rectify', 'fail'] as const

const RiskFactors = Type.Object({
  publicPlace: Type.Boolean({ description: '公众聚集场所' }),
  ageYears: Nullable(Type.Number({ description: 'years since the acceptance inspection (验收); null when none is on record' })),
  faults: Type.Integer({ description: 'fault alerts in the last 12 months' }),
  entrapments: Type.Integer({ description: 'entrapments in the last 12 months (false alarms excluded)' }),
  lateInspections: Type.Integer({ description: 'periodic inspections late or failed in the last 3 years' })
})

const PlanFields = {
  id: Type.Integer(), title: Type.String(), districtId: Nullable(Type.Integer()), districtName: Nullable(Type.String()),
  sampleSize: Type.Integer(), seed: Type.String({ description: 'repeat the draw with this seed on the same population to get the same lifts and inspectors' }),
  population: Type.Integer({ description: 'lifts in use the draw ran on' }),
  populationFingerprint: Type.String({ description: 'FNV-1a 64 of the population\'s ids and risk weights, in id order' }),
  drawnOn: DateString, drawnAt: Timestamp,
  items: Type.Integer(), checked: Type.Integer(), failed: Type.Integer()
}

export const SpotCheckPlan = Type.Object({ ...PlanFields, createdBy: Nullable(Type.String()) }, { $id: 'SpotCheckPlan' })

export const SpotCheckItem = Type.Object({
  id: Type.Integer(), position: Type.Integer({ description: 'order of the draw' }), equipmentCode: Type.String(), address: Type.String(),
  districtName: Type.String(), useUnitName: Type.String(),
  weight: Type.Number({ description: 'risk weight the lift was drawn with' }), factors: RiskFactors,
  inspectorId: Nullable(Type.Integer()), inspectorName: Nullable(Type.String()),
  result: Nullable(literals(SPOT_CHECK_RESULTS)), findings: Nullable(Type.String()), checkedOn: Nullable(DateString)
}, { $id: 'SpotCheckItem' })

export const SpotCheckPlanDetail = Type.Object({ plan: Type.Ref('SpotCheckPlan'), items: Type.Array(Type.Ref('SpotCheckItem')) })

export const SpotCheckPlanInput = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  districtId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'draw from one district; null or absent: the whole city' }))),
  sampleSize: Type.Integer({ minimum: 1, maximum: 1000 }),
  seed: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'default: drawn by the server and published with the plan' })),
  inspectorIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500, uniqueItems: true, description: 'the pool; default: every enabled inspector' }))
}, { additionalProperties: false })

export const SpotCheckResultInput = Type.Object({
  result: literals(SPOT_CHECK_RESULTS),
  checkedOn: DateString,
  findings: Type.Optional(Nullable(Type.String({ maxLength: 2000 })))
}, { additionalProperties: false })

export const PublicSpotCheckPlan = Type.Object({
  ...PlanFields,
  results: Type.Array(Type.Object({
    equipmentCode: Type.String(), address: Type.String(), districtName: Type.String(), useUnitName: Type.String(),
    result: literals(SPOT_CHECK_RESULTS), checkedOn: DateString
  }))
})
