// The HTTP API: Fastify with one TypeBox schema per route (validation, types and the OpenAPI document),
// served with its UI at /docs.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Logger } from 'pino'
import { ErrorResponse } from '../platform/http/schemas.ts'
import { User } from '../users/schemas.ts'
import { errorFunnel, installErrorHandler } from '../platform/http/errors.ts'
import { registerAuth, tokenOf } from '../platform/http/auth.ts'
import type { Config } from '../platform/config.ts'
import { registerUserRoutes } from '../users/routes.ts'
import { registerRegistryRoutes } from '../registry/routes.ts'
import { registerGatewayRoutes, type GatewayChanged } from '../gateways/routes.ts'
import type { GatewayPresence } from '../gateways/presence.ts'
import { registerTelemetryRoutes } from '../elevators/telemetry-routes.ts'
import { registerLiveRoute } from '../live/live-route.ts'
import type { LiveStreamRule } from '../platform/events/declarations.ts'
import { registerHealthRoutes } from './health-routes.ts'
import { registerDashboard } from '../platform/http/dashboard.ts'
import { registerAlertRoutes } from '../alerts/routes.ts'
import { registerRescueRoutes } from '../rescue/routes.ts'
import { registerWebhookRoutes } from '../notify/routes.ts'
import type { AlertStore } from '../alerts/store.ts'
import type { RescueStore } from '../rescue/store.ts'
import type { RescueService } from '../rescue/service.ts'
import type { WebhookStore } from '../notify/webhooks.ts'
import type { Db } from '../platform/db/db.ts'
import type { UserStore } from '../users/store.ts'
import type { RegistryStore } from '../registry/store.ts'
import type { GatewayStore } from '../gateways/store.ts'
import type { InfluxClient } from '../platform/influx/client.ts'
import type { ShipperStatus } from '../ingest/shipper.ts'
import type { LatestStates } from '../elevators/latest-state.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { Metrics } from '../platform/metrics.ts'

export interface ApiDeps {
  log: Logger
  db: Db
  users: UserStore
  registry: RegistryStore
  gateways: GatewayStore
  influx: InfluxClient
  latest: LatestStates
  metrics: Metrics
  bus: Bus
  /**
   * What the live stream serves: the local bus, or the cluster-wide feed through Redis; null when this
   * process sees no telemetry (an API-only node without a cluster).
   */
  live: Bus | null
  /** What each capability streams, and to whom. */
  streams: readonly LiveStreamRule[]
  liveLimits: Config['live']
  shipper: { status (): ShipperStatus } | null
  redis: { ready (): boolean } | null
  broker: { connections: number, ports: { tcp: number } } | null
  presence: GatewayPresence | null
  gatewayChanged: GatewayChanged
  alerts: AlertStore
  rescues: RescueStore
  rescue: RescueService
  webhooks: WebhookStore
  forgetAlert: (equipmentCode: string, type: string) => void
  sessionTtlHours: number
  historyMaxPoints: number
  /** Built dashboard to serve; defaults to dashboard/dist. */
  dashboardDir?: string
}

export async function buildApi (deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // Unknown properties are errors, not silently dropped; query strings are coerced from text.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } },
    // A broken URL or an overlong path parameter is refused by the router before any route: through the error
    // funnel too, so it is counted and answered in the caller's language like every other 4xx.
    frameworkErrors: errorFunnel(deps.metrics)
  })
  installErrorHandler(app, deps.metrics)
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body))
  app.addSchema(ErrorResponse)
  app.addSchema(User)

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tianjian (天鉴) API', version: '1', description: 'Special-equipment supervision: registry, gateways, telemetry. Sign in with POST /api/auth/login and send `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }]
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}` }
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  registerAuth(app, { users: deps.users, sessionTtlHours: deps.sessionTtlHours })
  registerUserRoutes(app, { users: deps.users })
  registerRegistryRoutes(app, { registry: deps.registry, metrics: deps.metrics, latest: deps.latest, presence: deps.presence })
  registerGatewayRoutes(app, { gateways: deps.gateways, presence: deps.presence, changed: deps.gatewayChanged })
  registerTelemetryRoutes(app, { registry: deps.registry, latest: deps.latest, influx: deps.influx, maxPoints: deps.historyMaxPoints })
  registerLiveRoute(app, {
    feed: deps.live,
    streams: deps.streams,
    scopeOfViewer: async (scope) => {
      const [equipment, gateways] = await Promise.all([deps.registry.equipmentCodesInScope(scope), deps.gateways.idsInScope(scope)])
      return { equipment, gateways }
    },
    sessionAlive: async (request) => {
      const token = tokenOf(request)
      return token !== null && (await deps.users.userForToken(token))?.id === request.user?.id
    },
    limits: deps.liveLimits,
    metrics: deps.metrics
  })
  registerHealthRoutes(app, deps)
  registerAlertRoutes(app, { alerts: deps.alerts, bus: deps.bus, forget: deps.forgetAlert })
  registerRescueRoutes(app, { rescues: deps.rescues, service: deps.rescue })
  registerWebhookRoutes(app, { webhooks: deps.webhooks })
  if (!await registerDashboard(app, deps.dashboardDir)) deps.log.info('dashboard not built (npm run build); serving the API only')
  return app
}
