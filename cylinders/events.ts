// The cylinder registry's bus event: every change to a cylinder's row (registration, import, inspection,
// transfer, scrapping, the daily scan's status change, a medium edit that moves dates) goes out as
// `cylinder.changed` with the fields a pre-fill check judges on, so the station kind's in-memory view
// (cylinders/check-view.ts) follows the registry without a database round trip per check.
//
// In a cluster the relay carries it on the control channel, the one broker-only nodes hear too: the
// checks are answered where the stations' gateways are connected. A node applies other nodes' changes
// through `onRemote` (or by listening to the cluster feed); Redis echoes a node's own changes back to it,
// so applying a row must be idempotent, and `updatedAt` lets a view ignore a row older than the one it has.
import { relayRule, streamRule, type EventDeclarations } from '../platform/events/declarations.ts'
import type { CylinderStatus } from './lifecycle.ts'
import type { Medium } from './media.ts'

/** What a pre-fill check needs to know of one cylinder: its row as it stands after the change. */
export interface CylinderCheckFields {
  code: string
  medium: string
  fillingUnitId: number
  status: CylinderStatus
  /** Local date 'YYYY-MM-DD'. */
  nextInspectionDue: string
  /** Local date 'YYYY-MM-DD' its life runs out. */
  endOfLife: string
  /** Capacity (max fill mass, kg) and tare for the fill's mass check; null when not registered. */
  capacityKg: number | null
  emptyMassKg: number | null
  /** The row's updated_at in ms: a later version replaces an earlier one, never the other way round. */
  updatedAt: number
}

export interface CylindersChanged {
  /** One event per write: an import of 10,000 lines is one event, not 10,000 (and one relay message). */
  cylinders: CylinderCheckFields[]
}

/** A filling station as a check needs it: whose it is (a cylinder of another unit is refused). */
export interface FillingStationFields {
  code: string
  fillingUnitId: number
}

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    'cylinder.changed': CylindersChanged
    /** Stations added or moved to another unit. */
    'filling_station.changed': { stations: FillingStationFields[] }
    /** An admin edited the media table: every medium as it now stands (a dozen rows). */
    'cylinder_media.changed': { media: Medium[] }
    /** The daily scan raised, updated or cleared per-unit registry alerts (cylinders/scan-store.ts). */
    'cylinder_alert.changed': { ids: number[] }
  }
}

export interface CylinderEventHooks {
  onRemote?: (change: CylindersChanged) => void
  onRemoteStations?: (change: { stations: FillingStationFields[] }) => void
  onRemoteMedia?: (change: { media: Medium[] }) => void
}

export function cylinderEvents (deps: CylinderEventHooks = {}): EventDeclarations {
  return {
    relay: [
      relayRule({ event: 'cylinder.changed', channel: 'control', ...(deps.onRemote === undefined ? {} : { onRemote: deps.onRemote }) }),
      relayRule({ event: 'filling_station.changed', channel: 'control', ...(deps.onRemoteStations === undefined ? {} : { onRemote: deps.onRemoteStations }) }),
      relayRule({ event: 'cylinder_media.changed', channel: 'control', ...(deps.onRemoteMedia === undefined ? {} : { onRemote: deps.onRemoteMedia }) }),
      relayRule({ event: 'cylinder_alert.changed', channel: 'live' })
    ],
    // Bureau roles are told when the per-unit registry alerts change (a lift-scoped viewer, a filling unit among them, is not).
    stream: [streamRule({ event: 'cylinder_alert.changed', name: 'cylinder-alerts', view: (e, viewer) => viewer.useUnitId === null && viewer.maintenanceFirmId === null ? e : undefined })]
  }
}
