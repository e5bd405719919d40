// Inspection routes: a lift's records and status, records entered one at a time (inspectors and admins)
// or from CSV (import-route.ts), the lifts that need attention (overdue, failed, due soon), incident
// records, and the KPI report (定检率 by district at a date with its monthly trend, rates per 10,000 units,
// the formulas in the reader's language, CSV export). A firm or a use unit sees only its own lifts.
import { Type, type Static } from 'typebox'
import { requireRole, scopeOf, type SessionUser } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { errorResponses, PageQuery, SearchText } from '../platform/http/schemas.ts'
import { DateString, literals, Page } from '../platform/http/schema-blocks.ts'
import { csvLine } from '../platform/csv.ts'
import { msg, render } from '../platform/messages/message.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import type { Metrics } from '../platform/metrics.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from '../alerts/store.ts'
import { checkRecord, INSPECTION_STATUSES, type InspectionStatus } from './schedule.ts'
import { addDays, addMonths, isDate, localDate, trendDates } from '../platform/calendar.ts'
import { RecordRefused, type InspectionStore } from './store.ts'
import type { IncidentStore } from './incidents-store.ts'
import type { KpiQueries } from './kpi.ts'
import { figuresReport, groupRows, periodReport } from './figures.ts'
import { announceSync } from '../alerts/announce.ts'
import { registerInspectionImportRoute } from './import-route.ts'
import { Incident, IncidentInput, InspectionFigures, InspectionLift, InspectionRecord, InspectionRecordInput, LiftInspectionHistory } from './schemas.ts'
import './messages.ts'
import '../elevators/messages.ts'

export interface InspectionRouteDeps {
  inspections: InspectionStore
  incidents: IncidentStore
  kpi: KpiQueries
  alerts: AlertStore
  bus: Bus
  metrics: Metrics
  policy: { timeZone: string, dueSoonDays: number, rateTarget: number }
  now?: () => number
}

export const WRITERS = ['admin', 'inspector'] as const
const FIGURE_COLUMNS = ['districtId', 'name', 'inUse', 'overdue', 'dueSoon', 'failed', 'rate', 'liftsInUse', 'incidents', 'accidents', 'deaths', 'injured', 'entrapments', 'incidentsPer10k', 'accidentsPer10k', 'deathsPer10k', 'entrapmentsPer10k'] as const

/** Who reads a use unit's contact person and phone (registry/routes.ts's rule). */
const readsContacts = (user: SessionUser, useUnitId: number) =>
  user.role === 'admin' || user.role === 'dispatcher' || user.role === 'inspector' || (user.role === 'use_unit' && user.useUnitId === useUnitId)

export const inspectionRoutes = (deps: InspectionRouteDeps): RoutePlugin => (app) => registerInspectionRoutes(app, deps)

