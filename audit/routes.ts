// The audit log for admins: who changed what, when and from where, and every sign-in. Read-only: entries
// are written by the hook in platform/http/audit.ts, and the table refuses any change to them.
import { Type } from 'typebox'
import { requireRole } from '../platform/http/auth.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import { Page } from '../platform/http/schema-blocks.ts'
import type { RoutePlugin } from '../platform/http/route-plugin.ts'
import type { AuditStore } from './store.ts'
import { AuditEntry, AuditQuery } from './schemas.ts'

export const auditRoutes = (deps: { audit: AuditStore }): RoutePlugin => (app) => {
  app.addSchema(AuditEntry)
  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: 'The audit log (admin): changes made through the API and sign-ins, newest first, filtered and paged',
      querystring: AuditQuery, response: { 200: Page(Type.Ref('AuditEntry')), ...errorResponses(400, 401, 403) }
    },
    preHandler: requireRole('admin')
  }, async (request) => {
    const { from, to, limit, offset, ...filter } = request.query
    return deps.audit.find({ ...filter, from: from === undefined ? undefined : new Date(from), to: to === undefined ? undefined : new Date(to) },
      { limit: limit ?? 50, offset: offset ?? 0 })
  })
}
