// Registry routes: districts, use units, maintenance firms and elevators (with CSV import). Everyone signed
// in may read; only an admin changes the registry. Elevator reads are limited to the caller's scope.
import { Type, type Static, type TSchema } from 'typebox'
import { ELEVATOR_KINDS, EQUIPMENT_STATUSES } from '../elevators/codes.ts'
import { ELEVATOR_SORTS, type ElevatorSort, type RegistryStore, type UseUnit as UseUnitRow } from './store.ts'
import type { Metrics } from '../platform/metrics.ts'
import type { LatestStates } from '../elevators/latest-state.ts'
import type { GatewayPresence } from '../gateways/presence.ts'
import { requireRole, scopeOf, type SessionUser } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { registerElevatorImportRoute } from '../elevators/import-route.ts'
import { msg } from '../platform/messages/message.ts'
import { errorResponses, IdParams, PageQuery, SearchText } from '../platform/http/schemas.ts'
import { literals, Page } from '../platform/http/schema-blocks.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import { Code, District, DistrictInput, Elevator, ElevatorInput, ListedElevator, MaintenanceFirm, MaintenanceFirmInput, UseUnit, UseUnitInput } from './schemas.ts'
import './messages.ts'
import '../elevators/messages.ts'

const ElevatorQuery = Type.Object({
  districtId: Type.Optional(Type.Integer({ minimum: 1 })),
  useUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
  maintenanceFirmId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(literals(EQUIPMENT_STATUSES)),
  kind: Type.Optional(literals(ELEVATOR_KINDS)),
  overdue: Type.Optional(Type.Boolean({ description: 'next inspection date (what its inspection records say) before today, the city\'s date' })),
  online: Type.Optional(Type.Boolean({ description: 'its gateway is connected (needs a broker in this process)' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'equipment code or rescue ID prefix, or part of the address' })),
  sort: Type.Optional(literals(Object.keys(ELEVATOR_SORTS) as ElevatorSort[])),
  order: Type.Optional(literals(['asc', 'desc'])),
  ...PageQuery
}, { additionalProperties: false })
const UseUnitQuery = Type.Object({ q: SearchText('part of the name'), ...PageQuery }, { additionalProperties: false })

const CodeParams = Type.Object({ code: Code })

interface RegistryRouteDeps {
  registry: RegistryStore, metrics: Metrics, latest: LatestStates, presence: Pick<GatewayPresence, 'onlineIds'> | null
  /** The city's date (CITY_TIMEZONE), which `overdue` is judged on: not the database server's. */
  today?: () => string
  /**
   * Called after lifts were written (null: by an import, any of them): a lift with inspection records takes
   * its dates from them again (inspection/), so a date typed here counts only before its first record.
   */
  afterChange?: (equipmentCodes: string[] | null) => Promise<void>
  /**
   * A gateway's equipment changed here (a deleted lift leaves its gateway): the broker applies it to the
   * gateway's connections at once, as the gateway routes do; nothing else re-reads the embedded registry.
   */
  gatewayChanged?: (gatewayId: string) => Promise<void>
}

export const registryRoutes = (deps: RegistryRouteDeps): RoutePlugin => (app) => registerRegistryRoutes(app, deps)

/**
 * Who reads a use unit's contact person and phone. Those who act on its lifts across the city — admin,
 * dispatcher, inspector — and the use unit itself. A maintenance firm and any other use unit read its name,
 * credit code and address only: a firm reaches the site through the rescue case it was dispatched to (which
 * carries the phone, rescue/) or through the dispatcher, not through a directory of every owner in the city.
 */
export function mayReadUseUnitContacts (user: SessionUser, useUnitId: number): boolean {
  if (user.role === 'admin' || user.role === 'dispatcher' || user.role === 'inspector') return true
  return user.role === 'use_unit' && user.useUnitId === useUnitId
}
const forViewer = (user: SessionUser) => (unit: UseUnitRow): UseUnitRow =>
  mayReadUseUnitContacts(user, unit.id) ? unit : { ...unit, contact: null, phone: null }

