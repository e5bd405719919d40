// The open rescue cases of the emergency center (a firm: the ones dispatched to it), longest waiting first,
// kept current by the live stream's `rescue` events and re-read after every reconnect. It also remembers
// how each open entrapment was detected (非平层关人 / 平层关人), which only its alert says.
import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { Alert, AlertChange, RescueActionBody, RescueCase, RescueChange } from '../api/types.ts'
import type { LiveStatus } from '../live/live-stream.ts'
import { awaitsRole, isOpen } from '../lib/rescue/rescue-actions.ts'
import { useAuthStore } from './auth.ts'

const sortCases = (cases: RescueCase[]) => cases.sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt) || a.id - b.id)
// An event that lands while a load is in flight may be older than the answer or newer: read again.
const MAX_READS = 3

export const useRescueDeskStore = defineStore('rescue-desk', () => {
  const auth = useAuthStore()
  const cases = shallowRef<RescueCase[]>([])
  const loaded = ref(false)
  const liveStatus = ref<LiveStatus>({ kind: 'connecting' })
  /** alert id → how the entrapment was detected (alert.source) */
  const entrapmentSources = shallowRef(new Map<number, string>())
  /** Bumped on every change of a case, and for all after a reload: an open case page re-reads its timeline. */
  const revisions = ref<Record<number, number>>({})
  const reloads = ref(0)
  /** The latest alert event, for pages that list alerts. */
  const lastAlert = shallowRef<Alert | null>(null)
  const alertEvents = ref(0)
  /** Escalations made from this tab: they need no alarm. */
  const ownEscalations = new Set<string>()
  let events = 0
  let sequence = 0

  const awaiting = computed(() => cases.value.filter((c) => awaitsRole(c, auth.role)))
  const byId = (id: number) => cases.value.find((c) => c.id === id)

  async function load () {
    const mine = ++sequence
    for (let read = 1; ; read++) {
      const seen = events
      const [page, alerts] = await Promise.all([
        api.rescues({ status: 'open', limit: 500 }),
        // Only the kind of entrapment comes from here: a firm escalated to may not see the lift's alerts.
        api.alerts({ status: 'open', type: 'entrapment', limit: 500 }).catch(() => null)
      ])
      if (mine !== sequence) return
      if (seen !== events && read < MAX_READS) continue
      cases.value = sortCases(page.items.filter(belongs))
      if (alerts !== null) entrapmentSources.value = new Map(alerts.items.filter((a) => a.source !== null).map((a) => [a.id, a.source!]))
      loaded.value = true
      reloads.value++
      return
    }
  }

  function belongs (c: RescueCase): boolean {
    return isOpen(c.status) && (auth.role !== 'maintainer' || c.firmId === auth.user?.maintenanceFirmId)
  }

  function applyRescue (change: RescueChange) {
    events++
    const next = change.case
    revisions.value = { ...revisions.value, [next.id]: (revisions.value[next.id] ?? 0) + 1 }
    const rest = cases.value.filter((c) => c.id !== next.id)
    cases.value = belongs(next) ? sortCases([...rest, next]) : rest
  }

  function applyAlert (change: AlertChange) {
    const alert = change.alert
    if (alert.type === 'entrapment' && alert.source !== null && !entrapmentSources.value.has(alert.id)) {
      entrapmentSources.value = new Map(entrapmentSources.value).set(alert.id, alert.source)
    }
    lastAlert.value = alert
    alertEvents.value++
  }

  /** Moves a case; the answer is applied at once (the live event that follows changes nothing more). */
  async function act (id: number, body: RescueActionBody): Promise<RescueCase> {
    if (body.action === 'escalate') ownEscalations.add(`${id}:${body.level ?? 2}`)
    const updated = await api.rescueAction(id, body)
    applyRescue({ change: body.action === 'escalate' ? 'escalated' : 'action', action: body.action, case: updated })
    return updated
  }

  function isOwnEscalation (change: RescueChange): boolean {
    return ownEscalations.has(`${change.case.id}:${change.case.level}`)
  }

  /** A phone call: a new case, or the lift's case under way, which the call joined (one case per entrapment). */
  async function reportCall (rescueId: string, caller: string | undefined): Promise<{ case: RescueCase, joined: boolean }> {
    const reported = await api.reportCall(rescueId, caller)
    const joined = byId(reported.id) !== undefined
    applyRescue({ change: joined ? 'joined' : 'created', action: joined ? 'call' : 'reported', case: reported })
    return { case: reported, joined }
  }

  function entrapmentSource (c: RescueCase): string | null {
    return c.alertId === null ? null : entrapmentSources.value.get(c.alertId) ?? null
  }

  return {
    cases, loaded, liveStatus, revisions, reloads, lastAlert, alertEvents, awaiting,
    byId, load, applyRescue, applyAlert, act, isOwnEscalation, reportCall, entrapmentSource
  }
})
