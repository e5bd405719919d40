// Login, sessions and roles. A session is an opaque bearer token (Authorization: Bearer …, or ?token= for
// EventSource, which cannot set headers). Roles gate routes; scopes limit what a firm or use unit sees.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { User, UserStore, Role } from '../../users/store.ts'
import type { Scope } from '../../registry/store.ts'
import { msg } from '../messages/message.ts'
import './messages.ts'
import '../../users/messages.ts'
import { HttpError } from './errors.ts'
import { errorResponses } from './schemas.ts'
import { LoginAnswer, LoginBody } from '../../users/schemas.ts'

declare module 'fastify' {
  interface FastifyRequest { user: User | null }
}

export function scopeOf (user: User): Scope {
  if (user.role === 'maintainer') return { maintenanceFirmId: user.maintenanceFirmId }
  if (user.role === 'use_unit') return { useUnitId: user.useUnitId }
  return {}
}

/** preHandler that admits only the given roles (any signed-in user when none are given). */
export function requireRole (...roles: Role[]) {
  return async function checkRole (request: FastifyRequest) {
    if (request.user === null) throw new HttpError(401, msg('auth.sign_in_first'))
    if (roles.length > 0 && !roles.includes(request.user.role)) {
      throw new HttpError(403, msg('auth.role_forbidden', { role: request.user.role, roles }))
    }
  }
}

// Repeated failures for one username from one address wait longer and longer: slow for a guesser,
// harmless for a person who mistyped once.
const FAILURE_WINDOW_MS = 15 * 60_000
const FREE_FAILURES = 3

export function createLoginThrottle (now = () => Date.now()) {
  const failures = new Map<string, { count: number, last: number }>()
  return {
    waitMs (key: string): number {
      const f = failures.get(key)
      if (f === undefined || now() - f.last > FAILURE_WINDOW_MS) return 0
      if (f.count < FREE_FAILURES) return 0
      const wait = Math.min(60_000, 1000 * 2 ** (f.count - FREE_FAILURES))
      return Math.max(0, f.last + wait - now())
    },
    failed (key: string) {
      const f = failures.get(key)
      const fresh = f === undefined || now() - f.last > FAILURE_WINDOW_MS
      failures.set(key, { count: fresh ? 1 : f.count + 1, last: now() })
      if (failures.size > 100_000) failures.clear()
    },
    succeeded (key: string) { failures.delete(key) }
  }
}

function tokenOf (request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice(7).trim()
  const query = request.query as { token?: unknown } | undefined
  return typeof query?.token === 'string' ? query.token : null
}

export function registerAuth (app: FastifyInstance, deps: { users: UserStore, sessionTtlHours: number }) {
  const throttle = createLoginThrottle()
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const token = tokenOf(request)
    if (token !== null && token.length > 0 && token.length < 200) request.user = (await deps.users.userForToken(token)) ?? null
  })

  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in; returns a bearer token',
      body: LoginBody,
      response: { 200: LoginAnswer, ...errorResponses(400, 401, 429) }
    }
  }, async (request, reply: FastifyReply) => {
    const { username, password } = request.body as Static<typeof LoginBody>
    const key = `${username}|${request.ip}`
    const wait = throttle.waitMs(key)
    if (wait > 0) {
      reply.header('retry-after', Math.ceil(wait / 1000))
      throw new HttpError(429, msg('auth.throttled', { seconds: Math.ceil(wait / 1000) }))
    }
    const user = await deps.users.verifyLogin(username, password)
    if (user === undefined) {
      throttle.failed(key)
      // The same answer for an unknown user and a wrong password.
      throw new HttpError(401, msg('auth.wrong_credentials'))
    }
    throttle.succeeded(key)
    const session = await deps.users.createSession(user.id, deps.sessionTtlHours)
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), user }
  })

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null(), ...errorResponses(401) } },
    preHandler: requireRole()
  }, async (request, reply) => {
    await deps.users.deleteSession(tokenOf(request)!)
    reply.status(204).send()
  })

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Type.Ref('User'), ...errorResponses(401) } },
    preHandler: requireRole()
  }, async (request) => request.user!)
}
