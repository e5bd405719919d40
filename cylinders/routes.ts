// The cylinder registry's routes: paged search, one cylinder and its timeline, registration (one, or CSV:
// import-route.ts), inspections, transfers and scrapping, the media table (admin edits it), filling units
// and stations with a unit's day, the figures (定检率) and the per-unit alerts. A filling unit sees and
// writes only its own cylinders; a use unit or a maintenance firm has no cylinders (403). The public
// lookup by code (no sign-in) is public-route.ts.
import { Type } from 'typebox'
import { requireRole, scopeOf, type SessionUser } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { errorResponses, IdParams } from '../platform/http/schemas.ts'
import { DateString, literals, Page } from '../platform/http/schema-blocks.ts'
import { msg, readNote, render, type Message } from '../platform/messages/message.ts'
import { localDate } from '../platform/calendar.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import type { Metrics } from '../platform/metrics.ts'
import { checkEventDate, checkRegistration, type RegistrationInput } from './registration.ts'
import { CylinderRefused, type CylinderRegistry } from './registry-store.ts'
import { UnitRefused, type FillingUnits } from './units-store.ts'
import type { CylinderScan } from './scan-store.ts'
import type { AlertStore } from '../alerts/store.ts'
import type { Bus } from '../platform/events/bus.ts'
import '../alerts/events.ts'
import type { CylinderFigureQueries } from './figures-query.ts'
import { cylinderFigures } from './figures.ts'
import { registerCylinderImportRoute } from './import-route.ts'
import { registerPublicLookupRoute } from './public-route.ts'
import {
  Cylinder, CylinderAlert, CylinderCode, CylinderEvent, CylinderFigures, CylinderInput, CylinderListQuery, FillingStation, FillingStationInput,
  FillingUnit, FillingUnitDetail, FillingUnitInput, InspectionInput, MediumSchema, ScrapInput, TransferInput, UnitToday
} from './schemas.ts'
import './messages.ts'

export interface CylinderRouteDeps {
  registry: CylinderRegistry
  units: FillingUnits
  scan: CylinderScan
  /** The per-unit alerts are common alerts: a close is announced as the alert routes' is. */
  alerts: Pick<AlertStore, 'get'>
  bus: Bus
  figures: CylinderFigureQueries
  metrics: Metrics
  policy: { timeZone: string }
  /** Public lookups per client address and minute. */
  publicLookupsPerMinute?: number
  now?: () => number
}

/** Who reads cylinders: the bureau and filling units (their own). Use units and maintenance firms have none. */
export const CYLINDER_READERS = ['admin', 'dispatcher', 'inspector', 'filling_unit'] as const
const CodeParams = Type.Object({ code: CylinderCode })
const actorOf = (user: SessionUser) => ({ id: user.id, name: user.username })

export const cylinderRoutes = (deps: CylinderRouteDeps): RoutePlugin => (app) => registerCylinderRoutes(app, deps)

/** 400 naming the first problem, with every problem as a detail. */
function refuse (problems: Array<{ field: string, message: Message }>): never {
  throw new HttpError(400, problems[0]!.message, problems.map((p) => ({ path: `body/${p.field}`, message: p.message as never })))
}

function refusedToHttp (err: unknown, code: string): never {
  if (!(err instanceof CylinderRefused)) throw err
  if (err.reason === 'not_found') throw new HttpError(404, msg('cylinder.not_found', { code }))
  if (err.reason === 'scrapped') throw new HttpError(409, msg('cylinder.is_scrapped', { code, on: err.scrappedOn ?? '' }))
  if (err.reason === 'same_unit') throw new HttpError(409, msg('cylinder.same_unit'))
  throw new HttpError(400, msg('filling_unit.not_found'), [{ path: 'body/toFillingUnitId', message: msg('filling_unit.not_found') as never }])
}

