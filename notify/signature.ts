// How a webhook delivery is signed, and how a receiver checks it (docs/webhooks.md shows the same check for
// receivers to copy). The signature covers the timestamp and the exact body bytes, so a captured request
// cannot be replayed outside the receiver's window nor have its body or its time changed. Pure: no I/O.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'x-tianjian-signature'
export const TIMESTAMP_HEADER = 'x-tianjian-timestamp'
export const DELIVERY_HEADER = 'x-tianjian-delivery'
export const EVENT_HEADER = 'x-tianjian-event'

/** The replay window we document for receivers: a delivery signed longer ago (or ahead) than this is refused. */
export const REPLAY_WINDOW_S = 300

/** `sha256=<hex>` of HMAC-SHA256(secret, "{timestamp}.{body}"); the timestamp is whole Unix seconds. */
export function signDelivery (secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** The receiver's side: true when the signature matches and the timestamp is inside the window. */
export function verifyDelivery (secret: string, headers: { timestamp: string | undefined, signature: string | undefined }, body: string,
  now = Date.now(), windowS = REPLAY_WINDOW_S): boolean {
  const timestamp = Number(headers.timestamp)
  if (!/^\d{1,12}$/.test(headers.timestamp ?? '') || Math.abs(now / 1000 - timestamp) > windowS) return false
  const expected = Buffer.from(signDelivery(secret, timestamp, body))
  const given = Buffer.from(headers.signature ?? '')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
