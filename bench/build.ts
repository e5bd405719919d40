// The processes under test run compiled JavaScript, as `npm start` does, not through tsx: tsx compiles with
// esbuild's keepNames, which wraps every closure in a `__name(fn, …)` call — measurable on a per-message
// path that creates closures (the alert rules do). Compiled with the project's own tsc into
// bench-results/.build (git-ignored; incremental, so a rebuild takes a second or two).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const OUT = join(ROOT, 'bench-results', '.build')

/** Compiles the service and the bench's child processes; returns a warning line when tsc reported errors. */
export function buildBench (): string | null {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'bench', 'tsconfig.build.json')], { encoding: 'utf8' })
  if (!existsSync(childScript('service-child'))) {
    throw new Error(`compiling for the bench failed:\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`)
  }
  // tsc emits despite type errors; someone's half-finished file elsewhere should not stop a measurement.
  if (result.status !== 0) return `tsc reported errors (built anyway): ${result.stdout.split('\n')[0]}`
  return null
}

/** The compiled form of one of the bench's child-process entry points. */
export function childScript (name: 'service-child' | 'load-gen' | 'aedes-raw' | 'city-gen' | 'socket-floor' | 'view-memory-child'): string {
  return join(OUT, 'bench', `${name}.js`)
}
