// One error funnel for the API: validation errors name the field, known conflicts map to 409, and an
// unexpected 5xx never leaks internals to the caller (the log has them). Every answer is in the request's language
// (Accept-Language; English without one) and carries the catalog key as `code` for integrators.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import ajvZh from 'ajv-i18n/localize/zh/index.js'
import { MessageError, msg, render, type Message } from '../messages/message.ts'
import { pickLocale } from '../messages/locale.ts'
import type { Locale } from '../messages/text.ts'
import type { Metrics } from '../metrics.ts'
import './messages.ts'

export interface ErrorDetail { path?: string, line?: number, message: Message }

export class HttpError extends MessageError {
  constructor (readonly statusCode: number, said: Message, readonly details?: ErrorDetail[]) {
    super(said)
  }
}

export function localeOf (request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'])
}

const STATUS_NAMES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 503: 'Service Unavailable' }

// PostgreSQL error codes (Appendix A) a caller can act on.
const PG_CONFLICTS: Record<string, 'http.exists' | 'http.dangling_reference' | 'http.breaks_rule'> = {
  23505: 'http.exists',
  23503: 'http.dangling_reference',
  23514: 'http.breaks_rule'
}

// A number the client sent that no database column holds (an id of 10^30, an offset of 1e309): its mistake.
const PG_BAD_NUMBERS = new Set(['22003', '22P02'])

// The database server is away (stopped, restarting, crashed, out of connections): the caller can only wait.
// Node's socket errors, PostgreSQL's SQLSTATE class 08 (connection exception) and 57P01-57P03 (shutting
// down, starting up) and 53300 (too many connections); node-postgres gives a connection lost mid-query no code.
const DB_AWAY_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300'])
const DB_RETRY_AFTER_S = 5
function isDatabaseAway (error: { code?: unknown, message?: string }): boolean {
  if (typeof error.code === 'string') return DB_AWAY_CODES.has(error.code) || error.code.startsWith('08')
  return /^Connection terminated|^timeout exceeded when trying to connect/.test(error.message ?? '')
}

/** Fastify's own refusals (body parsing) that a person may meet. */
function fastifyMessage (error: FastifyError & { code?: string }, request: FastifyRequest): Message {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return msg('http.body_too_large')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return msg('http.unsupported_media_type', { type: request.headers['content-type'] ?? '—' })
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return msg('http.invalid_json')
    default: return msg('http.rejected', { detail: error.message })
  }
}

// ajv-i18n is CommonJS whose types declare a default export; Node's import hands over the function itself.
const localizeZh = ajvZh as unknown as typeof ajvZh.default
type AjvErrors = NonNullable<Parameters<typeof localizeZh>[0]>

/** Ajv's words for each problem: its own English, or ajv-i18n's Chinese. */
function validationTexts (errors: AjvErrors, locale: Locale): string[] {
  const copies = errors.map((e) => ({ ...e }))
  if (locale === 'zh-CN') localizeZh(copies)
  return copies.map((e) => e.message ?? 'invalid')
}

type CaughtError = FastifyError & { code?: string, detail?: string, constraint?: string, details?: ErrorDetail[], said?: Message }

export function installErrorHandler (app: FastifyInstance, metrics: Metrics) {
  app.setErrorHandler(errorFunnel(metrics))
  app.setNotFoundHandler(async (request) => {
    throw new HttpError(404, noRoute(request))
  })
  // Ajv 8 coerces a query or path text like "1e309" to Infinity and then skips minimum and maximum for a
  // number that is not finite: `limit=1e309` reached the SQL as `limit Infinity`. Refused here, before any
  // handler. (A JSON body cannot carry it: Ajv's type check of an uncoerced number demands a finite one.)
  app.addHook('preHandler', async (request) => {
    if (hasNonFinite(request.query) || hasNonFinite(request.params)) throw new HttpError(400, msg('http.number_out_of_range'))
  })
}

const hasNonFinite = (values: unknown) => typeof values === 'object' && values !== null &&
  Object.values(values).some((v) => (typeof v === 'number' && !Number.isFinite(v)) || (Array.isArray(v) && v.some((x) => typeof x === 'number' && !Number.isFinite(x))))

/** The error handler; also Fastify's `frameworkErrors`, for what the router refuses before any route (a broken URL). */
export function errorFunnel (metrics: Metrics) {
  return function answerError (error: CaughtError, request: FastifyRequest, reply: FastifyReply) {
    const locale = localeOf(request)
    let status = error.statusCode ?? 500
    let said: Message
    let details: Array<{ path?: string, line?: number, message: string }> | undefined
    let databaseAway = false
    if (error.validation !== undefined) {
      status = 400
      const texts = validationTexts(error.validation as AjvErrors, locale)
      details = error.validation.map((v, i) => {
        const path = `${error.validationContext ?? ''}${v.instancePath}`
        // Ajv puts an unknown field's name in its params; the caller needs it in the message to fix the request.
        const unknown = (v.params as { additionalProperty?: string }).additionalProperty
        return unknown === undefined ? { path, message: texts[i]! } : { path: `${path}/${unknown}`, message: render(msg('http.unknown_field'), locale) }
      })
      said = msg('http.invalid', { part: error.validationContext, problems: details.map((d) => `${d.path} ${d.message}`) })
    } else if (error instanceof MessageError) {
      said = error.said
      details = error.details?.map((d) => ({ ...d, message: render(d.message, locale) }))
    } else if (isDatabaseAway(error)) {
      databaseAway = true
      status = 503
      said = msg('http.database_unavailable')
      reply.header('retry-after', DB_RETRY_AFTER_S)
    } else if (typeof error.code === 'string' && PG_BAD_NUMBERS.has(error.code)) {
      status = 400
      said = msg('http.number_out_of_range')
    } else if (typeof error.code === 'string' && PG_CONFLICTS[error.code] !== undefined) {
      status = 409
      said = msg(PG_CONFLICTS[error.code]!, { what: error.detail ?? error.constraint ?? 'record' })
    } else {
      said = fastifyMessage(error, request)
    }
    if (databaseAway) {
      // One line per request while the database is away, without the stack: the outage is the news.
      request.log.warn({ err: error.message }, 'database unavailable; answered 503')
    } else if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      // A 5xx the service raised on purpose (the time-series store is down) tells the reader what to do;
      // any other one may carry internals.
      if (!(error instanceof MessageError)) {
        said = msg('http.internal')
        details = undefined
      }
    } else if (status >= 400) {
      const route = request.routeOptions.url ?? 'unknown'
      metrics.apiRefused.inc({ status: String(status), route })
      if (status === 400) metrics.apiBadRequests.inc({ route })
    }
    // Refused before its body was read (no session, no such route, wrong type): close the connection rather
    // than let Node drain up to the whole body (a caller's 50 MB) to keep it alive.
    if (!request.raw.complete) reply.header('connection', 'close')
    reply.status(status).header('vary', 'Accept-Language')
      .send({ statusCode: status, error: STATUS_NAMES[status] ?? 'Error', code: said.key, message: render(said, locale), ...(details ? { details } : {}) })
  }
}

export function noRoute (request: FastifyRequest): Message {
  return msg('http.no_route', { method: request.method, path: request.url.split('?')[0]! })
}
