// GET /api/live: the live stream over server-sent events. It names no event itself: each capability
// declares which of its bus events stream, under which name, and who may see each (platform/events/
// declarations.ts: elevators/events.ts, gateways/events.ts, alerts/events.ts, rescue/events.ts).
//
// A stream is a long-lived allocation a caller controls, so it is bounded three ways: a user holds at most
// LIVE_STREAMS_PER_USER (a new one closes the oldest: a reloaded tab must not be refused), a client that
// stops reading is dropped once LIVE_BUFFER_KB wait unsent (its EventSource reconnects and resyncs), and a
// stream whose session ended (sign-out, disabled user, new password, expiry) closes at the next heartbeat.
//
// EventSource cannot send an Authorization header, and a session token in a URL lands in proxy and access
// logs. So a signed-in client first asks POST /api/live/ticket (header auth) for a ticket that opens one
// stream, once, within LIVE_TICKET_TTL_S; the stream then lives as long as the session behind it.
import { Type } from 'typebox'
import type { Bus } from '../platform/events/bus.ts'
import type { LiveStreamRule, Viewer } from '../platform/events/declarations.ts'
import { requireRole, scopeOf, tokenOf, type SessionUser } from '../platform/http/auth.ts'
import { skipAudit } from '../platform/http/audit.ts'
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
  tickets: {
    /** A ticket for the session of this token, or undefined when the session is gone. */
    issue: (token: string) => Promise<{ ticket: string, expiresAt: Date } | undefined>
    /** Spends a ticket: the user and an id of its session, or undefined. */
    redeem: (ticket: string) => Promise<{ user: SessionUser, session: string } | undefined>
    /** Whether that session still stands for that user. */
    stands: (session: string, userId: number) => Promise<boolean>
  }
  limits: { streamsPerUser: number, maxBufferBytes: number, heartbeatMs: number }
  metrics: Metrics
}

const SLOW_READER_GRACE_MS = 500

const LiveQuery = Type.Object({
  ticket: Type.String({ minLength: 1, maxLength: 200, description: 'from POST /api/live/ticket; single use' }),
  equipment: Type.Optional(Type.String({ maxLength: 20_000 }))
}, { additionalProperties: false })
const Ticket = Type.Object({ ticket: Type.String(), expiresAt: Type.String({ format: 'date-time' }) })

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

  app.post('/api/live/ticket', {
    schema: {
      tags: ['telemetry'],
      summary: 'A single-use ticket that opens one live stream (GET /api/live?ticket=…) within seconds',
      response: { 201: Ticket, ...errorResponses(401) }
    },
    preHandler: requireRole()
  }, async (request, reply) => {
    // A ticket changes nothing a regulator audits; one per stream opened would bury the log.
    skipAudit(request)
    const issued = await deps.tickets.issue(tokenOf(request)!)
    if (issued === undefined) throw new HttpError(401, msg('auth.sign_in_first'))
    reply.status(201)
    return { ticket: issued.ticket, expiresAt: issued.expiresAt.toISOString() }
  })

  app.get('/api/live', {
    schema: {
      tags: ['telemetry'],
      summary: 'Live stream (text/event-stream): `state` when a lift visibly changes, `presence` when a gateway comes or goes, `alert` when an alert is raised or changes, `rescue` when a rescue case is opened, moved or escalated',
      description: 'EventSource cannot send headers: get a ticket from POST /api/live/ticket and pass it as ?ticket= (single use, valid for seconds; the stream then lasts as long as the session). Limit to some lifts with ?equipment=A,B. Without it you get every lift in your scope.',
      security: [],
      querystring: LiveQuery,
      response: { ...errorResponses(400, 401, 503) }
    }
  }, async (request, reply) => {
    const feed = deps.feed
    if (feed === null) throw new HttpError(503, msg('live.no_broker'))
    const redeemed = await deps.tickets.redeem(request.query.ticket)
    if (redeemed === undefined) throw new HttpError(401, msg('live.ticket_invalid'))
    const { user, session } = redeemed
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
      deps.tickets.stands(session, user.id).then((alive) => { if (!alive) close('session_ended') }, () => { /* database down: keep streaming */ })
    }, limits.heartbeatMs)
    request.raw.on('close', () => close(null))

    const streams = open.get(user.id) ?? []
    streams.push(closeThis)
    open.set(user.id, streams)
    // Closing a stream takes it out of `streams`.
    while (streams.length > limits.streamsPerUser) streams[0]!()
  })
}

