// Supervision notices (督办通知): an inspector sends one about each lift of a list that is overdue, failed or
// due soon — one click per lift on the overdue list — and the use unit reads it live, on its dashboard and
// by webhook, and acknowledges it. Lifts that need no notice (valid, unknown) are answered as skipped.
import { Type } from 'typebox'
import { requireRole, scopeOf } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses, IdParams, PageQuery } from '../platform/http/schemas.ts'
import { Page } from '../platform/http/schema-blocks.ts'
import { msg, render } from '../platform/messages/message.ts'
import { localeOf } from '../platform/http/errors.ts'
import type { RoutePlugin } from '../platform/http/route-plugin.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { InspectionStore } from './store.ts'
import type { NoticeStore } from './notices-store.ts'
import { WRITERS } from './routes.ts'
import { Notice, NoticeAnswer, NoticeInput } from './notice-schemas.ts'
import './messages.ts'

export interface NoticeRouteDeps {
  notices: NoticeStore
  inspections: InspectionStore
  bus: Bus
  today: () => string
  dueSoonDays: number
}

export const noticeRoutes = ({ notices, inspections, bus, today, dueSoonDays }: NoticeRouteDeps): RoutePlugin => async (app) => {
  app.addSchema(Notice)

  app.post('/api/inspections/notices', {
    schema: {
      tags: ['inspection'], summary: 'Send a supervision notice (督办通知) to the use unit of each lift that is overdue, failed or due soon (inspector, admin)',
      description: 'One notice per lift, with its status and the date it was valid until. A lift that is valid, not in use or unknown is skipped with the reason.',
      body: NoticeInput, response: { 201: NoticeAnswer, ...errorResponses(400, 401, 403) }
    },
    preHandler: requireRole(...WRITERS)
  }, async (request, reply) => {
    const day = today()
    const locale = localeOf(request)
    const sent = []
    const skipped = []
    for (const code of request.body.equipmentCodes) {
      const found = await inspections.forLift({}, code, day, dueSoonDays)
      const status = found?.lift.status
      if (found === undefined || (status !== 'overdue' && status !== 'failed' && status !== 'due_soon')) {
        skipped.push({ equipmentCode: code, reason: render(found === undefined ? msg('inspection.unknown_equipment', { code }) : msg('notice.not_needed', { code }), locale) })
        continue
      }
      const notice = await notices.send({ id: found.lift.id, status, validUntil: found.lift.validUntil }, request.body.message?.trim() || null, request.user!.id)
      bus.emit('inspection.notice', notice)
      sent.push(notice)
    }
    noteAudit(request, { action: 'notice.send', target: { type: 'inspection_notice', id: sent.map((n) => n.id).join(',') || '-' }, after: { sent: sent.length, skipped } })
    reply.status(201)
    return { sent, skipped }
  })

  app.get('/api/inspections/notices', {
    schema: {
      tags: ['inspection'], summary: 'Supervision notices about the lifts in your scope, latest first',
      querystring: Type.Object({ unacknowledged: Type.Optional(Type.Boolean()), equipmentCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })), ...PageQuery }, { additionalProperties: false }),
      response: { 200: Page(Type.Ref('Notice')), ...errorResponses(400, 401) }
    },
    preHandler: requireRole()
  }, async (request) => {
    const { limit, offset, ...filter } = request.query
    return notices.list(scopeOf(request.user!), filter, { limit: limit ?? 50, offset: offset ?? 0 })
  })

  app.post('/api/inspections/notices/:id/acknowledge', {
    schema: {
      tags: ['inspection'], summary: 'Acknowledge a notice about your lift (use unit, admin)', params: IdParams,
      response: { 200: Type.Ref('Notice'), ...errorResponses(400, 401, 403, 404) }
    },
    preHandler: requireRole('use_unit', 'admin')
  }, async (request) => {
    const user = request.user!
    const notice = await notices.acknowledge(request.params.id, user.role === 'admin' ? null : user.useUnitId, user.id)
    if (notice === undefined) throw new HttpError(404, msg('notice.not_found'))
    noteAudit(request, { action: 'notice.acknowledge', target: { type: 'inspection_notice', id: notice.id }, after: notice })
    return notice
  })
}
