// The daily job's timing: a run on start, the next at the scheduled local time, and a failed or incomplete
// run tried again RETRY_MS later (not a day later), on fake timers with the clock handed in.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import pino from 'pino'
import { RETRY_MS, startDailyJob } from '../platform/daily-job.ts'

const log = pino({ level: 'silent' })
// 2026-12-02 10:00 in Shanghai; the job runs at 06:00 there, 20 hours later.
const START = Date.parse('2026-12-02T02:00:00Z')

describe('a daily job', () => {
  beforeEach(() => { vi.useFakeTimers({ now: START }) })
  afterEach(() => { vi.useRealTimers() })

  function start (outcomes: Array<'ok' | 'incomplete' | 'throw'>) {
    const runs: number[] = []
    const job = startDailyJob({
      name: 'test job', at: '06:00', timeZone: 'Asia/Shanghai', log, now: () => Date.now(),
      work: async () => {
        runs.push(Date.now())
        const outcome = outcomes.shift() ?? 'ok'
        if (outcome === 'throw') throw new Error('InfluxDB did not answer')
        return { incomplete: outcome === 'incomplete' }
      },
      incomplete: (r) => r.incomplete
    })
    return { job, runs }
  }

  it.each([
    ['failed', 'throw'],
    ['incomplete', 'incomplete']
  ] as const)('tries a %s run again after RETRY_MS, then waits for the scheduled time', async (_, outcome) => {
    const { job, runs } = start([outcome, 'ok'])
    await vi.advanceTimersByTimeAsync(0)
    expect(runs).toEqual([START])
    await vi.advanceTimersByTimeAsync(RETRY_MS - 1)
    expect(runs).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(runs).toEqual([START, START + RETRY_MS])
    // Complete now: nothing more until 06:00 Shanghai time the next morning.
    await vi.advanceTimersByTimeAsync(Date.parse('2026-12-02T22:00:00Z') - START - RETRY_MS - 1)
    expect(runs).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(runs.at(-1)).toBe(Date.parse('2026-12-02T22:00:00Z'))
    await job.stop()
  })

  it('cancels a run in progress when stopped: stop() does not wait for the work, and the job runs no more', async () => {
    const runs: number[] = []
    let sawAbort = false
    const job = startDailyJob({
      name: 'test job', at: '06:00', timeZone: 'Asia/Shanghai', log, now: () => Date.now(),
      // Work that would take an hour of queries unless cancelled.
      work: (_today, signal) => new Promise<object>((resolve, reject) => {
        runs.push(Date.now())
        const timer = setTimeout(() => resolve({}), 3_600_000)
        signal.addEventListener('abort', () => { sawAbort = true; clearTimeout(timer); reject(signal.reason) })
      })
    })
    await vi.advanceTimersByTimeAsync(1_000)
    await job.stop()
    expect(sawAbort).toBe(true)
    await vi.advanceTimersByTimeAsync(2 * 86_400_000)
    expect(runs).toEqual([START])
  })

  it('runs a complete job once a day, at the city\'s time', async () => {
    const { job, runs } = start(['ok'])
    await vi.advanceTimersByTimeAsync(Date.parse('2026-12-03T22:00:00Z') - START)
    expect(runs).toEqual([START, Date.parse('2026-12-02T22:00:00Z'), Date.parse('2026-12-03T22:00:00Z')])
    await job.stop()
  })

  it('does not retry past the scheduled time: the scheduled run comes first', async () => {
    vi.setSystemTime(Date.parse('2026-12-02T21:55:00Z'))
    const runs: number[] = []
    const job = startDailyJob({
      name: 'test job', at: '06:00', timeZone: 'Asia/Shanghai', log, now: () => Date.now(),
      work: async () => { runs.push(Date.now()); throw new Error('down') }
    })
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(runs).toEqual([Date.parse('2026-12-02T21:55:00Z'), Date.parse('2026-12-02T22:00:00Z')])
    await job.stop()
  })
})
