// GET /api/live: the live stream over server-sent events. It names no event itself: each capability
// declares which of its bus events stream, under which name, and who may see each (platform/events/
// declarations.ts: elevators/events.ts, gateways/events.ts, alerts/events.ts, rescue/events.ts).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import type { Bus } from '../platform/events/bus.ts'
import type { LiveStreamRule, Viewer } from '../platform/events/declarations.ts'
import { requireRole, scopeOf } from '../platform/http/auth.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import { msg } from '../platform/messages/message.ts'

type Scope = ReturnType<typeof scopeOf>

export interface LiveRouteDeps {
  /** The local bus, or the cluster-wide feed through Redis; null when this process sees no telemetry. */
  feed: Bus | null
  streams: readonly LiveStreamRule[]
  /** The equipment codes a scoped caller may see; null for one who sees all. */
  equipmentInScope: (scope: Scope) => Promise<ReadonlySet<string> | null>
}

const LiveQuery = Type.Object({ token: Type.Optional(Type.String()), equipment: Type.Optional(Type.String({ maxLength: 20_000 })) })

// Comments keep proxies from closing an idle stream and let the client notice a dead one.
const HEARTBEAT_MS = 15_000

export function registerLiveRoute (app: FastifyInstance, deps: LiveRouteDeps) {
  app.get<{ Querystring: Static<typeof LiveQuery> }>('/api/live', {
    schema: {
      tags: ['telemetry'],
      summary: 'Live stream (text/event-stream): `state` when a lift visibly changes, `presence` when a gateway comes or goes, `alert` when an alert is raised or changes, `rescue` when a rescue case is opened, moved or escalated',
      description: 'EventSource cannot send headers: pass the session token as ?token=. Limit to some lifts with ?equipment=A,B. Without it you get every lift in your scope.',
      querystring: LiveQuery,
      response: { ...errorResponses(401, 503) }
    },
    preHandler: requireRole()
  }, async (request, reply) => {
    const feed = deps.feed
    if (feed === null) throw new HttpError(503, msg('live.no_broker'))
    const scope = scopeOf(request.user!)
    const inScope = await deps.equipmentInScope(scope)
    const asked = request.query.equipment?.split(',').map((s) => s.trim()).filter(Boolean)
    const viewer: Viewer = {
      maintenanceFirmId: scope.maintenanceFirmId ?? null,
      useUnitId: scope.useUnitId ?? null,
      equipmentInScope: inScope,
      equipmentAsked: asked === undefined ? null : new Set(asked.filter((c) => inScope === null || inScope.has(c)))
    }

    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    res.write(': connected\n\n')
    const offs = deps.streams.map(({ event, name, view }) => feed.on(event, (payload) => {
      const data = view(payload as never, viewer)
      if (data !== undefined) res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    }))
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
    request.raw.on('close', () => { clearInterval(heartbeat); for (const off of offs) off() })
  })
}
