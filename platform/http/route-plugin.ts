// What a capability hands the API: a function that registers its routes on the Fastify app. The app
// carries the TypeBox type provider, so a route's params, query and body have the types of its schemas.
//
// Routes register on the app itself, not in an encapsulated Fastify plugin: capabilities refer to each
// other's named schemas (a listed elevator's `Ref('LiftState')`), and the OpenAPI document lists each once.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'

export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>

export type RoutePlugin = (app: ApiApp) => void | Promise<void>
