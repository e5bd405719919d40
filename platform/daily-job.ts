// A job that runs on start and then every day at a local time of the city (HH:MM in CITY_TIMEZONE): the
// inspection scan and the maintenance scan. Every API node runs its jobs; a job makes itself idempotent
// across nodes (the stores take an advisory lock and answer null when another node holds it, and key what
// they raise so a repeated run raises nothing twice). A failed run is logged and the next one comes at the
// next scheduled time; stop() waits for a run in progress.
import type { Logger } from 'pino'
import { localDate, nextRunAt } from './calendar.ts'

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
  /** The work on the city's date; null when another node is doing it. */
  work: (today: string) => Promise<T | null>
  /** What a finished run logs besides the date (counts, never records). */
  summary?: (result: T) => Record<string, unknown>
  log: Logger
  now?: () => number
}): DailyJob<T> {
  const { name, log } = deps
  const now = deps.now ?? Date.now
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()

  async function run () {
    const today = localDate(now(), deps.timeZone)
    const result = await deps.work(today)
    if (result === null) log.info({ today }, `${name} skipped: another node is running it`)
    else log.info({ today, ...deps.summary?.(result) }, `${name} done`)
    return result
  }

  const runOnce = () => {
    running = run().catch((err: Error) => log.error({ err }, `${name} failed; it runs again at the next scheduled time`))
    return running
  }

  function schedule () {
    if (stopped) return
    // Capped at a day: a long timer is also how a laptop that slept catches up.
    const wait = Math.min(Math.max(nextRunAt(now(), deps.at, deps.timeZone) - now(), 1000), 86_400_000)
    timer = setTimeout(() => { void runOnce().then(schedule) }, wait)
  }

  void runOnce().then(schedule)

  return {
    run,
    async stop () {
      stopped = true
      if (timer !== null) clearTimeout(timer)
      await running
    }
  }
}
