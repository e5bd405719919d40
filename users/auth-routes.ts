// Signing in and out. A session is an opaque bearer token the users store issues and resolves
// (platform/http/auth.ts reads it from each request); repeated failures are slowed down.
import { Type } from 'typebox'
import type { UserStore } from './store.ts'
import { requireRole, tokenOf } from '../platform/http/auth.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import type { ApiApp } from '../platform/http/route-plugin.ts'
import { msg } from '../platform/messages/message.ts'
import { LoginAnswer, LoginBody } from './schemas.ts'
import './messages.ts'

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

export function registerAuthRoutes (app: ApiApp, deps: { users: UserStore, sessionTtlHours: number }) {
  const throttle = createLoginThrottle()

  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in; returns a bearer token',
      body: LoginBody,
      response: { 200: LoginAnswer, ...errorResponses(400, 401, 429) }
    }
  }, async (request, reply) => {
    const { username, password } = request.body
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
    reply.status(204).send(null)
  })

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Type.Ref('User'), ...errorResponses(401) } },
    preHandler: requireRole()
  // The whole user: the hook set what users.userForToken resolved.
  }, async (request) => request.user!)
}
