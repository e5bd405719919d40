// The station kind's timeline entries (filled, refused, forced_fill) go to cylinder_events in batches:
// a city's stations check and fill by the thousand an hour, and one insert statement per message would
// put a database round trip on the broker's path. Entries wait at most `flushMs`; a failed write is
// retried with the next batch (InfluxDB holds the fill already, durably, so nothing is lost meanwhile),
// and only a backlog beyond `maxQueued` — the database down for long — drops the oldest, counted and logged.
import type { Logger } from 'pino'
import type { Queryable } from '../platform/db/db.ts'
import type { Metrics } from '../platform/metrics.ts'
import { recordCylinderEvents, type CylinderEventInput } from './store.ts'

export interface TimelineWriterOptions {
  flushMs?: number
  maxBatch?: number
  maxQueued?: number
}

export function createTimelineWriter (deps: { db: Queryable, log: Pick<Logger, 'warn' | 'error'>, metrics: Pick<Metrics, 'counter'> }, o: TimelineWriterOptions = {}) {
  const flushMs = o.flushMs ?? 500
  const maxBatch = o.maxBatch ?? 2000
  const maxQueued = o.maxQueued ?? 200_000
  const written = deps.metrics.counter('tianjian_cylinder_timeline_events_total', 'Fill, refusal and forced-fill entries written to cylinders\' timelines')
  const dropped = deps.metrics.counter('tianjian_cylinder_timeline_dropped_total', 'Timeline entries dropped because the database stayed unreachable and the backlog passed its bound')
  let queue: CylinderEventInput[] = []
  let timer: NodeJS.Timeout | null = null
  let writing: Promise<void> = Promise.resolve()
  let failing = false

  async function writeOnce () {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch)
      try {
        await recordCylinderEvents(deps.db, batch)
      } catch (err) {
        if (!failing) deps.log.error({ err, waiting: queue.length }, 'could not write cylinder timeline entries; retrying')
        failing = true
        return
      }
      failing = false
      queue = queue.slice(batch.length)
      written.inc(batch.length)
    }
  }

  function flush (): Promise<void> {
    if (timer !== null) { clearTimeout(timer); timer = null }
    writing = writing.then(writeOnce)
    return writing.then(() => { if (queue.length > 0 && timer === null) timer = setTimeout(flush, flushMs * 4) })
  }

  return {
    push (entries: readonly CylinderEventInput[]) {
      if (entries.length === 0) return
      queue.push(...entries)
      if (queue.length > maxQueued) {
        const over = queue.length - maxQueued
        queue = queue.slice(over)
        dropped.inc(over)
        deps.log.warn({ dropped: over }, 'cylinder timeline backlog over its bound: oldest entries dropped')
      }
      if (queue.length >= maxBatch) void flush()
      else if (timer === null) timer = setTimeout(() => { void flush() }, flushMs)
    },
    /** Writes what waits (tests, shutdown). */
    flush,
    get waiting () { return queue.length },
    async stop () {
      await flush()
      if (timer !== null) { clearTimeout(timer); timer = null }
    }
  }
}

export type TimelineWriter = ReturnType<typeof createTimelineWriter>
