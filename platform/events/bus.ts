// Typed in-process event bus between ingest, rules, the rescue desk, webhooks and the live stream. A failing
// listener is reported and skipped: one broken consumer never stops telemetry or the other listeners.
//
// The bus knows no event itself: each capability declares the events it emits next to its code, by
// augmenting this interface (`declare module '../platform/events/bus.ts' { interface BusEvents { … } }`,
// see elevators/events.ts, gateways/events.ts, alerts/events.ts, rescue/events.ts).

// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by module augmentation
export interface BusEvents {}
export type BusEventName = keyof BusEvents

type Listener<K extends BusEventName> = (payload: BusEvents[K]) => void

export function createBus (onListenerError: (err: unknown, event: string) => void) {
  const listeners = new Map<BusEventName, Set<Listener<never>>>()
  return {
    on<K extends BusEventName> (event: K, listener: Listener<K>): () => void {
      let set = listeners.get(event)
      if (set === undefined) listeners.set(event, set = new Set())
      set.add(listener as Listener<never>)
      return () => { set.delete(listener as Listener<never>) }
    },
    emit<K extends BusEventName> (event: K, payload: BusEvents[K]): void {
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
