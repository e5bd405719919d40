// The audit log in PostgreSQL: written once per change (platform/http/audit.ts), read by admins. The table
// refuses updates and deletes itself (platform/db/migrations/009-audit.ts).
import type { Queryable } from '../platform/db/db.ts'
import { createWhere } from '../platform/db/where.ts'
import type { AuditEntry } from '../platform/http/audit.ts'

export interface StoredAuditEntry extends AuditEntry { id: number, at: Date }

export interface AuditFilter {
  actor?: string
  action?: string
  targetType?: string
  targetId?: string
  from?: Date
  to?: Date
}

const COLUMNS = `id, at, actor_id as "actorId", actor_username as "actorUsername", actor_role as "actorRole", action, method, route,
  target_type as "targetType", target_id as "targetId", ip, status, before, after, detail`

export function createAuditStore (db: Queryable) {
  return {
    async record (entry: AuditEntry): Promise<void> {
      await db.query(`insert into audit_log (actor_id, actor_username, actor_role, action, method, route, target_type, target_id, ip, status, before, after, detail)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb)`,
      [entry.actorId, entry.actorUsername, entry.actorRole, entry.action, entry.method, entry.route, entry.targetType, entry.targetId, entry.ip, entry.status,
        json(entry.before), json(entry.after), json(entry.detail)])
    },

    /** Newest first. */
    async find (filter: AuditFilter, page: { limit: number, offset: number }): Promise<{ items: StoredAuditEntry[], total: number }> {
      const where = createWhere()
      if (filter.actor !== undefined && filter.actor !== '') where.add('lower(actor_username) = lower(?)', filter.actor)
      if (filter.action !== undefined && filter.action !== '') {
        const action = where.param(filter.action)
        where.raw(`(action = ${action} or starts_with(action, ${action} || '.'))`)
      }
      if (filter.targetType !== undefined && filter.targetType !== '') where.add('target_type = ?', filter.targetType)
      if (filter.targetId !== undefined && filter.targetId !== '') where.add('target_id = ?', filter.targetId)
      if (filter.from !== undefined) where.add('at >= ?', filter.from)
      if (filter.to !== undefined) where.add('at < ?', filter.to)
      const items = await db.query<StoredAuditEntry>(
        `select ${COLUMNS} from audit_log ${where.sql} order by at desc, id desc limit ${page.limit} offset ${page.offset}`, where.params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from audit_log ${where.sql}`, where.params)
      return { items, total: count?.total ?? 0 }
    }
  }
}

export type AuditStore = ReturnType<typeof createAuditStore>

/** jsonb from a value: undefined and null alike are SQL null. */
function json (value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}
