// Health of the parts a dispatcher depends on, and Prometheus metrics. Every role serves these: the
// API process with everything else, a broker-only process on a listener of its own (buildProbeServer).
//
// An orchestrator or a stranger learns up or down (200 or 503, `{ status }`); a signed-in administrator
// also reads each part's state, as a stable code and a sentence. Neither ever gets a raw error or an
// address (the InfluxDB URL, a database message naming a host or a user): those go to the service log.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import type { Db } from '../platform/db/db.ts'
import type { InfluxClient } from '../platform/influx/client.ts'
import type { ShipperStatus } from '../ingest/shipper.ts'
import type { SpoolStatus } from '../ingest/spool.ts'
import type { Metrics } from '../platform/metrics.ts'
import { installErrorHandler, localeOf } from '../platform/http/errors.ts'
import { installAuth, type SessionUser } from '../platform/http/auth.ts'
import { httpLogger } from '../platform/http/logging.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import { msg, render, type Message } from '../platform/messages/message.ts'
import { Health } from './health-schemas.ts'
import './health-messages.ts'

export interface HealthDeps {
  db: Db
  influx: InfluxClient
  shipper: { status (): ShipperStatus } | null
  /** The spool's bound, where this process runs the broker. */
  spool?: { status (): SpoolStatus } | null
  broker: { connections: number, ports: { tcp: number } } | null
  /** The cluster's Redis, when there is one. */
  redis: { ready (): boolean } | null
  metrics: Metrics
}

export const healthRoutes = (deps: HealthDeps): RoutePlugin => (app) => registerHealthRoutes(app, deps)

function registerHealthRoutes (app: ApiApp, deps: HealthDeps) {
  // /health is the same answer at a path an orchestrator can probe on every role alike.
  for (const url of ['/api/health', '/health']) {
    app.get(url, {
      schema: {
        tags: ['system'],
        summary: url === '/health' ? 'Same as /api/health, for probes' : 'Up/down of broker, InfluxDB, database and (in a cluster) Redis (503 when any is down); each part\'s state for administrators',
        response: { 200: Health, 503: Health }
      }
    }, (request, reply) => health(deps, request, reply))
  }

  app.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType)
    return deps.metrics.registry.metrics()
  })
}

/**
 * A broker-only process (ROLE=broker) serves no API, but an orchestrator probes it and Prometheus scrapes it;
 * an administrator's token (from the API node) shows the details here too.
 */
export function buildProbeServer (deps: HealthDeps & { log: Logger, userForToken: (token: string) => Promise<SessionUser | undefined> }): ApiApp {
  const app = Fastify({ loggerInstance: httpLogger(deps.log) }).withTypeProvider<TypeBoxTypeProvider>()
  installErrorHandler(app, deps.metrics)
  installAuth(app, { userForToken: deps.userForToken })
  registerHealthRoutes(app, deps)
  return app
}

async function health (deps: HealthDeps, request: FastifyRequest, reply: FastifyReply) {
  const databaseError = await deps.db.query('select 1').then(() => null, (err: Error) => err)
  const version = await deps.influx.ping().catch(() => null)
  const redisUp = deps.redis?.ready() ?? true
  const bound = deps.spool?.status() ?? null
  // A full spool refuses telemetry: the service is not doing its job, even if every part answers.
  const ok = databaseError === null && version !== null && redisUp && bound?.full !== true
  reply.status(ok ? 200 : 503)
  if (databaseError !== null) request.log.warn({ err: databaseError }, 'health: the database does not answer')
  if (request.user?.role !== 'admin') return { status: ok ? 'ok' as const : 'degraded' as const }

  const locale = localeOf(request)
  const part = (up: boolean, said: Message) => ({ up, code: said.key, detail: render(said, locale) })
  const spool = deps.shipper?.status()
  const backlog = spool?.backlogLines ?? 0
  const influx = {
    ...part(version !== null && bound?.full !== true, bound?.full === true
      ? msg('health.influx_spool_full', { points: backlog, limitMb: Math.round(bound.limitBytes / 1048576) })
      : version === null
        ? msg('health.influx_unreachable', { points: backlog })
        : backlog > 0 ? msg('health.influx_backlog', { points: backlog }) : msg('health.influx_writing')),
    version,
    backlogPoints: backlog,
    spoolBytes: spool?.spoolBytes ?? 0,
    spoolFull: bound?.full ?? false,
    spoolLimitBytes: bound?.limitBytes ?? null
  }
  const broker = deps.broker === null
    ? part(true, msg('health.broker_elsewhere'))
    : part(true, msg('health.broker_listening', { port: deps.broker.ports.tcp, connections: deps.broker.connections }))
  const database = databaseError !== null
    ? part(false, msg('health.database_unreachable'))
    : part(true, deps.db.engine === 'pglite' ? msg('health.database_pglite') : msg('health.database_postgres'))
  // Without Redis a cluster node still ingests and stores its own gateways' telemetry; it loses shared
  // sessions, the live feed from other nodes and cluster-wide presence.
  const redis = deps.redis === null ? null : part(redisUp, redisUp ? msg('health.redis_connected') : msg('health.redis_unreachable'))
  return { status: ok ? 'ok' as const : 'degraded' as const, broker, influx, database, redis }
}
