// The spool's bound (SPOOL_MAX_MB): while InfluxDB is away the write-ahead log holds what it has not
// stored, and a long outage must not fill the disk under the embedded database and the log's own syncs.
// When what waits for InfluxDB would pass the bound, a message is held instead of written: its PUBACK
// waits (Aedes reads no more of that connection meanwhile, so the gateway stops sending), and it is written
// and acknowledged in arrival order as soon as shipped data makes room. A message held longer than
// HOLD_MAX_MS is refused: Aedes closes the connection and the gateway sends it again after reconnecting.
// Nothing acknowledged is dropped; a held message whose connection closed was never acknowledged, and its
// gateway resends it (QoS 1). Being full is said in /metrics, /api/health and the log.
import type { Logger } from 'pino'
import type { Wal } from './wal.ts'
import type { Metrics } from '../platform/metrics.ts'

type Callback = (err?: Error | null) => void

export interface SpoolOptions {
  wal: Wal
  /** What may wait for InfluxDB in the log, in bytes. */
  maxBytes: number
  metrics: Pick<Metrics, 'counter' | 'gauge'>
  log: Pick<Logger, 'error' | 'warn'>
  /** How long a message may be held before its connection is refused (default HOLD_MAX_MS). */
  holdMaxMs?: number
}

export interface SpoolStatus { full: boolean, limitBytes: number, held: number }

interface Held { text: string, lines: number, bytes: number, sender: Sender, cb: Callback, since: number }

/** Who sent a message: an Aedes client, as far as the spool needs to know it. */
export interface Sender { readonly closed: boolean }

/** Beyond this a held connection is closed: within a usual keep-alive (60 s × 1.5), so the gateway sees why. */
export const HOLD_MAX_MS = 30_000
const SWEEP_MS = 1_000

export class SpoolFullError extends Error {
  constructor (limitBytes: number) {
    super(`the spool for InfluxDB is full (${limitBytes} bytes): message not acknowledged, send it again`)
    this.name = 'SpoolFullError'
  }
}

export function createSpool (options: SpoolOptions) {
  const { wal, maxBytes, metrics, log } = options
  const holdMaxMs = options.holdMaxMs ?? HOLD_MAX_MS
  const held: Held[] = []
  let full = false
  let sweeper: NodeJS.Timeout | null = null

  const heldTotal = metrics.counter('tianjian_spool_full_held_total', 'Messages whose acknowledgement waited because the spool for InfluxDB was full')
  const refusedTotal = metrics.counter('tianjian_spool_full_refused_total', 'Messages refused (connection closed, the gateway resends) after waiting too long for room in the spool', ['reason'])
  metrics.gauge('tianjian_spool_full', '1 while the spool for InfluxDB is full and acknowledgements wait', () => (full ? 1 : 0))
  metrics.gauge('tianjian_spool_held_messages', 'Messages waiting for room in the spool', () => held.length)
  metrics.gauge('tianjian_spool_bytes', 'Bytes in the write-ahead log not yet in InfluxDB', () => wal.backlogBytes)

  // A message larger than the whole bound still goes in once the log is empty, or it would wait forever.
  const fits = (bytes: number) => wal.backlogBytes + bytes <= maxBytes || wal.backlogBytes === 0

  function setFull (now: boolean) {
    if (now === full) return
    full = now
    if (full) log.error({ limitBytes: maxBytes, spooledBytes: wal.backlogBytes, spooledPoints: wal.backlogLines }, 'spool for InfluxDB is full (SPOOL_MAX_MB): holding acknowledgements until InfluxDB takes the backlog')
    else log.warn({ limitBytes: maxBytes, spooledBytes: wal.backlogBytes }, 'spool for InfluxDB has room again: acknowledging')
  }

  function release () {
    while (held.length > 0) {
      const next = held[0]!
      if (next.sender.closed) { held.shift(); refusedTotal.inc({ reason: 'disconnected' }); continue }
      if (!fits(next.bytes)) break
      held.shift()
      wal.append(next.text, next.lines, next.cb, next.bytes)
    }
    if (held.length === 0) stopSweeping()
    setFull(held.length > 0)
  }

  function sweep () {
    const now = Date.now()
    for (let i = 0; i < held.length;) {
      const h = held[i]!
      if (h.sender.closed) { held.splice(i, 1); refusedTotal.inc({ reason: 'disconnected' }); continue }
      if (now - h.since >= holdMaxMs) { held.splice(i, 1); refusedTotal.inc({ reason: 'timeout' }); h.cb(new SpoolFullError(maxBytes)); continue }
      i++
    }
    release()
  }

  function stopSweeping () {
    if (sweeper !== null) { clearInterval(sweeper); sweeper = null }
  }

  wal.on('checkpoint', release)

  return {
    /**
     * Writes `text` to the log, or holds it while the spool is full; `cb` is the log's answer. `sender.closed`:
     * the connection it came on is closed (nobody waits for the answer any more).
     */
    append (text: string, lines: number, sender: Sender, cb: Callback) {
      const bytes = Buffer.byteLength(text)
      // First come, first written: nothing overtakes a held message.
      if (held.length === 0 && fits(bytes)) return wal.append(text, lines, cb, bytes)
      held.push({ text, lines, bytes, sender, cb, since: Date.now() })
      heldTotal.inc()
      setFull(true)
      sweeper ??= setInterval(sweep, SWEEP_MS)
    },
    status (): SpoolStatus {
      return { full, limitBytes: maxBytes, held: held.length }
    },
    /** Refuses what is held (the service is stopping: the gateways resend to the next one). */
    close () {
      wal.off('checkpoint', release)
      stopSweeping()
      for (const h of held.splice(0)) h.cb(new SpoolFullError(maxBytes))
      full = false
    }
  }
}

export type Spool = ReturnType<typeof createSpool>
