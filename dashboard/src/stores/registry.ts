// Reference lists for filters and names: districts, use units, maintenance firms. Loaded once per session;
// they change rarely and every page shares them.
import { ref } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { District, MaintenanceFirm, UseUnit } from '../api/types.ts'

export const useRegistryStore = defineStore('registry', () => {
  const districts = ref<District[]>([])
  const useUnits = ref<UseUnit[]>([])
  const maintenanceFirms = ref<MaintenanceFirm[]>([])
  let loading: Promise<void> | null = null

  function ensureLoaded (): Promise<void> {
    loading ??= Promise.all([api.districts(), api.useUnits(), api.maintenanceFirms()]).then(([d, u, f]) => {
      districts.value = d
      useUnits.value = u
      maintenanceFirms.value = f
    }).catch((err: unknown) => {
      loading = null
      throw err
    })
    return loading
  }

  return { districts, useUnits, maintenanceFirms, ensureLoaded }
})
