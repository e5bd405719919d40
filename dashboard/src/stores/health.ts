// GET /api/health: broker, InfluxDB (with the spooled backlog) and the registry database.
import { ref } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Health } from '../api/types.ts'

export const useHealthStore = defineStore('health', () => {
  const health = ref<Health | null>(null)
  const checkedAt = ref<number | null>(null)
  const loading = ref(false)

  async function load () {
    loading.value = true
    try {
      health.value = await api.health()
      checkedAt.value = Date.now()
    } finally {
      loading.value = false
    }
  }

  return { health, checkedAt, loading, load }
})
