// The last stored states of the lifts, newest first, for the alert rules to resume from after a restart
// (alerts/seed.ts): one per lift, and for a lift stopped with its doors closed and someone inside, enough to
// find when that stop began.
import type { ElevatorState } from './payloads.ts'
import { influxString, seriesRows, type InfluxClient } from '../platform/influx/client.ts'
import { storedStateFlags } from './state-flags.ts'

// A lift silent for longer was flagged offline before the restart (or is out of use); looking further back
// would make every start read every shard.
const LOOK_BACK_DAYS = 90
// Heartbeats every few seconds: 200 states cover a stop of a quarter of an hour or more; a longer one is
// counted from the oldest of them, which only makes the derived entrapment later, never earlier.
const STOP_STATES = 200

// A row of either layout (packed `flags`, or the booleans and the string `power` of points before 0.2.0;
// state-flags.ts); `power` only when the terminal sent it.
function stateOf (row: Record<string, unknown>): ElevatorState {
  return { ts: row.time as number, mode: row.mode as number, dir: row.dir as number, floor: row.floor as number, ...storedStateFlags(row) }
}

export async function loadRecentStates (influx: InfluxClient): Promise<Map<string, ElevatorState[]>> {
  const out = new Map<string, ElevatorState[]>()
  const series = await influx.query(`SELECT * FROM elevator_state WHERE time > now() - ${LOOK_BACK_DAYS}d GROUP BY equipment ORDER BY time DESC LIMIT 1`)
  for (const s of series) {
    const code = s.tags?.equipment
    const row = seriesRows(s)[0]
    if (code !== undefined && row !== undefined) out.set(code, [stateOf(row)])
  }
  for (const [code, [last]] of out) {
    if (last === undefined || last.moving || !last.doorClosed || !last.occupied) continue
    // `< ts + 1 ms`, not `<= ts`: the service writes nanosecond times (ms + an offset below 1 ms,
    // docs/measurements.md) and answers them truncated to the ms, so `<= ts ms` would miss the last point.
    const rows = seriesRows((await influx.query(`SELECT * FROM elevator_state WHERE equipment = ${influxString(code)} AND time < ${last.ts + 1}ms ORDER BY time DESC LIMIT ${STOP_STATES}`))[0])
    if (rows.length > 0) out.set(code, rows.map(stateOf))
  }
  return out
}
