// The HTTP API: Fastify with one TypeBox schema per route (validation, types and the OpenAPI document),
// served with its UI at /docs. It knows no capability: the composition root hands it each capability's
// routes (platform/http/route-plugin.ts) and the users capability's session lookup for the auth hook.
import Fastify, { type FastifyBaseLogger } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Logger } from 'pino'
import { ErrorResponse } from '../platform/http/schemas.ts'
import { installErrorHandler } from '../platform/http/errors.ts'
import { installAuth, type SessionUser } from '../platform/http/auth.ts'
import { registerDashboard } from '../platform/http/dashboard.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import type { Metrics } from '../platform/metrics.ts'

export interface ApiOptions {
  log: Logger
  metrics: Metrics
  /** Resolves a bearer token to its user (the users store): the auth hook's one tie to users/. */
  userForToken: (token: string) => Promise<SessionUser | undefined>
  /** Each capability's routes, registered in this order: the OpenAPI document lists them so. */
  routes: readonly RoutePlugin[]
  /** Built dashboard to serve; defaults to dashboard/dist. */
  dashboardDir?: string
}

export async function buildApi (options: ApiOptions): Promise<ApiApp> {
  const app = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // Unknown properties are errors, not silently dropped; query strings are coerced from text.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true } }
  }).withTypeProvider<TypeBoxTypeProvider>()
  installErrorHandler(app, options.metrics)
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body))
  app.addSchema(ErrorResponse)

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tianjian (天鉴) API', version: '1', description: 'Special-equipment supervision: registry, gateways, telemetry. Sign in with POST /api/auth/login and send `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }]
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}` }
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  installAuth(app, { userForToken: options.userForToken })
  for (const routes of options.routes) await routes(app)
  if (!await registerDashboard(app, options.dashboardDir)) options.log.info('dashboard not built (npm run build); serving the API only')
  return app
}
