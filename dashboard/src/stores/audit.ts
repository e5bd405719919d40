// The audit log (admin): one page of entries for the filters on screen, newest first; the server filters
// and pages (a year of a city's changes and sign-ins is a large table).
import { ref } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { AuditQuery } from '../api/types.ts'
import { usePagedList } from '../lib/common/use-paged-list.ts'

export const AUDIT_PAGE_SIZE = 50

export interface AuditFilters {
  actor: string
  /** An action (gateway.rotate_secret) or a record for all its actions (gateway); '' for any. */
  action: string
  targetType: string
  targetId: string
  /** From (inclusive) and to (exclusive); null for all time. */
  period: [Date, Date] | null
}

export const emptyAuditFilters = (): AuditFilters => ({ actor: '', action: '', targetType: '', targetId: '', period: null })

const orUndefined = (text: string) => (text.trim() === '' ? undefined : text.trim())

export const useAuditStore = defineStore('audit', () => {
  const filters = ref<AuditFilters>(emptyAuditFilters())
  const page = ref(1)
  const list = usePagedList((query: AuditQuery) => api.audit(query))
  const { items, total, loading } = list

  async function load () {
    const f = filters.value
    await list.load({
      actor: orUndefined(f.actor), action: orUndefined(f.action), targetType: orUndefined(f.targetType), targetId: orUndefined(f.targetId),
      from: f.period?.[0].toISOString(), to: f.period?.[1].toISOString(),
      limit: AUDIT_PAGE_SIZE, offset: (page.value - 1) * AUDIT_PAGE_SIZE
    })
  }

  /** New filters start again at the first page. */
  function filter (changes: Partial<AuditFilters>) {
    filters.value = { ...filters.value, ...changes }
    page.value = 1
    return load()
  }

  function reset () {
    return filter(emptyAuditFilters())
  }

  return { items, total, loading, filters, page, load, filter, reset }
})
