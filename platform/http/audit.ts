// The HTTP half of the audit log: every change made through the API leaves an entry, written by one hook
// before the answer goes out, so a route cannot forget it. A route says what it changed (noteAudit: the
// action's name, the record, before and after); a change whose route says nothing is still recorded, by
// method, route and path parameters. The store that keeps the entries is the audit capability's
// (audit/store.ts), handed in by the composition root.
//
// The entry is awaited in onSend, so a route that sends its answer itself must `return reply.send(…)`
// (Fastify's rule for async handlers): otherwise Fastify, seeing the handler done and the answer not yet
// out, sends a second one.
//
// What is never recorded: request bodies (a password, a gateway or webhook secret may be in them), and for
// the same reason a route's before/after holds the record as the API shows it, which carries no secret.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type {} from './auth.ts'

export interface AuditActor { id: number | null, username: string | null, role: string | null }

export interface AuditNote {
  /** Stable name, `record.verb`: user.create, gateway.rotate_secret, auth.login_failed, … */
  action: string
  target?: { type: string, id: string | number }
  before?: unknown
  after?: unknown
  /** What else matters: counts of an import, the fields a change touched. Never a secret. */
  detail?: Record<string, unknown>
  /** Who acted, when it is not the signed-in user (a sign-in names the user it signed in, or tried). */
  actor?: AuditActor
  /** Recorded even though the answer is a refusal (a failed sign-in). */
  always?: boolean
}

export interface AuditEntry {
  actorId: number | null
  actorUsername: string | null
  actorRole: string | null
  action: string
  method: string
  route: string
  targetType: string | null
  targetId: string | null
  ip: string
  status: number
  before: unknown
  after: unknown
  detail: Record<string, unknown> | null
}

declare module 'fastify' {
  interface FastifyRequest { auditNote: AuditNote | null }
}

/** Says what this request changed, for the audit log. */
export function noteAudit (request: FastifyRequest, note: AuditNote) {
  request.auditNote = note
}

const NOT_A_CHANGE: AuditNote = Object.freeze({ action: '' })

/**
 * Says this POST changes nothing worth an entry (issuing a short-lived live-stream ticket, say): without it
 * every successful POST, PUT, PATCH and DELETE is recorded.
 */
export function skipAudit (request: FastifyRequest) {
  request.auditNote = NOT_A_CHANGE
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function installAudit (app: FastifyInstance, deps: { record: (entry: AuditEntry) => Promise<void>, failed: (err: unknown, entry: AuditEntry) => void }) {
  app.decorateRequest('auditNote', null)
  // onSend, not onResponse: the entry is stored before the caller hears that the change is done.
  app.addHook('onSend', async (request, reply) => {
    const note = request.auditNote
    if (note === NOT_A_CHANGE) return
    const status = reply.statusCode
    if (note?.always !== true && !(CHANGES.has(request.method) && status < 400)) return
    const route = request.routeOptions.url ?? request.url.split('?')[0]!
    const params = request.params as Record<string, unknown> | undefined
    const paramValues = params === undefined ? [] : Object.values(params).map(String)
    const actor: AuditActor = note?.actor ?? { id: request.user?.id ?? null, username: request.user?.username ?? null, role: request.user?.role ?? null }
    const entry: AuditEntry = {
      actorId: actor.id,
      actorUsername: actor.username,
      actorRole: actor.role,
      action: note?.action ?? `${request.method} ${route}`,
      method: request.method,
      route,
      targetType: note?.target?.type ?? (paramValues.length > 0 ? /^\/api\/([^/]+)/.exec(route)?.[1] ?? null : null),
      targetId: note?.target !== undefined ? String(note.target.id) : paramValues.length > 0 ? paramValues.join('/') : null,
      ip: request.ip,
      status,
      before: note?.before ?? null,
      after: note?.after ?? null,
      detail: note?.detail ?? null
    }
    // A change already made is not undone by a failed entry: the caller is answered, the log says loudly.
    await deps.record(entry).catch((err: unknown) => deps.failed(err, entry))
  })
}
