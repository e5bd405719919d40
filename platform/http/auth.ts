// Who sends a request, and what they may do. A session is an opaque bearer token (Authorization: Bearer …)
// that the users capability resolves; roles gate routes; a scope limits what a firm or a use unit sees. Signing in and out is users/auth-routes.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { msg } from '../messages/message.ts'
import { HttpError } from './errors.ts'
import type { Role } from './roles.ts'
import { NO_USE_UNIT, type Scope } from './scope.ts'
import './messages.ts'

/** The signed-in user as the role and scope checks and the routes need them. */
export interface SessionUser {
  id: number
  username: string
  role: Role
  maintenanceFirmId: number | null
  useUnitId: number | null
  fillingUnitId: number | null
}

declare module 'fastify' {
  interface FastifyRequest { user: SessionUser | null }
}

// Longer than any token the users store issues: a longer one is not looked up at all.
const MAX_TOKEN_LENGTH = 200

/**
 * The bearer token a request carries, if any: only in the Authorization header. A token in a URL would land
 * in access logs and proxies; the live stream, which cannot send headers, uses a single-use ticket instead.
 */
export function tokenOf (request: FastifyRequest): string | null {
  const header = request.headers.authorization
  return header?.startsWith('Bearer ') === true ? header.slice(7).trim() : null
}

/** Sets `request.user` on every request from its token; routes then ask requireRole. */
export function installAuth (app: FastifyInstance, deps: { userForToken: (token: string) => Promise<SessionUser | undefined> }) {
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const token = tokenOf(request)
    if (token !== null && token.length > 0 && token.length < MAX_TOKEN_LENGTH) request.user = (await deps.userForToken(token)) ?? null
  })
}

export function scopeOf (user: SessionUser): Scope {
  if (user.role === 'maintainer') return { maintenanceFirmId: user.maintenanceFirmId }
  if (user.role === 'use_unit') return { useUnitId: user.useUnitId }
  if (user.role === 'filling_unit') return { useUnitId: NO_USE_UNIT, fillingUnitId: user.fillingUnitId }
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
