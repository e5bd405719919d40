// Webhook administration and delivery log (admin).
import { Type } from 'typebox'
import { requireRole } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError } from '../platform/http/errors.ts'
import { msg } from '../platform/messages/message.ts'
import { errorResponses, IdParams } from '../platform/http/schemas.ts'
import { Nullable, Timestamp } from '../platform/http/schema-blocks.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import { WEBHOOK_EVENTS, type WebhookStore } from './store.ts'
import './messages.ts'

const Events = Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true })
const Webhook = Type.Object({ id: Type.Integer(), url: Type.String(), events: Events, enabled: Type.Boolean(), createdAt: Timestamp }, { $id: 'Webhook' })
const WebhookCreate = Type.Object({
  url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
  secret: Type.String({ minLength: 16, maxLength: 200, description: 'HMAC-SHA256 key; each delivery carries x-tianjian-timestamp and x-tianjian-signature: sha256=<hex of HMAC(secret, "{timestamp}.{body}")> (docs/webhooks.md)' }),
  events: Type.Optional(Events)
}, { additionalProperties: false })

interface WebhookRouteDeps { webhooks: WebhookStore }

export const webhookRoutes = (deps: WebhookRouteDeps): RoutePlugin => (app) => registerWebhookRoutes(app, deps)

function registerWebhookRoutes (app: ApiApp, deps: WebhookRouteDeps) {
  const admin = requireRole('admin')
  // A handful of webhooks: the list (which never carries secrets) is the lookup.
  const findHook = async (id: number) => (await deps.webhooks.list()).find((h) => h.id === id)
  app.addSchema(Webhook)
  app.get('/api/webhooks', { schema: { tags: ['notifications'], summary: 'Webhooks', response: { 200: Type.Array(Type.Ref('Webhook')), ...errorResponses(401, 403) } }, preHandler: admin },
    () => deps.webhooks.list())
  app.post('/api/webhooks', {
    schema: { tags: ['notifications'], summary: 'Add a webhook (default events: new critical alerts and escalations)', body: WebhookCreate, response: { 201: Type.Ref('Webhook'), ...errorResponses(400, 401, 403) } },
    preHandler: admin
  }, async (request, reply) => {
    const { body } = request
    const hook = await deps.webhooks.create({ url: body.url, secret: body.secret, events: body.events ?? ['alert.critical', 'rescue.escalated'] })
    // The record as listed, which has no secret.
    noteAudit(request, { action: 'webhook.create', target: { type: 'webhook', id: hook.id }, after: hook })
    reply.status(201)
    return hook
  })
  app.patch('/api/webhooks/:id', {
    schema: { tags: ['notifications'], summary: 'Enable or disable', params: IdParams, body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }), response: { 200: Type.Ref('Webhook'), ...errorResponses(400, 401, 403, 404) } },
    preHandler: admin
  }, async (request) => {
    const before = await findHook(request.params.id)
    const hook = await deps.webhooks.setEnabled(request.params.id, request.body.enabled)
    if (hook === undefined) throw new HttpError(404, msg('webhook.not_found'))
    noteAudit(request, { action: 'webhook.update', target: { type: 'webhook', id: hook.id }, before, after: hook })
    return hook
  })
  app.delete('/api/webhooks/:id', { schema: { tags: ['notifications'], summary: 'Remove', params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } }, preHandler: admin },
    async (request, reply) => {
      const before = await findHook(request.params.id)
      if (!await deps.webhooks.remove(request.params.id)) throw new HttpError(404, msg('webhook.not_found'))
      noteAudit(request, { action: 'webhook.delete', target: { type: 'webhook', id: request.params.id }, before })
      return reply.status(204).send(null)
    })
  app.get('/api/webhooks/:id/deliveries', {
    schema: {
      tags: ['notifications'], summary: 'Delivery log, newest first', params: IdParams,
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), webhookId: Type.Integer(), event: Type.String(), status: Type.String(), attempts: Type.Integer(), nextAttemptAt: Timestamp, lastStatus: Nullable(Type.Integer()), lastError: Nullable(Type.String()), createdAt: Timestamp, deliveredAt: Nullable(Timestamp) })), ...errorResponses(401, 403) }
    },
    preHandler: admin
  }, (request) => deps.webhooks.deliveries(request.params.id, 200))
}
