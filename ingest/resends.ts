// A QoS 1 message sent again — with DUP after a lost PUBACK [MQTT-3.3.1-1], or after reconnecting (mqtt.js
// keeps the packet id and does not set DUP) — must be stored once. Items with `ts` land on the same points
// again by themselves (./point-time.ts); items without `ts` take the receive time, which is later on the
// resend. So the receive time of recent QoS 1 messages that used it is remembered by gateway, client id,
// packet id and payload, and a resend decodes with the first sending's. Bounded in entries and in time: a
// client reuses a packet id for a new message after 65,535 others, and a new message equal byte for byte
// to one within the window is indistinguishable from a resend (stored once). Not kept across a restart:
// gateways should send `ts` (docs/gateway-protocol.md).

/** Messages remembered (about 100 bytes each). */
export const RESEND_ENTRIES = 100_000
/** A resend comes after a reconnect: within the keep-alive timeout (1.5 × keep-alive) and some retries. */
export const RESEND_WINDOW_MS = 10 * 60_000

interface Sent { at: number, bytes: number, hash: number }

/** FNV-1a, 32 bits, over bytes. */
function bytesHash (payload: Uint8Array): number {
  let h = 0x811c9dc5
  for (let i = 0; i < payload.length; i++) h = Math.imul(h ^ payload[i]!, 0x01000193)
  return h >>> 0
}

export function createResendMemory (options: { entries?: number, windowMs?: number } = {}) {
  const entries = options.entries ?? RESEND_ENTRIES
  const windowMs = options.windowMs ?? RESEND_WINDOW_MS
  const sent = new Map<string, Sent>()

  return {
    key: (gatewayId: string, clientId: string, messageId: number) => `${gatewayId}\n${clientId}\n${messageId}`,
    /** When `payload` was first received under `key`, if this is a recent resend of it; else `now`. */
    receivedAt (key: string, payload: Uint8Array, now: number): number {
      const first = sent.get(key)
      if (first === undefined || now - first.at > windowMs || first.bytes !== payload.length) return now
      return first.hash === bytesHash(payload) ? first.at : now
    },
    /** `payload` under `key` took `receivedAt` as the time of some of its items. */
    remember (key: string, payload: Uint8Array, receivedAt: number) {
      if (sent.size >= entries && !sent.has(key)) sent.delete(sent.keys().next().value!)
      sent.set(key, { at: receivedAt, bytes: payload.length, hash: bytesHash(payload) })
    },
    get size () { return sent.size }
  }
}
