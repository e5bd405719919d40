// The faults run's global setup: the shared InfluxDB and PostgreSQL of every test run, plus a folder where
// each scenario leaves its figures; at the end they are merged into docs/reliability.json and
// docs/reliability.md is rendered from it (./reliability-doc.ts). Only this config provides the folder,
// so the short variants inside `npm test` never rewrite the document.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import sharedSetup from '../../support/global-setup.ts'
import { updateReliabilityDoc } from './reliability-doc.ts'

export default async function setup (project: TestProject) {
  const teardownShared = await sharedSetup(project)
  const resultsDir = mkdtempSync(join(tmpdir(), 'tianjian-faults-results-'))
  project.provide('faultsResultsDir', resultsDir)
  return async () => {
    try {
      const written = updateReliabilityDoc(resultsDir)
      if (written.length > 0) console.log(`docs/reliability.md: updated ${written.join(', ')}`)
    } finally {
      rmSync(resultsDir, { recursive: true, force: true })
      await teardownShared()
    }
  }
}
