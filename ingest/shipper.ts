// Ships the write-ahead log to InfluxDB: a batch goes when it reaches `batchSize` lines or when its oldest
// line has waited `batchIntervalMs`. Up to `concurrency` batches are in flight at once: one write at a time
// leaves InfluxDB idle while the service reads the next chunk and waits for its busy event loop, and that
// latency, not InfluxDB, set the rate (docs/performance.md). Batches may land out of order — harmless, a
// point is keyed by series and time — but the checkpoint only ever moves over a contiguous shipped prefix,
// so a crash replays what was in flight and skips nothing. Failures are retried with capped exponential
// backoff; while InfluxDB is away the log keeps growing on disk and is replayed when it is back.
import type { Wal, WalBatch, WalPosition } from './wal.ts'
import { InfluxHttpError, type InfluxClient } from '../platform/influx/client.ts'

export interface ShipperOptions {
  batchSize: number
  batchIntervalMs: number
  /** Batches written to InfluxDB at the same time (default 2). */
  concurrency?: number
  /** Longest the checkpoint trails the shipped data while busy (default 250 ms); idle, it follows at once. */
  checkpointIntervalMs?: number
  /** Called for every failed attempt, so the caller can log and count it. */
  onError?: (err: Error, attempt: number) => void
  onShipped?: (lines: number) => void
  /** A batch InfluxDB refused as malformed (4xx other than auth): it cannot succeed by retrying. */
  onRejected?: (err: InfluxHttpError, lines: number) => void
}

export interface ShipperStatus {
  up: boolean
  lastError: string | null
  lastSuccessAt: number | null
  /** Durable lines not yet in InfluxDB. */
  backlogLines: number
  spoolBytes: number
}

interface InFlight { batch: WalBatch, settled: boolean, shipped: boolean }

const MAX_BACKOFF_MS = 30_000

export function startShipper (wal: Wal, influx: InfluxClient, options: ShipperOptions) {
  const concurrency = options.concurrency ?? 2
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 250
  let readFrom: WalPosition = { ...wal.start }
  const inFlight: InFlight[] = []
  let inFlightLines = 0
  // Shipped, contiguous from the last checkpoint, not yet checkpointed.
  let shippedLines = 0
  let shippedTo: WalPosition = { ...wal.start }
  let lastCheckpointAt = 0
  let running = true
  let firstWaitingAt: number | null = wal.backlogLines > 0 ? Date.now() : null
  let lastError: string | null = null
  let lastSuccessAt: number | null = null
  let up = true

  const unsent = () => wal.backlogLines - shippedLines - inFlightLines

  // Sleepers: the loop's wait (woken by new data, a settled write or stop) and the retry back-offs (stop only).
  const sleepers = new Set<() => void>()
  let poke: (() => void) | null = null
  const sleep = (ms: number, wakeable: boolean) => new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done () { clearTimeout(timer); sleepers.delete(done); if (poke === done) poke = null; resolve() }
    sleepers.add(done)
    if (wakeable) poke = done
  })

  const onDurable = () => {
    if (firstWaitingAt === null) firstWaitingAt = Date.now()
    poke?.()
  }
  wal.on('durable', onDurable)

  /** Writes one batch until it is in InfluxDB (true), refused as malformed (true), or the shipper stops (false). */
  async function send (batch: WalBatch): Promise<boolean> {
    for (let attempt = 1; running; attempt++) {
      try {
        await influx.write(batch.text, batch.precision)
        up = true
        lastSuccessAt = Date.now()
        options.onShipped?.(batch.lines)
        return true
      } catch (err) {
        const error = err as Error
        lastError = error.message
        if (error instanceof InfluxHttpError && error.status === 404) {
          await influx.ensureDatabase().catch(() => false)
        } else if (error instanceof InfluxHttpError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403 && error.status !== 429) {
          // InfluxDB stored the valid points of the batch and named the bad ones; retrying cannot help.
          options.onRejected?.(error, batch.lines)
          return true
        }
        up = false
        options.onError?.(error, attempt)
        await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(attempt - 1, 7)), false)
      }
    }
    return false
  }

  async function startWrites () {
    while (running && inFlight.length < concurrency) {
      const waiting = unsent()
      if (waiting <= 0) { firstWaitingAt = null; return }
      const waited = firstWaitingAt === null ? 0 : Date.now() - firstWaitingAt
      if (waiting < options.batchSize && waited < options.batchIntervalMs) return
      const batch = await wal.read(readFrom, options.batchSize)
      // Nothing readable although counted: wait for the next durable append rather than spin.
      if (batch === null) { firstWaitingAt = null; return }
      readFrom = batch.end
      inFlightLines += batch.lines
      const entry: InFlight = { batch, settled: false, shipped: false }
      inFlight.push(entry)
      void send(batch).then((shipped) => { entry.shipped = shipped; entry.settled = true; poke?.() })
      if (unsent() <= 0) firstWaitingAt = null
    }
  }

  async function collectShipped () {
    while (inFlight[0]?.settled === true && inFlight[0].shipped) {
      const { batch } = inFlight.shift()!
      inFlightLines -= batch.lines
      shippedLines += batch.lines
      shippedTo = batch.end
    }
    const idle = inFlight.length === 0 && unsent() <= 0
    if (shippedLines === 0 || (!idle && running && Date.now() - lastCheckpointAt < checkpointIntervalMs)) return
    try {
      await wal.checkpoint(shippedTo, shippedLines)
      shippedLines = 0
      lastCheckpointAt = Date.now()
    } catch (err) {
      // The data is in InfluxDB; only the bookmark failed (a restart would resend it, harmlessly). The next
      // round tries again.
      options.onError?.(new Error(`could not record the shipped position in the write-ahead log: ${(err as Error).message}`), 0)
    }
  }

  // A settle or an append may have come while the loop was busy (nobody to poke): look again before sleeping.
  function nextWakeIn (): number {
    if (inFlight[0]?.settled === true) return 0
    if (inFlight.length < concurrency && unsent() > 0 && firstWaitingAt !== null) {
      if (unsent() >= options.batchSize) return 0
      return Math.max(0, options.batchIntervalMs - (Date.now() - firstWaitingAt))
    }
    if (shippedLines > 0) return Math.max(1, checkpointIntervalMs - (Date.now() - lastCheckpointAt))
    return 60_000
  }

  const loop = (async () => {
    while (running) {
      await startWrites()
      await collectShipped()
      if (!running) break
      const wait = nextWakeIn()
      if (wait > 0) await sleep(wait, true)
    }
    // Writes still in flight finish or give up (stop() woke their back-offs); keep what they shipped.
    while (inFlight.some((e) => !e.settled)) await new Promise((resolve) => setTimeout(resolve, 5))
    await collectShipped()
  })()

  return {
    status (): ShipperStatus {
      return { up, lastError, lastSuccessAt, backlogLines: wal.backlogLines - shippedLines, spoolBytes: wal.diskBytes }
    },
    /** Resolves once everything durable so far is in InfluxDB and checkpointed (tests and graceful shutdown). */
    async drain (timeoutMs = 30_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs
      while (wal.backlogLines > 0 && Date.now() < deadline) {
        firstWaitingAt = 0
        poke?.()
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return wal.backlogLines === 0
    },
    async stop () {
      running = false
      wal.off('durable', onDurable)
      for (const wake of [...sleepers]) wake()
      await loop
    }
  }
}

export type Shipper = ReturnType<typeof startShipper>
