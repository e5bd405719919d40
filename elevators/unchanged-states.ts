// Which states need a point of their own in InfluxDB. A lift standing still sends the same state every 5 s
// as its heartbeat (domain.md §7); at a city's size those repeats are most of the traffic and, stored as
// full points, most of InfluxDB's work (issue #14, docs/performance.md). A state identical to the lift's
// last point — every field, counters included, only `ts` differs — and less than `pointEveryMs` after it
// adds nothing a user or regulator can ask for: the history's step line already holds that value until
// the next point. So it is acknowledged and announced (liveness, the rules, the live view) but not written
// again; an unchanged lift still gets a point every `pointEveryMs`, so its history shows it alive. A repeat
// is skipped only for a point already durable (`durable` runs after the write-ahead log's sync), never for
// one that may still fail to be written. Pure; holds the last point's record per lift.
import type { ElevatorState } from './payloads.ts'

/** Every field but the time is the same (a field absent from one and present in the other differs). */
export function sameState (a: ElevatorState, b: ElevatorState): boolean {
  // Field by field rather than through a key string built per message: no allocation on the hot path.
  return a.mode === b.mode && a.moving === b.moving && a.dir === b.dir && a.floor === b.floor &&
    a.doorZone === b.doorZone && a.doorClosed === b.doorClosed && a.occupied === b.occupied &&
    a.speed === b.speed && a.load === b.load && a.power === b.power && a.runHours === b.runHours && a.trips === b.trips
}

export interface UnchangedStates {
  /** Whether this state of the lift needs its own point; when it does, it becomes the lift's last point. */
  needsPoint (equipmentCode: string, state: ElevatorState): boolean
  /** This state (the same record `needsPoint` was asked about) is durable: a repeat may now lean on it. */
  durable (equipmentCode: string, state: ElevatorState): void
}

/** `pointEveryMs` 0: every state is a point (the behaviour before issue #14). */
export function createUnchangedStates (pointEveryMs: number): UnchangedStates {
  // The lift's latest point, written or being written; only a durable one lets a repeat be skipped. Messages
  // of one connection are decided one after another but made durable together: the next is compared with
  // the point before it even while that one waits for the disk.
  const last = new Map<string, { state: ElevatorState, durable: boolean }>()
  return {
    needsPoint (equipmentCode, state) {
      if (pointEveryMs === 0) return true
      const previous = last.get(equipmentCode)
      // Older than the last point (a replay, a gateway's buffer sent late): written, and not the latest.
      if (previous !== undefined && state.ts < previous.state.ts) return true
      if (previous !== undefined && previous.durable && state.ts - previous.state.ts < pointEveryMs && sameState(previous.state, state)) return false
      last.set(equipmentCode, { state, durable: false })
      return true
    },
    durable (equipmentCode, state) {
      const previous = last.get(equipmentCode)
      // By identity: no second key per message, and a record that got no point (or was overtaken) is a no-op.
      if (previous !== undefined && previous.state === state) previous.durable = true
    }
  }
}
