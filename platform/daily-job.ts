// A job that runs on start and then every day at a local time of the city (HH:MM in CITY_TIMEZONE): the
// inspection scan and the maintenance scan. Every API node runs its jobs; a job makes itself idempotent
// across nodes (the stores take an advisory lock and answer null when another node holds it, and key what
// they raise so a repeated run raises nothing twice). A failed run, or one that says it is incomplete (a
// part that needs InfluxDB, which did not answer), is logged and tried again RETRY_MS later, until the next
// scheduled time: a city's service restarted into a reconnection storm must not wait a day for the checks
// that timed out. stop() cancels a run in progress and waits for it to end: the work gets an AbortSignal and
// hands it to every InfluxDB query (at 100,000 lifts the maintenance scan's day of hourly queries kept a
// shutdown waiting for many minutes).
import type { Logger } from 'pino'
import { localDate, nextRunAt } from './calendar.ts'

/** How long after a failed or incomplete run the job is tried again. */
export const RETRY_MS = 10 * 60_000

export interface DailyJob<T> {
  /** One run on the city's date now; null when another node holds the job. */
  run (): Promise<T | null>
  stop (): Promise<void>
}

export function startDailyJob<T> (deps: {
  name: string
  /** HH:MM on the city's clock. */
  at: string
  timeZone: string
  /** The work on the city's date; null when another node is doing it. `signal` aborts when the job stops. */
  work: (today: string, signal: AbortSignal) => Promise<T | null>
  /** What a finished run logs besides the date (counts, never records). */
  summary?: (result: T) => Record<string, unknown>
  /** Whether a finished run left a part undone (it is tried again RETRY_MS later). */
  incomplete?: (result: T) => boolean
  log: Logger
  now?: () => number
}): DailyJob<T> {
  const { name, log } = deps
  const now = deps.now ?? Date.now
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()
  const stopping = new AbortController()

  async function run () {
    const today = localDate(now(), deps.timeZone)
    const result = await deps.work(today, stopping.signal)
    if (result === null) log.info({ today }, `${name} skipped: another node is running it`)
    else log.info({ today, ...deps.summary?.(result) }, `${name} done`)
    return result
  }

  /** Runs the job; whether it must be tried again. */
  const runOnce = (): Promise<boolean> => {
    const done = run().then(
      (result) => {
        const again = result !== null && deps.incomplete?.(result) === true
        if (again) log.warn(`${name} left a part undone; it is tried again in ${RETRY_MS / 60_000} minutes`)
        return again
      },
      (err: Error) => {
        if (stopping.signal.aborted) log.info(`${name} cancelled: the service is stopping`)
        else log.error({ err }, `${name} failed; it is tried again in ${RETRY_MS / 60_000} minutes`)
        return true
      })
    running = done
    return done
  }

  function schedule (retry: boolean) {
    if (stopped) return
    // Capped at a day: a long timer is also how a laptop that slept catches up.
    const next = Math.min(Math.max(nextRunAt(now(), deps.at, deps.timeZone) - now(), 1000), 86_400_000)
    const wait = retry ? Math.min(RETRY_MS, next) : next
    timer = setTimeout(() => { void runOnce().then(schedule) }, wait)
  }

  void runOnce().then(schedule)

  return {
    run,
    async stop () {
      stopped = true
      if (timer !== null) clearTimeout(timer)
      stopping.abort()
      await running
    }
  }
}
