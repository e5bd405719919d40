// The HTTP API: Fastify with one TypeBox schema per route (validation, types and the OpenAPI document),
// served with its UI at /docs. It knows no capability: the composition root hands it each capability's
// routes (platform/http/route-plugin.ts) and the users capability's session lookup for the auth hook.
import Fastify from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Logger } from 'pino'
import { ErrorResponse } from '../platform/http/schemas.ts'
import { errorFunnel, installErrorHandler } from '../platform/http/errors.ts'
import { installAuth, type SessionUser } from '../platform/http/auth.ts'
import { installAudit, type AuditEntry } from '../platform/http/audit.ts'
import { httpLogger } from '../platform/http/logging.ts'
import { docsCsp, registerSecurityHeaders } from '../platform/http/security-headers.ts'
import { registerDashboard } from '../platform/http/dashboard.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import type { Metrics } from '../platform/metrics.ts'
import type { Config } from '../platform/config.ts'

export interface ApiOptions {
  log: Logger
  metrics: Metrics
  /** Timeouts and whose forwarded address to believe (HTTP_* settings, TRUST_PROXY). */
  http: Pick<Config['http'], 'requestTimeoutMs' | 'headersTimeoutMs' | 'idleTimeoutMs' | 'keepAliveTimeoutMs' | 'trustProxy'>
  /** Resolves a bearer token to its user (the users store): the auth hook's one tie to users/. */
  userForToken: (token: string) => Promise<SessionUser | undefined>
  /** Stores one audit log entry (the audit store): every change made through the API is recorded. */
  recordAudit: (entry: AuditEntry) => Promise<void>
  /** Each capability's routes, registered in this order: the OpenAPI document lists them so. */
  routes: readonly RoutePlugin[]
  /** Built dashboard to serve; defaults to dashboard/dist. */
  dashboardDir?: string
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops

export async function buildApi (options: ApiOptions): Promise<ApiApp> {
  const { http } = options
  const app = Fastify({
    loggerInstance: httpLogger(options.log),
    // JSON only, 1 MiB; the CSV import alone takes text/csv, and larger, after its role check (elevators/import-route.ts).
    bodyLimit: 1024 * 1024,
    // A caller that trickles its request, or holds a connection silent, is cut off (HTTP_* settings). Node
    // checks the header and request deadlines every connectionsCheckingInterval (30 s by default): each second.
    http: { headersTimeout: http.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.idleTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    // A number of hops as Fastify's function form (its types take no number): the first n proxies are believed.
    trustProxy: typeof http.trustProxy === 'number' ? trustHops(http.trustProxy) : http.trustProxy,
    // Unknown properties are errors, not silently dropped; query strings are coerced from text.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } },
    // A broken URL or an overlong path parameter is refused by the router before any route: through the error
    // funnel too, so it is counted and answered in the caller's language like every other 4xx.
    frameworkErrors: errorFunnel(options.metrics)
  }).withTypeProvider<TypeBoxTypeProvider>()
  installErrorHandler(app, options.metrics)
  // Fastify reads text/plain on every route by default: here no route but the CSV import reads text.
  app.removeContentTypeParser('text/plain')
  app.addSchema(ErrorResponse)
  await registerSecurityHeaders(app)

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tianjian (天鉴) API', version: '1', description: 'Special-equipment supervision: registry, gateways, telemetry. Sign in with POST /api/auth/login and send `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }]
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}` }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', transformStaticCSP: docsCsp })

  installAuth(app, { userForToken: options.userForToken })
  installAudit(app, {
    record: options.recordAudit,
    failed: (err, entry) => {
      options.metrics.auditFailures.inc()
      options.log.error({ err, action: entry.action, actor: entry.actorUsername, target: `${entry.targetType ?? ''}:${entry.targetId ?? ''}` }, 'audit log entry could not be stored')
    }
  })
  for (const routes of options.routes) await routes(app)
  if (!await registerDashboard(app, options.dashboardDir)) options.log.info('dashboard not built (npm run build); serving the API only')
  return app
}