function registerRegistryRoutes (app: ApiApp, deps: RegistryRouteDeps) {
  const { registry } = deps
  const anyone = requireRole()
  const admin = requireRole('admin')
  for (const schema of [District, UseUnit, MaintenanceFirm, Elevator]) app.addSchema(schema)

  /** The whole list of a small registry table (districts, firms: tens to hundreds of rows). */
  function listAll (path: string, tag: string, ref: string, list: () => Promise<unknown[]>) {
    app.get(path, { schema: { tags: [tag], summary: `List ${tag}`, response: { 200: Type.Array(Type.Ref(ref)), ...errorResponses(401) } }, preHandler: anyone }, () => list())
  }
  /** Options of a simple registry table's create route (admin). */
  const createOptions = <I extends TSchema>(tag: string, ref: string, body: I) =>
    ({ schema: { tags: [tag], summary: 'Create (admin)', body, response: { 201: Type.Ref(ref), ...errorResponses(400, 401, 403, 409) } }, preHandler: admin })
  /** Options of a simple registry table's replace route (admin). */
  const replaceOptions = <I extends TSchema>(tag: string, ref: string, body: I) =>
    ({ schema: { tags: [tag], summary: 'Replace (admin)', params: IdParams, body, response: { 200: Type.Ref(ref), ...errorResponses(400, 401, 403, 404, 409) } }, preHandler: admin })
  /** The replaced row, or a 404 naming the table. */
  const replaced = <T>(row: T | undefined, ref: string): T => {
    if (row === undefined) throw new HttpError(404, msg('registry.not_found', { record: ref }))
    return row
  }
  const useUnitOf = (b: Static<typeof UseUnitInput>) => ({ name: b.name, creditCode: b.creditCode ?? null, contact: b.contact ?? null, phone: b.phone ?? null, address: b.address ?? null })
  const firmOf = (b: Static<typeof MaintenanceFirmInput>) => ({ name: b.name, licenseNo: b.licenseNo ?? null, phone24h: b.phone24h ?? null, contact: b.contact ?? null })

  listAll('/api/districts', 'districts', 'District', registry.listDistricts)
  app.post('/api/districts', createOptions('districts', 'District', DistrictInput), async (request, reply) => {
    const district = await registry.createDistrict(request.body)
    noteAudit(request, { action: 'district.create', target: { type: 'district', id: district.id }, after: district })
    reply.status(201)
    return district
  })
  app.put('/api/districts/:id', replaceOptions('districts', 'District', DistrictInput), async (request) => {
    const before = await registry.getDistrict(request.params.id)
    const district = replaced(await registry.updateDistrict(request.params.id, request.body), 'District')
    noteAudit(request, { action: 'district.update', target: { type: 'district', id: district.id }, before, after: district })
    return district
  })

  // A province has tens of thousands of use units: paged and searched, and one by id for a selected name.
  app.get('/api/use-units', {
    schema: { tags: ['use units'], summary: 'Use units by name, filtered and paged', querystring: UseUnitQuery, response: { 200: Page(Type.Ref('UseUnit')), ...errorResponses(400, 401) } },
    preHandler: anyone
  }, async (request) => {
    const { q, limit, offset } = request.query
    const page = await registry.findUseUnits({ q }, { limit: limit ?? 50, offset: offset ?? 0 })
    return { total: page.total, items: page.items.map(forViewer(request.user!)) }
  })
  app.get('/api/use-units/:id', {
    schema: { tags: ['use units'], summary: 'One use unit', params: IdParams, response: { 200: Type.Ref('UseUnit'), ...errorResponses(400, 401, 404) } },
    preHandler: anyone
  }, async (request) => {
    const unit = await registry.getUseUnit(request.params.id)
    if (unit === undefined) throw new HttpError(404, msg('registry.not_found', { record: 'UseUnit' }))
    return forViewer(request.user!)(unit)
  })
  app.post('/api/use-units', createOptions('use units', 'UseUnit', UseUnitInput), async (request, reply) => {
    const unit = await registry.createUseUnit(useUnitOf(request.body))
    noteAudit(request, { action: 'use_unit.create', target: { type: 'use_unit', id: unit.id }, after: unit })
    reply.status(201)
    return unit
  })
  app.put('/api/use-units/:id', replaceOptions('use units', 'UseUnit', UseUnitInput), async (request) => {
    const before = await registry.getUseUnit(request.params.id)
    const unit = replaced(await registry.updateUseUnit(request.params.id, useUnitOf(request.body)), 'UseUnit')
    noteAudit(request, { action: 'use_unit.update', target: { type: 'use_unit', id: unit.id }, before, after: unit })
    return unit
  })

  listAll('/api/maintenance-firms', 'maintenance firms', 'MaintenanceFirm', registry.listFirms)
  app.post('/api/maintenance-firms', createOptions('maintenance firms', 'MaintenanceFirm', MaintenanceFirmInput), async (request, reply) => {
    const firm = await registry.createFirm(firmOf(request.body))
    noteAudit(request, { action: 'maintenance_firm.create', target: { type: 'maintenance_firm', id: firm.id }, after: firm })
    reply.status(201)
    return firm
  })
  app.put('/api/maintenance-firms/:id', replaceOptions('maintenance firms', 'MaintenanceFirm', MaintenanceFirmInput), async (request) => {
    const before = await registry.getFirm(request.params.id)
    const firm = replaced(await registry.updateFirm(request.params.id, firmOf(request.body)), 'MaintenanceFirm')
    noteAudit(request, { action: 'maintenance_firm.update', target: { type: 'maintenance_firm', id: firm.id }, before, after: firm })
    return firm
  })

  app.get('/api/elevators', {
    schema: {
      tags: ['elevators'], summary: 'List elevators in your scope, filtered, sorted and paged', querystring: ElevatorQuery,
      response: { 200: Page(ListedElevator), ...errorResponses(400, 401, 503) }
    },
    preHandler: anyone
  }, async (request) => {
    const { online, ...q } = request.query
    const presence = deps.presence
    if (online !== undefined && presence === null) throw new HttpError(503, msg('registry.online_needs_broker'))
    const onlineIds = presence === null ? null : new Set(presence.onlineIds())
    const gateways = online === undefined ? undefined : { among: [...onlineIds!], negate: !online }
    const page = await registry.listElevators(scopeOf(request.user!), { ...q, gateways, today: deps.today?.() }, {
      limit: q.limit ?? 50, offset: q.offset ?? 0, sort: q.sort ?? 'equipmentCode', order: q.order ?? 'asc'
    })
    return {
      total: page.total,
      items: page.items.map((e) => {
        const state = deps.latest.peek(e.equipmentCode)
        return {
          ...e,
          online: onlineIds === null ? null : e.gatewayId !== null && onlineIds.has(e.gatewayId),
          state: state === undefined ? null : { equipmentCode: e.equipmentCode, ...state }
        }
      })
    }
  })

  app.get('/api/elevators/:code', {
    schema: { tags: ['elevators'], summary: 'One elevator', params: CodeParams, response: { 200: Type.Ref('Elevator'), ...errorResponses(401, 404) } },
    preHandler: anyone
  }, async (request) => {
    const elevator = await registry.getElevator(scopeOf(request.user!), request.params.code)
    if (elevator === undefined) throw new HttpError(404, msg('elevator.not_in_scope'))
    return elevator
  })

  app.put('/api/elevators/:code', {
    schema: { tags: ['elevators'], summary: 'Create or replace an elevator (admin)', params: CodeParams, body: ElevatorInput, response: { 200: Type.Ref('Elevator'), 201: Type.Ref('Elevator'), ...errorResponses(400, 401, 403, 409) } },
    preHandler: admin
  }, async (request, reply) => {
    const { code } = request.params
    const b = request.body
    if ((b.latitude == null) !== (b.longitude == null)) {
      const said = msg('registry.coordinates_pair')
      throw new HttpError(400, said, [{ path: `body/${b.latitude == null ? 'latitude' : 'longitude'}`, message: said }])
    }
    const before = await registry.getElevator({}, code)
    const { created } = await registry.upsertElevator({
      equipmentCode: code, rescueId: b.rescueId, kind: b.kind, status: b.status ?? 'in_use', address: b.address, building: b.building ?? null,
      floors: b.floors ?? null, districtId: b.districtId, useUnitId: b.useUnitId, maintenanceFirmId: b.maintenanceFirmId ?? null,
      publicPlace: b.publicPlace ?? false, lastInspectionDate: b.lastInspectionDate ?? null, nextInspectionDate: b.nextInspectionDate ?? null,
      latitude: b.latitude ?? null, longitude: b.longitude ?? null
    })
    await deps.afterChange?.([code])
    const after = await registry.getElevator({}, code)
    noteAudit(request, { action: created ? 'elevator.create' : 'elevator.update', target: { type: 'elevator', id: code }, before: before ?? null, after })
    reply.status(created ? 201 : 200)
    return after
  })

  app.delete('/api/elevators/:code', {
    schema: {
      tags: ['elevators'], summary: 'Remove an elevator entered by mistake (admin); one with alert or rescue history is refused (409): set its status to "scrapped"',
      params: CodeParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) }
    },
    preHandler: admin
  }, async (request, reply) => {
    const { code } = request.params
    const before = await registry.getElevator({}, code)
    const outcome = await registry.deleteElevator(code)
    if (outcome === 'not_found') throw new HttpError(404, msg('elevator.not_found'))
    if (outcome === 'has_history') throw new HttpError(409, msg('registry.lift_has_history', { code }))
    if (before?.gatewayId != null) await deps.gatewayChanged?.(before.gatewayId)
    noteAudit(request, { action: 'elevator.delete', target: { type: 'elevator', id: code }, before: before ?? null })
    return reply.status(204).send(null)
  })

  return registerElevatorImportRoute(app, deps)
}
