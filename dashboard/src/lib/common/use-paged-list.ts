// One page of a server-side list, for the list stores, loaded latest-wins (use-latest-load.ts).
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import type { Page } from '../../api/types.ts'
import { useLatestLoad, type LatestLoad } from './use-latest-load.ts'

export interface PagedList<L, T> extends LatestLoad<L> {
  items: ShallowRef<T[]>
  total: Ref<number>
}

export function usePagedList<L, T> (fetchPage: (location: L) => Promise<Page<T>>): PagedList<L, T> {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const latest = useLatestLoad(fetchPage, (page) => {
    items.value = page.items
    total.value = page.total
  })
  return { items, total, ...latest }
}
