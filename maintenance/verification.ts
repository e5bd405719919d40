// Whether the lift itself vouches for a visit (domain.md §4, "IoT check"): its terminal reported service
// mode 2 (检修, GB/T 24476) during the visit window, and the visit started near the lift when the phone gave its
// position and the lift's place is registered (MAINTENANCE_GPS_RADIUS_M). Reads the elevator_state measurement in InfluxDB (the
// same series the history route reads), asks the registry whether a gateway serves the lift, and stores
// schedule.ts's verdict beside the record (not in it: the record is immutable and hashed, the verdict is
// evidence about it and may be checked again, e.g. when telemetry arrived late from a gateway's spool).
import type { Db } from '../platform/db/db.ts'
import { influxString, seriesRows, type InfluxClient } from '../platform/influx/client.ts'
import { distanceM, judgeVisit, type Verdict, type VisitPlace, type VisitTelemetry } from './schedule.ts'
import type { MaintenanceStore } from './store.ts'

/** How far back a state before the window may tell the lift's mode (a terminal reports changes and a heartbeat). */
const LOOKBACK_MS = 6 * 3_600_000

export function createVisitVerifier (deps: { db: Db, influx: InfluxClient, store: MaintenanceStore, minVisitMs: number, gpsRadiusM: number }) {
  async function telemetry (equipmentCode: string, from: number, to: number): Promise<VisitTelemetry | null> {
    const [bound] = await deps.db.query('select 1 from gateway_equipment where kind = \'elevator\' and code = $1', [equipmentCode])
    if (bound === undefined) return { hasTerminal: false, points: 0, inspectionModePoints: 0, modeBefore: null }
    const lift = influxString(equipmentCode)
    try {
      const [counts, before] = await Promise.all([
        deps.influx.query(`SELECT mode FROM elevator_state WHERE equipment = ${lift} AND time >= ${from}ms AND time <= ${to}ms`),
        deps.influx.query(`SELECT last(mode) AS mode FROM elevator_state WHERE equipment = ${lift} AND time < ${from}ms AND time >= ${from - LOOKBACK_MS}ms`)
      ])
      const modes = seriesRows(counts[0]).map((r) => r.mode)
      const last = seriesRows(before[0])[0]?.mode
      return {
        hasTerminal: true,
        points: modes.length,
        inspectionModePoints: modes.filter((m) => m === 2).length,
        modeBefore: typeof last === 'number' ? last : null
      }
    } catch {
      return null
    }
  }

  /** How far from the lift's registered place the visit started, when the phone gave its position and the lift has one. */
  async function placeOf (record: { elevatorId: number, latitude: number | null, longitude: number | null, gpsAccuracyM: number | null }): Promise<VisitPlace> {
    const none = { distanceM: null, accuracyM: null, radiusM: deps.gpsRadiusM }
    if (record.latitude === null || record.longitude === null) return none
    const [lift] = await deps.db.query<{ latitude: number | null, longitude: number | null }>('select latitude, longitude from elevators where id = $1', [record.elevatorId])
    if (lift?.latitude == null || lift.longitude == null) return none
    return { distanceM: distanceM({ latitude: record.latitude, longitude: record.longitude }, { latitude: lift.latitude, longitude: lift.longitude }), accuracyM: record.gpsAccuracyM, radiusM: deps.gpsRadiusM }
  }

  return {
    /** Judges one submitted record and stores the verdict; null when the record is not submitted. */
    async verify (record: { id: number, elevatorId: number, equipmentCode: string, startedAt: Date, endedAt: Date | null, latitude: number | null, longitude: number | null, gpsAccuracyM: number | null }): Promise<{ verified: boolean, reason: Verdict, inspectionModePoints: number } | null> {
      if (record.endedAt === null) return null
      const from = new Date(record.startedAt).getTime()
      const to = new Date(record.endedAt).getTime()
      const [t, place] = await Promise.all([telemetry(record.equipmentCode, from, to), placeOf(record)])
      const verdict = { ...judgeVisit(t, to - from, deps.minVisitMs, place), inspectionModePoints: t?.inspectionModePoints ?? 0 }
      await deps.store.setVerification(record.id, verdict)
      return verdict
    }
  }
}

export type VisitVerifier = ReturnType<typeof createVisitVerifier>
