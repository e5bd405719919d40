// What the alert rules know of a lift after a restart, rebuilt from its last stored states (pure; the
// engine reads them from InfluxDB). Without it a restart forgets the lifts: one silent across the downtime
// is never flagged offline, an alarm press before the first heartbeat finds nobody inside, and a car
// already stopped with a passenger starts its 15/90 s wait again.
import type { ElevatorState } from '../elevators/payloads.ts'
import { DEFAULT_STAFF_MODES, emptyMemory, isStill, type LiftMemory, type RuleThresholds } from './rules.ts'
import type { AlertType } from './types.ts'

/**
 * The memory the rules would have now had they never stopped, from the lift's stored states, newest first
 * (their `ts` as stored: the terminal's time, or the broker's when the terminal sent none), its open
 * alerts, and when a person last closed one of its entrapments.
 */
export function seedMemory (states: readonly ElevatorState[], open: Iterable<AlertType>, lastClosedEntrapmentAt: number | null, t: RuleThresholds): LiftMemory {
  const memory = emptyMemory(open)
  const last = states[0]
  if (last === undefined) return memory
  const staffModes = t.staffModes ?? DEFAULT_STAFF_MODES
  memory.lastSeenAt = last.ts
  memory.occupied = last.occupied
  memory.mode = last.mode
  memory.doorZone = last.moving ? null : last.doorZone
  if (!isStill(last, staffModes)) return memory
  // The stop began with the oldest state of the unbroken still run in the same door zone (or earlier:
  // the run may go back beyond what was read).
  let since = last.ts
  for (const s of states) {
    if (!isStill(s, staffModes) || s.doorZone !== last.doorZone) break
    since = s.ts
  }
  memory.stillInDoorZone = last.doorZone
  if (lastClosedEntrapmentAt !== null && lastClosedEntrapmentAt >= since) {
    // This stop's entrapment was closed already: only the stuck-sensor wait, counted from the close, runs.
    memory.spent = true
    memory.stillSince = lastClosedEntrapmentAt
  } else {
    memory.stillSince = since
  }
  return memory
}
