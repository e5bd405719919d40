// Maintenance routes: checklists (read by all, new versions by an admin), the work list of what is due,
// the visit of a maintenance firm's worker (start → items → photos → workers and signatures → submit,
// refused with each reason while the draft stays), the use unit's confirmation, a lift's history with
// the terminal's verdicts, chain verification, and the firms' figures for the inspector. A firm works on
// and sees only its own lifts, a use unit only its own.
import { Type } from 'typebox'
import { requireRole, scopeOf, type SessionUser } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { errorResponses, IdParams } from '../platform/http/schemas.ts'
import { DateString, literals } from '../platform/http/schema-blocks.ts'
import { msg, render } from '../platform/messages/message.ts'
import { addDays, isDate, localDate } from '../platform/calendar.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from '../alerts/store.ts'
import { announceSync } from '../alerts/announce.ts'
import { annexForKind, checklistProblems, itemsFor, type Interval } from './checklists.ts'
import { submissionProblems, DUE_STATUSES, type Worker } from './schedule.ts'
import { isPngDataUrl } from '../platform/photos/photo-type.ts'
import { VisitRefused, type MaintenanceStore, type VisitRow } from './store.ts'
import type { VisitVerifier } from './verification.ts'
import type { PhotoStorage } from '../platform/photos/photo-storage.ts'
import { registerPhotoRoutes } from './photo-routes.ts'
import { Checklist, ChecklistInput, ChecklistSummary, ChainReport, ConfirmInput, DueList, EquipmentCode, LiftMaintenance, MaintenanceFigures, Photo, Visit, VisitPatch, VisitStart, VisitSubmit } from './schemas.ts'
import './messages.ts'
import '../elevators/messages.ts'

export interface MaintenancePolicy { timeZone: string, dueSoonDays: number, photosMin: number, photoMaxBytes: number }

export interface MaintenanceRouteDeps {
  store: MaintenanceStore
  verifier: VisitVerifier
  photos: PhotoStorage
  alerts: AlertStore
  bus: Bus
  policy: MaintenancePolicy
  now?: () => number
}

const decodeBase64 = (b: string) => Buffer.from(b, 'base64')

export const maintenanceRoutes = (deps: MaintenanceRouteDeps): RoutePlugin => (app) => registerMaintenanceRoutes(app, deps)

