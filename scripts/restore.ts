// `npm run restore -- BACKUP_DIR [--only relational,wal,influx] [--influx-rpc HOST:PORT] [--force]`
// Puts a backup made by `npm run backup` back under the configuration of the environment (the same
// variables as `npm start`), with the service stopped. Existing data is never deleted: without --force the
// restore refuses to write over it; with --force, folders are renamed aside, PostgreSQL tables move to
// another schema, and only InfluxDB's database is dropped.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { loadConfig } from '../platform/config.ts'
import { BackupError, FORMAT, MANIFEST, makeRoom, parseArgs, parseParts, say, type Manifest, type Part } from './backup/common.ts'
import { pgliteInUse, restorePglite, restorePostgres } from './backup/relational.ts'
import { restoreWal } from './backup/wal.ts'
import { openInflux, restoreInflux, type InfluxTarget } from './backup/influx.ts'
import { runCli } from './backup/cli.ts'

const USAGE = `usage: npm run restore -- BACKUP_DIR [options]      (with the service stopped)
  --only LIST            some of relational,wal,influx (default: all the backup has)
  --influx-rpc HOST:PORT InfluxDB's backup service (default: the managed influxd's, or INFLUX_URL's host:8088)
  --force                replace existing data: folders under DATA_DIR are renamed aside, PostgreSQL tables
                         moved to another schema, the InfluxDB database dropped
Configuration comes from the environment, as for npm start (DATA_DIR, DATABASE_URL, INFLUX_URL, INFLUX_DB …).`

async function readManifest (dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST)
  if (!existsSync(path)) {
    throw new BackupError(existsSync(`${dir}.partial`) || dir.endsWith('.partial') ? `${dir} is an unfinished backup` : `${path} not found: not a backup made by npm run backup`)
  }
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest
  if (manifest.format !== FORMAT) throw new BackupError(`${path}: unknown format "${manifest.format}" (expected ${FORMAT})`)
  return manifest
}

await runCli('restore', async (argv) => {
  const args = parseArgs(argv, { values: ['only', 'influx-rpc'], flags: ['force', 'help'] })
  if (args.flags.has('help')) return console.log(USAGE)
  if (args.positional.length !== 1) throw new BackupError(`name one backup folder\n${USAGE}`)
  const dir = resolve(args.positional[0]!)
  const manifest = await readManifest(dir)
  const config = loadConfig()
  const force = args.flags.has('force')
  const requested = parseParts(args.values.only)
  const parts = new Set<Part>([...requested].filter((p) => manifest[p] !== null))
  if (args.values.only !== undefined) {
    for (const p of requested) if (!parts.has(p)) throw new BackupError(`the backup has no ${p} part`)
  }
  say(`restoring ${dir} (made ${manifest.createdAt}): ${[...parts].join(', ')}`)

  // With the service stopped, as far as we can tell: its embedded database closed, its own influxd down.
  const pgDir = join(config.dataDir, 'pg')
  if (parts.has('relational') && config.databaseUrl === null && pgliteInUse(pgDir) && !force) {
    throw new BackupError(`${join(pgDir, 'postmaster.pid')} exists: stop the service first (if it was killed and is not running, pass --force)`)
  }
  let influx: InfluxTarget | null = null
  try {
    if (parts.has('influx')) {
      influx = await openInflux(config, { rpc: args.values['influx-rpc'] })
      if (influx.serviceRunning) throw new BackupError(`the service's InfluxDB under ${join(config.dataDir, 'influxdb')} is running: stop the service first`)
    }

    const relational = manifest.relational
    if (parts.has('relational') && relational !== null) {
      if (relational.engine === 'pglite') {
        if (config.databaseUrl !== null) throw new BackupError('the backup holds an embedded PGlite database, but DATABASE_URL names a PostgreSQL server: unset DATABASE_URL to restore it')
        say(`relational store: embedded PGlite into ${pgDir} …`)
        await makeRoom(pgDir, force, 'embedded database')
        await restorePglite(join(dir, relational.file), pgDir)
      } else {
        if (config.databaseUrl === null) throw new BackupError('the backup holds a PostgreSQL server dump, but DATABASE_URL is unset: set it to the (empty) database to restore into')
        say('relational store: pg_restore into DATABASE_URL …')
        await restorePostgres(config.databaseUrl, join(dir, relational.file), force)
      }
      say(`  schema at ${relational.migrations.at(-1)}; the service migrates it further on start if it is newer`)
    }
    if (parts.has('wal') && manifest.wal !== null) {
      const walDir = join(config.dataDir, 'wal')
      say(`write-ahead log into ${walDir} …`)
      await makeRoom(walDir, force, 'write-ahead log')
      say(`  ${await restoreWal(join(dir, manifest.wal.dir), walDir)} files; the service ships what InfluxDB lacks when it starts`)
    }
    if (influx !== null && manifest.influx !== null) {
      say(`InfluxDB: influxd restore -portable -db ${manifest.influx.database} -newdb ${config.influx.database} …`)
      await restoreInflux(influx, join(dir, manifest.influx.dir), manifest.influx.database, config.influx.database, force)
    }
  } finally {
    await influx?.close()
  }
  say('restore complete: start the service')
})
