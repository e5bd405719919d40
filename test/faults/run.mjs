#!/usr/bin/env node
// `npm run test:faults [-- --long] [vitest arguments, e.g. a file filter]`: vitest refuses options it does
// not know, so --long is taken off here and passed on as FAULTS_MODE.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const args = process.argv.slice(2)
const long = args.includes('--long')
const root = fileURLToPath(new URL('../../', import.meta.url))
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')
const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.faults.config.ts', ...args.filter((a) => a !== '--long')], {
  cwd: root, stdio: 'inherit', env: { ...process.env, FAULTS_MODE: long ? 'long' : 'full' }
})
process.exit(result.status ?? 1)
