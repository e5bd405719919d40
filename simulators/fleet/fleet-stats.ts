// What a fleet run did, counted as it happens: every message sent, every PUBACK received (an
// acknowledged message is one the broker made durable), what was dropped or skipped and why.

export interface FleetCounters {
  /** Messages handed to MQTT. */
  sent: number
  /** QoS 1 messages the broker acknowledged (PUBACK). Stays 0 at QoS 0, which has no acknowledgement. */
  acked: number
  /** QoS 1 messages whose publish failed (connection closed for good before the PUBACK). */
  failed: number
  /** Messages not sent because too many were already waiting for a PUBACK. */
  dropped: number
  /** Heartbeats not sent because the gateway was offline (a late heartbeat says nothing). */
  skippedOffline: number
  states: number
  events: number
  connects: number
  reconnects: number
  /** Connections the broker refused (CONNACK 4 or 5). */
  refused: number
}

export interface FleetStats extends FleetCounters {
  gateways: number
  lifts: number
  /** Gateways connected right now. */
  online: number
  /** Gateways waiting for their CONNACK. */
  connecting: number
  /** Gateways waiting to retry after a lost or refused connection (or powered off by a scenario). */
  retrying: number
  /** Gateways that connected at least once. */
  connectedOnce: number
  /** Messages waiting for their PUBACK. */
  inFlight: number
  trapped: number
  faulted: number
  inspection: number
  elapsedMs: number
}

export function createCounters (): FleetCounters {
  return { sent: 0, acked: 0, failed: 0, dropped: 0, skippedOffline: 0, states: 0, events: 0, connects: 0, reconnects: 0, refused: 0 }
}

const n = (v: number) => v.toLocaleString('en-US')

/** One line for a terminal, with rates since the previous line. */
export function formatStats (s: FleetStats, previous: FleetStats | null): string {
  const seconds = previous === null ? s.elapsedMs / 1000 : (s.elapsedMs - previous.elapsedMs) / 1000
  const rate = (now: number, before: number) => seconds > 0 ? Math.round((now - before) / seconds) : 0
  return [
    `${Math.round(s.elapsedMs / 1000)}s`,
    `online ${n(s.online)}/${n(s.gateways)} gateways (${n(s.connecting)} connecting, ${n(s.retrying)} retrying), ${n(s.lifts)} lifts`,
    `sent ${n(s.sent)} (${n(rate(s.sent, previous?.sent ?? 0))}/s)`,
    `acked ${n(s.acked)} (${n(rate(s.acked, previous?.acked ?? 0))}/s)`,
    `in flight ${n(s.inFlight)}`,
    `failed ${n(s.failed)}`,
    `dropped ${n(s.dropped)}`,
    `reconnects ${n(s.reconnects)}`,
    ...(s.refused > 0 ? [`refused ${n(s.refused)}`] : []),
    `trapped ${s.trapped}, faulted ${s.faulted}, inspection ${s.inspection}`
  ].join(' · ')
}
