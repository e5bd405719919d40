// Signing in and out. A session is an opaque bearer token the users store issues and resolves
// (platform/http/auth.ts reads it from each request). Sign-in is what an anonymous caller can make the
// service work hardest at (a password hash costs tens of milliseconds of a thread), so it is bounded
// twice before any hashing: the throttle per user name and per address (login-throttle.ts), then the
// hashing pool's queue (platform/secrets.ts). Every refusal is logged (never the password), counted in
// /metrics (tianjian_login_failures_total) and, for a wrong password, written to the audit log.
import { Type } from 'typebox'
import type { UserStore } from './store.ts'
import { addressKey, createLoginThrottle } from './login-throttle.ts'
import { requireRole, tokenOf } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import type { ApiApp } from '../platform/http/route-plugin.ts'
import { msg } from '../platform/messages/message.ts'
import type { Metrics } from '../platform/metrics.ts'
import { HashPoolBusyError } from '../platform/secrets.ts'
import { LoginAnswer, LoginBody } from './schemas.ts'
import './messages.ts'

/** Retry-After when the hashing pool is full: a turn frees within a few hashes. */
const BUSY_RETRY_S = 2

export function registerAuthRoutes (app: ApiApp, deps: { users: UserStore, sessionTtlHours: number, metrics: Metrics }) {
  const throttle = createLoginThrottle()
  const failures = deps.metrics.loginFailures

  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in; returns a bearer token',
      description: 'Repeated failures for one user name, or from one address, are answered 429 with Retry-After; 503 with Retry-After when too many sign-ins are being checked at once.',
      body: LoginBody,
      response: { 200: LoginAnswer, ...errorResponses(400, 401, 429, 503) }
    }
  }, async (request, reply) => {
    const { username, password } = request.body
    const attempt = throttle.begin(username, addressKey(request.ip))
    if (!attempt.ok) {
      const seconds = Math.ceil(attempt.waitMs / 1000)
      failures.inc({ reason: `throttled_${attempt.by}` })
      request.log.warn({ username, ip: request.ip, throttledBy: attempt.by, seconds }, 'sign-in refused: throttled')
      reply.header('retry-after', seconds)
      throw new HttpError(429, msg('auth.throttled', { seconds }))
    }
    let user: Awaited<ReturnType<UserStore['verifyLogin']>>
    try {
      user = await deps.users.verifyLogin(username, password)
    } catch (err) {
      attempt.cancelled()
      if (!(err instanceof HashPoolBusyError)) throw err
      failures.inc({ reason: 'busy' })
      request.log.warn({ username, ip: request.ip }, 'sign-in refused: password hashing at capacity')
      reply.header('retry-after', BUSY_RETRY_S)
      throw new HttpError(503, msg('auth.busy'))
    }
    if (user === undefined) {
      attempt.failed()
      failures.inc({ reason: 'wrong_credentials' })
      request.log.warn({ username, ip: request.ip }, 'sign-in failed: wrong user name or password, or user disabled')
      noteAudit(request, { action: 'auth.login_failed', actor: { id: null, username, role: null }, detail: { reason: 'wrong_credentials' }, always: true })
      // The same answer for an unknown user and a wrong password.
      throw new HttpError(401, msg('auth.wrong_credentials'))
    }
    attempt.succeeded()
    const session = await deps.users.createSession(user.id, deps.sessionTtlHours)
    noteAudit(request, { action: 'auth.login', actor: { id: user.id, username: user.username, role: user.role }, target: { type: 'user', id: user.id } })
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), user }
  })

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null(), ...errorResponses(401) } },
    preHandler: requireRole()
  }, async (request, reply) => {
    await deps.users.deleteSession(tokenOf(request)!)
    noteAudit(request, { action: 'auth.logout', target: { type: 'user', id: request.user!.id } })
    return reply.status(204).send(null)
  })

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Type.Ref('User'), ...errorResponses(401) } },
    preHandler: requireRole()
  // The whole user: the hook set what users.userForToken resolved.
  }, async (request) => request.user!)
}
