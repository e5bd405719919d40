// Gas cylinders as the dashboard shows them: the searched, paged list (the server pages: a city holds up to a
// million), the figures by filling unit, the per-unit alerts, a filling unit's day, one cylinder and its trace.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Cylinder, CylinderAlert, CylinderEvent, CylinderFigures, CylinderListQuery, FillingUnit, UnitToday } from '../api/types.ts'
import { usePagedList } from '../lib/common/use-paged-list.ts'

export const useCylindersStore = defineStore('cylinders', () => {
  const list = usePagedList((query: CylinderListQuery) => api.cylinders(query))
  const figures = shallowRef<CylinderFigures | null>(null)
  const alerts = shallowRef<CylinderAlert[]>([])
  const units = shallowRef<FillingUnit[]>([])
  const today = shallowRef<UnitToday | null>(null)
  const cylinder = shallowRef<Cylinder | null>(null)
  const timeline = shallowRef<CylinderEvent[]>([])
  const missing = ref(false)

  async function loadOverview () {
    const [f, a, u] = await Promise.all([api.cylinderFigures(), api.cylinderAlerts({ open: true }), api.fillingUnits()])
    figures.value = f
    alerts.value = a.items
    units.value = u
  }

  async function loadToday (unitId: number) {
    today.value = null
    today.value = await api.fillingUnitToday(unitId)
  }

  async function loadCylinder (code: string) {
    cylinder.value = null
    timeline.value = []
    missing.value = false
    try {
      const [c, t] = await Promise.all([api.cylinder(code), api.cylinderTimeline(code)])
      cylinder.value = c
      timeline.value = t.items
    } catch (err) {
      if ((err as { status?: number }).status === 404) { missing.value = true; return }
      throw err
    }
  }

  return { ...list, figures, alerts, units, today, cylinder, timeline, missing, loadOverview, loadToday, loadCylinder }
})
