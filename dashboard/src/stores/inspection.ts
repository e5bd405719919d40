// The inspector's figures and lists: 定检率 by district with its trend (one request for the whole city),
// the lifts needing attention, recent incidents, hidden dangers and the latest spot check; and one lift's
// inspection records.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Incident, InspectionFigures, InspectionLift, InspectionRecordInput, LiftInspectionHistory, SpotCheckPlan } from '../api/types.ts'
import { saveBlob } from '../lib/common/download.ts'

export const useInspectionStore = defineStore('inspection', () => {
  const figures = shallowRef<InspectionFigures | null>(null)
  const overdue = shallowRef<InspectionLift[]>([])
  const overdueTotal = ref<number | null>(null)
  const dueSoon = shallowRef<InspectionLift[]>([])
  const dueSoonTotal = ref<number | null>(null)
  /** Unfit and still running (违规使用), as the latest scan measured them. */
  const running = shallowRef<InspectionLift[]>([])
  const runningTotal = ref<number | null>(null)
  const incidents = shallowRef<Incident[]>([])
  const lift = shallowRef<LiftInspectionHistory | null>(null)
  /** Hidden dangers not closed, and of those the open ones past their deadline; the latest spot-check plan. */
  const dangers = ref<{ unclosed: number, overdue: number } | null>(null)
  const latestPlan = shallowRef<SpotCheckPlan | null>(null)
  const downloading = ref(false)

  async function loadHome () {
    const [f, late, failed, soon, recent, run, unclosed, overdueDangers, plans] = await Promise.all([
      api.inspectionFigures({ months: 12 }),
      api.inspectionLifts({ status: 'overdue', limit: 10 }),
      api.inspectionLifts({ status: 'failed', limit: 10 }),
      api.inspectionLifts({ status: 'due_soon', limit: 10 }),
      api.incidents({ limit: 10 }),
      api.inspectionLifts({ status: 'attention', running: true, limit: 10 }),
      api.dangers({ status: 'unclosed', limit: 1 }),
      api.dangers({ overdue: true, limit: 1 }),
      api.spotChecks({ limit: 1 })
    ])
    figures.value = f
    overdue.value = [...failed.items, ...late.items].slice(0, 10)
    overdueTotal.value = late.total + failed.total
    dueSoon.value = soon.items
    dueSoonTotal.value = soon.total
    incidents.value = recent.items
    running.value = run.items
    runningTotal.value = run.total
    dangers.value = { unclosed: unclosed.total, overdue: overdueDangers.total }
    latestPlan.value = plans.items[0] ?? null
  }

  /** The lifts in the scope needing attention (overdue, failed, due soon): a use unit's or a firm's home. */
  async function loadAttention (limit = 10) {
    const page = await api.inspectionLifts({ status: 'attention', limit })
    overdue.value = page.items
    overdueTotal.value = page.total
  }

  async function loadLift (code: string) {
    lift.value = null
    lift.value = await api.liftInspections(code)
  }

  async function record (body: InspectionRecordInput) {
    const saved = await api.createInspection(body)
    await loadLift(body.equipmentCode)
    return saved
  }

  async function downloadCsv () {
    downloading.value = true
    try {
      const date = figures.value?.referenceDate
      saveBlob(await api.inspectionFiguresCsv({ date, months: 12 }), `inspection-figures-${date ?? 'today'}.csv`)
    } finally {
      downloading.value = false
    }
  }

  return { figures, overdue, overdueTotal, dueSoon, dueSoonTotal, running, runningTotal, incidents, lift, dangers, latestPlan, downloading, loadHome, loadAttention, loadLift, record, downloadCsv }
})