async function registerInspectionRoutes (app: ApiApp, deps: InspectionRouteDeps) {
  const { inspections, incidents, kpi, policy } = deps
  const now = deps.now ?? Date.now
  const today = () => localDate(now(), policy.timeZone)
  const anyone = requireRole()
  const writers = requireRole(...WRITERS)
  app.addSchema(InspectionRecord)
  app.addSchema(Incident)

  app.get('/api/elevators/:code/inspections', {
    schema: {
      tags: ['inspection'], summary: 'A lift\'s inspection status (from its records) and its records, latest first',
      params: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }),
      response: { 200: LiftInspectionHistory, ...errorResponses(400, 401, 404) }
    },
    preHandler: anyone
  }, async (request) => {
    const day = today()
    const found = await inspections.forLift(scopeOf(request.user!), request.params.code, day, policy.dueSoonDays)
    if (found === undefined) throw new HttpError(404, msg('elevator.not_in_scope'))
    const { lift, records } = found
    const daysLeft = lift.validUntil === null ? null : Math.round((Date.parse(lift.validUntil) - Date.parse(day)) / 86_400_000)
    return {
      inspection: {
        equipmentCode: request.params.code, status: lift.status, validUntil: lift.validUntil, daysLeft, lastInspectedOn: lift.lastOn,
        lastResult: lift.lastResult, basis: lift.hasRecords ? 'records' as const : lift.validUntil === null ? 'none' as const : 'registry' as const, today: day
      },
      records
    }
  })

  app.post('/api/inspections', {
    schema: {
      tags: ['inspection'], summary: 'Record an inspection (inspector, admin)',
      description: 'Refused with the field named: a next due date not after the inspection date, an inspection date after today (the city\'s date), an unknown equipment code, a result outside pass / fail / pass_after_retest, a report number already recorded (409). A passed inspection needs its next due date. The lift\'s inspection alerts follow at once.',
      body: InspectionRecordInput,
      response: { 201: Type.Ref('InspectionRecord'), ...errorResponses(400, 401, 403, 409) }
    },
    preHandler: writers
  }, async (request, reply) => {
    const b = request.body
    const input = { ...b, inspector: b.inspector ?? null, nextDue: b.nextDue ?? null }
    const problems = checkRecord(input, today())
    if (problems.length > 0) throw new HttpError(400, problems[0]!.message, problems.map((p) => ({ path: `body/${p.field}`, message: p.message })))
    let record
    try {
      record = await inspections.create(input, 'api', request.user!.id)
    } catch (err) {
      if (!(err instanceof RecordRefused)) throw err
      if (err.reason === 'unknown_equipment') {
        const said = msg('inspection.unknown_equipment', { code: b.equipmentCode })
        throw new HttpError(400, said, [{ path: 'body/equipmentCode', message: said }])
      }
      const said = msg('inspection.duplicate_report', { reportNo: b.reportNo })
      throw new HttpError(409, said, [{ path: 'body/reportNo', message: said }])
    }
    await syncLift(b.equipmentCode)
    noteAudit(request, { action: 'inspection.create', target: { type: 'elevator', id: b.equipmentCode }, after: record })
    reply.status(201)
    return record
  })

  /** Brings one lift's inspection alerts in step after a record (cleared by a valid record). */
  async function syncLift (equipmentCode: string) {
    const id = await inspections.liftId({}, equipmentCode)
    if (id === undefined) return
    await announceSync(deps, await inspections.syncAlerts(today(), policy.dueSoonDays, id))
  }

  app.get('/api/inspections/lifts', {
    schema: {
      tags: ['inspection'], summary: 'Lifts in use by inspection status on today\'s date (the city\'s), soonest due first',
      description: 'status: one status, or "attention" (overdue, failed and due soon). Due soon: within INSPECTION_DUE_SOON_DAYS.',
      querystring: Type.Object({
        status: Type.Optional(literals(['attention', ...INSPECTION_STATUSES])),
        districtId: Type.Optional(Type.Integer({ minimum: 1 })),
        q: SearchText('equipment code prefix, or part of the address'),
        running: Type.Optional(Type.Boolean({ description: 'only the lifts flagged as running while unfit (违规使用) by the latest scan' })),
        ...PageQuery
      }, { additionalProperties: false }),
      response: { 200: Page(InspectionLift), ...errorResponses(400, 401) }
    },
    preHandler: anyone
  }, async (request) => {
    const q = request.query
    const statuses: InspectionStatus[] = q.status === undefined || q.status === 'attention' ? ['overdue', 'failed', 'due_soon'] : [q.status]
    const user = request.user!
    const page = await inspections.lifts(scopeOf(user), { statuses, districtId: q.districtId, q: q.q, running: q.running }, today(), policy.dueSoonDays, { limit: q.limit ?? 50, offset: q.offset ?? 0 })
    return { total: page.total, items: page.items.map((r) => (readsContacts(user, r.useUnitId) ? r : { ...r, useUnitContact: null, useUnitPhone: null })) }
  })

  app.get('/api/incidents', {
    schema: {
      tags: ['inspection'], summary: 'Incident records (事故/事件) of the lifts in your scope, latest first',
      querystring: Type.Object({
        from: Type.Optional(DateString), to: Type.Optional(DateString), districtId: Type.Optional(Type.Integer({ minimum: 1 })),
        equipmentCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })), ...PageQuery
      }, { additionalProperties: false }),
      response: { 200: Page(Type.Ref('Incident')), ...errorResponses(400, 401) }
    },
    preHandler: anyone
  }, async (request) => {
    const { limit, offset, ...filter } = request.query
    for (const field of ['from', 'to'] as const) {
      const value = filter[field]
      if (value !== undefined && !isDate(value)) {
        const said = msg('inspection.bad_date', { field, value })
        throw new HttpError(400, said, [{ path: `querystring/${field}`, message: said }])
      }
    }
    return incidents.list(scopeOf(request.user!), filter, { limit: limit ?? 50, offset: offset ?? 0 })
  })

  app.post('/api/incidents', {
    schema: {
      tags: ['inspection'], summary: 'Record an incident (inspector, admin): the numerator of 万台事故率 and 万台死亡率',
      body: IncidentInput, response: { 201: Type.Ref('Incident'), ...errorResponses(400, 401, 403, 409) }
    },
    preHandler: writers
  }, async (request, reply) => {
    const b = request.body
    const day = today()
    if (!isDate(b.occurredOn)) {
      const said = msg('inspection.bad_date', { field: 'occurredOn', value: b.occurredOn })
      throw new HttpError(400, said, [{ path: 'body/occurredOn', message: said }])
    }
    if (b.occurredOn > day) {
      const said = msg('incident.in_future', { date: b.occurredOn, today: day })
      throw new HttpError(400, said, [{ path: 'body/occurredOn', message: said }])
    }
    const incident = await incidents.create({
      equipmentCode: b.equipmentCode, kind: b.kind, occurredOn: b.occurredOn, injured: b.injured ?? 0, deaths: b.deaths ?? 0,
      cause: b.cause ?? null, source: b.source, rescueCaseId: b.rescueCaseId ?? null
    }, request.user!.id)
    if (incident === undefined) {
      const said = msg('inspection.unknown_equipment', { code: b.equipmentCode })
      throw new HttpError(400, said, [{ path: 'body/equipmentCode', message: said }])
    }
    noteAudit(request, { action: 'incident.create', target: { type: 'incident', id: incident.id }, after: incident })
    reply.status(201)
    return incident
  })

  const figuresSchema = {
    tags: ['inspection'],
    summary: '定检率 by district at a reference date with its monthly trend, and incidents, deaths and entrapments per 10,000 lifts in use (format=csv for a spreadsheet)',
    description: 'One answer for the whole city (or your scope). The formulas come with the answer, in the reader\'s language. date: the reference date (default: today, the city\'s date); months: the trend\'s length and the incidents\' period (default 12).',
    querystring: Type.Object({
      date: Type.Optional(DateString), months: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
      from: Type.Optional({ ...DateString, description: 'the period\'s first day for the incidents and the period form (a calendar month for a monthly report); default: the day after the reference date `months` earlier' }),
      districtId: Type.Optional(Type.Integer({ minimum: 1, description: 'the trend of one district (drill-down); the rows stay by district' })),
      format: Type.Optional(literals(['json', 'csv']))
    }, { additionalProperties: false }),
    response: { 200: InspectionFigures, ...errorResponses(400, 401) }
  }
  app.get<{ Reply: Static<typeof InspectionFigures> | string }, unknown, typeof figuresSchema>('/api/figures/inspection', {
    schema: figuresSchema,
    preHandler: anyone
  }, async (request, reply) => {
    const q = request.query
    const day = today()
    const reference = q.date ?? day
    if (!isDate(reference)) {
      const said = msg('inspection.bad_date', { field: 'date', value: reference })
      throw new HttpError(400, said, [{ path: 'querystring/date', message: said }])
    }
    if (reference > day) {
      const said = msg('inspection.bad_reference_date', { date: reference, today: day })
      throw new HttpError(400, said, [{ path: 'querystring/date', message: said }])
    }
    const months = q.months ?? 12
    const dates = trendDates(reference, months)
    const from = q.from ?? addDays(addMonths(reference, -months), 1)
    if (!isDate(from) || from > reference) {
      const said = msg('inspection.bad_period_start', { from, date: reference })
      throw new HttpError(400, said, [{ path: 'querystring/from', message: said }])
    }
    const scope = scopeOf(request.user!)
    const [districts, rates, counts, inUse, byUseUnit, byFirm, period] = await Promise.all([
      kpi.districts(),
      kpi.rates(scope, dates, policy.timeZone, policy.dueSoonDays),
      kpi.counts(scope, from, reference, policy.timeZone),
      kpi.inUse(scope),
      kpi.rates(scope, [reference], policy.timeZone, policy.dueSoonDays, 'use_unit'),
      kpi.rates(scope, [reference], policy.timeZone, policy.dueSoonDays, 'firm'),
      kpi.period(scope, from, reference)
    ])
    const names = await kpi.names(byUseUnit.flatMap((r) => r.districtId ?? []), byFirm.flatMap((r) => r.districtId ?? []))
    const locale = localeOf(request)
    const trendRates = q.districtId === undefined ? rates : rates.filter((r) => r.districtId === q.districtId || r.referenceDate === reference)
    const report = figuresReport({ referenceDate: reference, dates, districts, rates, counts, inUse, cityName: locale === 'en' ? 'City' : '全市' })
    const trend = q.districtId === undefined ? report.trend : figuresReport({ referenceDate: reference, dates, districts: districts.filter((d) => d.id === q.districtId), rates: trendRates.filter((r) => r.districtId === q.districtId), counts: [], inUse: [], cityName: '' }).trend
    const periodForm = { from, to: reference, ...periodReport({ districts, rows: period, cityName: locale === 'en' ? 'City' : '全市' }) }
    const formula = {
      rate: render(msg('formula.inspection_rate', { date: reference }), locale),
      periodRate: render(msg('formula.inspection_period_rate', { from, to: reference }), locale),
      perTenThousand: render(msg('formula.incident_rate', { from, to: reference }), locale) }
    if (q.format === 'csv') {
      const lines = [csvLine(['group', 'referenceDate', ...FIGURE_COLUMNS])]
      lines.push(csvLine(['total', reference, ...FIGURE_COLUMNS.map((c) => report.total[c])]))
      for (const r of report.byDistrict) lines.push(csvLine(['district', reference, ...FIGURE_COLUMNS.map((c) => r[c])]))
      for (const t of trend) lines.push(csvLine(['trend', t.referenceDate, q.districtId ?? '', '', t.inUse, t.overdue, t.dueSoon, t.failed, t.rate]))
      lines.push('', csvLine(['target', policy.rateTarget]), csvLine(['formula', formula.rate]), csvLine(['formula', formula.perTenThousand]))
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="inspection-figures-${reference}.csv"`)
      return reply.send(`\uFEFF${lines.join('\n')}\n`)
    }
    return {
      referenceDate: reference, today: day, target: policy.rateTarget, form: 'at_date' as const, period: { from, to: reference }, formula,
      total: report.total, byDistrict: report.byDistrict, trend, periodForm,
      byUseUnit: groupRows(byUseUnit, names.useUnits), byFirm: groupRows(byFirm, names.firms)
    }
  })

  await registerInspectionImportRoute(app, { inspections, metrics: deps.metrics, today, sync: async () => announceSync(deps, await inspections.syncAlerts(today(), policy.dueSoonDays)) })
}
