// Starts a whole Tianjian service for a test: embedded PGlite (or a PostgreSQL database), the shared test
// InfluxDB under a database of its own, MQTT and HTTP on free ports, a fresh data folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pino, { type Logger } from 'pino'
import pg from 'pg'
import { inject } from 'vitest'
import { loadConfig } from '../../platform/config.ts'
import { startService, type Service, type ServiceOptions } from '../../app/service.ts'

export const ADMIN_PASSWORD = 'admin-password-for-tests'

export interface TestService extends Service { dataDir: string, stop (): Promise<void> }

/**
 * `keepDataDir` leaves the data folder for a restart on the same data (the caller removes it); `kinds`
 * registers equipment kinds beyond the built-in ones; `log` takes the service's log lines (else LOG_LEVEL
 * decides, silent by default).
 */
export async function startTestService (env: Record<string, string> = {}, options: { dataDir?: string, keepDataDir?: boolean, log?: Logger } & ServiceOptions = {}): Promise<TestService> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tianjian-test-'))
  const config = loadConfig({
    DATA_DIR: dataDir,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    INFLUX_URL: inject('influxUrl'),
    INFLUX_DB: `test_${randomBytes(6).toString('hex')}`,
    INFLUX_BATCH_INTERVAL_MS: '50',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ...env
  })
  const service = await startService(config, options.log ?? pino({ level: config.logLevel }), { kinds: options.kinds })
  return Object.assign(service, {
    dataDir,
    async stop () {
      await service.close()
      if (options.keepDataDir !== true) rmSync(dataDir, { recursive: true, force: true })
    }
  })
}

/** A fresh PostgreSQL database on the shared test server. */
export async function createTestDatabase (): Promise<string> {
  const adminUrl = inject('postgresUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  return adminUrl.replace(/\/postgres$/, `/${name}`)
}
