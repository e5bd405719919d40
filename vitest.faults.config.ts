// `npm run test:faults` (test/faults/run.mjs): every fault scenario at full size, one file at a time (they
// kill servers, fill disks and measure memory), figures written to docs/reliability.md. `-- --long` sets
// FAULTS_MODE=long: soak runs and 100k+ fuzz cases. test/faults/pending-*.test.ts wait for fixes being
// made in other branches and are not run yet.
import { defineConfig } from 'vitest/config'

const long = process.env.FAULTS_MODE === 'long'

export default defineConfig({
  test: {
    include: ['test/faults/*.test.ts'],
    exclude: ['test/faults/pending-*.test.ts'],
    globalSetup: ['test/faults/support/global-setup.ts'],
    env: { FAULTS_MODE: long ? 'long' : 'full' },
    testTimeout: long ? 4 * 3_600_000 : 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default']
  }
})
