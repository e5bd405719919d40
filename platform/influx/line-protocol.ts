// InfluxDB line protocol for the telemetry we store (docs/measurements.md). Hand-written rather than the
// `influx` package's `parsePoint` + serialisation: measured here on one lift state, 1.9 µs per point for
// `influx` against 0.32 µs for this (docs/performance.md) — at 50,000 msg/s that is ~9% of a core instead
// of ~2%, on the path that decides our ingest rate. `influx` also writes integers as floats unless a schema
// is declared (which costs more again). Here the names are constants and the tag values (gateway ids,
// equipment codes, event codes) are restricted by the protocol to [A-Za-z0-9_-], so only free-text string
// fields need escaping. Each equipment kind writes its own measurements (elevators/line-protocol.ts); the
// gateway's own status is written by ingest/gateway-status-line.ts.

/** String field values: escape backslash and double quote (InfluxDB line protocol reference). */
export function quoteString (value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`
}
