// Which states need a point of their own in InfluxDB. A lift standing still sends the same state every 5 s
// as its heartbeat (domain.md §7); at a city's size those repeats are most of the traffic and, stored as
// full points, most of InfluxDB's work (issue #14, docs/performance.md). A state identical to the lift's
// last point — every field, counters included, only `ts` differs — and less than `pointEveryMs` after it
// adds nothing a user or regulator can ask for: the history's step line already holds that value until
// the next point. So it is acknowledged and announced (liveness, the rules, the live view) but not written
// again; an unchanged lift still gets a point every `pointEveryMs`, so its history shows it alive. Only a
// point already durable counts as the last one (`remember` runs after the write-ahead log's sync): a state
// is never skipped for a point that may still fail to be written. Pure; one small string per lift.
import type { ElevatorState } from './payloads.ts'

/** Every field but the time, in a fixed order: two states with the same key say the same thing. */
export function stateKey (s: ElevatorState): string {
  return `${s.mode}|${s.moving ? 1 : 0}|${s.dir}|${s.floor}|${s.doorZone ? 1 : 0}|${s.doorClosed ? 1 : 0}|${s.occupied ? 1 : 0}|` +
    `${s.speed ?? ''}|${s.load ?? ''}|${s.power ?? ''}|${s.runHours ?? ''}|${s.trips ?? ''}`
}

export interface UnchangedStates {
  /** Whether this state of the lift needs its own point. */
  needsPoint (equipmentCode: string, state: ElevatorState): boolean
  /** This state's point is durable: the next ones compare with it. */
  remember (equipmentCode: string, state: ElevatorState): void
}

/** `pointEveryMs` 0: every state is a point (the behaviour before issue #14). */
export function createUnchangedStates (pointEveryMs: number): UnchangedStates {
  const last = new Map<string, { key: string, ts: number }>()
  return {
    needsPoint (equipmentCode, state) {
      if (pointEveryMs === 0) return true
      const previous = last.get(equipmentCode)
      // Older than the last point (a replay, a gateway's buffer sent late): written.
      if (previous === undefined || state.ts < previous.ts) return true
      return state.ts - previous.ts >= pointEveryMs || previous.key !== stateKey(state)
    },
    remember (equipmentCode, state) {
      if (pointEveryMs === 0) return
      const previous = last.get(equipmentCode)
      if (previous === undefined || state.ts >= previous.ts) last.set(equipmentCode, { key: stateKey(state), ts: state.ts })
    }
  }
}
