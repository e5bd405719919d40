// Ships the write-ahead log to InfluxDB in order: a batch goes when it reaches `batchSize` lines or when
// its oldest line has waited `batchIntervalMs`. Failures are retried with capped exponential backoff and
// never skip data; while InfluxDB is away the log keeps growing on disk and is replayed when it is back.
import type { Wal, WalPosition } from './wal.ts'
import { InfluxHttpError, type InfluxClient } from './influx.ts'

export interface ShipperOptions {
  batchSize: number
  batchIntervalMs: number
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
  backlogLines: number
  spoolBytes: number
}

const MAX_BACKOFF_MS = 30_000

export function startShipper (wal: Wal, influx: InfluxClient, options: ShipperOptions) {
  let position: WalPosition = { ...wal.start }
  let running = true
  let wake: (() => void) | null = null
  let firstWaitingAt: number | null = null
  let lastError: string | null = null
  let lastSuccessAt: number | null = null
  let up = true

  const onDurable = () => {
    if (firstWaitingAt === null) firstWaitingAt = Date.now()
    wake?.()
  }
  wal.on('durable', onDurable)
  if (wal.backlogLines > 0) firstWaitingAt = Date.now()

  // New data wakes the batching wait early; only stop() cuts a retry back-off short.
  let stopWaiting: (() => void) | null = null
  const sleep = (ms: number, wakeOnData = true) => new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done () { clearTimeout(timer); wake = null; stopWaiting = null; resolve() }
    if (wakeOnData) wake = done
    stopWaiting = done
  })

  async function shipOnce (): Promise<boolean> {
    const batch = await wal.read(position, options.batchSize)
    if (batch === null) { firstWaitingAt = null; return false }
    for (let attempt = 1; running; attempt++) {
      try {
        await influx.write(batch.text)
        break
      } catch (err) {
        const error = err as Error
        lastError = error.message
        if (error instanceof InfluxHttpError && error.status === 404) {
          await influx.ensureDatabase()
        } else if (error instanceof InfluxHttpError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 403 && error.status !== 429) {
          // InfluxDB stored the valid points of the batch and named the bad ones; retrying cannot help.
          options.onRejected?.(error, batch.lines)
          break
        }
        up = false
        options.onError?.(error, attempt)
        await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(attempt - 1, 7)), false)
      }
    }
    if (!running) return false
    up = true
    lastSuccessAt = Date.now()
    position = batch.end
    await wal.checkpoint(position, batch.lines)
    if (wal.backlogLines === 0) firstWaitingAt = null
    options.onShipped?.(batch.lines)
    return true
  }

  const loop = (async () => {
    while (running) {
      const backlog = wal.backlogLines
      const waited = firstWaitingAt === null ? 0 : Date.now() - firstWaitingAt
      if (backlog > 0 && (backlog >= options.batchSize || waited >= options.batchIntervalMs)) {
        if (!await shipOnce() && running) await sleep(options.batchIntervalMs)
        continue
      }
      await sleep(backlog > 0 ? options.batchIntervalMs - waited : 60_000)
    }
  })()

  return {
    status (): ShipperStatus {
      return { up, lastError, lastSuccessAt, backlogLines: wal.backlogLines, spoolBytes: wal.diskBytes }
    },
    /** Resolves once everything durable so far is in InfluxDB (tests and graceful shutdown). */
    async drain (timeoutMs = 30_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs
      while (wal.backlogLines > 0 && Date.now() < deadline) {
        firstWaitingAt = 0
        wake?.()
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return wal.backlogLines === 0
    },
    async stop () {
      running = false
      wal.off('durable', onDurable)
      stopWaiting?.()
      await loop
    }
  }
}

export type Shipper = ReturnType<typeof startShipper>
