// The latest reported state of each lift, kept in memory by the ingest path and, after a restart or in an
// API-only process, read back from InfluxDB on demand.
import type { ElevatorState } from './payloads.ts'
import type { InfluxClient } from '../platform/influx/client.ts'
import { influxString, seriesRows } from '../platform/influx/client.ts'
import { storedStateFlags } from './state-flags.ts'

export interface LatestState extends ElevatorState { gatewayId: string, receivedAt: number }

/** Fields whose change a person watching the lift would notice; counters and speed are not among them. */
export function isVisibleChange (before: ElevatorState | undefined, after: ElevatorState): boolean {
  return before === undefined || before.mode !== after.mode || before.moving !== after.moving || before.dir !== after.dir ||
    before.floor !== after.floor || before.doorZone !== after.doorZone || before.doorClosed !== after.doorClosed ||
    before.occupied !== after.occupied || before.power !== after.power
}

export function createLatestStates (influx: InfluxClient) {
  const states = new Map<string, LatestState>()

  async function loadFromInflux (equipmentCode: string): Promise<LatestState | undefined> {
    const series = await influx.query(`SELECT * FROM elevator_state WHERE equipment = ${influxString(equipmentCode)} ORDER BY time DESC LIMIT 1`)
    const row = seriesRows(series[0])[0]
    if (row === undefined) return undefined
    const opt = <T>(v: unknown) => (v === null || v === undefined ? undefined : v as T)
    // `SELECT *` answers the columns of both layouts (packed `flags`, or the booleans and the string `power`
    // of points before 0.2.0).
    const { moving, doorZone, doorClosed, occupied, power } = storedStateFlags(row)
    const state: LatestState = {
      ts: row.time as number,
      mode: row.mode as number,
      moving,
      dir: row.dir as number,
      floor: row.floor as number,
      doorZone,
      doorClosed,
      occupied,
      speed: opt(row.speed),
      load: opt(row.load),
      power,
      runHours: opt(row.run_hours),
      trips: opt(row.trips),
      gatewayId: row.gateway as string,
      receivedAt: row.time as number
    }
    for (const key of Object.keys(state) as Array<keyof LatestState>) if (state[key] === undefined) delete state[key]
    return state
  }

  return {
    /** Records a state; returns whether it differs visibly from the last one. Older states do not win. */
    update (equipmentCode: string, gatewayId: string, state: ElevatorState, receivedAt: number): boolean {
      const before = states.get(equipmentCode)
      if (before !== undefined && before.ts > state.ts) return false
      // Spread last: V8 clones a fresh object fast, but adding keys after a spread of these 13-field states
      // cost ~5 µs a message (bench/ingest-stages.ts; docs/performance.md). The schema forbids extra keys,
      // so the order changes nothing but speed.
      states.set(equipmentCode, { gatewayId, receivedAt, ...state })
      return isVisibleChange(before, state)
    },
    peek: (equipmentCode: string) => states.get(equipmentCode),
    async get (equipmentCode: string): Promise<LatestState | undefined> {
      const known = states.get(equipmentCode)
      if (known !== undefined) return known
      const loaded = await loadFromInflux(equipmentCode)
      if (loaded !== undefined && !states.has(equipmentCode)) states.set(equipmentCode, loaded)
      return loaded
    },
    get size () { return states.size }
  }
}

export type LatestStates = ReturnType<typeof createLatestStates>
