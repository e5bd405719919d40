// One page of gateways (the server searches and pages: a province has tens of thousands) with presence and
// message counts, and the last rejected messages of the one being looked at.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { GatewayRejection, Presence } from '../api/types.ts'
import { usePagedList } from '../lib/common/use-paged-list.ts'

export const GATEWAY_PAGE_SIZE = 50

export const useGatewaysStore = defineStore('gateways', () => {
  const search = ref('')
  const page = ref(1)
  const list = usePagedList(({ q, page }: { q: string, page: number }) =>
    api.gateways({ q: q === '' ? undefined : q, limit: GATEWAY_PAGE_SIZE, offset: (page - 1) * GATEWAY_PAGE_SIZE }))
  const { items, total, loading } = list
  const loaded = ref(false)
  const rejections = shallowRef<GatewayRejection[]>([])
  const rejectionsOf = ref<string | null>(null)
  const rejectionsLoading = ref(false)

  /** Loads the page of `search` and `page`. */
  async function load () {
    await list.load({ q: search.value.trim(), page: page.value })
    loaded.value = true
  }

  async function loadRejections (id: string) {
    rejectionsOf.value = id
    rejectionsLoading.value = true
    try {
      const answer = await api.gatewayRejections(id)
      if (rejectionsOf.value === id) rejections.value = answer
    } finally {
      rejectionsLoading.value = false
    }
  }

  function applyPresence (presence: Presence) {
    items.value = items.value.map((g) => (g.id === presence.gatewayId
      ? { ...g, online: presence.online, lastSeenAt: new Date(presence.at).toISOString() }
      : g))
  }

  return { items, total, search, page, loading, loaded, rejections, rejectionsOf, rejectionsLoading, load, loadRejections, applyPresence }
})
