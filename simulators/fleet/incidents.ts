// Random incidents across a fleet: entrapments, alarm-button presses (some false), faults and maintenance
// visits, each a Poisson process at a fleet-wide rate per hour. Fleet-wide rates (not per lift) keep a demo
// lively at any fleet size: "4 entrapments an hour" reads the same for 50 lifts and for 20,000.
import type { Rng } from '../../platform/prng.ts'
import type { KnownEventCode } from '../../elevators/codes.ts'
import type { LiftInput, LiftState } from '../lift/lift-types.ts'

export interface IncidentRates {
  entrapmentsPerHour: number
  /** Share of entrapments between floors (非平层关人); the rest are at a landing (平层关人). */
  betweenFloorsShare: number
  /** Share of entrapments the terminal reports itself with the `entrapment` code. */
  reportedShare: number
  alarmsPerHour: number
  /** Share of alarm presses with nobody in the car. */
  falseAlarmShare: number
  faultsPerHour: number
  /** Maintenance visits in inspection mode (检修); every 15 days per lift is one per 360 lift-hours. */
  visitsPerHour: number
  /** Minutes from an entrapment to its release by the rescuers, drawn uniformly in this range. */
  rescueMinutes: readonly [number, number]
  /** The first entrapment this long after the start (a demo's first minute), then at the rate; null: at the rate. */
  firstEntrapmentAfterMs: number | null
}

export const NO_INCIDENTS: IncidentRates = {
  entrapmentsPerHour: 0, betweenFloorsShare: 0.5, reportedShare: 0.5, alarmsPerHour: 0, falseAlarmShare: 0.4,
  faultsPerHour: 0, visitsPerHour: 0, rescueMinutes: [8, 25], firstEntrapmentAfterMs: null
}

/** Faults by how often retrofit terminals report them; door faults dominate in practice. */
export const FAULT_WEIGHTS: ReadonlyArray<readonly [KnownEventCode, number]> = [
  ['02', 20], ['03', 15], ['01', 10], ['04', 8], ['07', 8], ['08', 8], ['door_lock_circuit', 8], ['06', 5],
  ['overrun_top', 4], ['overrun_bottom', 4], ['overspeed', 3], ['door_open_running', 3], ['05', 2]
]

export interface PlannedInput { at: number, lift: number, input: LiftInput }
export interface FleetView { readonly size: number, state (lift: number): LiftState }

const KINDS = ['entrapment', 'alarm', 'fault', 'visit'] as const
type Kind = typeof KINDS[number]
const MINUTE = 60_000

export function createIncidentPlanner (rates: IncidentRates, rng: Rng, start: number) {
  const perHour: Record<Kind, number> = {
    entrapment: rates.entrapmentsPerHour, alarm: rates.alarmsPerHour, fault: rates.faultsPerHour, visit: rates.visitsPerHour
  }
  const gap = (kind: Kind) => perHour[kind] > 0 ? rng.exponential(3_600_000 / perHour[kind]) : Infinity
  const next = Object.fromEntries(KINDS.map((k) => [k, start + gap(k)])) as Record<Kind, number>
  if (rates.firstEntrapmentAfterMs !== null && perHour.entrapment > 0) next.entrapment = start + rates.firstEntrapmentAfterMs

  /** A random lift matching `ok`; a bounded number of tries, since a busy fleet may have none free. */
  function find (fleet: FleetView, ok: (s: LiftState) => boolean): number | null {
    for (let i = 0; i < 64 && fleet.size > 0; i++) {
      const lift = rng.int(0, fleet.size - 1)
      if (ok(fleet.state(lift))) return lift
    }
    return null
  }
  const inService = (s: LiftState) => s.phase !== 'trapped' && s.phase !== 'inspection' && s.phase !== 'faulted' && s.jam === null

  function plan (kind: Kind, at: number, fleet: FleetView): PlannedInput[] {
    switch (kind) {
      case 'entrapment': {
        // Most entrapments happen to a car on its way with passengers; an idle car will take one aboard.
        const lift = find(fleet, (s) => inService(s) && s.phase === 'running' && s.riders.length > 0) ?? find(fleet, inService)
        if (lift === null) return []
        const planned: PlannedInput[] = [{
          at, lift, input: { type: 'trap', kind: rng.chance(rates.betweenFloorsShare) ? 'between_floors' : 'door_zone', report: rng.chance(rates.reportedShare) }
        }]
        // Trapped passengers usually press the alarm button, sometimes again when help is slow.
        if (rng.chance(0.6)) planned.push({ at: at + rng.int(5_000, 60_000), lift, input: { type: 'alarm_button', durationMs: rng.int(2000, 6000) } })
        if (rng.chance(0.3)) planned.push({ at: at + rng.int(2, 6) * MINUTE, lift, input: { type: 'alarm_button', durationMs: rng.int(2000, 6000) } })
        const [min, max] = rates.rescueMinutes
        planned.push({ at: at + Math.round(rng.real(min, max) * MINUTE), lift, input: { type: 'release' } })
        return planned
      }
      case 'alarm': {
        const falseAlarm = rng.chance(rates.falseAlarmShare)
        const lift = falseAlarm
          ? find(fleet, (s) => s.phase === 'idle' && s.riders.length === 0)
          : find(fleet, (s) => inService(s) && s.riders.length > 0)
        return lift === null ? [] : [{ at, lift, input: { type: 'alarm_button', durationMs: rng.int(1500, 5000) } }]
      }
      case 'fault': {
        const lift = find(fleet, inService)
        if (lift === null) return []
        return [{ at, lift, input: { type: 'fault', code: rng.weighted(FAULT_WEIGHTS), durationMs: rng.int(2, 20) * MINUTE } }]
      }
      case 'visit': {
        const lift = find(fleet, (s) => inService(s) && s.visit === null)
        return lift === null ? [] : [{ at, lift, input: { type: 'start_inspection', durationMs: rng.int(25, 50) * MINUTE } }]
      }
    }
  }

  return {
    /** Incidents that started by `now`, with their follow-ups (alarm presses, release) planned ahead. */
    due (now: number, fleet: FleetView): PlannedInput[] {
      const planned: PlannedInput[] = []
      for (const kind of KINDS) {
        while (next[kind] <= now) {
          const at = next[kind]
          next[kind] = at + gap(kind)
          planned.push(...plan(kind, at, fleet))
        }
      }
      return planned
    }
  }
}