async function registerMaintenanceRoutes (app: ApiApp, deps: MaintenanceRouteDeps) {
  const { store, policy } = deps
  const now = deps.now ?? Date.now
  const today = () => localDate(now(), policy.timeZone)
  const anyone = requireRole()
  const maintainer = requireRole('maintainer')
  app.addSchema(Checklist)
  app.addSchema(Photo)
  app.addSchema(Visit)

  /** A visit in the user's scope, else 404. */
  async function visitOf (user: SessionUser, id: number): Promise<VisitRow> {
    const visit = await store.visit(scopeOf(user), id)
    if (visit === undefined) throw new HttpError(404, msg('maintenance.not_found'))
    return visit
  }
  /** A draft of the maintainer's own firm, else 404 (another firm's) or 409 (submitted). */
  async function ownDraft (user: SessionUser, id: number): Promise<VisitRow> {
    const visit = await visitOf(user, id)
    if (visit.firmId !== user.maintenanceFirmId) throw new HttpError(404, msg('maintenance.not_found'))
    if (visit.status !== 'draft') throw new HttpError(409, msg('maintenance.not_draft', { id }))
    return visit
  }

  async function detail (visit: VisitRow, locale: ReturnType<typeof localeOf>) {
    const [checklist, photos, confirmation] = await Promise.all([store.checklist(visit.checklistId), store.photos(visit.id), store.confirmation(visit.id)])
    let verification = visit.status === 'submitted' ? await store.verification(visit.id) : undefined
    if (visit.status === 'submitted' && (verification === undefined || verification.reason === 'unavailable')) {
      await deps.verifier.verify(visit)
      verification = await store.verification(visit.id)
    }
    const items = itemsFor(checklist?.items ?? [], visit.interval)
    const problems = visit.status === 'draft'
      ? submissionProblems({ requiredItems: items.map((i) => i.code), results: visit.results, photos: photos.length, photosMin: policy.photosMin, workers: visit.workers, startedAt: new Date(visit.startedAt).getTime(), endedAt: visit.endedAt === null ? now() : new Date(visit.endedAt).getTime(), now: now() })
      : []
    return {
      id: visit.id, equipmentCode: visit.equipmentCode, address: visit.address, firmId: visit.firmId, firmName: visit.firmName,
      checklistId: visit.checklistId, checklistVersion: visit.checklistVersion, annex: visit.annex, interval: visit.interval, status: visit.status,
      startedAt: visit.startedAt, endedAt: visit.endedAt,
      gps: visit.latitude === null || visit.longitude === null ? null : { latitude: visit.latitude, longitude: visit.longitude, accuracyM: visit.gpsAccuracyM },
      items: items.map((i) => ({ ...i, result: visit.results[i.code]?.result ?? null, note: visit.results[i.code]?.note ?? null })),
      workers: visit.workers.map((w) => ({ name: w.name, certificateNo: w.certificateNo ?? null, signature: w.signature || null })),
      photos, photosMin: policy.photosMin, correctsId: visit.correctsId, seq: visit.seq, prevHash: visit.prevHash, hash: visit.hash,
      createdBy: visit.createdBy, submittedAt: visit.submittedAt, verification: verification ?? null, confirmation: confirmation ?? null,
      problems: problems.map((p) => ({ reason: p.reason, message: render(p.message, locale) }))
    }
  }

  async function syncLift (elevatorId: number) {
    await announceSync(deps, await store.syncAlerts(today(), policy.timeZone, policy.dueSoonDays, elevatorId))
  }

  // ── checklists ──────────────────────────────────────────────────────────────────────────────────
  app.get('/api/maintenance/checklists', {
    schema: { tags: ['maintenance'], summary: 'Checklist versions per annex (TSG T5002-2017: A traction, D escalator), newest first', response: { 200: Type.Array(ChecklistSummary), ...errorResponses(401) } },
    preHandler: anyone
  }, async () => (await store.checklists()).map((c) => ({ ...c, items: c.items.length })))

  app.get('/api/maintenance/checklists/:id', {
    schema: { tags: ['maintenance'], summary: 'One checklist version with its items', params: IdParams, response: { 200: Type.Ref('MaintenanceChecklist'), ...errorResponses(400, 401, 404) } },
    preHandler: anyone
  }, async (request) => {
    const c = await store.checklist(request.params.id)
    if (c === undefined) throw new HttpError(404, msg('registry.not_found', { record: 'checklist' }))
    return c
  })

  app.post('/api/maintenance/checklists', {
    schema: {
      tags: ['maintenance'], summary: 'A new version of an annex\'s checklist (admin); records keep the version they were made with',
      body: ChecklistInput, response: { 201: Type.Ref('MaintenanceChecklist'), ...errorResponses(400, 401, 403) }
    },
    preHandler: requireRole('admin')
  }, async (request, reply) => {
    const duplicates = checklistProblems(request.body.items)
    if (duplicates.length > 0) {
      const said = msg('maintenance.duplicate_item', { codes: duplicates })
      throw new HttpError(400, said, [{ path: 'body/items', message: said }])
    }
    const c = await store.createChecklistVersion(request.body.annex, request.body.title, request.body.items, request.user!.id)
    noteAudit(request, { action: 'maintenance.checklist', target: { type: 'checklist', id: c.id }, after: { annex: c.annex, version: c.version, items: c.items.length } })
    reply.status(201)
    return c
  })

  // ── the work list ───────────────────────────────────────────────────────────────────────────────
  app.get('/api/maintenance/due', {
    schema: {
      tags: ['maintenance'], summary: 'What is due: each lift in use in your scope with its plan on today\'s date (the city\'s), visits in progress and overdue first',
      description: 'Half-monthly: at most 15 days after the last (day 16 is overdue); quarterly, half-yearly, annual: 3, 6, 12 months. A longer interval\'s record counts for the shorter ones. Due soon: within MAINTENANCE_DUE_SOON_DAYS.',
      querystring: Type.Object({
        status: Type.Optional(literals(['attention', 'in_progress', ...DUE_STATUSES])),
        equipmentCode: Type.Optional(EquipmentCode),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 }))
      }, { additionalProperties: false }),
      response: { 200: DueList, ...errorResponses(400, 401) }
    },
    preHandler: anyone
  }, async (request) => {
    const day = today()
    const q = request.query
    const rows = await store.due(scopeOf(request.user!), day, policy.timeZone, policy.dueSoonDays)
    const items = rows.map((r) => ({
      equipmentCode: r.equipmentCode, address: r.address, building: r.building, firmName: r.firmName, useUnitName: r.useUnitName,
      status: r.due.status, nextInterval: r.due.nextInterval, dueBy: r.due.dueBy, intervals: r.due.intervals, draftId: r.draftId, draftStartedAt: r.draftStartedAt
    }))
    const rank = (i: typeof items[number]) => (i.draftId !== null ? 0 : i.status === 'overdue' ? 1 : i.dueBy === day ? 2 : i.status === 'due_soon' ? 3 : i.status === 'no_record' ? 4 : 5)
    items.sort((a, b) => rank(a) - rank(b) || (a.dueBy ?? '').localeCompare(b.dueBy ?? '') || a.equipmentCode.localeCompare(b.equipmentCode))
    const counts = {
      overdue: items.filter((i) => i.status === 'overdue').length, dueToday: items.filter((i) => i.dueBy === day).length,
      dueSoon: items.filter((i) => i.status === 'due_soon').length, inProgress: items.filter((i) => i.draftId !== null).length,
      ok: items.filter((i) => i.status === 'ok').length, noRecord: items.filter((i) => i.status === 'no_record').length
    }
    const wanted = items.filter((i) => (q.equipmentCode === undefined || i.equipmentCode === q.equipmentCode) && (
      q.status === undefined ? true
        : q.status === 'attention' ? i.draftId !== null || i.status === 'overdue' || i.status === 'due_soon'
          : q.status === 'in_progress' ? i.draftId !== null : i.status === q.status))
    return { today: day, counts, items: wanted.slice(0, q.limit ?? 500) }
  })

  // ── the visit ───────────────────────────────────────────────────────────────────────────────────
  app.post('/api/maintenance/visits', {
    schema: {
      tags: ['maintenance'], summary: 'Start a visit (maintainer, own firm\'s lifts): a draft with the checklist of the interval due',
      description: 'interval: default the one the lift\'s plan says is due. A correction names the submitted record it corrects (correctsId).',
      body: VisitStart, response: { 201: Type.Ref('MaintenanceVisit'), ...errorResponses(400, 401, 403, 404) }
    },
    preHandler: maintainer
  }, async (request, reply) => {
    const b = request.body
    const user = request.user!
    const lift = await store.lift(b.equipmentCode)
    if (lift === undefined) throw new HttpError(404, msg('elevator.not_found'))
    if (lift.firmId !== user.maintenanceFirmId) throw new HttpError(403, msg('maintenance.not_your_lift', { code: b.equipmentCode }))
    const annex = annexForKind(lift.kind)
    const checklist = annex === null ? undefined : await store.currentChecklist(annex)
    if (checklist === undefined) throw new HttpError(400, msg('maintenance.no_checklist', { kind: lift.kind }))
    const startedAt = b.startedAt === undefined ? new Date(now()) : new Date(b.startedAt)
    if (Number.isNaN(startedAt.getTime()) || startedAt.getTime() > now() + 5 * 60_000) {
      const said = msg('maintenance.end_in_future')
      throw new HttpError(400, said, [{ path: 'body/startedAt', message: said }])
    }
    if (b.correctsId != null && !await store.isSubmittedOf(b.correctsId, lift.id)) {
      const said = msg('maintenance.corrects_other_lift', { id: b.correctsId })
      throw new HttpError(400, said, [{ path: 'body/correctsId', message: said }])
    }
    let interval: Interval | undefined = b.interval
    if (interval === undefined) interval = (await store.due({ maintenanceFirmId: user.maintenanceFirmId }, today(), policy.timeZone, policy.dueSoonDays)).find((r) => r.elevatorId === lift.id)?.due.nextInterval ?? 'half_monthly'
    const visit = await store.startVisit({
      elevatorId: lift.id, firmId: lift.firmId!, checklistId: checklist.id, interval, startedAt,
      gps: b.gps == null ? null : { latitude: b.gps.latitude, longitude: b.gps.longitude, accuracyM: b.gps.accuracyM ?? null }, correctsId: b.correctsId ?? null, userId: user.id
    })
    noteAudit(request, { action: 'maintenance.start', target: { type: 'maintenance', id: visit.id }, after: { equipmentCode: lift.equipmentCode, interval, checklistId: checklist.id } })
    reply.status(201)
    return detail(visit, localeOf(request))
  })

  app.get('/api/maintenance/visits/:id', {
    schema: { tags: ['maintenance'], summary: 'A visit or record: items, photos, workers and signatures, the terminal\'s verdict, the use unit\'s confirmation, what still blocks a draft', params: IdParams, response: { 200: Type.Ref('MaintenanceVisit'), ...errorResponses(400, 401, 404) } },
    preHandler: anyone
  }, async (request) => detail(await visitOf(request.user!, request.params.id), localeOf(request)))

  app.patch('/api/maintenance/visits/:id', {
    schema: {
      tags: ['maintenance'], summary: 'Record item results (合格 pass / 不合格 fail / 不适用 na, with a note), the workers with their signatures, the end (maintainer, a draft of your firm)',
      description: 'results are merged into the draft\'s; workers replace the list.',
      params: IdParams, body: VisitPatch, response: { 200: Type.Ref('MaintenanceVisit'), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: maintainer
  }, async (request) => {
    const visit = await ownDraft(request.user!, request.params.id)
    const b = request.body
    if (b.results !== undefined) {
      const checklist = await store.checklist(visit.checklistId)
      const known = new Set(itemsFor(checklist?.items ?? [], visit.interval).map((i) => i.code))
      const unknown = Object.keys(b.results).filter((code) => !known.has(code))
      if (unknown.length > 0) {
        const said = msg('maintenance.unknown_item', { codes: unknown.slice(0, 10) })
        throw new HttpError(400, said, [{ path: 'body/results', message: said }])
      }
    }
    let workers: Worker[] | undefined
    if (b.workers !== undefined) {
      for (const [i, w] of b.workers.entries()) {
        // Ajv coerces a null to '' (coerceTypes): an empty signature is none.
        if (w.signature != null && w.signature !== '' && !isPngDataUrl(w.signature, decodeBase64)) {
          const said = msg('maintenance.bad_signature', { name: w.name })
          throw new HttpError(400, said, [{ path: `body/workers/${i}/signature`, message: said }])
        }
      }
      workers = b.workers.map((w) => ({ name: w.name.trim(), certificateNo: w.certificateNo?.trim() || null, signature: w.signature || null }))
    }
    let endedAt: Date | null | undefined
    if (b.endedAt !== undefined) endedAt = b.endedAt === null ? null : new Date(b.endedAt)
    if (endedAt != null && Number.isNaN(endedAt.getTime())) endedAt = undefined
    const results = b.results === undefined ? undefined : Object.fromEntries(Object.entries(b.results).map(([code, r]) => [code, { result: r.result, note: r.note?.trim() || null }]))
    let updated
    try {
      updated = await store.updateDraft(visit.id, { results, workers, endedAt })
    } catch (err) {
      if (err instanceof VisitRefused) throw new HttpError(409, msg('maintenance.not_draft', { id: visit.id }))
      throw err
    }
    return detail(updated, localeOf(request))
  })

  app.post('/api/maintenance/visits/:id/submit', {
    schema: {
      tags: ['maintenance'], summary: 'Submit a visit (maintainer): refused with every reason while anything is missing, and the draft kept',
      description: 'Refusals (400 maintenance.not_ready, one detail per reason): items without a result, a 不合格 item without a note, fewer photos than MAINTENANCE_PHOTOS_MIN, fewer than two workers, no certified worker, a worker who has not signed, an end before the start. Once submitted the record is immutable and takes its place in the lift\'s hash chain; the lift\'s terminal is asked whether it saw 检修.',
      params: IdParams, body: VisitSubmit, response: { 200: Type.Ref('MaintenanceVisit'), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: maintainer
  }, async (request) => {
    const visit = await ownDraft(request.user!, request.params.id)
    const at = now()
    const endedAt = request.body.endedAt !== undefined ? new Date(request.body.endedAt) : visit.endedAt !== null ? new Date(visit.endedAt) : new Date(at)
    const [checklist, photos] = await Promise.all([store.checklist(visit.checklistId), store.photos(visit.id)])
    const problems = submissionProblems({
      requiredItems: itemsFor(checklist?.items ?? [], visit.interval).map((i) => i.code), results: visit.results, photos: photos.length, photosMin: policy.photosMin,
      workers: visit.workers, startedAt: new Date(visit.startedAt).getTime(), endedAt: Number.isNaN(endedAt.getTime()) ? 0 : endedAt.getTime(), now: at
    })
    if (problems.length > 0) {
      throw new HttpError(400, msg('maintenance.not_ready', { reasons: problems.map((p) => p.reason) }), problems.map((p) => ({ path: `visit/${p.reason}`, message: p.message })))
    }
    let submitted
    try {
      submitted = await store.submit(visit.id, request.user!.id, new Date(at), endedAt)
    } catch (err) {
      if (err instanceof VisitRefused) throw new HttpError(409, msg('maintenance.not_draft', { id: visit.id }))
      throw err
    }
    await deps.verifier.verify(submitted)
    await syncLift(submitted.elevatorId)
    noteAudit(request, { action: 'maintenance.submit', target: { type: 'maintenance', id: submitted.id }, after: { equipmentCode: submitted.equipmentCode, seq: submitted.seq, hash: submitted.hash, prevHash: submitted.prevHash } })
    return detail(submitted, localeOf(request))
  })

  app.post('/api/maintenance/visits/:id/confirm', {
    schema: {
      tags: ['maintenance'], summary: 'Confirm a submitted record (use unit\'s safety manager, own lifts): name and signature',
      params: IdParams, body: ConfirmInput, response: { 200: Type.Ref('MaintenanceVisit'), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: requireRole('use_unit')
  }, async (request) => {
    const visit = await visitOf(request.user!, request.params.id)
    if (!isPngDataUrl(request.body.signature, decodeBase64)) {
      const said = msg('maintenance.bad_signature', { name: request.body.name })
      throw new HttpError(400, said, [{ path: 'body/signature', message: said }])
    }
    try {
      await store.confirm(visit.id, request.user!, request.body.name.trim(), request.body.signature)
    } catch (err) {
      if (!(err instanceof VisitRefused)) throw err
      throw new HttpError(409, err.reason === 'already_confirmed' ? msg('maintenance.already_confirmed', { id: visit.id }) : msg('maintenance.not_submitted', { id: visit.id }))
    }
    noteAudit(request, { action: 'maintenance.confirm', target: { type: 'maintenance', id: visit.id }, after: { name: request.body.name } })
    return detail(visit, localeOf(request))
  })

  // ── history, chain, figures ─────────────────────────────────────────────────────────────────────
  app.get('/api/elevators/:code/maintenance', {
    schema: {
      tags: ['maintenance'], summary: 'A lift\'s maintenance: its plan, its records latest first with the terminal\'s verdicts, its 不合格 follow-ups, its chain checked',
      params: Type.Object({ code: EquipmentCode }), response: { 200: LiftMaintenance, ...errorResponses(400, 401, 404) }
    },
    preHandler: anyone
  }, async (request) => {
    const code = request.params.code
    const scope = scopeOf(request.user!)
    const lift = await store.lift(code)
    const inScope = lift !== undefined && (scope.maintenanceFirmId == null || lift.firmId === scope.maintenanceFirmId) && (scope.useUnitId == null || lift.useUnitId === scope.useUnitId)
    if (!inScope) throw new HttpError(404, msg('elevator.not_in_scope'))
    const day = today()
    const [plan, records, followUps, chain] = await Promise.all([
      store.due({}, day, policy.timeZone, policy.dueSoonDays).then((rows) => rows.find((r) => r.elevatorId === lift.id)),
      store.history(lift.id), store.followUps({}, { equipmentCode: code }), store.verifyLift(lift.id)
    ])
    const due = plan === undefined
      ? { status: 'no_record' as const, nextInterval: 'half_monthly' as const, dueBy: null, intervals: [], draftId: null, draftStartedAt: null }
      : { status: plan.due.status, nextInterval: plan.due.nextInterval, dueBy: plan.due.dueBy, intervals: plan.due.intervals, draftId: plan.draftId, draftStartedAt: plan.draftStartedAt }
    return {
      equipmentCode: code, today: day, due,
      records: records.map((r) => ({
        id: r.id, interval: r.interval, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, firmName: r.firmName, workers: r.workers.map((w) => w.name),
        photos: r.photos, failed: r.failed, correctsId: r.correctsId, seq: r.seq, hash: r.hash, verified: r.verified, verdict: r.verdict, confirmedAt: r.confirmedAt, confirmedBy: r.confirmedBy
      })),
      followUps, chain: { equipmentCode: code, ...chain }
    }
  })

  app.get('/api/maintenance/chain', {
    schema: {
      tags: ['maintenance'], summary: 'Verify the hash chain of one lift (equipmentCode) or of every lift of a firm (firmId), naming each chain\'s first broken link',
      querystring: Type.Object({ equipmentCode: Type.Optional(EquipmentCode), firmId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: { 200: ChainReport, ...errorResponses(400, 401) }
    },
    preHandler: anyone
  }, async (request) => {
    const q = request.query
    if ((q.equipmentCode === undefined) === (q.firmId === undefined)) throw new HttpError(400, msg('maintenance.bad_chain_scope'))
    return store.verifyChains(scopeOf(request.user!), q)
  })

  app.get('/api/figures/maintenance', {
    schema: {
      tags: ['maintenance'], summary: 'Per maintenance firm: on-time rate, rate verified by the lifts\' terminals, overdue lifts today, open 不合格 items, lifts per technician',
      description: 'from/to: the city\'s dates of the records counted (default: the 90 days up to today). On time: within 15 days of the lift\'s previous record.',
      querystring: Type.Object({ from: Type.Optional(DateString), to: Type.Optional(DateString) }, { additionalProperties: false }),
      response: { 200: MaintenanceFigures, ...errorResponses(400, 401, 403) }
    },
    preHandler: requireRole('admin', 'dispatcher', 'inspector')
  }, async (request) => {
    const day = today()
    const to = request.query.to ?? day
    const from = request.query.from ?? addDays(to, -89)
    for (const [field, value] of [['from', from], ['to', to]] as const) {
      if (!isDate(value)) {
        const said = msg('inspection.bad_date', { field, value })
        throw new HttpError(400, said, [{ path: `querystring/${field}`, message: said }])
      }
    }
    if (from > to) throw new HttpError(400, msg('period.from_before_to'))
    const [rows, due] = await Promise.all([store.firmFigures(from, to, policy.timeZone, null), store.due({}, day, policy.timeZone, policy.dueSoonDays)])
    const overdue = new Map<number, number>()
    for (const d of due) if (d.firmId !== null && d.due.status === 'overdue') overdue.set(d.firmId, (overdue.get(d.firmId) ?? 0) + 1)
    const pct = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10)
    return {
      from, to, today: day,
      firms: rows.map((r) => ({
        firmId: r.firmId, firmName: r.firmName, lifts: r.lifts, records: r.records, onTime: r.onTime, verified: r.verified,
        onTimeRate: pct(r.onTime, r.records), verifiedRate: pct(r.verified, r.records), overdueLifts: overdue.get(r.firmId) ?? 0,
        openFollowUps: r.openFollowUps, workers: r.workers, liftsPerWorker: r.workers === 0 ? null : Math.round((r.lifts / r.workers) * 10) / 10
      }))
    }
  })

  await registerPhotoRoutes(app, { store, photos: deps.photos, policy, visitOf, ownDraft })
}
