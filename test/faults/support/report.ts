// What a scenario reports: its counts and durations, written as JSON for docs/reliability.md when the
// faults run asks for it (it provides `faultsResultsDir`); `npm test`'s short runs write nothing.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inject, onTestFinished } from 'vitest'
import { faultsMode, type FaultsMode } from './mode.ts'

declare module 'vitest' {
  export interface ProvidedContext { faultsResultsDir?: string }
}

export type Figure = number | string | boolean | null

export interface ScenarioResult {
  id: string
  title: string
  /** What passing this scenario proves, one or two sentences for the document. */
  proves: string
  mode: FaultsMode
  passed: boolean
  error: string | null
  startedAt: string
  durationS: number
  figures: Record<string, Figure>
}

export interface ScenarioReport {
  /** Counts and durations; rendered in insertion order. */
  figures: Record<string, Figure>
  /** Seconds since `start` (for a phase's duration). */
  elapsedS (start?: number): number
}

/**
 * Starts the report of the running test. It is written when the test finishes, pass or fail, so the
 * document shows the figures of a failing run too.
 */
export function reportScenario (meta: { id: string, title: string, proves: string }): ScenarioReport {
  const started = Date.now()
  const figures: Record<string, Figure> = {}
  const dir = inject('faultsResultsDir')
  if (dir !== undefined) {
    onTestFinished(({ task }) => {
      const state = task.result?.state
      const result: ScenarioResult = {
        ...meta,
        mode: faultsMode(),
        passed: state === 'pass',
        error: task.result?.errors?.[0]?.message?.split('\n')[0] ?? null,
        startedAt: new Date(started).toISOString(),
        durationS: round((Date.now() - started) / 1000),
        figures
      }
      writeFileSync(join(dir, `${meta.id}.json`), `${JSON.stringify(result, null, 2)}\n`)
    })
  }
  return { figures, elapsedS: (start = started) => round((Date.now() - start) / 1000) }
}

const round = (n: number) => Math.round(n * 10) / 10
