// Waiting for a condition, never for a guessed time; temporary folders a test file removes at its end.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Polls `check` until it returns a truthy value (which is returned), or throws naming `what`. */
export async function waitFor<T> (what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what}: not so after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

export function tempDirs () {
  const dirs: string[] = []
  return {
    make (name: string) { const d = mkdtempSync(join(tmpdir(), `tianjian-faults-${name}-`)); dirs.push(d); return d },
    removeAll () { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) }
  }
}
