// Whether a broker node takes one more connection, by how busy its event loop has been (overload
// protection, MQTT_OVERLOAD_BUSY_PCT). Pure; the broker keeps the counts.
//
// A new gateway's load shows only after it is in (its status, every lift's state at once, then a message
// per lift every few seconds), so admitting all who wait whenever the loop dips below the line overshoots:
// in the 100,000-lift demo the loop dipped, thousands waiting came in at once, and it stayed saturated with
// ~10,000 gateways. Hence three bands:
// - below half the line the node is far from full: everyone is admitted (a normal start-up stays fast);
// - between half and the line it is filling: a few per part of the window (10 and 1% of those connected),
//   so each part's newcomers are measured before the next;
// - at or above the line it is full: new connections are refused (CONNACK 3) and retry later.

export interface AdmissionInput {
  /** The loop's busy share over the last window, 0–1. */
  busy: number
  /** The line: MQTT_OVERLOAD_BUSY_PCT / 100. */
  threshold: number
  /** Connections admitted since the window's current part began. */
  admittedThisPart: number
  /** Connections open on this node. */
  connections: number
}

export function admitConnection (o: AdmissionInput): boolean {
  if (o.busy >= o.threshold) return false
  if (o.busy < o.threshold / 2) return true
  return o.admittedThisPart < 10 + Math.floor(o.connections / 100)
}
