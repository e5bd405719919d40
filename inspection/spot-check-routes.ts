// 双随机、一公开 spot checks: an inspector or admin draws a plan (random lifts weighted by risk, a random
// inspector for each, inspection/spot-draw.ts), the drawn inspector records each result once, and anyone,
// signed in or not, reads the plans and the recorded results on the public list.
import { randomBytes } from 'node:crypto'
import { Type } from 'typebox'
import { requireRole } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses, PageQuery } from '../platform/http/schemas.ts'
import { Page } from '../platform/http/schema-blocks.ts'
import { msg } from '../platform/messages/message.ts'
import type { RoutePlugin } from '../platform/http/route-plugin.ts'
import { drawSpotCheck, populationFingerprint } from './spot-draw.ts'
import type { SpotCheckStore } from './spot-checks-store.ts'
import { PublicSpotCheckPlan, SpotCheckItem, SpotCheckPlan, SpotCheckPlanDetail, SpotCheckPlanInput, SpotCheckResultInput } from './spot-check-schemas.ts'
import { WRITERS } from './routes.ts'
import type { DangerStore } from './dangers-store.ts'
import { addDays, isDate } from '../platform/calendar.ts'
import './messages.ts'

export interface SpotCheckRouteDeps {
  spotChecks: SpotCheckStore
  dangers: DangerStore
  today: () => string
  timeZone: string
  /** Days the use unit gets to rectify what a check found (INSPECTION_DANGER_DEADLINE_DAYS). */
  dangerDeadlineDays: number
}

const PlanParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
const ItemParams = Type.Object({ id: Type.Integer({ minimum: 1 }), itemId: Type.Integer({ minimum: 1 }) })
const bad = (path: string, said: ReturnType<typeof msg>, status = 400) => new HttpError(status, said, [{ path, message: said }])

