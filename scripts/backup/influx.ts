// InfluxDB 1.x with its own tools: `influxd backup -portable` / `influxd restore -portable` (1.5 and later),
// which talk to the server's backup service (its RPC `bind-address`, 127.0.0.1:8088 by default; it has no
// authentication, so it is meant to stay on loopback or a private network). With INFLUX_URL unset the
// service's own influxd keeps its configuration in DATA_DIR/influxdb/influxdb.conf, RPC on a free loopback
// port: read from there. When that influxd is not running (the service is stopped), one is started on the
// same data for the time of the backup or restore.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../../platform/config.ts'
import { createInfluxClient, type InfluxClient } from '../../platform/influx/client.ts'
import { findInfluxd, startInfluxd } from '../../platform/influx/influxd.ts'
import { BackupError, canConnect, run, say } from './common.ts'

export interface InfluxTarget {
  client: InfluxClient
  /** host:port of the backup service. */
  rpc: string
  /** The service's own influxd was found running (so the service is, too). */
  serviceRunning: boolean
  close (): Promise<void>
}

function readManagedConfig (dir: string): { http: string, rpc: string } | null {
  const path = join(dir, 'influxdb.conf')
  if (!existsSync(path)) return null
  const text = readFileSync(path, 'utf8')
  const rpc = /^bind-address = "([^"]+)"/m.exec(text)?.[1]
  const http = /^\[http\][^[]*?bind-address = "([^"]+)"/m.exec(text)?.[1]
  return rpc === undefined || http === undefined ? null : { http, rpc }
}

export async function openInflux (config: Config, options: { rpc?: string }): Promise<InfluxTarget> {
  const clientFor = (url: string) => createInfluxClient({ ...config.influx, url, timeoutMs: 60_000 })
  if (config.influx.url !== null) {
    const client = clientFor(config.influx.url)
    await client.ping().catch((err: Error) => { throw new BackupError(`InfluxDB at INFLUX_URL does not answer: ${err.message}`) })
    return { client, rpc: options.rpc ?? `${new URL(config.influx.url).hostname}:8088`, serviceRunning: false, close: async () => {} }
  }

  const dir = join(config.dataDir, 'influxdb')
  const managed = readManagedConfig(dir)
  if (managed !== null) {
    const client = clientFor(`http://${managed.http}`)
    if (await client.ping().then(() => true, () => false)) {
      return { client, rpc: options.rpc ?? managed.rpc, serviceRunning: true, close: async () => {} }
    }
  }
  let binary: string
  try {
    binary = findInfluxd({ autoInstall: false })
  } catch (err) {
    throw new BackupError((err as Error).message)
  }
  say(`  starting influxd on ${dir} for the time of this command`)
  const influxd = await startInfluxd({ dir, binary })
  const started = readManagedConfig(dir)!
  return { client: clientFor(influxd.url), rpc: options.rpc ?? started.rpc, serviceRunning: false, close: () => influxd.stop() }
}

// An InfluxDB without databases answers a series without values.
const databases = async (client: InfluxClient) => ((await client.query('SHOW DATABASES', { database: null }))[0]?.values ?? []).map((row) => String(row[0]))

async function checkBackupService (rpc: string) {
  if (!await canConnect(rpc)) {
    throw new BackupError(`InfluxDB's backup service does not accept connections at ${rpc}. It is the server's RPC bind-address ` +
      '(default 127.0.0.1:8088, so run this on the InfluxDB host, or inside its container); pass --influx-rpc host:port if it is elsewhere')
  }
}

export async function backupInflux (target: InfluxTarget, database: string, to: string): Promise<void> {
  if (!(await databases(target.client)).includes(database)) throw new BackupError(`InfluxDB has no database "${database}" (INFLUX_DB)`)
  await checkBackupService(target.rpc)
  await run('influxd', ['backup', '-portable', '-db', database, '-host', target.rpc, to], { what: 'influxd backup' })
}

/** Restores `database` of the backup as `into`. An existing `into` must be empty, or is dropped with `force`. */
export async function restoreInflux (target: InfluxTarget, from: string, database: string, into: string, force: boolean): Promise<void> {
  if ((await databases(target.client)).includes(into)) {
    const measurements = (await target.client.query('SHOW MEASUREMENTS LIMIT 1', { database: into }))[0]
    if (measurements !== undefined && !force) {
      throw new BackupError(`InfluxDB already has a database "${into}" with data. Restore into an InfluxDB without it, or pass --force to drop it first`)
    }
    // influxd restore refuses a database that exists, even an empty one.
    await target.client.query(`DROP DATABASE "${into}"`, { database: null })
    if (measurements !== undefined) say(`  dropped the existing InfluxDB database "${into}"`)
  }
  await checkBackupService(target.rpc)
  await run('influxd', ['restore', '-portable', '-db', database, '-newdb', into, '-host', target.rpc, from], { what: 'influxd restore' })
  // The restored shards answer "shard is disabled" or "engine is closed" until the server has loaded them.
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      await target.client.query('SELECT * FROM /.*/ LIMIT 1', { database: into })
      return
    } catch (err) {
      if (!/shard is disabled|engine is closed/.test((err as Error).message) || Date.now() > deadline) throw new BackupError(`InfluxDB after the restore: ${(err as Error).message}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}
