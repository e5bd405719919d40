// Alert events, relayed to every node's dashboards and streamed to whoever may see the lift.
import { relayRule, streamRule, type EventDeclarations, type Viewer } from '../platform/events/declarations.ts'
import type { Alert } from './store.ts'

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    /** A new alert, already stored. */
    'alert.raised': Alert
    /** An alert changed status (acknowledged, assigned, cleared, closed). */
    'alert.updated': Alert
  }
}

// A viewer scoped to some lifts sees their alerts only; an alert on a cylinder or a station (subjectKind)
// is for those who see the whole city.
const view = (kind: 'raised' | 'updated') => (alert: Alert, viewer: Viewer) =>
  viewer.equipmentInScope === null || (alert.subjectKind == null && viewer.equipmentInScope.has(alert.equipmentCode)) ? { kind, alert } : undefined

export const alertEvents: EventDeclarations = {
  relay: [relayRule({ event: 'alert.raised', channel: 'live' }), relayRule({ event: 'alert.updated', channel: 'live' })],
  stream: [
    streamRule({ event: 'alert.raised', name: 'alert', view: view('raised') }),
    streamRule({ event: 'alert.updated', name: 'alert', view: view('updated') })
  ]
}
