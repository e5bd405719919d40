// The audit log's vocabulary, as the filters offer it: each record the API changes and the actions it
// names (audit entries of users/, gateways/, registry/, elevators/, notify/ routes and sign-in). A change
// whose route names no action is logged as "METHOD /route" and shown as such. Pure.
export const AUDIT_ACTIONS = {
  auth: ['login', 'login_failed', 'logout'],
  user: ['create', 'update'],
  gateway: ['create', 'update', 'rotate_secret', 'delete'],
  district: ['create', 'update'],
  use_unit: ['create', 'update'],
  maintenance_firm: ['create', 'update'],
  elevator: ['create', 'update', 'delete', 'import'],
  webhook: ['create', 'update', 'delete']
} as const

export type AuditRecord = keyof typeof AUDIT_ACTIONS

/** Record types an entry may name as its target: the ones above, and the first path segment of other routes. */
export const AUDIT_TARGET_TYPES = ['user', 'gateway', 'district', 'use_unit', 'maintenance_firm', 'elevator', 'webhook', 'alerts', 'rescues'] as const

/** The fields of a before/after pair, each once, in the order the records list them. */
export function changedFields (before: unknown, after: unknown): Array<{ field: string, before: unknown, after: unknown, changed: boolean }> {
  const asRecord = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {})
  const b = asRecord(before)
  const a = asRecord(after)
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  return fields.map((field) => ({ field, before: b[field], after: a[field], changed: JSON.stringify(b[field]) !== JSON.stringify(a[field]) }))
}
