// Typed in-process event bus between ingest, rules and the live stream. A failing listener is reported
// and skipped: one broken consumer never stops telemetry or the other listeners.
import type { Alert } from '../../alerts/store.ts'
import type { RescueView } from '../../rescue/store.ts'

// Capabilities add their own events by interface merging (e.g. elevators/events.ts).
export interface BusEvents {
  'gateway.presence': { gatewayId: string, online: boolean, at: number }
  /** The registry changed a gateway (secret, enabled, equipment, removed): every broker node re-reads it. */
  'gateway.changed': { gatewayId: string }
  /** A new alert, already stored. */
  'alert.raised': Alert
  /** An alert changed status (acknowledged, assigned, cleared, closed). */
  'alert.updated': Alert
  /** A rescue case was created or moved; `change` says how. */
  'rescue.changed': { change: 'created' | 'action' | 'escalated' | 'warned', action: string, case: RescueView }
}

type Listener<K extends keyof BusEvents> = (payload: BusEvents[K]) => void

export function createBus (onListenerError: (err: unknown, event: string) => void) {
  const listeners = new Map<keyof BusEvents, Set<Listener<never>>>()
  return {
    on<K extends keyof BusEvents> (event: K, listener: Listener<K>): () => void {
      let set = listeners.get(event)
      if (set === undefined) listeners.set(event, set = new Set())
      set.add(listener as Listener<never>)
      return () => { set.delete(listener as Listener<never>) }
    },
    emit<K extends keyof BusEvents> (event: K, payload: BusEvents[K]): void {
      const set = listeners.get(event)
      if (set === undefined) return
      for (const listener of set) {
        try {
          (listener as Listener<K>)(payload)
        } catch (err) {
          onListenerError(err, event)
        }
      }
    }
  }
}

export type Bus = ReturnType<typeof createBus>
