// Starts the real servers the tests share, on free ports: one InfluxDB and one PostgreSQL. Each test file
// takes its own InfluxDB database and PostgreSQL database, so files run in parallel without interfering.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startInfluxd } from '../../platform/influx/influxd.ts'
import { startPostgres } from './postgres.ts'

declare module 'vitest' {
  export interface ProvidedContext { influxUrl: string, postgresUrl: string }
}

export default async function setup (project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'tianjian-influx-'))
  const [influx, postgres] = await Promise.all([startInfluxd({ dir }), startPostgres()])
  project.provide('influxUrl', influx.url)
  project.provide('postgresUrl', postgres.url)
  return async () => {
    await influx.stop()
    postgres.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
