// The public lookup by code: what a phone shows when it scans a cylinder's mark (issue #13), without
// signing in. Only the safe subset — medium, owner unit, last inspection, next due, status — never the
// registration number, the serial, people or the timeline. Rate-limited per client address: codes are
// guessable, and the lookup must not become a way to walk the registry.
import { Type } from 'typebox'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import { msg } from '../platform/messages/message.ts'
import type { ApiApp } from '../platform/http/route-plugin.ts'
import type { CylinderRegistry } from './registry-store.ts'
import { CylinderCode, PublicCylinder } from './schemas.ts'
import './messages.ts'

const WINDOW_MS = 60_000
// Addresses remembered per window at most: a flood from many addresses cannot grow the map without bound.
const MAX_ADDRESSES = 100_000

/** A fixed one-minute window per address. */
export function createLookupLimiter (perMinute: number, now: () => number) {
  let windowStart = 0
  let counts = new Map<string, number>()
  return {
    /** Seconds to wait, or 0 when this lookup may go ahead. */
    take (address: string): number {
      const t = now()
      if (t - windowStart >= WINDOW_MS || counts.size >= MAX_ADDRESSES) { windowStart = t; counts = new Map() }
      const n = (counts.get(address) ?? 0) + 1
      counts.set(address, n)
      return n > perMinute ? Math.max(1, Math.ceil((windowStart + WINDOW_MS - t) / 1000)) : 0
    }
  }
}

export function registerPublicLookupRoute (app: ApiApp, deps: { registry: CylinderRegistry, perMinute: number, now: () => number }) {
  const limiter = createLookupLimiter(deps.perMinute, deps.now)
  app.get('/api/public/cylinders/:code', {
    schema: {
      tags: ['cylinders'], summary: 'Public lookup by code (no sign-in): medium, owner unit, last inspection, next due, status',
      description: `Rate-limited per address (${deps.perMinute} a minute): 429 with Retry-After beyond. An unknown code is 404.`,
      params: Type.Object({ code: CylinderCode }),
      response: { 200: PublicCylinder, ...errorResponses(400, 404, 429) }
    }
  }, async (request, reply) => {
    const wait = limiter.take(request.ip)
    if (wait > 0) {
      reply.header('retry-after', String(wait))
      throw new HttpError(429, msg('cylinder.throttled', { seconds: wait }))
    }
    const found = await deps.registry.lookupPublic(request.params.code)
    if (found === undefined) throw new HttpError(404, msg('cylinder.unknown_code', { code: request.params.code }))
    return found
  })
}
