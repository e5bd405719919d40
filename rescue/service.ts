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

  // Every entrapment alert opens a rescue case at the moment the alert was raised: the clock starts then.
  const offAlert = bus.on('alert.raised', (alert) => {
    if (alert.type !== 'entrapment') return
    rescues.create({ equipmentCode: alert.equipmentCode, alertId: alert.id, source: 'alert', caller: null, reportedAt: alert.raisedAt.getTime(), actor: SYSTEM })
      .then((created) => { if (created !== undefined) bus.emit('rescue.changed', { change: 'created', action: 'reported', case: created }) },
        (err: Error) => log.error({ err, alertId: alert.id }, 'could not open a rescue case for an entrapment'))
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
    async reportCall (input: { rescueId: string, caller: string | null }, actor: RescueActorRef): Promise<RescueView> {
      const created = await rescues.create({ rescueId: input.rescueId, alertId: null, source: 'phone', caller: input.caller, reportedAt: now(), actor })
      if (created === undefined) throw new RescueError(404, msg('rescue.unknown_rescue_id', { rescueId: input.rescueId }))
      bus.emit('rescue.changed', { change: 'created', action: 'reported', case: created })
      return created
    },
    stop () {
      offAlert()
      clearInterval(clock)
    }
  }
}

export type RescueService = ReturnType<typeof startRescueService>
