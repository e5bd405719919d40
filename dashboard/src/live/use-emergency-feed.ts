// The emergency feed of a signed-in desk or firm, mounted once in the page frame so it works on every
// page: one live stream (no lift states; alerts and rescue cases) keeps the open cases current and is
// re-read after every reconnect; the alarm rings for what waits for this user and plays its beeps while
// it rings, unless muted or the browser still blocks audio.
import { onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { useLive } from './use-live.ts'
import { useAuthStore } from '../stores/auth.ts'
import { useAlarmStore } from '../stores/alarm.ts'
import { useRescueDeskStore } from '../stores/rescue-desk.ts'
import { createBeeper } from '../lib/rescue/alarm-sound.ts'
import { awaitsRole } from '../lib/rescue/rescue-actions.ts'
import { reportError } from '../lib/common/report-error.ts'
import { alertAlarmKey, isRingingType, ringsLikeEntrapment } from '../lib/alerts/ringing-alerts.ts'

const BEEP_EVERY_MS = 2500
// A case escalated from one firm to another is announced to the new firm only: the first learns of it at
// the next read.
const FIRM_REFRESH_MS = 60_000

export function useEmergencyFeed () {
  const auth = useAuthStore()
  const desk = useRescueDeskStore()
  const alarm = useAlarmStore()
  const role = auth.role

  const { status } = useLive(ref('none'), {
    onRescue: (change) => {
      desk.applyRescue(change)
      const escalatedByClock = change.change === 'escalated' && !desk.isOwnEscalation(change)
      // Each warning rings anew (the clock repeats them while a case waits); an escalation once per level.
      if (role !== 'maintainer' && change.change === 'warned') alarm.raise(`${change.case.id}:warned:${change.case.warnedAt}`)
      else if (role !== 'maintainer' && escalatedByClock) alarm.raise(`${change.case.id}:escalated:${change.case.level}`)
    },
    onAlert: (change) => {
      desk.applyAlert(change)
      // A gas leak or a non-compliant filling rings like an entrapment, for the desk (firms never see them).
      if (role === 'maintainer' || !isRingingType(change.alert.type)) return
      if (ringsLikeEntrapment(change.alert)) alarm.raise(alertAlarmKey(change.alert.id))
      else alarm.settle(alertAlarmKey(change.alert.id))
    },
    onResync: () => desk.load().catch(reportError)
  })
  watch(status, (s) => { desk.liveStatus = s }, { immediate: true })
  watch(() => desk.cases, (cases) => {
    alarm.sync(cases.filter((c) => awaitsRole(c, role)).map((c) => c.id), cases.map((c) => c.id))
  })

  const beeper = createBeeper((state) => { alarm.sound = state })
  alarm.sound = beeper.state()
  async function enableSound () {
    alarm.sound = await beeper.unlock()
  }
  // Any click or key press on the page is the gesture the browser waits for.
  const onGesture = () => { if (alarm.sound === 'blocked') void enableSound() }

  let beeps: ReturnType<typeof setInterval> | null = null
  watch(() => alarm.audible, (audible) => {
    if (beeps !== null) clearInterval(beeps)
    beeps = null
    if (!audible) return
    beeper.play()
    beeps = setInterval(() => beeper.play(), BEEP_EVERY_MS)
  }, { immediate: true })

  let refresh: ReturnType<typeof setInterval> | null = null
  onMounted(() => {
    alarm.setUnlock(enableSound)
    desk.load().catch(reportError)
    document.addEventListener('pointerdown', onGesture, true)
    document.addEventListener('keydown', onGesture, true)
    if (role === 'maintainer') refresh = setInterval(() => { desk.load().catch(() => { /* the next read or the stream will do */ }) }, FIRM_REFRESH_MS)
  })
  onBeforeUnmount(() => {
    alarm.setUnlock(null)
    document.removeEventListener('pointerdown', onGesture, true)
    document.removeEventListener('keydown', onGesture, true)
    if (refresh !== null) clearInterval(refresh)
    if (beeps !== null) clearInterval(beeps)
    beeper.close()
  })

}
