// Builds the dashboard before browser tests when dashboard/dist is missing or older than its sources.
// Test files run in parallel processes: a lock directory makes one build while the others wait, then find
// the build fresh and go on.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../../platform/paths.ts'

const DASHBOARD = join(PROJECT_ROOT, 'dashboard')
const INDEX = join(DASHBOARD, 'dist', 'index.html')
const SOURCES = [join(DASHBOARD, 'src'), join(DASHBOARD, 'index.html'), join(DASHBOARD, 'vite.config.ts'), join(PROJECT_ROOT, 'package-lock.json')]
// A lock older than this was left by a killed run.
const STALE_LOCK_MS = 5 * 60_000

function newestMtime (path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs)
}

export function dashboardIsFresh (): boolean {
  return existsSync(INDEX) && statSync(INDEX).mtimeMs >= Math.max(...SOURCES.map(newestMtime))
}

export async function ensureDashboardBuilt (): Promise<void> {
  if (dashboardIsFresh()) return
  const lock = join(tmpdir(), `tianjian-dashboard-build-${createHash('sha1').update(PROJECT_ROOT).digest('hex').slice(0, 12)}`)
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false })
      if (held !== undefined && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (dashboardIsFresh()) return
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(DASHBOARD, 'vite.config.ts'), '--logLevel', 'warn'],
      { cwd: PROJECT_ROOT, stdio: 'inherit' })
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
