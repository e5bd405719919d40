// The figures on the home pages, each a count the API answers today: a list query with limit=1 returns
// the total, so counting never loads rows.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api, ApiError } from '../api/client.ts'
import type { ListedElevator } from '../api/types.ts'
import type { ElevatorQuery } from '../lib/common/list-query.ts'

export interface DistrictCount { districtId: number, name: string, overdue: number }

const count = async (filters: Partial<ElevatorQuery>) => (await api.elevators({ ...filters, limit: 1 })).total

export const useOverviewStore = defineStore('overview', () => {
  const total = ref<number | null>(null)
  const online = ref<number | null>(null)
  const offline = ref<number | null>(null)
  /** false when the service runs no broker in its process (the online filter answers 503) */
  const presenceKnown = ref(true)
  const inUse = ref<number | null>(null)
  const overdueInUse = ref<number | null>(null)
  const byDistrict = shallowRef<DistrictCount[]>([])
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

  /** 定检率 over lifts in use (domain.md §5), and where the overdue ones are. */
  async function loadInspection () {
    const [all, overdue, districts, firstOverdue] = await Promise.all([
      count({ status: 'in_use' }),
      count({ status: 'in_use', overdue: true }),
      api.districts(),
      api.elevators({ status: 'in_use', overdue: true, sort: 'nextInspectionDate', order: 'asc', limit: 10 })
    ])
    inUse.value = all
    overdueInUse.value = overdue
    lifts.value = firstOverdue.items
    const counts = await Promise.all(districts.map(async (d) => ({ districtId: d.id, name: d.name, overdue: await count({ status: 'in_use', overdue: true, districtId: d.id }) })))
    byDistrict.value = counts.filter((c) => c.overdue > 0).sort((a, b) => b.overdue - a.overdue)
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

  return { total, online, offline, presenceKnown, inUse, overdueInUse, byDistrict, lifts, registryCounts, openAlerts, loadFleet, loadInspection, loadMyLifts, loadRegistry, loadOpenAlerts }
})
