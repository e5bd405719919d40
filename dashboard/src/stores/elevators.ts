// The equipment list: one page of GET /api/elevators at a time (never all rows: a city has 100,000 lifts),
// kept current by the live stream for the rows on screen.
import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { ListedElevator, LiftState, Presence } from '../api/types.ts'
import { toApiQuery, type ListLocation } from '../lib/list-query.ts'

export const useElevatorsStore = defineStore('elevators', () => {
  const items = shallowRef<ListedElevator[]>([])
  const total = ref(0)
  const loading = ref(false)
  const location = ref<ListLocation | null>(null)
  let sequence = 0

  const codes = computed(() => items.value.map((e) => e.equipmentCode))

  /** Loads a page; an answer that arrives after a newer request was made is dropped. */
  async function load (next: ListLocation) {
    const mine = ++sequence
    location.value = next
    loading.value = true
    try {
      const page = await api.elevators(toApiQuery(next))
      if (mine !== sequence) return
      items.value = page.items
      total.value = page.total
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** Re-fetches the page on screen (after a reconnect of the live stream). */
  async function reload () {
    if (location.value !== null) await load(location.value)
  }

  function applyState (state: LiftState) {
    const index = items.value.findIndex((e) => e.equipmentCode === state.equipmentCode)
    if (index < 0) return
    const next = [...items.value]
    next[index] = { ...next[index]!, state }
    items.value = next
  }

  function applyPresence (presence: Presence) {
    if (!items.value.some((e) => e.gatewayId === presence.gatewayId)) return
    items.value = items.value.map((e) => (e.gatewayId === presence.gatewayId ? { ...e, online: presence.online } : e))
  }

  return { items, total, loading, location, codes, load, reload, applyState, applyPresence }
})
