// A ticking "now" on the server's clock for running clocks on screen; the timer stops with the component.
import { onBeforeUnmount, ref } from 'vue'
import { serverNow } from './server-clock.ts'

export function useNow (intervalMs = 1000) {
  const now = ref(serverNow())
  const timer = setInterval(() => { now.value = serverNow() }, intervalMs)
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
