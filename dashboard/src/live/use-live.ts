// How pages subscribe: a composable that opens the stream on mount, follows a changing equipment list,
// exposes the connection status, and closes everything on unmount.
import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'
import { api } from '../api/client.ts'
import { subscribeLive, type LiveEquipment, type LiveStatus, type LiveSubscription } from './live-stream.ts'

const transport = { url: api.liveUrl, checkSession: api.me }

export function useLive (equipment: Ref<LiveEquipment>, handlers: Omit<LiveSubscription, 'equipment' | 'onStatus'>) {
  const status = ref<LiveStatus>({ kind: 'connecting' })
  let stop: (() => void) | null = null

  function start () {
    stop?.()
    stop = subscribeLive({ ...handlers, equipment: equipment.value, onStatus: (s) => { status.value = s } }, transport)
  }

  onMounted(start)
  // A different set of lifts needs a different stream; the same set (a re-fetched page) does not.
  watch(() => JSON.stringify(equipment.value), (now, before) => { if (now !== before && stop !== null) start() })
  onBeforeUnmount(() => { stop?.(); stop = null })
  return { status }
}
