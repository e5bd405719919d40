// The alert list: one page of GET /api/alerts at a time, its filters in the URL; and the alert open in the
// side panel with its history, moved along its lifecycle (acknowledge, assign, close, comment).
import { shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { AlertDetail } from '../api/types.ts'
import { toAlertApiQuery, type AlertLocation } from '../lib/alerts/alert-query.ts'
import { usePagedList } from '../lib/common/use-paged-list.ts'

export type AlertStep = 'acknowledge' | 'assign' | 'close'

export const useAlertsStore = defineStore('alerts', () => {
  const list = usePagedList((location: AlertLocation) => api.alerts(toAlertApiQuery(location)))
  const { items, reload } = list
  const detail = shallowRef<AlertDetail | null>(null)
  let detailSequence = 0

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

  return { ...list, detail, openDetail, closeDetail, step, comment }
})
