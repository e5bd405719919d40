// Runs the installation rules (./leak-rules.ts) on the bus's `cylinder.monitor` readings and keeps their
// alerts in the common alert lifecycle (alerts/store.ts, on a subject of kind `cylinder`): raised and
// cleared here, announced on the bus like a lift's (alert.raised / alert.updated: the live dashboard, the
// webhooks), acknowledged and closed by people through the alerts API. As alerts/engine.ts does for lifts:
// no database round trip per reading, only per raise or clear, in order per cylinder; open alerts are read
// back at start so a restart raises nothing twice.
import type { Logger } from 'pino'
import type { Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { AlertStore } from '../alerts/store.ts'
import type { CheckView } from './check-view.ts'
import { CYLINDER } from './payloads.ts'
import { DEFAULT_LEAK_THRESHOLDS, forgetMonitorAlert, memoryFromOpen, quietMemory, stepMonitor, type LeakThresholds, type MonitorAlertType, type MonitorEffect, type MonitorMemory } from './leak-rules.ts'
import { placeOfUnit } from './alert-places.ts'
import './gateway-events.ts'
import './gateway-messages.ts'
import '../alerts/events.ts'

export async function startMonitorAlerts (deps: {
  db: Queryable
  bus: Bus
  alerts: Pick<AlertStore, 'raiseOn' | 'clearOpenOn' | 'openBySubject'>
  view: Pick<CheckView, 'facts' | 'maxPressureOf'>
  log: Pick<Logger, 'error'>
  thresholds?: LeakThresholds
}) {
  const { bus, alerts, view, log } = deps
  const thresholds = deps.thresholds ?? DEFAULT_LEAK_THRESHOLDS
  const memories = new Map<string, MonitorMemory>()
  const queues = new Map<string, Promise<void>>()

  const open = new Map<string, Array<{ type: string, level?: number | null }>>()
  for (const a of await alerts.openBySubject(CYLINDER)) {
    const list = open.get(a.code) ?? []
    list.push({ type: a.type, level: typeof a.details?.level === 'number' ? a.details.level : null })
    open.set(a.code, list)
  }
  for (const [code, list] of open) memories.set(code, memoryFromOpen(list))

  function apply (code: string, effects: MonitorEffect[]) {
    const subject = { kind: CYLINDER, code }
    const next = (queues.get(code) ?? Promise.resolve()).then(async () => {
      for (const effect of effects) {
        try {
          if (effect.kind === 'raise') {
            const place = await placeOfUnit(deps.db, view.facts(code)?.fillingUnitId ?? null)
            if (place === undefined) throw new Error(`cylinder ${code} has no filling unit in the registry`)
            const alert = await alerts.raiseOn({ subject, type: effect.type, severity: effect.severity, source: 'monitor', details: { ...effect.details }, place, at: effect.at })
            if (alert !== undefined) bus.emit('alert.raised', alert)
          } else {
            const alert = await alerts.clearOpenOn(subject, effect.type, effect.reason, effect.at)
            if (alert !== undefined) bus.emit('alert.updated', alert)
          }
        } catch (err) {
          // The memory counts the alert as open: forget it so the next reading tries again.
          if (effect.kind === 'raise') memories.set(code, forgetMonitorAlert(memories.get(code) ?? quietMemory(), effect.type))
          log.error({ err, cylinder: code, effect: effect.kind, type: effect.type }, 'could not store a cylinder alert; the next reading tries again')
        }
      }
    })
    queues.set(code, next)
    void next.finally(() => { if (queues.get(code) === next) queues.delete(code) })
  }

  const off = bus.on('cylinder.monitor', ({ cylinderCode, reading }) => {
    const facts = view.facts(cylinderCode)
    const limit = facts === undefined ? null : view.maxPressureOf(facts.medium)
    const { memory, effects } = stepMonitor(memories.get(cylinderCode) ?? quietMemory(), reading, limit, Date.now(), thresholds)
    memories.set(cylinderCode, memory)
    if (effects.length > 0) apply(cylinderCode, effects)
  })

  return {
    /** A person closed or cleared the alert: the cylinder may raise that type again. */
    forget (code: string, type: string) {
      const memory = memories.get(code)
      if (memory !== undefined && (type === 'cylinder_leak' || type === 'cylinder_overpressure')) memories.set(code, forgetMonitorAlert(memory, type as MonitorAlertType))
    },
    async settle () { await Promise.all(queues.values()) },
    async stop () {
      off()
      await Promise.all(queues.values())
    }
  }
}

export type MonitorAlerts = Awaited<ReturnType<typeof startMonitorAlerts>>
