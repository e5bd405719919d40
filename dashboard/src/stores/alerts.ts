// The alert list: one page of GET /api/alerts at a time, its filters in the URL; and the alert open in the
// side panel with its history, moved along its lifecycle (acknowledge, assign, close, comment).
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Alert, AlertDetail } from '../api/types.ts'
import { toAlertApiQuery, type AlertLocation } from '../lib/alert-query.ts'

export type AlertStep = 'acknowledge' | 'assign' | 'close'

export const useAlertsStore = defineStore('alerts', () => {
  const items = shallowRef<Alert[]>([])
  const total = ref(0)
  const loading = ref(false)
  const location = ref<AlertLocation | null>(null)
  const detail = shallowRef<AlertDetail | null>(null)
  let sequence = 0
  let detailSequence = 0

  async function load (next: AlertLocation) {
    const mine = ++sequence
    location.value = next
    loading.value = true
    try {
      const page = await api.alerts(toAlertApiQuery(next))
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

  async function openDetail (id: number) {
    const mine = ++detailSequence
    const answer = await api.alert(id)
    if (mine === detailSequence) detail.value = answer
  }

  function closeDetail () {
    detailSequence++
    detail.value = null
  }

  async function step (id: number, which: AlertStep, body: { comment?: string, maintenanceFirmId?: number }) {
    await api.alertStep(id, which, body)
    await Promise.all([openDetail(id), reload()])
  }

  async function comment (id: number, text: string) {
    await api.alertComment(id, text)
    await openDetail(id)
  }

  return { items, total, loading, location, detail, load, reload, openDetail, closeDetail, step, comment }
})