export const spotCheckRoutes = ({ spotChecks, dangers, today, timeZone, dangerDeadlineDays }: SpotCheckRouteDeps): RoutePlugin => async (app) => {
  const writers = requireRole(...WRITERS)
  app.addSchema(SpotCheckPlan)
  app.addSchema(SpotCheckItem)

  app.post('/api/spot-checks', {
    schema: {
      tags: ['inspection'], summary: 'Draw a spot-check plan (双随机): lifts in use weighted by risk, an inspector from the pool for each',
      description: 'The draw is reproducible: the same seed on the same population (its fingerprint is published) gives the same lifts and inspectors. Risk weight = 1 + 2 for a public place + age/10 (capped at 30 years) + 0.25 per fault (≤ 20) + 1 per entrapment (≤ 5) + 1 per late or failed inspection (≤ 3).',
      body: SpotCheckPlanInput,
      response: { 201: SpotCheckPlanDetail, ...errorResponses(400, 401, 403) }
    },
    preHandler: writers
  }, async (request, reply) => {
    const b = request.body
    const districtId = b.districtId ?? null
    if (districtId !== null && !(await spotChecks.districtExists(districtId))) throw bad('body/districtId', msg('spot_check.unknown_district', { id: districtId }))
    const drawnOn = today()
    const population = await spotChecks.population(districtId, drawnOn, timeZone)
    if (population.length === 0) throw bad('body/districtId', msg('spot_check.no_population'))
    const pool = await spotChecks.inspectorPool(b.inspectorIds)
    if (pool.length === 0) throw bad('body/inspectorIds', msg('spot_check.no_inspectors'))
    const seed = b.seed ?? randomBytes(8).toString('hex')
    const drawn = drawSpotCheck(population, b.sampleSize, seed, pool)
    const id = await spotChecks.create({ title: b.title, districtId, sampleSize: b.sampleSize, seed, population: population.length, populationFingerprint: populationFingerprint(population), drawnOn }, drawn, request.user!.id)
    const plan = (await spotChecks.get(id))!
    noteAudit(request, { action: 'spot_check.draw', target: { type: 'spot_check_plan', id }, after: plan.plan })
    reply.status(201)
    return plan
  })

  app.get('/api/spot-checks', {
    schema: {
      tags: ['inspection'], summary: 'Spot-check plans, latest first, with how many lifts are checked',
      querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
      response: { 200: Page(Type.Ref('SpotCheckPlan')), ...errorResponses(400, 401, 403) }
    },
    preHandler: writers
  }, async (request) => spotChecks.list({ limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }))

  app.get('/api/spot-checks/:id', {
    schema: {
      tags: ['inspection'], summary: 'A spot-check plan with its drawn lifts, their risk factors, inspectors and results',
      params: PlanParams, response: { 200: SpotCheckPlanDetail, ...errorResponses(400, 401, 403, 404) }
    },
    preHandler: writers
  }, async (request) => {
    const plan = await spotChecks.get(request.params.id)
    if (plan === undefined) throw new HttpError(404, msg('spot_check.not_found'))
    return plan
  })

  app.put('/api/spot-checks/:id/items/:itemId', {
    schema: {
      tags: ['inspection'], summary: 'Record a drawn lift\'s result (the drawn inspector, or an admin); once',
      description: 'Refused: another inspector\'s lift (403), a result already recorded (409), a check date before the draw or after today (400).',
      params: ItemParams, body: SpotCheckResultInput, response: { 200: Type.Ref('SpotCheckItem'), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: writers
  }, async (request) => {
    const { id, itemId } = request.params
    const b = request.body
    const user = request.user!
    const item = await spotChecks.item(id, itemId)
    if (item === undefined) throw new HttpError(404, msg('spot_check.not_found'))
    if (user.role !== 'admin' && item.inspectorId !== user.id) throw new HttpError(403, msg('spot_check.not_yours'))
    if (item.result !== null) throw new HttpError(409, msg('spot_check.already_recorded'))
    const day = today()
    if (!isDate(b.checkedOn) || b.checkedOn < item.drawnOn || b.checkedOn > day) throw bad('body/checkedOn', msg('spot_check.checked_out_of_range', { date: b.checkedOn, drawnOn: item.drawnOn, today: day }))
    if (!(await spotChecks.record(id, itemId, { result: b.result, findings: b.findings ?? null, checkedOn: b.checkedOn }, user.id))) throw new HttpError(409, msg('spot_check.already_recorded'))
    const recorded = (await spotChecks.get(id))!.items.find((i) => i.id === itemId)!
    noteAudit(request, { action: 'spot_check.record', target: { type: 'spot_check_plan', id }, after: recorded })
    // What the check found opens the hidden-danger loop: a failed lift is a major danger, one to rectify a general one.
    if (b.result !== 'pass') {
      const finding = b.findings?.trim() || (b.result === 'fail' ? '双随机抽查不合格' : '双随机抽查责令整改')
      await dangers.create({
        equipmentCode: recorded.equipmentCode, source: 'spot_check', sourceRef: `spot-check-item:${itemId}`, level: b.result === 'fail' ? 'major' : 'general',
        description: finding, measure: finding, responsible: null, foundOn: b.checkedOn, deadline: addDays(b.checkedOn, dangerDeadlineDays)
      }, user.id, day)
    }
    return recorded
  })

  app.get('/api/public/spot-checks', {
    schema: {
      tags: ['public'], summary: 'Spot-check plans and results, for the public (一公开): no sign-in, no personal data',
      description: 'Every plan with its seed and population fingerprint; a lift appears once its result is recorded (not before: the list would warn the use unit). No inspector, contact or findings text.',
      security: [],
      querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
      response: { 200: Page(PublicSpotCheckPlan), ...errorResponses(400) }
    }
  }, async (request) => spotChecks.publicList({ limit: request.query.limit ?? 20, offset: request.query.offset ?? 0 }))
}
