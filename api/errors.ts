// One error funnel for the API: validation errors name the field, known conflicts map to 409, and a 5xx
// never leaks internals to the caller (the log has them).
import type { FastifyError, FastifyInstance } from 'fastify'
import type { Metrics } from '../server/metrics.ts'

export class HttpError extends Error {
  constructor (public readonly statusCode: number, message: string, public readonly details?: Array<{ path?: string, line?: number, message: string }>) {
    super(message)
  }
}

const STATUS_NAMES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 503: 'Service Unavailable' }

// PostgreSQL error codes (Appendix A) a caller can act on.
const PG_CONFLICTS: Record<string, string> = {
  23505: 'already exists',
  23503: 'refers to a record that does not exist or is still referenced',
  23514: 'violates a rule of the registry'
}

export function installErrorHandler (app: FastifyInstance, metrics: Metrics) {
  app.setErrorHandler((error: FastifyError & { code?: string, detail?: string, constraint?: string, details?: HttpError['details'] }, request, reply) => {
    let status = error.statusCode ?? 500
    let message = error.message
    let details = error.details
    if (error.validation !== undefined) {
      status = 400
      details = error.validation.map((v) => {
        const path = `${error.validationContext ?? ''}${v.instancePath}`
        // Ajv puts an unknown field's name in its params; the caller needs it in the message to fix the request.
        const unknown = (v.params as { additionalProperty?: string }).additionalProperty
        return unknown === undefined ? { path, message: v.message ?? 'invalid' } : { path: `${path}/${unknown}`, message: 'is not a known field' }
      })
      message = `invalid ${error.validationContext ?? 'request'}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`
    } else if (typeof error.code === 'string' && PG_CONFLICTS[error.code] !== undefined) {
      status = 409
      message = `${error.detail ?? error.constraint ?? 'record'} ${PG_CONFLICTS[error.code]}`
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      message = 'internal error; see the service log'
      details = undefined
    } else if (status === 400) {
      metrics.apiBadRequests.inc({ route: request.routeOptions.url ?? 'unknown' })
    }
    reply.status(status).send({ statusCode: status, error: STATUS_NAMES[status] ?? 'Error', message, ...(details ? { details } : {}) })
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` })
  })
}
