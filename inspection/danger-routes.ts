// Hidden dangers (隐患闭环): inspectors and admins open a case against a lift; its use unit uploads photos
// and submits the rectification; an inspector accepts it or returns it. Everyone reads the cases of the lifts
// in their scope. A case past its deadline raises `danger_overdue` (the inspection scan, and at once here).
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { requireRole, scopeOf, type SessionUser } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses, IdParams, PageQuery } from '../platform/http/schemas.ts'
import { DateString, literals, Page } from '../platform/http/schema-blocks.ts'
import { isDate } from '../platform/calendar.ts'
import { msg } from '../platform/messages/message.ts'
import type { RoutePlugin } from '../platform/http/route-plugin.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from '../alerts/store.ts'
import { announceSync } from '../alerts/announce.ts'
import { takePhoto } from '../maintenance/photo-intake.ts'
import { PHOTO_TYPES } from '../platform/photos/photo-type.ts'
import type { PhotoStorage } from '../platform/photos/photo-storage.ts'
import { checkDangerDates, DANGER_STATUSES, STEP_ACTORS, type DangerStep } from './dangers.ts'
import { StepRefused, type DangerStore } from './dangers-store.ts'
import { Danger, DangerDetail, DangerFigures, DangerInput, DangerPhoto, DangerStepInput } from './danger-schemas.ts'
import { WRITERS } from './routes.ts'
import './messages.ts'

export interface DangerRouteDeps {
  dangers: DangerStore
  photos: PhotoStorage
  alerts: AlertStore
  bus: Bus
  today: () => string
  policy: { photoMaxBytes: number }
}

const StepParams = Type.Object({ id: Type.Integer({ minimum: 1 }), step: literals(['rectify', 'accept', 'return'] as const) })

