// Which states need a point of their own in InfluxDB. A lift standing still sends the same state every 5 s
// as its heartbeat (domain.md §7); at a city's size those repeats are most of the traffic and, stored as
// full points, most of InfluxDB's work (issue #14, docs/performance.md). A state identical to the lift's
// last point — every field, counters included, only `ts` differs — and less than `pointEveryMs` after it
// adds nothing a user or regulator can ask for: the history's step line already holds that value until
// the next point. So it is acknowledged and announced (liveness, the rules, the live view) but not written
// again; an unchanged lift still gets a point every `pointEveryMs`, so its history shows it alive. A repeat
// is skipped only for a point already durable (`durable` runs after the write-ahead log's sync), never for
// one that may still fail to be written. Pure; one small string per lift.
import type { ElevatorState } from './payloads.ts'

/** Every field but the time, in a fixed order: two states with the same key say the same thing. */
export function stateKey (s: ElevatorState): string {
  return `${s.mode}|${s.moving ? 1 : 0}|${s.dir}|${s.floor}|${s.doorZone ? 1 : 0}|${s.doorClosed ? 1 : 0}|${s.occupied ? 1 : 0}|` +
    `${s.speed ?? ''}|${s.load ?? ''}|${s.power ?? ''}|${s.runHours ?? ''}|${s.trips ?? ''}`
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
  const last = new Map<string, { key: string, ts: number, state: ElevatorState, durable: boolean }>()
  return {
    needsPoint (equipmentCode, state) {
      if (pointEveryMs === 0) return true
      const previous = last.get(equipmentCode)
      // Older than the last point (a replay, a gateway's buffer sent late): written, and not the latest.
      if (previous !== undefined && state.ts < previous.ts) return true
      const key = stateKey(state)
      if (previous !== undefined && previous.durable && previous.key === key && state.ts - previous.ts < pointEveryMs) return false
      last.set(equipmentCode, { key, ts: state.ts, state, durable: false })
      return true
    },
    durable (equipmentCode, state) {
      const previous = last.get(equipmentCode)
      // By identity: no second key per message, and a record that got no point (or was overtaken) is a no-op.
      if (previous !== undefined && previous.state === state) previous.durable = true
    }
  }
}
