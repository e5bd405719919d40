// The equipment list: one page of GET /api/elevators at a time (never all rows: a city has 100,000 lifts),
// kept current by the live stream for the rows on screen.
import { computed } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { LiftState, Presence } from '../api/types.ts'
import { toApiQuery, type ListLocation } from '../lib/common/list-query.ts'
import { usePagedList } from '../lib/common/use-paged-list.ts'

export const useElevatorsStore = defineStore('elevators', () => {
  const list = usePagedList((location: ListLocation) => api.elevators(toApiQuery(location)))
  const { items } = list

  const codes = computed(() => items.value.map((e) => e.equipmentCode))

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

  return { ...list, codes, applyState, applyPresence }
})