export const dangerRoutes = (deps: DangerRouteDeps): RoutePlugin => async (app) => {
  const { dangers, photos, today } = deps
  const anyone = requireRole()
  app.addSchema(Danger)

  /** The case if the user may see it, else 404 (another scope's case does not exist for them). */
  async function visible (user: SessionUser, id: number) {
    const danger = await dangers.get(scopeOf(user), id, today())
    if (danger === undefined) throw new HttpError(404, msg('danger.not_found'))
    return danger
  }
  const syncLift = async (equipmentCode: string) => {
    const id = await dangers.liftId(equipmentCode)
    if (id !== undefined) await announceSync(deps, await dangers.syncAlerts(today(), id))
  }

  app.post('/api/dangers', {
    schema: {
      tags: ['inspection'], summary: 'Open a hidden-danger case against a lift (inspector, admin): 一单四制 — who answers, the measure, the deadline, acceptance',
      description: 'Refused with the field named: an unknown equipment code, a found date after today (the city\'s), a deadline before the found date. A source reference (report number, spot-check item) opens one case only: the second call answers the first case.',
      body: DangerInput, response: { 201: Type.Ref('Danger'), ...errorResponses(400, 401, 403) }
    },
    preHandler: requireRole(...WRITERS)
  }, async (request, reply) => {
    const b = request.body
    const day = today()
    const foundOn = b.foundOn ?? day
    for (const p of checkDangerDates({ foundOn, deadline: b.deadline }, day)) {
      const said = p.field === 'foundOn' ? msg('danger.found_in_future', { date: foundOn, today: day }) : msg('danger.deadline_before_found', { deadline: b.deadline, foundOn })
      throw new HttpError(400, said, [{ path: `body/${p.field}`, message: said }])
    }
    const danger = await dangers.create({
      equipmentCode: b.equipmentCode, source: b.source, sourceRef: b.sourceRef ?? null, level: b.level, description: b.description,
      measure: b.measure, responsible: b.responsible ?? null, foundOn, deadline: b.deadline
    }, request.user!.id, day)
    if (danger === undefined) {
      const said = msg('inspection.unknown_equipment', { code: b.equipmentCode })
      throw new HttpError(400, said, [{ path: 'body/equipmentCode', message: said }])
    }
    await syncLift(b.equipmentCode)
    noteAudit(request, { action: 'danger.open', target: { type: 'danger', id: danger.id }, after: danger })
    reply.status(201)
    return danger
  })

  app.get('/api/dangers', {
    schema: {
      tags: ['inspection'], summary: 'Hidden-danger cases of the lifts in your scope: open ones first, soonest deadline first',
      querystring: Type.Object({
        status: Type.Optional(literals(['unclosed', ...DANGER_STATUSES])), overdue: Type.Optional(Type.Boolean()),
        districtId: Type.Optional(Type.Integer({ minimum: 1 })), equipmentCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })), ...PageQuery
      }, { additionalProperties: false }),
      response: { 200: Page(Type.Ref('Danger')), ...errorResponses(400, 401) }
    },
    preHandler: anyone
  }, async (request) => {
    const { limit, offset, ...filter } = request.query
    return dangers.list(scopeOf(request.user!), filter, today(), { limit: limit ?? 50, offset: offset ?? 0 })
  })

  app.get('/api/figures/dangers', {
    schema: {
      tags: ['inspection'], summary: 'Hidden dangers by district: found and closed from..to (the city\'s dates), not closed and overdue now',
      querystring: Type.Object({ from: DateString, to: DateString }, { additionalProperties: false }),
      response: { 200: DangerFigures, ...errorResponses(400, 401) }
    },
    preHandler: anyone
  }, async (request) => {
    const { from, to } = request.query
    for (const [field, value] of [['from', from], ['to', to]] as const) {
      if (!isDate(value)) {
        const said = msg('inspection.bad_date', { field, value })
        throw new HttpError(400, said, [{ path: `querystring/${field}`, message: said }])
      }
    }
    return { from, to, byDistrict: await dangers.figures(scopeOf(request.user!), from, to, today()) }
  })

  app.get('/api/dangers/:id', {
    schema: { tags: ['inspection'], summary: 'A hidden-danger case with its steps and evidence photos', params: IdParams, response: { 200: DangerDetail, ...errorResponses(400, 401, 404) } },
    preHandler: anyone
  }, async (request) => {
    const found = await dangers.detail(scopeOf(request.user!), request.params.id, today())
    if (found === undefined) throw new HttpError(404, msg('danger.not_found'))
    return found
  })

  app.post('/api/dangers/:id/:step', {
    schema: {
      tags: ['inspection'], summary: 'Take a step of the loop: rectify (the lift\'s use unit, admin), accept or return (inspector, admin)',
      description: 'rectify needs a note and at least one photo uploaded since the last step (they become its evidence); return needs a note. Refused 409 when the case is not at that step.',
      params: StepParams, body: DangerStepInput, response: { 200: DangerDetail, ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: anyone
  }, async (request) => {
    const { id, step } = request.params
    const user = request.user!
    const actor = STEP_ACTORS[step as DangerStep]
    if (user.role !== 'admin' && user.role !== actor) throw new HttpError(403, msg('auth.role_forbidden', { role: user.role, roles: ['admin', actor] }))
    const danger = await visible(user, id)
    try {
      await dangers.step(id, step as DangerStep, request.body.note?.trim() || null, user.id, today())
    } catch (err) {
      if (!(err instanceof StepRefused)) throw err
      if (err.reason === 'not_found') throw new HttpError(404, msg('danger.not_found'))
      if (err.reason === 'wrong_status') throw new HttpError(409, msg('danger.wrong_status', { step, status: danger.status }))
      const said = msg(err.reason === 'note_required' ? 'danger.note_required' : 'danger.photo_required')
      throw new HttpError(400, said, [{ path: err.reason === 'note_required' ? 'body/note' : 'photos', message: said }])
    }
    await syncLift(danger.equipmentCode)
    const after = (await dangers.detail(scopeOf(user), id, today()))!
    noteAudit(request, { action: `danger.${step}`, target: { type: 'danger', id }, before: danger, after: after.danger })
    return after
  })

  app.get('/api/dangers/photos/:id', {
    schema: { tags: ['inspection'], summary: 'An evidence photo\'s image, if you may see its case', params: IdParams, response: errorResponses(400, 401, 404) },
    preHandler: anyone
  }, async (request, reply) => {
    const photo = await dangers.photo(request.params.id)
    if (photo === undefined) throw new HttpError(404, msg('danger.not_found'))
    await visible(request.user!, photo.dangerId)
    const bytes = await photos.get(photo.sha256)
    if (bytes === undefined) throw new HttpError(404, msg('danger.not_found'))
    reply.header('content-type', photo.mime).header('cache-control', 'private, max-age=86400, immutable')
    return reply.send(bytes)
  })

  // The upload reads an image body: its own context, so no other route takes images.
  await app.register(async (plain) => {
    const context = plain.withTypeProvider<TypeBoxTypeProvider>()
    context.addContentTypeParser([...PHOTO_TYPES, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: deps.policy.photoMaxBytes * 2 }, (_request, body, done) => done(null, body))
    context.post('/api/dangers/:id/photos', {
      schema: {
        tags: ['inspection'], summary: 'Add an evidence photo to an open case (its use unit, admin): JPEG, PNG or WebP by content, at most MAINTENANCE_PHOTO_MAX_KB',
        params: IdParams, response: { 201: DangerPhoto, ...errorResponses(400, 401, 403, 404, 409) }
      },
      onRequest: requireRole('use_unit', 'admin')
    }, async (request, reply) => {
      const danger = await visible(request.user!, request.params.id)
      if (danger.status !== 'open') throw new HttpError(409, msg('danger.closed'))
      const photo = await dangers.addPhoto(danger.id, await takePhoto(request.body, deps.policy.photoMaxBytes, photos), request.user!.id)
      noteAudit(request, { action: 'danger.photo', target: { type: 'danger', id: danger.id }, after: photo })
      reply.status(201)
      return photo
    })
  })
}
