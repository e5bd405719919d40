// The cylinder kinds' InfluxDB measurements (docs/measurements.md): cylinder_fill and cylinder_monitor.
// Tag values (gateway ids, station and cylinder codes, media) are restricted by the protocol's patterns to
// [A-Za-z0-9_-], so they need no escaping; the operator is free text, quoted with quoteString.
//
// A fill's cylinder is a field, not a tag: a city's stations fill hundreds of thousands of cylinders, and a
// tag per cylinder would make as many series (the 100,000-value tag wall, docs/performance.md). A
// monitored cylinder is a tag: installations are few, and their readings are read per cylinder.
import { quoteString } from '../platform/influx/line-protocol.ts'
import type { Fill, MonitorReading } from './payloads.ts'
import type { RefusalReason } from './fill-check.ts'

/** What the server found wrong with a fill it stored. */
export interface FillFlags {
  /** The pre-fill check's reasons for this cylinder at this station (empty: a compliant fill). */
  reasons: readonly RefusalReason[]
  /** Within [0, the cylinder's capacity]; true when the capacity is unknown. */
  massInRange: boolean
}

export function cylinderFillLine (gatewayId: string, stationCode: string, f: Fill, flags: FillFlags): string {
  let fields = `cylinder="${f.cylinder}",mass_kg=${f.massKg}`
  if (f.pressureMPa !== undefined) fields += `,pressure_mpa=${f.pressureMPa}`
  fields += `,operator=${quoteString(f.operator)},compliant=${flags.reasons.length === 0},mass_in_range=${flags.massInRange}`
  if (flags.reasons.length > 0) fields += `,reasons="${flags.reasons.join(',')}"`
  return `cylinder_fill,station=${stationCode},gateway=${gatewayId},medium=${f.medium} ${fields} ${f.ts}\n`
}

export function cylinderMonitorLine (gatewayId: string, cylinderCode: string, r: MonitorReading): string {
  return `cylinder_monitor,cylinder=${cylinderCode},gateway=${gatewayId} pressure_mpa=${r.pressureMPa},temp_c=${r.tempC},leak_lel=${r.leakLEL} ${r.ts}\n`
}
