// Inspection events: a supervision notice sent to a use unit. Relayed to every node's dashboards, streamed
// to whoever may see the lift (the use unit above all), and delivered by webhook (notify/webhooks.ts).
import { relayRule, streamRule, type EventDeclarations } from '../platform/events/declarations.ts'
import type { Notice } from './notices-store.ts'

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    /** A supervision notice (督办通知) was sent about a lift. */
    'inspection.notice': Notice
  }
}

export const inspectionEvents: EventDeclarations = {
  relay: [relayRule({ event: 'inspection.notice', channel: 'live' })],
  stream: [streamRule({
    event: 'inspection.notice',
    name: 'notice',
    view: (notice, viewer) => (viewer.equipmentInScope === null || viewer.equipmentInScope.has(notice.equipmentCode) ? notice : undefined)
  })]
}
