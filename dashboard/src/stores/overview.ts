// The figures on the home pages, each a count the API answers today: a list query with limit=1 returns
// the total, so counting never loads rows. The inspector's figures are the inspection store's (one request).
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api, ApiError } from '../api/client.ts'
import type { ListedElevator } from '../api/types.ts'
import type { ElevatorQuery } from '../lib/common/list-query.ts'

const count = async (filters: Partial<ElevatorQuery>) => (await api.elevators({ ...filters, limit: 1 })).total

export const useOverviewStore = defineStore('overview', () => {
  const total = ref<number | null>(null)
  const online = ref<number | null>(null)
  const offline = ref<number | null>(null)
  /** false when the service runs no broker in its process (the online filter answers 503) */
  const presenceKnown = ref(true)
  const overdueInUse = ref<number | null>(null)
  const lifts = shallowRef<ListedElevator[]>([])
  const registryCounts = ref<{ districts: number, useUnits: number, firms: number, gateways: number } | null>(null)
  const openAlerts = ref<number | null>(null)

  async function loadFleet () {
    total.value = await count({})
    try {
      const [on, off] = await Promise.all([count({ online: true }), count({ online: false })])
      online.value = on
      offline.value = off
      presenceKnown.value = true
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 503)) throw err
      presenceKnown.value = false
    }
  }

  /** The first lifts of the user's own scope (a firm's or a use unit's). */
  async function loadMyLifts (limit = 10) {
    const page = await api.elevators({ sort: 'nextInspectionDate', order: 'asc', limit })
    lifts.value = page.items
    total.value = page.total
    overdueInUse.value = await count({ status: 'in_use', overdue: true })
  }

  /** Alerts not yet cleared or closed, of every type. */
  async function loadOpenAlerts () {
    openAlerts.value = (await api.alerts({ status: 'open', limit: 1 })).total
  }

  async function loadRegistry () {
    const [districts, useUnits, firms, gateways, lifts] = await Promise.all([
      api.districts(), api.useUnits({ limit: 1 }), api.maintenanceFirms(), api.gateways({ limit: 1 }), count({})
    ])
    registryCounts.value = { districts: districts.length, useUnits: useUnits.total, firms: firms.length, gateways: gateways.total }
    total.value = lifts
  }

  return { total, online, offline, presenceKnown, overdueInUse, lifts, registryCounts, openAlerts, loadFleet, loadMyLifts, loadRegistry, loadOpenAlerts }
})
