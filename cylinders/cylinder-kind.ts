// The monitored cylinder as an equipment kind: topic segment `cylinder`, code = the cylinder's code, for
// installations (restaurants, homes) whose gateway watches their bottles. Channel `monitor` (telemetry):
// pressure, temperature and the gas detector's %LEL → InfluxDB (cylinder_monitor), and on the bus at once
// for the leak and over-pressure rules (./monitor-alerts.ts). An installation's gateway is assigned its
// cylinders like a building's gateway its lifts (gateway_equipment, kind `cylinder`).
import type { EquipmentKind, TelemetryChannel } from '../protocol/equipment-kind.ts'
import type { Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import { CYLINDER, MonitorPayload } from './payloads.ts'
import { cylinderMonitorLine } from './line-protocol.ts'
import './gateway-events.ts'

/** Which of these codes name no registered cylinder. */
export async function unknownCylinderCodes (db: Queryable, codes: readonly string[]): Promise<string[]> {
  const found = new Set((await db.query<{ code: string }>('select code from cylinders where code = any($1::text[])', [codes])).map((r) => r.code))
  return codes.filter((c) => !found.has(c))
}

export function createCylinderKind (deps: { bus: Bus }): EquipmentKind {
  const monitor: TelemetryChannel<typeof MonitorPayload> = {
    type: 'telemetry',
    schema: MonitorPayload,
    toLines (gatewayId, cylinderCode, records) {
      let text = ''
      for (const reading of records) {
        text += cylinderMonitorLine(gatewayId, cylinderCode, reading)
        // Before the disk sync, like a lift's event: a leak alarm must not wait for an fdatasync. Should the
        // write fail, the gateway resends and the one-open-alert rule makes the repeat harmless.
        deps.bus.emit('cylinder.monitor', { cylinderCode, gatewayId, reading })
      }
      return text
    }
  }
  return { segment: CYLINDER, channels: { monitor }, unknownCodes: unknownCylinderCodes }
}
