// The rescue clocks count from the server's timestamps, so they must run on the server's time: a desk PC
// whose clock is two minutes slow would show two minutes less against a 30-minute arrival limit. Every
// answer's Date header (one-second resolution) gives the offset; it is applied only when it exceeds the
// header's own rounding, so a well-set clock is left alone.
const TOLERANCE_MS = 2000
let offsetMs = 0

export function noteServerDate (header: string | null, receivedAt = Date.now()) {
  if (header === null) return
  const server = Date.parse(header)
  if (Number.isNaN(server)) return
  // The header is truncated to the second: its midpoint is the better estimate.
  const measured = server + 500 - receivedAt
  offsetMs = Math.abs(measured) > TOLERANCE_MS ? measured : 0
}

/** Now, on the server's clock (epoch ms). */
export function serverNow (): number {
  return Date.now() + offsetMs
}
