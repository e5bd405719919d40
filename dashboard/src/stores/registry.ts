// Reference lists for filters and names: districts and maintenance firms. Loaded once per session; they
// change rarely, are tens to hundreds of rows, and every page shares them. Use units are too many for a
// list: their select searches the server (components/use-unit-select.vue).
import { ref } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { District, MaintenanceFirm } from '../api/types.ts'

export const useRegistryStore = defineStore('registry', () => {
  const districts = ref<District[]>([])
  const maintenanceFirms = ref<MaintenanceFirm[]>([])
  let loading: Promise<void> | null = null

  function ensureLoaded (): Promise<void> {
    loading ??= Promise.all([api.districts(), api.maintenanceFirms()]).then(([d, f]) => {
      districts.value = d
      maintenanceFirms.value = f
    }).catch((err: unknown) => {
      loading = null
      throw err
    })
    return loading
  }

  return { districts, maintenanceFirms, ensureLoaded }
})
