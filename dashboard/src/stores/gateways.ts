// One page of gateways (the server searches and pages: a province has tens of thousands) with presence and
// message counts, and the last rejected messages of the one being looked at.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Gateway, GatewayRejection, Presence } from '../api/types.ts'

export const GATEWAY_PAGE_SIZE = 50

export const useGatewaysStore = defineStore('gateways', () => {
  const items = shallowRef<Gateway[]>([])
  const total = ref(0)
  const search = ref('')
  const page = ref(1)
  const loading = ref(false)
  const loaded = ref(false)
  const rejections = shallowRef<GatewayRejection[]>([])
  const rejectionsOf = ref<string | null>(null)
  const rejectionsLoading = ref(false)
  let asked = 0

  /** Loads the page of `search` and `page`; an answer overtaken by a later request is dropped. */
  async function load () {
    const ask = ++asked
    loading.value = true
    try {
      const q = search.value.trim()
      const answer = await api.gateways({ q: q === '' ? undefined : q, limit: GATEWAY_PAGE_SIZE, offset: (page.value - 1) * GATEWAY_PAGE_SIZE })
      if (ask !== asked) return
      items.value = answer.items
      total.value = answer.total
      loaded.value = true
    } finally {
      if (ask === asked) loading.value = false
    }
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
