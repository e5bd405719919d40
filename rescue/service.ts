// The rescue desk: opens a case for every entrapment alert, applies dispatcher and firm actions through
// the pure workflow (rescue/workflow.ts), keeps the linked alert in step, and runs the escalation
// clock. Every change is stored first, then announced on the bus (SSE, webhooks).
import type { Logger } from 'pino'
import { applyRescueAction, dueEscalation, type EscalationPolicy, type RescueAction, type RescueActor } from './workflow.ts'
import { OPEN_STATUSES } from '../alerts/types.ts'
import { MessageError, msg, type Message } from '../platform/messages/message.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from '../alerts/store.ts'
import { toCase, type RescueActorRef, type RescueStore, type RescueView } from './store.ts'
import './messages.ts'

export class RescueError extends MessageError {
  constructor (public readonly statusCode: 400 | 403 | 404 | 409, said: Message) { super(said) }
}

/** Refusals of the workflow that are about who acts, not about the case's state. */
const NOT_YOURS = new Set<Message['key']>(['rescue.firm_actions_only', 'rescue.other_firm'])

export interface RescueDeps {
  bus: Bus
  rescues: RescueStore
  alerts: AlertStore
  policy: EscalationPolicy
  log: Logger
  /** Lets the alert rules raise the same type again once a person closed it. */
  forgetAlert?: (equipmentCode: string, type: 'entrapment') => void
  clockMs?: number
  now?: () => number
}

const SYSTEM: RescueActor & RescueActorRef = { id: null, name: 'system', role: 'system', firmId: null }

export function startRescueService (deps: RescueDeps) {
  const { bus, rescues, alerts, log } = deps
  const now = deps.now ?? Date.now

  async function act (id: number, action: RescueAction, actor: RescueActor & RescueActorRef): Promise<RescueView> {
    const view = await rescues.get(id)
    if (view === undefined) throw new RescueError(404, msg('rescue.not_found'))
    if (actor.role === 'maintainer' && view.firmId !== actor.firmId) throw new RescueError(404, msg('rescue.not_found_for_firm'))
    const before = toCase(view)
    const at = now()
    const result = applyRescueAction(before, action, actor, at)
    if (!result.ok) throw new RescueError(NOT_YOURS.has(result.error.key) ? 403 : 409, result.error)
    // The firm of a dispatch is in the entry's firm column; a cause or a reason is the entry's detail.
    const detail = 'cause' in action ? action.cause : 'reason' in action ? action.reason : null
    const updated = await rescues.transition(id, before, result.next, action.action, actor, detail, at)
    if (updated === undefined) throw new RescueError(409, msg('rescue.changed_meanwhile'))
    await syncAlert(updated, action, actor)
    const change = action.action === 'escalate' ? 'escalated' : action.action === 'warn' ? 'warned' : 'action'
    bus.emit('rescue.changed', { change, action: action.action, case: updated })
    return updated
  }

  async function syncAlert (c: RescueView, action: RescueAction, actor: RescueActorRef) {
    if (c.alertId === null) return
    let alert
    if (action.action === 'dispatch' || (action.action === 'escalate' && c.firmId !== null)) {
      alert = await alerts.transition(c.alertId, 'assigned', OPEN_STATUSES, actor, msg('note.rescue_level', { level: c.level }), c.firmId)
    } else if (action.action === 'close' || action.action === 'false_alarm') {
      alert = await alerts.transition(c.alertId, 'closed', OPEN_STATUSES, actor, action.action === 'false_alarm' ? msg('note.false_alarm', { cause: action.cause }) : action.cause)
      deps.forgetAlert?.(c.equipmentCode, 'entrapment')
    }
    if (alert !== undefined) bus.emit('alert.updated', alert)
  }

  // Every entrapment alert opens a rescue case at the moment the alert was raised (the clock starts then),
  // or joins the case a phone call already opened for the lift: one case per entrapment.
  const offAlert = bus.on('alert.raised', (alert) => {
    if (alert.type !== 'entrapment') return
    rescues.report({ equipmentCode: alert.equipmentCode, alertId: alert.id, source: 'alert', caller: null, reportedAt: alert.raisedAt.getTime(), actor: SYSTEM })
      .then(async (result) => {
        if (result === undefined || result.outcome === 'known') return
        if (result.outcome === 'created') return bus.emit('rescue.changed', { change: 'created', action: 'reported', case: result.case })
        bus.emit('rescue.changed', { change: 'joined', action: 'alert', case: result.case })
        // The alert follows the case it joined: assigned to the firm already sent.
        if (result.case.firmId !== null && result.case.alertId === alert.id) {
          const assigned = await alerts.transition(alert.id, 'assigned', OPEN_STATUSES, SYSTEM, msg('note.rescue_level', { level: result.case.level }), result.case.firmId)
          if (assigned !== undefined) bus.emit('alert.updated', assigned)
        }
      }, (err: Error) => log.error({ err, alertId: alert.id }, 'could not open a rescue case for an entrapment'))
      .catch((err: Error) => log.error({ err, alertId: alert.id }, 'could not assign an entrapment alert to its rescue case'))
  })

  // One round at a time; a caller arriving mid-round waits for that round instead of starting another.
  let round: Promise<void> | null = null
  function runClock (): Promise<void> {
    round ??= clockRound().finally(() => { round = null })
    return round
  }
  async function clockRound () {
    try {
      const t = now()
      for (const view of await rescues.open()) {
        const due = dueEscalation(toCase(view), t, deps.policy, view.levelTwoFirmId)
        if (due === null) continue
        await act(view.id, due, SYSTEM).catch((err: Error) => {
          // Another node or a person moved the case first: the next round sees the new state.
          if (!(err instanceof RescueError && err.statusCode === 409)) throw err
        })
      }
    } catch (err) {
      log.error({ err }, 'rescue escalation clock failed; retrying on the next round')
    }
  }
  const clock = setInterval(() => { void runClock() }, deps.clockMs ?? 5000)

  return {
    act,
    runClock,
    /** A phone call by the rescue ID read in the car: opens a case, or joins the lift's open one (`joined`). */
    async reportCall (input: { rescueId: string, caller: string | null }, actor: RescueActorRef): Promise<{ case: RescueView, joined: boolean }> {
      const result = await rescues.report({ rescueId: input.rescueId, alertId: null, source: 'phone', caller: input.caller, reportedAt: now(), actor })
      if (result === undefined) throw new RescueError(404, msg('rescue.unknown_rescue_id', { rescueId: input.rescueId }))
      const joined = result.outcome !== 'created'
      bus.emit('rescue.changed', joined ? { change: 'joined', action: 'call', case: result.case } : { change: 'created', action: 'reported', case: result.case })
      return { case: result.case, joined }
    },
    stop () {
      offAlert()
      clearInterval(clock)
    }
  }
}

export type RescueService = ReturnType<typeof startRescueService>
