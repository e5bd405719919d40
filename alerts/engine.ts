// Runs the alert rules (alerts/rules.ts) on the live stream: every state and event from the ingest
// path, plus a clock for durations (derived entrapment) and silence (offline). No database round trip per
// message: only a raised or cleared alert touches PostgreSQL, and it is announced after it is stored.
// After a restart it resumes each lift not yet heard from from its last stored states (alerts/seed.ts), so
// a restart forgets nothing the rules need: lifts silent across the downtime are flagged offline by the
// next scan.
import type { Logger } from 'pino'
import { emptyMemory, forgetAlert, nextDeadline, stepLift, type LiftMemory, type RuleEffect, type RuleInput, type RuleThresholds } from './rules.ts'
import { seedMemory } from './seed.ts'
import type { ElevatorState } from '../elevators/payloads.ts'
import type { AlertType } from './types.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from './store.ts'
// The rules say why an alert clears; the store renders it into the history.
import './messages.ts'

// Ticks are what turn "stopped and occupied for 15 s" into an alert when no further message comes: four
// a second keeps the announcement well within a second of the threshold.
const TICK_MS = 250
const OFFLINE_SCAN_MS = 5000

export async function startAlertEngine (deps: { bus: Bus, alerts: AlertStore, thresholds: RuleThresholds, log: Logger, now?: () => number }) {
  const { bus, alerts, thresholds, log } = deps
  const now = deps.now ?? Date.now
  const memories = new Map<string, LiftMemory>()
  const waiting = new Set<string>() // lifts with a derived-entrapment clock running
  const queues = new Map<string, Promise<void>>() // per lift, so a clear never overtakes its raise

  for (const { equipmentCode, type } of await alerts.openByLift()) {
    const memory = memories.get(equipmentCode) ?? emptyMemory()
    memories.set(equipmentCode, { ...memory, open: new Set(memory.open).add(type) })
  }

  function apply (equipmentCode: string, effects: RuleEffect[]) {
    const previous = queues.get(equipmentCode) ?? Promise.resolve()
    const next = previous.then(async () => {
      for (const effect of effects) {
        try {
          if (effect.kind === 'raise') {
            const alert = await alerts.raise({ equipmentCode, type: effect.type, severity: effect.severity, source: effect.source, code: effect.code, entrapmentKind: effect.entrapmentKind, at: effect.at })
            if (alert !== undefined) bus.emit('alert.raised', alert)
          } else {
            const alert = await alerts.clearOpen(equipmentCode, effect.type, effect.reason, effect.at)
            if (alert !== undefined) bus.emit('alert.updated', alert)
          }
        } catch (err) {
          // The memory already counts the alert as open; forget it so the next message retries the raise.
          if (effect.kind === 'raise') memories.set(equipmentCode, forgetAlert(memories.get(equipmentCode) ?? emptyMemory(), effect.type))
          log.error({ err, equipmentCode, effect }, 'could not store an alert; it will be raised again by the next message')
        }
      }
    })
    queues.set(equipmentCode, next)
    void next.finally(() => { if (queues.get(equipmentCode) === next) queues.delete(equipmentCode) })
  }

  function step (equipmentCode: string, input: RuleInput) {
    const { memory, effects } = stepLift(memories.get(equipmentCode) ?? emptyMemory(), input, now(), thresholds)
    memories.set(equipmentCode, memory)
    if (nextDeadline(memory, thresholds) === null) waiting.delete(equipmentCode)
    else waiting.add(equipmentCode)
    if (effects.length > 0) apply(equipmentCode, effects)
  }

  const offState = bus.on('elevator.state', ({ equipmentCode, state }) => step(equipmentCode, { kind: 'state', state }))
  const offEvent = bus.on('elevator.event', ({ equipmentCode, event }) => step(equipmentCode, { kind: 'event', event }))
  const tick = setInterval(() => {
    const t = now()
    for (const code of waiting) {
      const deadline = nextDeadline(memories.get(code)!, thresholds)
      if (deadline !== null && t >= deadline) step(code, { kind: 'tick' })
    }
  }, TICK_MS)
  const offlineScan = setInterval(() => {
    const t = now()
    for (const [code, memory] of memories) {
      if (memory.lastSeenAt > 0 && !memory.open.has('offline') && t - memory.lastSeenAt >= thresholds.offlineMs) step(code, { kind: 'tick' })
    }
  }, OFFLINE_SCAN_MS)

  return {
    /** A person closed or cleared an alert: the lift may raise that type again (an entrapment: after a new stop). */
    forget (equipmentCode: string, type: AlertType) {
      const memory = memories.get(equipmentCode)
      if (memory === undefined) return
      const next = forgetAlert(memory, type, now())
      memories.set(equipmentCode, next)
      if (nextDeadline(next, thresholds) === null) waiting.delete(equipmentCode)
      else waiting.add(equipmentCode)
    },
    /**
     * Resumes the lifts not heard from since the start from their last stored states, newest first
     * (elevators/recent-states.ts); a lift heard from meanwhile knows better already.
     */
    async resume (states: Map<string, ElevatorState[]>) {
      const closed = new Map((await alerts.lastClosedEntrapments()).map((r) => [r.equipmentCode, r.closedAt.getTime()]))
      for (const [code, recent] of states) {
        const known = memories.get(code)
        if (known !== undefined && known.lastSeenAt > 0) continue
        const memory = seedMemory(recent, known?.open ?? [], closed.get(code) ?? null, thresholds)
        memories.set(code, memory)
        if (nextDeadline(memory, thresholds) !== null) waiting.add(code)
      }
    },
    /** Waits for pending alert writes (tests, shutdown). */
    async settle () { await Promise.all(queues.values()) },
    async stop () {
      offState(); offEvent()
      clearInterval(tick); clearInterval(offlineScan)
      await Promise.all(queues.values())
    }
  }
}

export type AlertEngine = Awaited<ReturnType<typeof startAlertEngine>>
