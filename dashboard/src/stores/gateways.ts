// Gateways with presence and message counts, and the last rejected messages of the one being looked at.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Gateway, GatewayRejection, Presence } from '../api/types.ts'

export const useGatewaysStore = defineStore('gateways', () => {
  const items = shallowRef<Gateway[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const rejections = shallowRef<GatewayRejection[]>([])
  const rejectionsOf = ref<string | null>(null)
  const rejectionsLoading = ref(false)

  async function load () {
    loading.value = true
    try {
      items.value = await api.gateways()
      loaded.value = true
    } finally {
      loading.value = false
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

  return { items, loading, loaded, rejections, rejectionsOf, rejectionsLoading, load, loadRejections, applyPresence }
})
