// The elevator as an equipment kind: topic segment `elevator`, channels `state` and `event`, the
// elevator_state / elevator_event measurements, the latest state per lift, the `elevator.state` and
// `elevator.event` bus events, and the registry's elevators table. Registered in app/service.ts.
import type { EquipmentKind, TelemetryChannel } from '../protocol/equipment-kind.ts'
import type { Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { Metrics } from '../platform/metrics.ts'
import { ELEVATOR, ElevatorEventPayload, ElevatorStatePayload } from './payloads.ts'
import { elevatorEventLine, elevatorStateLine } from './line-protocol.ts'
import { isKnownEventCode } from './codes.ts'
import type { LatestStates } from './latest-state.ts'
import type { ElevatorStateReceived } from './events.ts'
import { createUnchangedStates } from './unchanged-states.ts'

export interface ElevatorKindDeps {
  bus: Bus
  latest: LatestStates
  metrics: Pick<Metrics, 'tallied'>
  /** A lift's unchanged state gets a point at most this often (TELEMETRY_UNCHANGED_POINT_S; 0: every state). */
  unchangedPointMs: number
}

/** Which of these codes name no lift in the registry. */
export async function unknownElevatorCodes (db: Queryable, codes: readonly string[]): Promise<string[]> {
  const found = await db.query<{ code: string }>('select equipment_code as code from elevators where equipment_code = any($1::text[])', [codes])
  const known = new Set(found.map((f) => f.code))
  return codes.filter((c) => !known.has(c))
}

export function createElevatorKind ({ bus, latest, metrics, unchangedPointMs }: ElevatorKindDeps): EquipmentKind {
  const unknownCodes = metrics.tallied('tianjian_mqtt_unknown_event_codes_total', 'Events stored with a code the rules do not know').tally()
  const unchangedSkipped = metrics.tallied('tianjian_mqtt_unchanged_states_total',
    'Lift states identical to the lift\'s last point within TELEMETRY_UNCHANGED_POINT_S: acknowledged and announced, not written again').tally()
  const unchanged = createUnchangedStates(unchangedPointMs)
  const state: TelemetryChannel<typeof ElevatorStatePayload> = {
    type: 'telemetry',
    schema: ElevatorStatePayload,
    // The label these counters had before there were kinds: dashboards query it.
    metricLabel: 'state',
    toLines (gatewayId, code, records) {
      let text = ''
      for (const s of records) {
        if (unchanged.needsPoint(code, s)) text += elevatorStateLine(gatewayId, code, s)
        else unchangedSkipped.inc()
      }
      return text
    },
    stored (gatewayId, equipmentCode, records, receivedAt) {
      for (const s of records) {
        unchanged.durable(equipmentCode, s)
        const changed = latest.update(equipmentCode, gatewayId, s, receivedAt)
        bus.emit('elevator.state', { equipmentCode, gatewayId, state: s, changed } satisfies ElevatorStateReceived)
      }
    }
  }

  const event: TelemetryChannel<typeof ElevatorEventPayload> = {
    type: 'telemetry',
    schema: ElevatorEventPayload,
    metricLabel: 'event',
    toLines (gatewayId, equipmentCode, records, errors) {
      let text = ''
      for (const e of records) {
        const known = isKnownEventCode(e.code)
        if (!known) {
          unknownCodes.inc()
          errors.push({ path: '/code', reason: 'unknown_code', message: `event code "${e.code}" is not a known code: stored, but no rule acts on it` })
        }
        text += elevatorEventLine(gatewayId, equipmentCode, e, known)
        // Events reach the rules before the disk sync, so a slow fdatasync never delays an alarm; the PUBACK
        // still waits for it. Should the write fail, the gateway resends and the one-open-alert-per-type rule
        // makes the repeat harmless.
        bus.emit('elevator.event', { equipmentCode, gatewayId, event: e, known })
      }
      return text
    }
  }

  return { segment: ELEVATOR, channels: { state, event }, unknownCodes: unknownElevatorCodes }
}
