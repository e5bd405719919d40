// Alert lifecycle: raised → acknowledged → assigned → cleared / closed, with comments and full history.
// Each alert carries what a dispatcher needs to act: address, building, rescue ID, use unit, the
// maintenance firm and its 24-hour phone.
import { Type } from 'typebox'
import { OPEN_STATUSES, type AlertStatus, type AlertType } from './types.ts'
import type { Bus } from '../platform/events/bus.ts'
import { requireRole, scopeOf } from '../platform/http/auth.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { msg, readNote } from '../platform/messages/message.ts'
import { errorResponses, IdParams } from '../platform/http/schemas.ts'
import { Alert, AlertAssignBody, AlertCommentBody, AlertDetail, AlertFilter, AlertStepBody } from './schemas.ts'
import type { AlertStore } from './store.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import './messages.ts'

const AlertQuery = Type.Object({
  ...AlertFilter.properties,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 }))
}, { additionalProperties: false })

interface AlertRouteDeps { alerts: AlertStore, bus: Bus, forget: (equipmentCode: string, type: AlertType) => void }

export const alertRoutes = (deps: AlertRouteDeps): RoutePlugin => (app) => registerAlertRoutes(app, deps)

function registerAlertRoutes (app: ApiApp, deps: AlertRouteDeps) {
  const { alerts } = deps
  const anyone = requireRole()
  const desk = requireRole('admin', 'dispatcher')
  app.addSchema(Alert)

  app.get('/api/alerts', {
    schema: { tags: ['alerts'], summary: 'Alerts in your scope, newest first, filtered', querystring: AlertQuery, response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Ref('Alert')) }), ...errorResponses(400, 401) } },
    preHandler: anyone
  }, async (request) => {
    const { limit, offset, ...filter } = request.query
    return alerts.list(scopeOf(request.user!), filter, { limit: limit ?? 50, offset: offset ?? 0 })
  })

  app.get('/api/alerts/:id', {
    schema: {
      tags: ['alerts'], summary: 'One alert with its history', params: IdParams,
      response: { 200: AlertDetail, ...errorResponses(401, 404) }
    },
    preHandler: anyone
  }, async (request) => {
    const { id } = request.params
    const alert = await alerts.get(id)
    const scope = scopeOf(request.user!)
    if (alert === undefined || (scope.maintenanceFirmId != null && alert.maintenanceFirmId !== scope.maintenanceFirmId)) throw new HttpError(404, msg('alert.not_in_scope'))
    if (scope.useUnitId != null) {
      const visible = await alerts.list(scope, { equipmentCode: alert.equipmentCode }, { limit: 1, offset: 0 })
      if (visible.total === 0) throw new HttpError(404, msg('alert.not_in_scope'))
    }
    const locale = localeOf(request)
    const history = (await alerts.history(id)).map(({ commentMessage, ...h }) => ({ ...h, comment: readNote(h.comment, commentMessage, locale) }))
    return { alert, history }
  })

  /** A lifecycle step: allowed from the given statuses only, with a clear refusal otherwise. */
  function step (path: string, to: AlertStatus, from: readonly AlertStatus[], summary: string, body: typeof AlertStepBody | typeof AlertAssignBody = AlertStepBody) {
    app.post(`/api/alerts/:id/${path}`, {
      schema: { tags: ['alerts'], summary, params: IdParams, body, response: { 200: Type.Ref('Alert'), ...errorResponses(400, 401, 403, 404, 409) } },
      preHandler: desk
    }, async (request) => {
      const { id } = request.params
      const b = request.body
      const user = request.user!
      const current = await alerts.get(id)
      if (current === undefined) throw new HttpError(404, msg('alert.not_found'))
      if (to === 'closed' && current.type === 'entrapment') throw new HttpError(409, msg('alert.entrapment_via_rescue'))
      const updated = await alerts.transition(id, to, from, { id: user.id, name: user.username }, b.comment ?? null, 'maintenanceFirmId' in b ? b.maintenanceFirmId : null)
      if (updated === undefined) throw new HttpError(409, msg('alert.wrong_status', { step: path, status: current.status }))
      if (to === 'closed' || to === 'cleared') deps.forget(updated.equipmentCode, updated.type)
      deps.bus.emit('alert.updated', updated)
      return updated
    })
  }
  step('acknowledge', 'acknowledged', ['raised'], 'Acknowledge (seen and being handled)')
  step('assign', 'assigned', OPEN_STATUSES, 'Assign to a maintenance firm', AlertAssignBody)
  step('close', 'closed', [...OPEN_STATUSES, 'cleared'], 'Close (handled); an entrapment closes through its rescue case')

  app.post('/api/alerts/:id/comments', {
    schema: { tags: ['alerts'], summary: 'Add a comment to the history', params: IdParams, body: AlertCommentBody, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    preHandler: desk
  }, async (request, reply) => {
    const user = request.user!
    if (!await alerts.comment(request.params.id, { id: user.id, name: user.username }, request.body.comment)) throw new HttpError(404, msg('alert.not_found'))
    return reply.status(204).send(null)
  })
}
