// One rescue case with its timeline, for the case page. It is read again whenever the live feed reports a
// change of this case, or re-read all cases after a reconnect.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api, ApiError } from '../api/client.ts'
import type { RescueDetail } from '../api/types.ts'

export const useRescueCaseStore = defineStore('rescue-case', () => {
  const id = ref<number | null>(null)
  const detail = shallowRef<RescueDetail | null>(null)
  const notFound = ref(false)
  let sequence = 0

  async function load (caseId: number) {
    if (id.value !== caseId) detail.value = null
    id.value = caseId
    const mine = ++sequence
    try {
      const answer = await api.rescue(caseId)
      if (mine !== sequence) return
      detail.value = answer
      notFound.value = false
    } catch (err) {
      if (mine !== sequence) return
      if (err instanceof ApiError && err.status === 404) { notFound.value = true; detail.value = null; return }
      throw err
    }
  }

  async function reload () {
    if (id.value !== null) await load(id.value)
  }

  return { id, detail, notFound, load, reload }
})
