// Rescue desk routes: the dispatcher's cases (longest waiting first), a case's timeline, one action route
// for every workflow step, cases reported by phone through the 6-digit rescue ID, and the figures.
import { Type, type Static } from 'typebox'
import { RESCUE_STATUSES, type RescueAction } from './workflow.ts'
import { figuresReport } from './figures.ts'
import { requireRole } from '../platform/http/auth.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { errorResponses, IdParams } from '../platform/http/schemas.ts'
import { literals } from '../platform/http/schema-blocks.ts'
import { csvLine } from '../platform/csv.ts'
import { FiguresRow, PhoneReportBody, RescueActionBody, RescueCase, RescueDetail, RescueFiguresReport } from './schemas.ts'
import { msg, readNote } from '../platform/messages/message.ts'
import type { RescueStore } from './store.ts'
import { RescueError, type RescueService } from './service.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import './messages.ts'
import '../elevators/messages.ts'

const FIGURE_COLUMNS = ['key', 'name', 'liftsInUse', 'cases', 'falseAlarms', 'falseAlarmShare', 'arrivals', 'arrivalMeanMin', 'arrivalP90Min', 'rescues', 'rescueMeanMin', 'rescueP90Min', 'limitDecided', 'lateNoArrival', 'withinLimitShare', 'entrapmentsPer10kLiftsPerMonth'] as const

interface RescueRouteDeps { rescues: RescueStore, service: RescueService }

export const rescueRoutes = (deps: RescueRouteDeps): RoutePlugin => (app) => registerRescueRoutes(app, deps)

