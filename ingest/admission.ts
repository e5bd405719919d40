// Whether a broker node takes one more connection, by how busy its event loop has been (overload
// protection, MQTT_OVERLOAD_BUSY_PCT). Pure: the broker feeds it the loop's samples and asks it at each
// CONNECT; it keeps no timer and does no I/O.
//
// A new gateway's load shows only after it is in (its status, every lift's state at once, then a message
// per lift every few seconds), so admitting all who wait whenever the loop dips below the line overshoots:
// in the 100,000-lift demo the loop dipped, thousands waiting came in at once, and it stayed saturated with
// ~10,000 gateways. Hence three bands:
// - below half the line the node is far from full: everyone is admitted (a normal start-up stays fast);
// - between half and the line it is filling: a few per part of the window (10 and 1% of those connected),
//   so each part's newcomers are measured before the next;
// - at or above the line it is full: new connections are turned away (closed as they are accepted, see
//   ingest/broker.ts) and retry later.
//
// And a ceiling. The bands alone crept: with ~7,500 gateways in, the busy share swung by the second (GC,
// InfluxDB's compactions and the simulator on the same cores), every part that dipped under the line let a
// few more in, nothing ever sent one away, and after 12–25 minutes the node held ~9,000 gateways with
// seconds of lag and a growing spool. So the number of connections open when the loop last reached the line
// is remembered as what the node holds, and no one is admitted beyond it until the loop shows room:
// - below half the line, each part lifts it to a tenth above those connected (at least a quota above, so a
//   start-up whose own work filled the loop before anyone was in still opens within a minute);
// - below ROOM_SHARE of the line for a whole window, each further part lifts it to a quota above them;
// - between ROOM_SHARE and the line it holds.
// Lifted from those connected, not from itself: gateways that are slow to come back leave no headroom to
// arrive in a burst later.

/** Busy below this share of the line, for a whole window, is room enough to raise the ceiling. */
export const ROOM_SHARE = 0.75

export interface Admission {
  /** A part of the window ended: the window's busy share (0–1) now, and the connections open now. */
  sample (busy: number, connections: number): void
  /** Whether the node takes no one now, whatever the part's quota: at the line, or at the ceiling. */
  full (connections: number): boolean
  /** Whether a CONNECT arriving now may go on to authentication. */
  admits (connections: number): boolean
  /** A connection was authenticated and is in: it counts against this part's quota. */
  admitted (): void
  /** Connections the node holds at most for now (Infinity until the loop first reaches the line). */
  readonly ceiling: number
}

/** `threshold`: the line, MQTT_OVERLOAD_BUSY_PCT / 100; `parts`: samples in one window. */
export function createAdmission (threshold: number, parts: number): Admission {
  let busy = 0
  let ceiling = Infinity
  let roomyParts = 0
  let admittedThisPart = 0
  const quota = (connections: number) => 10 + Math.floor(connections / 100)
  const full = (connections: number) => busy >= threshold || connections >= ceiling

  return {
    sample (windowBusy, connections) {
      busy = windowBusy
      admittedThisPart = 0
      if (busy >= threshold) {
        ceiling = Math.min(ceiling, connections)
        roomyParts = 0
      } else if (busy < threshold / 2) {
        roomyParts++
        ceiling = Math.max(ceiling, connections + Math.max(quota(connections), Math.floor(connections / 10)))
      } else if (busy < threshold * ROOM_SHARE) {
        if (++roomyParts >= parts) ceiling = Math.max(ceiling, connections + quota(connections))
      } else {
        roomyParts = 0
      }
    },
    full,
    admits (connections) {
      if (full(connections)) return false
      if (busy < threshold / 2) return true
      return admittedThisPart < quota(connections)
    },
    admitted () { admittedThisPart++ },
    get ceiling () { return ceiling }
  }
}
