// One lift: registry facts, live state, presence and its history chart data.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Elevator, History, LiftState, Presence } from '../api/types.ts'

export const HISTORY_RANGES = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const
export type HistoryRange = keyof typeof HISTORY_RANGES

export const useLiftStore = defineStore('lift', () => {
  const code = ref<string | null>(null)
  const facts = ref<Elevator | null>(null)
  const state = ref<LiftState | null>(null)
  const online = ref<boolean | null>(null)
  const notFound = ref(false)
  const history = shallowRef<History | null>(null)
  const historyRange = ref<HistoryRange>('hour')
  /** The window asked for: the chart's axis spans it even where the lift reported nothing. */
  const historyWindow = ref<{ from: number, to: number } | null>(null)
  const historyLoading = ref(false)

  async function load (equipmentCode: string) {
    if (code.value !== equipmentCode) {
      facts.value = null
      state.value = null
      online.value = null
      history.value = null
    }
    code.value = equipmentCode
    notFound.value = false
    try {
      facts.value = await api.elevator(equipmentCode)
    } catch (err) {
      if ((err as { status?: number }).status === 404) { notFound.value = true; return }
      throw err
    }
    await resync()
  }

  /**
   * The current state and presence. GET /api/elevators/:code has no presence, so the list endpoint is
   * asked for this code (it carries `online` and the latest `state`).
   */
  async function resync () {
    const asked = code.value
    if (asked === null || notFound.value) return
    const page = await api.elevators({ q: asked, limit: 20 })
    if (code.value !== asked) return
    const row = page.items.find((e) => e.equipmentCode === asked)
    if (row !== undefined) {
      state.value = row.state
      online.value = row.online
    }
  }

  async function loadHistory (range: HistoryRange = historyRange.value) {
    const asked = code.value
    if (asked === null) return
    historyRange.value = range
    historyLoading.value = true
    try {
      const to = new Date()
      const from = new Date(to.getTime() - HISTORY_RANGES[range])
      const answer = await api.history(asked, from, to)
      if (code.value === asked && historyRange.value === range) {
        history.value = answer
        historyWindow.value = { from: from.getTime(), to: to.getTime() }
      }
    } finally {
      historyLoading.value = false
    }
  }

  function applyState (next: LiftState) {
    if (next.equipmentCode !== code.value) return
    if (state.value !== null && next.ts < state.value.ts) return
    state.value = next
    // A state arrived through the gateway: it is connected.
    if (online.value !== null) online.value = true
  }

  function applyPresence (presence: Presence) {
    if (facts.value?.gatewayId === presence.gatewayId) online.value = presence.online
  }

  return { code, facts, state, online, notFound, history, historyRange, historyWindow, historyLoading, load, resync, loadHistory, applyState, applyPresence }
})