function registerRescueRoutes (app: ApiApp, deps: RescueRouteDeps) {
  const { rescues, service } = deps
  const desk = requireRole('admin', 'dispatcher')
  const deskOrFirm = requireRole('admin', 'dispatcher', 'maintainer')
  app.addSchema(RescueCase)
  const refuse = (err: unknown): never => {
    if (err instanceof RescueError) throw new HttpError(err.statusCode, err.said)
    throw err
  }

  app.get('/api/rescues', {
    schema: {
      tags: ['rescue'], summary: 'Rescue cases; open ones longest waiting first. A firm sees the cases dispatched to it.',
      querystring: Type.Object({ status: Type.Optional(literals(['open', ...RESCUE_STATUSES])), districtId: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Type.Ref('RescueCase')) }), ...errorResponses(400, 401, 403) }
    },
    preHandler: deskOrFirm
  }, async (request) => {
    const q = request.query
    const user = request.user!
    return rescues.list({ status: q.status, districtId: q.districtId, ...(user.role === 'maintainer' ? { firmId: user.maintenanceFirmId! } : {}) }, { limit: q.limit ?? 100, offset: q.offset ?? 0 })
  })

  app.get('/api/rescues/:id', {
    schema: {
      tags: ['rescue'], summary: 'A rescue case with its timeline', params: IdParams,
      response: { 200: RescueDetail, ...errorResponses(401, 403, 404) }
    },
    preHandler: deskOrFirm
  }, async (request) => {
    const { id } = request.params
    const c = await rescues.get(id)
    const user = request.user!
    if (c === undefined || (user.role === 'maintainer' && c.firmId !== user.maintenanceFirmId)) throw new HttpError(404, msg('rescue.not_found'))
    const locale = localeOf(request)
    const timeline = (await rescues.events(id)).map(({ detailMessage, ...e }) => ({ ...e, detail: readNote(e.detail, detailMessage, locale) }))
    return { case: c, timeline }
  })

  app.post('/api/rescues', {
    schema: {
      tags: ['rescue'], summary: 'Open a case from a phone call, by the 6-digit rescue ID read in the car',
      description: 'One case per entrapment: when the lift already has an open case the call joins it (200, the caller on its timeline); otherwise a case opens (201).',
      body: PhoneReportBody,
      response: { 200: Type.Ref('RescueCase'), 201: Type.Ref('RescueCase'), ...errorResponses(400, 401, 403, 404) }
    },
    preHandler: desk
  }, async (request, reply) => {
    const { body } = request
    const reported = await service.reportCall({ rescueId: body.rescueId, caller: body.caller ?? null }, { id: request.user!.id, name: request.user!.username }).catch(refuse)
    reply.status(reported.joined ? 200 : 201)
    return reported.case
  })

  app.post('/api/rescues/:id/actions', {
    schema: { tags: ['rescue'], summary: 'Move a case: dispatch, accept, arrive, release, call_back, close, false_alarm, escalate', params: IdParams, body: RescueActionBody, response: { 200: Type.Ref('RescueCase'), ...errorResponses(400, 401, 403, 404, 409) } },
    preHandler: deskOrFirm
  }, async (request) => {
    const { id } = request.params
    const b = request.body
    const user = request.user!
    let action: RescueAction
    if (b.action === 'dispatch') {
      const firmId = b.firmId ?? (await rescues.get(id))?.contractedFirmId
      if (firmId == null) throw new HttpError(400, msg('rescue.no_contracted_firm'))
      action = { action: 'dispatch', firmId }
    } else if (b.action === 'close' || b.action === 'false_alarm') action = { action: b.action, cause: b.cause ?? '' }
    else if (b.action === 'escalate') action = { action: 'escalate', level: b.level === 3 ? 3 : 2, firmId: b.firmId ?? null, reason: b.reason ?? 'by the dispatcher' }
    else action = { action: b.action }
    return service.act(id, action, { id: user.id, name: user.username, role: user.role, firmId: user.maintenanceFirmId }).catch(refuse)
  })

  const figuresSchema = {
    tags: ['rescue'], summary: 'Rescue figures for a period, in total and by district and firm (format=csv for a spreadsheet)',
    description: 'Total, by district and by contracted firm: arrival = reported → arrived, entrapments per 10,000 lifts in use (registry today) per month passed of the period. By responder (the firm on the case): arrival = its own dispatch → arrived, no rate. Rescue = arrived → released. Within limit = arrived within the district\'s limit ÷ (arrived + past the limit with nobody on site). False alarms are excluded from all but the false-alarm share. Each row carries its denominators.',
    querystring: Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }), format: Type.Optional(literals(['json', 'csv'])) }, { additionalProperties: false }),
    response: { 200: RescueFiguresReport, ...errorResponses(400, 401, 403) }
  }
  // The report as JSON, or (format=csv) a spreadsheet's text, which Fastify sends as it is: the reply type
  // names both, the query's type still comes from the schema.
  app.get<{ Reply: Static<typeof RescueFiguresReport> | string }, unknown, typeof figuresSchema>('/api/figures/rescue', {
    schema: figuresSchema,
    preHandler: requireRole('admin', 'dispatcher', 'inspector')
  }, async (request, reply) => {
    const q = request.query
    const from = new Date(q.from)
    const to = new Date(q.to)
    if (!(from < to)) throw new HttpError(400, msg('period.from_before_to'))
    const ms = (d: Date | null) => d?.getTime() ?? null
    const facts = (await rescues.facts(from, to)).map((f) => ({ ...f, reportedAt: f.reportedAt.getTime(), dispatchedAt: ms(f.dispatchedAt), arrivedAt: ms(f.arrivedAt), releasedAt: ms(f.releasedAt) }))
    const { total, byDistrict, byFirm, byResponder, byDay } = figuresReport(facts, await rescues.liftsInUse(), { from: from.getTime(), to: to.getTime() }, Date.now())
    if (q.format === 'csv') {
      // District and firm names are typed by people: csvLine keeps them from running as formulas.
      const lines = [csvLine(['group', ...FIGURE_COLUMNS])]
      for (const [groupName, rows] of [['total', [total]], ['district', byDistrict], ['firm', byFirm], ['responder', byResponder]] as const) {
        for (const r of rows) lines.push(csvLine([groupName, ...FIGURE_COLUMNS.map((c) => r[c])]))
      }
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="rescue-figures-${q.from.slice(0, 10)}-${q.to.slice(0, 10)}.csv"`)
      return reply.send(`\uFEFF${lines.join('\n')}\n`)
    }
    return { from: from.toISOString(), to: to.toISOString(), total, byDistrict, byFirm, byResponder, byDay }
  })
}
