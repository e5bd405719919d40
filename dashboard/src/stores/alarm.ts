// What the alarm says, not how it sounds (live/use-emergency-feed.ts plays it). It rings while something
// waits for this user (a new entrapment for the desk, a dispatch not yet accepted for a firm) and for
// the escalation clock's warnings, and for the alerts that ring like an entrapment (a gas leak, a
// non-compliant filling: lib/alerts/ringing-alerts.ts) until handled or silenced. Mute is remembered in this browser; a muted
// alarm still shows.
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { SoundState } from '../lib/rescue/alarm-sound.ts'

const MUTE_KEY = 'tianjian.alarm.muted'

function readMuted (): boolean {
  try { return localStorage.getItem(MUTE_KEY) === 'true' } catch { return false }
}

/**
 * `12:await` rings while case 12 waits; `12:warned:<time>` or `12:escalated:2` ring until silenced;
 * `alert:7` while alert 7 is raised (settle stops it).
 */
const isAlertKey = (key: string) => key.startsWith('alert:')
const caseOf = (key: string) => Number(key.split(':')[0])
/** What one ringing thing is: a case (however many keys it rings for), or an alert. */
const thingOf = (key: string) => (isAlertKey(key) ? key : caseOf(key))

export const useAlarmStore = defineStore('alarm', () => {
  const muted = ref(readMuted())
  const sound = ref<SoundState>('blocked')
  const pending = ref<string[]>([])
  /** How often it started ringing since the page loaded: visible proof that it rang. */
  const rings = ref(0)
  const silenced = new Set<string>()
  /** Set by the feed that owns the audio: resumes it from a click. */
  let unlock: (() => Promise<void>) | null = null

  const ringing = computed(() => pending.value.length > 0)
  const audible = computed(() => ringing.value && !muted.value && sound.value === 'on')
  const count = computed(() => new Set(pending.value.map(thingOf)).size)

  function raise (key: string) {
    if (silenced.has(key) || pending.value.includes(key)) return
    if (pending.value.length === 0) rings.value++
    pending.value = [...pending.value, key]
  }

  /** After the open cases changed: what still waits rings, what was handled stops. */
  function sync (awaitingIds: number[], openIds: number[]) {
    const waiting = new Set(awaitingIds.map((id) => `${id}:await`))
    const open = new Set(openIds)
    pending.value = pending.value.filter((k) => isAlertKey(k) || (k.endsWith(':await') ? waiting.has(k) : open.has(caseOf(k))))
    for (const key of waiting) raise(key)
  }

  /** What rang for this key was handled: it stops (and may ring again if raised anew). */
  function settle (key: string) {
    if (pending.value.includes(key)) pending.value = pending.value.filter((k) => k !== key)
  }

  function silence () {
    for (const key of pending.value) silenced.add(key)
    pending.value = []
  }

  function setMuted (value: boolean) {
    muted.value = value
    try { localStorage.setItem(MUTE_KEY, String(value)) } catch { /* not remembered, still muted */ }
  }

  function setUnlock (next: (() => Promise<void>) | null) { unlock = next }
  async function enableSound () { await unlock?.() }

  return { muted, sound, pending, rings, ringing, audible, count, raise, settle, sync, silence, setMuted, setUnlock, enableSound }
})
