// What the access log says about a request. Fastify logs each request's URL; a live stream's URL carries a
// credential in its query (`?token=`, `?ticket=`: EventSource cannot send headers), and a log line outlives
// a session by months in log shippers and backups. So every URL is logged with those values replaced.
// (The Authorization header is redacted by the logger's own options, app/main.ts.)
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import type { Logger } from 'pino'

/** Query parameters whose values are credentials. */
const SECRET_PARAMS = new Set(['token', 'ticket'])

/** The URL with every credential in its query string replaced by `[redacted]`. */
export function redactUrl (url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const query = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=')
    const name = eq < 0 ? pair : pair.slice(0, eq)
    // The query parser decodes names (`%74oken` is `token`, `a+b` is `a b`): so must this.
    let decoded = name
    try { decoded = decodeURIComponent(name.replace(/\+/g, ' ')) } catch {}
    return SECRET_PARAMS.has(decoded.trim().toLowerCase()) ? `${name}=[redacted]` : pair
  })
  return `${url.slice(0, q)}?${query.join('&')}`
}

/** Fastify's request serializer, with the URL redacted. */
export function serializeRequest (request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort
  }
}

/** The logger an HTTP server logs requests with (the API, the broker's probe server). */
export function httpLogger (log: Logger): FastifyBaseLogger {
  // A child's serializers take precedence over Fastify's defaults (fastify/lib/logger-pino.js).
  return log.child({}, { serializers: { req: serializeRequest } }) as FastifyBaseLogger
}
