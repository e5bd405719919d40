// Rescue events: a case opened, moved, escalated or warned about. A maintenance firm sees the cases
// dispatched to it; everyone else the cases of lifts they may see.
import { relayRule, streamRule, type EventDeclarations } from '../platform/events/declarations.ts'
import type { RescueView } from './store.ts'

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    /** A rescue case was created, moved, or joined by another report of the same entrapment; `change` says how. */
    'rescue.changed': { change: 'created' | 'action' | 'escalated' | 'warned' | 'joined', action: string, case: RescueView }
  }
}

export const rescueEvents: EventDeclarations = {
  relay: [relayRule({ event: 'rescue.changed', channel: 'live' })],
  stream: [streamRule({
    event: 'rescue.changed',
    name: 'rescue',
    view: (change, viewer) => {
      const visible = viewer.maintenanceFirmId !== null
        ? change.case.firmId === viewer.maintenanceFirmId
        : viewer.equipmentInScope === null || viewer.equipmentInScope.has(change.case.equipmentCode)
      return visible ? change : undefined
    }
  })]
}
