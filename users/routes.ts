// The users capability's routes: signing in and out (auth-routes.ts), and user administration (admin
// only). A maintainer is bound to a maintenance firm, a use-unit user to a use unit, a filling-unit user to
// a gas-cylinder filling unit; the database enforces all three.
import { Type } from 'typebox'
import type { UserStore } from './store.ts'
import { requireRole } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import type { Metrics } from '../platform/metrics.ts'
import { HttpError } from '../platform/http/errors.ts'
import { msg } from '../platform/messages/message.ts'
import { errorResponses, IdParams } from '../platform/http/schemas.ts'
import { Nullable } from '../platform/http/schema-blocks.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import { registerAuthRoutes } from './auth-routes.ts'
import { RoleSchema, User } from './schemas.ts'
import './messages.ts'

const Password = Type.String({ minLength: 8, maxLength: 200, description: 'at least 8 characters' })

const UserCreate = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{2,64}$' }),
  displayName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  password: Password,
  role: RoleSchema,
  maintenanceFirmId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  useUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  fillingUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 })))
}, { additionalProperties: false })

const UserUpdate = Type.Object({
  displayName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  password: Type.Optional(Password),
  enabled: Type.Optional(Type.Boolean())
}, { additionalProperties: false })

export function userRoutes (deps: { users: UserStore, sessionTtlHours: number, metrics: Metrics }): RoutePlugin {
  return (app) => {
    app.addSchema(User)
    registerAuthRoutes(app, deps)
    registerAdminRoutes(app, deps)
  }
}

function registerAdminRoutes (app: ApiApp, deps: { users: UserStore }) {
  const admin = requireRole('admin')
  app.get('/api/users', {
    schema: { tags: ['users'], summary: 'List users', response: { 200: Type.Array(Type.Ref('User')), ...errorResponses(401, 403) } },
    preHandler: admin
  }, () => deps.users.list())

  app.post('/api/users', {
    schema: { tags: ['users'], summary: 'Create a user', body: UserCreate, response: { 201: Type.Ref('User'), ...errorResponses(400, 401, 403, 409) } },
    preHandler: admin
  }, async (request, reply) => {
    const { body } = request
    if (body.role === 'maintainer' && body.maintenanceFirmId == null) throw new HttpError(400, msg('user.maintainer_needs_firm'))
    if (body.role === 'use_unit' && body.useUnitId == null) throw new HttpError(400, msg('user.use_unit_needs_unit'))
    if (body.role === 'filling_unit' && body.fillingUnitId == null) throw new HttpError(400, msg('user.filling_unit_needs_unit'))
    const user = await deps.users.create({
      username: body.username,
      displayName: body.displayName ?? null,
      password: body.password,
      role: body.role,
      maintenanceFirmId: body.role === 'maintainer' ? body.maintenanceFirmId ?? null : null,
      useUnitId: body.role === 'use_unit' ? body.useUnitId ?? null : null,
      fillingUnitId: body.role === 'filling_unit' ? body.fillingUnitId ?? null : null
    })
    noteAudit(request, { action: 'user.create', target: { type: 'user', id: user.id }, after: user })
    reply.status(201)
    return user
  })

  app.patch('/api/users/:id', {
    schema: { tags: ['users'], summary: 'Change a user (password change signs them out everywhere)', params: IdParams, body: UserUpdate, response: { 200: Type.Ref('User'), ...errorResponses(400, 401, 403, 404) } },
    preHandler: admin
  }, async (request) => {
    const before = await deps.users.get(request.params.id)
    const user = await deps.users.update(request.params.id, request.body)
    if (user === undefined) throw new HttpError(404, msg('user.not_found'))
    // A new password is recorded as changed, never as itself.
    noteAudit(request, { action: 'user.update', target: { type: 'user', id: user.id }, before, after: user, detail: { passwordChanged: request.body.password !== undefined } })
    return user
  })
}
