// Health of the parts a dispatcher depends on, and Prometheus metrics. Every role serves these: the
// API process with everything else, a broker-only process on a listener of its own (buildProbeServer).
import Fastify, { type FastifyBaseLogger, type FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import type { Db } from '../platform/db/db.ts'
import type { InfluxClient } from '../platform/influx/client.ts'
import type { ShipperStatus } from '../ingest/shipper.ts'
import type { Metrics } from '../platform/metrics.ts'
import { installErrorHandler } from '../platform/http/errors.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import { Health } from './health-schemas.ts'

export interface HealthDeps {
  db: Db
  influx: InfluxClient
  shipper: { status (): ShipperStatus } | null
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
      schema: { tags: ['system'], summary: url === '/health' ? 'Same as /api/health, for probes' : 'Up/down of broker, InfluxDB, database and (in a cluster) Redis (503 when any is down)', response: { 200: Health, 503: Health } }
    }, (_request, reply) => health(deps, reply))
  }

  app.get('/metrics', { schema: { tags: ['system'], summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType)
    return deps.metrics.registry.metrics()
  })
}

/** A broker-only process (ROLE=broker) serves no API, but an orchestrator probes it and Prometheus scrapes it. */
export function buildProbeServer (deps: HealthDeps & { log: Logger }): ApiApp {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger }).withTypeProvider<TypeBoxTypeProvider>()
  installErrorHandler(app, deps.metrics)
  registerHealthRoutes(app, deps)
  return app
}

async function health (deps: HealthDeps, reply: FastifyReply) {
  const database = await deps.db.query('select 1').then(
    () => ({ up: true, detail: deps.db.engine === 'pglite' ? 'embedded PGlite' : 'PostgreSQL server' }),
    (err: Error) => ({ up: false, detail: err.message }))
  const version = await deps.influx.ping().catch(() => null)
  const spool = deps.shipper?.status()
  const backlog = spool?.backlogLines ?? 0
  const influx = {
    up: version !== null,
    detail: version === null
      ? `unreachable at ${deps.influx.url}${backlog > 0 ? `; ${backlog} points spooled on disk, replayed when it is back` : ''}`
      : backlog > 0 ? `${backlog} points waiting to be written` : 'writing',
    version,
    backlogPoints: backlog,
    spoolBytes: spool?.spoolBytes ?? 0
  }
  const broker = deps.broker === null
    ? { up: true, detail: 'not run by this process (ROLE=api)' }
    : { up: true, detail: `listening on ${deps.broker.ports.tcp}, ${deps.broker.connections} connections` }
  // Without Redis a cluster node still ingests and stores its own gateways' telemetry; it loses shared
  // sessions, the live feed from other nodes and cluster-wide presence.
  const redis = deps.redis === null
    ? null
    : deps.redis.ready()
      ? { up: true, detail: 'connected' }
      : { up: false, detail: 'unreachable: telemetry is still stored; shared sessions, other nodes\' live events and presence wait for it' }
  const ok = database.up && influx.up && broker.up && (redis?.up ?? true)
  reply.status(ok ? 200 : 503)
  return { status: ok ? 'ok' as const : 'degraded' as const, broker, influx, database, redis }
}
