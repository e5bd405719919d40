// One page of a server-side list, for the list stores: the page asked for last wins, so an answer that
// arrives after a newer request (a filter changed while the first was on its way) is dropped.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import type { Page } from '../api/types.ts'

export interface PagedList<L, T> {
  items: ShallowRef<T[]>
  total: Ref<number>
  loading: Ref<boolean>
  /** Where the list is: its filters, sort and page, as the URL says. */
  location: Ref<L | null>
  load (next: L): Promise<void>
  /** Re-fetches the page on screen (after an action, or a reconnect of the live stream). */
  reload (): Promise<void>
}

export function usePagedList<L, T> (fetchPage: (location: L) => Promise<Page<T>>): PagedList<L, T> {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const location = ref<L | null>(null) as Ref<L | null>
  let sequence = 0

  async function load (next: L) {
    const mine = ++sequence
    location.value = next
    loading.value = true
    try {
      const page = await fetchPage(next)
      if (mine !== sequence) return
      items.value = page.items
      total.value = page.total
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  async function reload () {
    if (location.value !== null) await load(location.value)
  }

  return { items, total, loading, location, load, reload }
}
