// Gateway provisioning: create (the secret is shown once), rotate the secret, disable, assign equipment;
// and what operators need to debug a gateway: presence, message counts and its last rejected messages.
import { Type } from 'typebox'
import type { GatewayStore } from './store.ts'
import { EquipmentConflictError, UnknownEquipmentKindError } from './store.ts'
import type { GatewayPresence } from './presence.ts'
import { GatewayErrorReport } from '../protocol/payloads.ts'
import { requireRole } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError } from '../platform/http/errors.ts'
import { msg } from '../platform/messages/message.ts'
import { errorResponses, PageQuery, SearchText } from '../platform/http/schemas.ts'
import { Nullable, Page } from '../platform/http/schema-blocks.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import { Gateway } from './schemas.ts'
import './messages.ts'

/**
 * Tells the brokers that the registry changed a gateway. Resolves once this process's broker (if any) has
 * re-read it and dropped a connection that may no longer go on; other nodes follow through the cluster feed.
 */
export type GatewayChanged = (id: string) => Promise<void>

const GatewayId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })
const EquipmentCodes = Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), { maxItems: 1000, description: 'lifts this gateway may publish for' })
// Any kind's equipment by its topic segment: a filling station's `station`, an installation's `cylinder`s.
const Equipment = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' }), Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), { maxItems: 1000 }),
  { description: 'codes by equipment kind, e.g. {"station":["ST-01"]} or {"cylinder":["LPG0001"]}; each kind listed replaces that kind\'s codes (`equipmentCodes` are the lifts)' })
const GatewayCreate = Type.Object({
  id: GatewayId,
  name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  useUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  equipmentCodes: Type.Optional(EquipmentCodes),
  equipment: Type.Optional(Equipment)
}, { additionalProperties: false })
const GatewayUpdate = Type.Object({
  name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  enabled: Type.Optional(Type.Boolean()),
  equipmentCodes: Type.Optional(EquipmentCodes),
  equipment: Type.Optional(Equipment)
}, { additionalProperties: false })
const Params = Type.Object({ id: GatewayId })
const GatewayQuery = Type.Object({ q: SearchText('part of the gateway id or name'), ...PageQuery }, { additionalProperties: false })

interface GatewayRouteDeps { gateways: GatewayStore, presence: GatewayPresence | null, changed: GatewayChanged }

export const gatewayRoutes = (deps: GatewayRouteDeps): RoutePlugin => (app) => registerGatewayRoutes(app, deps)

function registerGatewayRoutes (app: ApiApp, deps: GatewayRouteDeps) {
  const { gateways, presence, changed } = deps
  const admin = requireRole('admin')
  const operators = requireRole('admin', 'dispatcher', 'inspector')
  app.addSchema(Gateway)

  const withPresence = (g: Awaited<ReturnType<GatewayStore['find']>>['items'][number]) => {
    const s = presence?.get(g.id)
    const lastSeen = s !== undefined && s.lastSeenAt > 0 ? new Date(s.lastSeenAt) : g.lastSeenAt
    return { ...g, lastSeenAt: lastSeen, online: presence === null ? null : s?.online ?? false, firmware: s?.firmware ?? null, messages: s?.messages ?? 0, ratePerMinute: s?.ratePerMinute ?? 0, rejected: s?.rejected ?? 0 }
  }
  const conflict = (err: unknown): never => {
    if (err instanceof EquipmentConflictError) throw new HttpError(409, err.said)
    if (err instanceof UnknownEquipmentKindError) throw new HttpError(400, err.said)
    throw err
  }

  app.get('/api/gateways', {
    schema: { tags: ['gateways'], summary: 'Gateways with presence, by id, filtered and paged', querystring: GatewayQuery, response: { 200: Page(Type.Ref('Gateway')), ...errorResponses(400, 401, 403) } },
    preHandler: operators
  }, async (request) => {
    const { q, limit, offset } = request.query
    const page = await gateways.find({ q }, { limit: limit ?? 50, offset: offset ?? 0 })
    return { total: page.total, items: page.items.map(withPresence) }
  })

  app.post('/api/gateways', {
    schema: {
      tags: ['gateways'], summary: 'Provision a gateway (admin); the secret is in this answer only', body: GatewayCreate,
      response: { 201: Type.Object({ gateway: Type.Ref('Gateway'), secret: Type.String({ description: 'MQTT password; store it now, it cannot be read again' }) }), ...errorResponses(400, 401, 403, 409) }
    },
    preHandler: admin
  }, async (request, reply) => {
    const { body } = request
    const { gateway, secret } = await gateways.create({ id: body.id, name: body.name ?? null, useUnitId: body.useUnitId ?? null, equipmentCodes: body.equipmentCodes ?? [], ...(body.equipment === undefined ? {} : { equipment: body.equipment }) }).catch(conflict)
    // The record as listed: its secret is in the answer only, never in the log.
    noteAudit(request, { action: 'gateway.create', target: { type: 'gateway', id: gateway.id }, after: gateway })
    reply.status(201)
    return { gateway: withPresence(gateway), secret }
  })

  app.patch('/api/gateways/:id', {
    schema: { tags: ['gateways'], summary: 'Rename, enable/disable or reassign equipment (admin)', params: Params, body: GatewayUpdate, response: { 200: Type.Ref('Gateway'), ...errorResponses(400, 401, 403, 404, 409) } },
    preHandler: admin
  }, async (request) => {
    const { id } = request.params
    const before = await gateways.get(id)
    const gateway = await gateways.update(id, request.body).catch(conflict)
    if (gateway === undefined) throw new HttpError(404, msg('gateway.not_found'))
    noteAudit(request, { action: 'gateway.update', target: { type: 'gateway', id }, before, after: gateway })
    await changed(id)
    return withPresence(gateway)
  })

  app.post('/api/gateways/:id/rotate-secret', {
    schema: { tags: ['gateways'], summary: 'Issue a new secret (admin); the old one stops working and the gateway is disconnected', params: Params, response: { 200: Type.Object({ secret: Type.String() }), ...errorResponses(401, 403, 404) } },
    preHandler: admin
  }, async (request) => {
    const { id } = request.params
    const secret = await gateways.rotateSecret(id)
    if (secret === undefined) throw new HttpError(404, msg('gateway.not_found'))
    noteAudit(request, { action: 'gateway.rotate_secret', target: { type: 'gateway', id } })
    await changed(id)
    return { secret }
  })

  app.delete('/api/gateways/:id', {
    schema: { tags: ['gateways'], summary: 'Remove a gateway (admin)', params: Params, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
    preHandler: admin
  }, async (request, reply) => {
    const { id } = request.params
    const before = await gateways.get(id)
    if (!await gateways.remove(id)) throw new HttpError(404, msg('gateway.not_found'))
    noteAudit(request, { action: 'gateway.delete', target: { type: 'gateway', id }, before })
    await changed(id)
    return reply.status(204).send(null)
  })

  app.get('/api/gateways/:id/rejections', {
    schema: { tags: ['gateways'], summary: 'The last messages this gateway sent that were rejected, with reasons', params: Params, response: { 200: Type.Array(GatewayErrorReport), ...errorResponses(401, 403, 404) } },
    preHandler: operators
  }, async (request) => {
    const { id } = request.params
    if (await gateways.get(id) === undefined) throw new HttpError(404, msg('gateway.not_found'))
    return [...(presence?.get(id)?.recentRejections ?? [])].reverse()
  })
}
