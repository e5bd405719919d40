// The elevator's InfluxDB measurements (docs/measurements.md): elevator_state and elevator_event. Written by
// hand rather than with the `influx` package (see platform/influx/line-protocol.ts for the measurements).
// Tag values (gateway ids, equipment and event codes) are restricted by the protocol to [A-Za-z0-9_-], and
// no field is a string, so nothing here needs escaping.
// The four booleans and `power` travel as one integer field `flags` (state-flags.ts): one field key per
// series instead of five, ~45% less of influxd's CPU per point. Points written before version 0.2.0 have
// the boolean fields and `power` as a string; the readers accept both.
import type { ElevatorEvent, ElevatorState } from './payloads.ts'
import { encodeFlags } from './state-flags.ts'

export function elevatorStateLine (gatewayId: string, equipmentCode: string, s: ElevatorState): string {
  let fields = `mode=${s.mode}i,dir=${s.dir}i,floor=${s.floor}i,flags=${encodeFlags(s)}i`
  if (s.speed !== undefined) fields += `,speed=${s.speed}`
  if (s.load !== undefined) fields += `,load=${s.load}`
  if (s.runHours !== undefined) fields += `,run_hours=${s.runHours}`
  if (s.trips !== undefined) fields += `,trips=${s.trips}i`
  return `elevator_state,equipment=${equipmentCode},gateway=${gatewayId} ${fields} ${s.ts}\n`
}

export function elevatorEventLine (gatewayId: string, equipmentCode: string, e: ElevatorEvent, known: boolean): string {
  return `elevator_event,equipment=${equipmentCode},gateway=${gatewayId},code=${e.code} active=${e.active},known=${known} ${e.ts}\n`
}
