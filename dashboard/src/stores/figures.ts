// The rescue figures of a period: GET /api/figures/rescue, and its CSV as a download.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { RescueFigures } from '../api/types.ts'
import type { Period } from '../lib/rescue/periods.ts'
import { shanghaiDay } from '../lib/rescue/periods.ts'
import { saveBlob } from '../lib/common/download.ts'
import { useLatestLoad } from '../lib/common/use-latest-load.ts'

export const useFiguresStore = defineStore('figures', () => {
  const figures = shallowRef<RescueFigures | null>(null)
  const { location: period, loading, load } = useLatestLoad((p: Period) => api.figures(p.from, p.to), (answer) => { figures.value = answer })
  const downloading = ref(false)

  async function downloadCsv () {
    const p = period.value
    if (p === null) return
    downloading.value = true
    try {
      const blob = await api.figuresCsv(p.from, p.to)
      // The end is exclusive: the file is named after the last day it covers.
      saveBlob(blob, `rescue-figures-${shanghaiDay(p.from)}-${shanghaiDay(new Date(p.to.getTime() - 1))}.csv`)
    } finally {
      downloading.value = false
    }
  }

  return { figures, period, loading, downloading, load, downloadCsv }
})