async function registerCylinderRoutes (app: ApiApp, deps: CylinderRouteDeps) {
  const { registry, units, policy } = deps
  const now = deps.now ?? Date.now
  const today = () => localDate(now(), policy.timeZone)
  const readers = requireRole(...CYLINDER_READERS)
  const registrars = requireRole('admin', 'inspector', 'filling_unit')
  const inspectors = requireRole('admin', 'inspector')
  const admin = requireRole('admin')
  app.addSchema(Cylinder)
  app.addSchema(FillingUnit)

  /** A registration, checked: a filling unit registers only into itself. */
  async function checked (user: SessionUser, input: RegistrationInput) {
    const media = new Set((await registry.media()).map((m) => m.code))
    const problems = checkRegistration(input, today(), media)
    if (user.role === 'filling_unit' && input.fillingUnitId !== user.fillingUnitId) problems.push({ field: 'fillingUnitId', message: msg('cylinder.other_unit') })
    return problems
  }

  app.get('/api/cylinders', {
    schema: {
      tags: ['cylinders'], summary: 'Cylinders, searched and paged on the server (a filling unit: its own)',
      description: 'q: a prefix of the code or the registration number. dueBefore: next inspection on or before that date (not scrapped). Ordered by code.',
      querystring: CylinderListQuery, response: { 200: Page(Type.Ref('Cylinder')), ...errorResponses(400, 401, 403) }
    },
    preHandler: readers
  }, async (request) => {
    const { page = 1, pageSize = 50, ...filter } = request.query
    return registry.list(scopeOf(request.user!), filter, { page, pageSize })
  })

  app.get('/api/cylinders/:code', {
    schema: { tags: ['cylinders'], summary: 'One cylinder', params: CodeParams, response: { 200: Type.Ref('Cylinder'), ...errorResponses(400, 401, 403, 404) } },
    preHandler: readers
  }, async (request) => {
    const row = await registry.get(scopeOf(request.user!), request.params.code)
    if (row === undefined) throw new HttpError(404, msg('cylinder.not_found', { code: request.params.code }))
    return row
  })

  app.get('/api/cylinders/:code/timeline', {
    schema: {
      tags: ['cylinders'], summary: 'A cylinder\'s lifecycle trace, latest first: registration, fills, refusals, inspections, transfers, scrapping',
      params: CodeParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })) }),
      response: { 200: Type.Object({ items: Type.Array(CylinderEvent) }), ...errorResponses(400, 401, 403, 404) }
    },
    preHandler: readers
  }, async (request) => {
    const items = await registry.timeline(scopeOf(request.user!), request.params.code, request.query.limit ?? 500)
    if (items === undefined) throw new HttpError(404, msg('cylinder.not_found', { code: request.params.code }))
    return { items }
  })

  app.post('/api/cylinders', {
    schema: {
      tags: ['cylinders'], summary: 'Register a cylinder (建档; admin, inspector, a filling unit for itself)',
      description: 'Its next inspection and end of life follow from the media table (a lastInspectedOn is taken as a passed inspection). A code already registered, even scrapped, is 409: never reused.',
      body: CylinderInput, response: { 201: Type.Ref('Cylinder'), ...errorResponses(400, 401, 403, 409) }
    },
    preHandler: registrars
  }, async (request, reply) => {
    const b = request.body
    const input: RegistrationInput = {
      ...b, registrationNo: b.registrationNo ?? null, designLifeYears: b.designLifeYears ?? null, lastInspectedOn: b.lastInspectedOn ?? null,
      emptyMassKg: b.emptyMassKg ?? null, capacityKg: b.capacityKg ?? null
    }
    const problems = await checked(request.user!, input)
    if (problems.length > 0) refuse(problems)
    if ((await units.list({ fillingUnitId: input.fillingUnitId })).length === 0) {
      refuse([{ field: 'fillingUnitId', message: msg('cylinder.unknown_unit', { unit: String(input.fillingUnitId) }) }])
    }
    const { created } = await registry.register([input], actorOf(request.user!))
    if (created.length === 0) {
      const said = msg('cylinder.code_taken', { code: b.code })
      throw new HttpError(409, said, [{ path: 'body/code', message: said as never }])
    }
    const row = (await registry.get({}, b.code))!
    noteAudit(request, { action: 'cylinder.register', target: { type: 'cylinder', id: b.code }, after: row })
    reply.status(201)
    return row
  })

  /** The cylinder an inspection or a scrapping is recorded on, if in scope and if the date may be its (404, 400). */
  async function datedEvent (scope: ReturnType<typeof scopeOf>, code: string, on: string) {
    const row = await registry.get(scope, code)
    if (row === undefined) throw new HttpError(404, msg('cylinder.not_found', { code }))
    const problem = checkEventDate('on', on, row.manufacturedOn, today())
    if (problem !== null) refuse([{ field: 'on', message: problem }])
    return row
  }

  app.post('/api/cylinders/:code/inspections', {
    schema: {
      tags: ['cylinders'], summary: 'Record a periodic inspection (admin, inspector): the next due date and the end of life follow',
      params: CodeParams, body: InspectionInput, response: { 200: Type.Ref('Cylinder'), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: inspectors
  }, async (request) => {
    const { code } = request.params
    const scope = scopeOf(request.user!)
    const row = await datedEvent(scope, code, request.body.on)
    const b = request.body
    const after = await registry.inspect(scope, code, { on: b.on, result: b.result, inspector: b.inspector ?? null, notes: b.notes ?? null }, actorOf(request.user!), today())
      .catch((err: unknown) => refusedToHttp(err, code))
    noteAudit(request, { action: 'cylinder.inspect', target: { type: 'cylinder', id: code }, before: row, after })
    return after
  })

  app.post('/api/cylinders/:code/transfer', {
    schema: {
      tags: ['cylinders'], summary: 'Hand a cylinder to another filling unit (admin; a filling unit gives away its own)',
      params: CodeParams, body: TransferInput, response: { 200: Type.Ref('Cylinder'), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: requireRole('admin', 'filling_unit')
  }, async (request) => {
    const { code } = request.params
    const after = await registry.transfer(scopeOf(request.user!), code, request.body.toFillingUnitId, actorOf(request.user!))
      .catch((err: unknown) => refusedToHttp(err, code))
    noteAudit(request, { action: 'cylinder.transfer', target: { type: 'cylinder', id: code }, after })
    return after
  })

  app.post('/api/cylinders/:code/scrap', {
    schema: {
      tags: ['cylinders'], summary: 'Scrap a cylinder (报废; admin, inspector, its filling unit): the record closes, the code is never reused',
      params: CodeParams, body: ScrapInput, response: { 200: Type.Ref('Cylinder'), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: registrars
  }, async (request) => {
    const { code } = request.params
    const scope = scopeOf(request.user!)
    const row = await datedEvent(scope, code, request.body.on)
    const after = await registry.scrap(scope, code, request.body, actorOf(request.user!)).catch((err: unknown) => refusedToHttp(err, code))
    noteAudit(request, { action: 'cylinder.scrap', target: { type: 'cylinder', id: code }, before: row, after })
    return after
  })

  app.get('/api/cylinder-media', {
    schema: { tags: ['cylinders'], summary: 'The media table: inspection interval, first inspection, design life and its extension, pressure limit', response: { 200: Type.Array(MediumSchema), ...errorResponses(401, 403) } },
    preHandler: readers
  }, () => registry.media())

  app.put('/api/cylinder-media', {
    schema: {
      tags: ['cylinders'], summary: 'Add or change media (admin); the dates of their cylinders move with them',
      description: 'Rows not sent stay as they are. A mixture names at least two components, each a medium of the table that is no mixture itself.',
      body: Type.Array(MediumSchema, { minItems: 1, maxItems: 100 }),
      response: { 200: Type.Object({ media: Type.Array(MediumSchema), moved: Type.Integer({ description: 'cylinders whose dates were recomputed' }) }), ...errorResponses(400, 401, 403) }
    },
    preHandler: admin
  }, async (request) => {
    const current = new Map((await registry.media()).map((m) => [m.code, m]))
    for (const m of request.body) current.set(m.code, m)
    request.body.forEach((m, i) => {
      for (const c of m.components ?? []) {
        const part = current.get(c)
        if (part === undefined || (part.components ?? []).length > 0 || c === m.code) {
          const said = msg('cylinder.bad_component', { medium: m.code, component: c })
          throw new HttpError(400, said, [{ path: `body/${i}/components`, message: said as never }])
        }
      }
    })
    const before = [...current.values()]
    const result = await registry.updateMedia(request.body)
    noteAudit(request, { action: 'cylinder_media.update', target: { type: 'cylinder_media', id: request.body.map((m) => m.code).join(',') }, before, after: result.media })
    return result
  })

  app.get('/api/filling-units', {
    schema: { tags: ['cylinders'], summary: 'Filling units (a filling unit: itself)', response: { 200: Type.Array(Type.Ref('FillingUnit')), ...errorResponses(401, 403) } },
    preHandler: readers
  }, async (request) => units.list(scopeOf(request.user!)))

  app.post('/api/filling-units', {
    schema: { tags: ['cylinders'], summary: 'Add a filling unit (admin)', body: FillingUnitInput, response: { 201: Type.Ref('FillingUnit'), ...errorResponses(400, 401, 403, 409) } },
    preHandler: admin
  }, async (request, reply) => {
    const b = request.body
    const unit = await units.create({ ...b, address: b.address ?? '' }).catch((err: unknown) => {
      if (!(err instanceof UnitRefused)) throw err
      if (err.reason === 'unknown_district') throw new HttpError(400, msg('filling_unit.unknown_district', { id: b.districtId }))
      throw new HttpError(409, msg('filling_unit.taken', { name: b.name }))
    })
    noteAudit(request, { action: 'filling_unit.create', target: { type: 'filling_unit', id: unit.id }, after: unit })
    reply.status(201)
    return unit
  })

  app.get('/api/filling-units/:id', {
    schema: { tags: ['cylinders'], summary: 'A filling unit with its stations and its cylinders by status', params: IdParams, response: { 200: FillingUnitDetail, ...errorResponses(400, 401, 403, 404) } },
    preHandler: readers
  }, async (request) => {
    const unit = await units.get(scopeOf(request.user!), request.params.id, today())
    if (unit === undefined) throw new HttpError(404, msg('filling_unit.not_found'))
    return unit
  })

  app.post('/api/filling-units/:id/stations', {
    schema: { tags: ['cylinders'], summary: 'Add a filling station (admin); its code is the gateway kind station\'s {code}', params: IdParams, body: FillingStationInput, response: { 201: FillingStation, ...errorResponses(400, 401, 403, 404, 409) } },
    preHandler: admin
  }, async (request, reply) => {
    const station = await units.createStation(request.params.id, request.body).catch((err: unknown) => {
      if (!(err instanceof UnitRefused)) throw err
      if (err.reason === 'not_found') throw new HttpError(404, msg('filling_unit.not_found'))
      throw new HttpError(409, msg('filling_station.taken', { code: request.body.code }))
    })
    noteAudit(request, { action: 'filling_station.create', target: { type: 'filling_station', id: station.code }, after: station })
    reply.status(201)
    return station
  })

  app.get('/api/filling-units/:id/today', {
    schema: {
      tags: ['cylinders'], summary: 'A filling unit\'s day (the city\'s date): fills, refusals with their reasons, forced fills, and the cylinders it must not fill',
      params: IdParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) }),
      response: { 200: UnitToday, ...errorResponses(400, 401, 403, 404) }
    },
    preHandler: readers
  }, async (request) => {
    const scope = scopeOf(request.user!)
    if (scope.fillingUnitId != null && scope.fillingUnitId !== request.params.id) throw new HttpError(404, msg('filling_unit.not_found'))
    if ((await units.list({ fillingUnitId: request.params.id })).length === 0) throw new HttpError(404, msg('filling_unit.not_found'))
    return units.today(request.params.id, today(), policy.timeZone, request.query.limit ?? 200)
  })

  app.get('/api/figures/cylinders', {
    schema: {
      tags: ['cylinders'], summary: 'Cylinder 定检率 (the elevators\' formula), overdue, failed, past life and scrapped, by filling unit or district',
      querystring: Type.Object({ at: Type.Optional(DateString), by: Type.Optional(literals(['unit', 'district'])) }, { additionalProperties: false }),
      response: { 200: CylinderFigures, ...errorResponses(400, 401, 403) }
    },
    preHandler: readers
  }, async (request) => {
    const day = today()
    const at = request.query.at ?? day
    if (at > day) throw new HttpError(400, msg('cylinder.in_future', { field: 'at', date: at, today: day }))
    const by = request.query.by ?? 'unit'
    const scope = scopeOf(request.user!)
    const [groups, counts] = await Promise.all([deps.figures.groups(by, scope), deps.figures.counts(scope, at, day, policy.timeZone, by)])
    const locale = localeOf(request)
    const report = cylinderFigures(locale === 'en' ? 'City' : '全市', groups, counts)
    return { referenceDate: at, by, formula: render(msg('formula.cylinder_inspection_rate', { date: at }), locale), ...report }
  })

  app.get('/api/cylinder-alerts', {
    schema: {
      tags: ['cylinders'], summary: 'The daily scan\'s alerts, one per filling unit and condition: cylinders overdue for inspection, past their design life',
      querystring: Type.Object({
        open: Type.Optional(Type.Boolean()), type: Type.Optional(literals(['cylinder_inspection_overdue', 'cylinder_past_life'])),
        fillingUnitId: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 }))
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(CylinderAlert) }), ...errorResponses(400, 401, 403) }
    },
    preHandler: readers
  }, async (request) => {
    const q = request.query
    const rows = await deps.scan.list(scopeOf(request.user!), { open: q.open, type: q.type, fillingUnitId: q.fillingUnitId }, q.limit ?? 100)
    const locale = localeOf(request)
    return { items: rows.map(({ note, ...r }) => ({ ...r, message: readNote(null, note as Message | null, locale) })) }
  })

  app.post('/api/cylinder-alerts/:id/close', {
    schema: { tags: ['cylinders'], summary: 'Close a per-unit alert (admin, inspector)', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    preHandler: inspectors
  }, async (request, reply) => {
    if (!await deps.scan.close(request.params.id, actorOf(request.user!))) throw new HttpError(404, msg('cylinder.alert_not_found'))
    const closed = await deps.alerts.get(request.params.id)
    if (closed !== undefined) deps.bus.emit('alert.updated', closed)
    deps.bus.emit('cylinder_alert.changed', { ids: [request.params.id] })
    reply.status(204)
    return null
  })

  await registerCylinderImportRoute(app, { registry, units, metrics: deps.metrics, today })
  registerPublicLookupRoute(app, { registry, perMinute: deps.publicLookupsPerMinute ?? 60, now })
}
