// GET /api/live: the live stream over server-sent events. It names no event itself: each capability
// declares which of its bus events stream, under which name, and who may see each (platform/events/
// declarations.ts: elevators/events.ts, gateways/events.ts, alerts/events.ts, rescue/events.ts).
//
// A stream is a long-lived allocation a caller controls, so it is bounded three ways: a user holds at most
// LIVE_STREAMS_PER_USER (a new one closes the oldest: a reloaded tab must not be refused), a client that
// stops reading is dropped once LIVE_BUFFER_KB wait unsent (its EventSource reconnects and resyncs), and a
// stream whose session ended (sign-out, disabled user, new password, expiry) closes at the next heartbeat.
import { Type } from 'typebox'
import type { Bus } from '../platform/events/bus.ts'
import type { LiveStreamRule, Viewer } from '../platform/events/declarations.ts'
import { requireRole, scopeOf, tokenOf } from '../platform/http/auth.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import './messages.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import { msg } from '../platform/messages/message.ts'
import type { Metrics } from '../platform/metrics.ts'

type Scope = ReturnType<typeof scopeOf>

export interface LiveRouteDeps {
  /** The local bus, or the cluster-wide feed through Redis; null when this process sees no telemetry. */
  feed: Bus | null
  streams: readonly LiveStreamRule[]
  /** What a scoped caller may see: equipment codes and gateway ids; null for one who sees all. */
  scopeOfViewer: (scope: Scope) => Promise<{ equipment: ReadonlySet<string> | null, gateways: ReadonlySet<string> | null }>
  /** Whether this session token is still valid and still this user's. */
  sessionAlive: (token: string, userId: number) => Promise<boolean>
  limits: { streamsPerUser: number, maxBufferBytes: number, heartbeatMs: number }
  metrics: Metrics
}

const SLOW_READER_GRACE_MS = 500

const LiveQuery = Type.Object({ token: Type.Optional(Type.String()), equipment: Type.Optional(Type.String({ maxLength: 20_000 })) })

export const liveRoutes = (deps: LiveRouteDeps): RoutePlugin => (app) => registerLiveRoute(app, deps)

function registerLiveRoute (app: ApiApp, deps: LiveRouteDeps) {
  const { limits } = deps
  /** Open streams per user, oldest first. */
  const open = new Map<number, Array<(reason?: 'too_many_streams' | null) => void>>()
  const dropped = deps.metrics.liveDropped
  // Streams never go idle, so the server would wait for them on shutdown: end them first.
  app.addHook('preClose', async () => {
    for (const streams of [...open.values()]) for (const closeStream of [...streams]) closeStream(null)
  })

  app.get('/api/live', {
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
    const user = request.user!
    const token = tokenOf(request)!
    const scope = scopeOf(user)
    const seen = await deps.scopeOfViewer(scope)
    const asked = request.query.equipment?.split(',').map((s) => s.trim()).filter(Boolean)
    const viewer: Viewer = {
      maintenanceFirmId: scope.maintenanceFirmId ?? null,
      useUnitId: scope.useUnitId ?? null,
      equipmentInScope: seen.equipment,
      equipmentAsked: asked === undefined ? null : new Set(asked.filter((c) => seen.equipment === null || seen.equipment.has(c))),
      gatewaysInScope: seen.gateways
    }

    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    res.write(': connected\n\n')

    let closed = false
    const close = (reason: 'slow_reader' | 'session_ended' | 'too_many_streams' | null) => {
      if (closed) return
      closed = true
      if (reason !== null) dropped.inc({ reason })
      clearInterval(heartbeat)
      for (const off of offs) off()
      const mine = open.get(user.id)
      const at = mine?.indexOf(closeThis) ?? -1
      if (at >= 0) mine!.splice(at, 1)
      if (mine?.length === 0) open.delete(user.id)
      // A slow reader's socket is full: ending politely would queue more. Others get a clean end.
      if (reason === 'slow_reader') res.destroy()
      else res.end()
    }
    const closeThis = (reason: 'too_many_streams' | null = 'too_many_streams') => close(reason)
    // A burst of events fills the queue for a moment even for a client that reads (Node corks a response
    // for the rest of a turn, and the socket takes what the kernel accepts): the queue is judged again a
    // moment later, and only a client that did not read it down by then is dropped.
    let judging = false
    const write = (chunk: string) => {
      if (closed) return
      res.write(chunk)
      if (judging || res.writableLength <= limits.maxBufferBytes) return
      judging = true
      setTimeout(() => {
        judging = false
        if (res.writableLength > limits.maxBufferBytes) close('slow_reader')
      }, SLOW_READER_GRACE_MS).unref()
    }
    const offs = deps.streams.map(({ event, name, view }) => feed.on(event, (payload) => {
      const data = view(payload as never, viewer)
      if (data !== undefined) write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    }))
    // Comments keep proxies from closing an idle stream and let the client notice a dead one; each beat
    // also asks whether the session still stands.
    const heartbeat = setInterval(() => {
      write(': keep-alive\n\n')
      deps.sessionAlive(token, user.id).then((alive) => { if (!alive) close('session_ended') }, () => { /* database down: keep streaming */ })
    }, limits.heartbeatMs)
    request.raw.on('close', () => close(null))

    const streams = open.get(user.id) ?? []
    streams.push(closeThis)
    open.set(user.id, streams)
    // Closing a stream takes it out of `streams`.
    while (streams.length > limits.streamsPerUser) streams[0]!()
  })
}

