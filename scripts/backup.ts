// `npm run backup -- [--out DIR] [--only relational,wal,influx,photos] [--influx-rpc HOST:PORT] [--force]`
// Backs up what the service configured by the environment (the same variables as `npm start`) keeps: the
// relational store, the write-ahead log, InfluxDB, and the photos of maintenance visits and hidden-danger
// evidence. docs/backup.md says when the service may keep running.
import { existsSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { loadConfig } from '../platform/config.ts'
import { BackupError, FORMAT, MANIFEST, parseArgs, parseParts, say, stamp, type Manifest } from './backup/common.ts'
import { dumpPglite, dumpPostgres } from './backup/relational.ts'
import { copyWal } from './backup/wal.ts'
import { backupInflux, openInflux } from './backup/influx.ts'
import { backupPhotos, someOf } from './backup/photos.ts'
import { runCli } from './backup/cli.ts'

const USAGE = `usage: npm run backup -- [options]
  --out DIR              where to write the backup (default ./backups/tianjian-<UTC time>); must not exist
  --only LIST            some of relational,wal,influx,photos (default: all the node has: an API node has no
                         write-ahead log, a broker node no photos)
  --influx-rpc HOST:PORT InfluxDB's backup service (default: the managed influxd's, or INFLUX_URL's host:8088)
  --force                back up an embedded database whose postmaster.pid was left by a killed service
Configuration comes from the environment, as for npm start (DATA_DIR, DATABASE_URL, INFLUX_URL, INFLUX_DB, ROLE …).`

await runCli('backup', async (argv) => {
  const args = parseArgs(argv, { values: ['out', 'only', 'influx-rpc'], flags: ['force', 'help'] })
  if (args.flags.has('help')) return console.log(USAGE)
  if (args.positional.length > 0) throw new BackupError(`unexpected argument "${args.positional[0]}"\n${USAGE}`)
  const config = loadConfig()
  const parts = parseParts(args.values.only)
  // An API node has no log; a broker node serves no uploads, so it keeps no photos.
  if (config.role === 'api' && args.values.only === undefined) parts.delete('wal')
  if (config.role === 'broker' && args.values.only === undefined) parts.delete('photos')
  const out = resolve(args.values.out ?? join('backups', `tianjian-${stamp()}`))
  if (existsSync(out)) throw new BackupError(`${out} already exists: choose another --out`)
  // Written under another name and renamed at the end: a folder without .partial is a whole backup.
  const partial = `${out}.partial`
  await rm(partial, { recursive: true, force: true })
  await mkdir(join(partial, 'relational'), { recursive: true })
  const manifest: Manifest = { format: FORMAT, createdAt: new Date().toISOString(), relational: null, wal: null, influx: null, photos: null }
  const step = async (what: string, fn: () => Promise<string>) => {
    const t0 = Date.now()
    say(`${what} …`)
    say(`  ${await fn()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  }

  try {
    if (parts.has('relational')) {
      if (config.databaseUrl === null) {
        await step('relational store: embedded PGlite, dumpDataDir', async () => {
          const file = 'relational/pglite.tar.gz'
          const migrations = await dumpPglite(join(config.dataDir, 'pg'), join(partial, file), args.flags.has('force'))
          manifest.relational = { engine: 'pglite', file, migrations }
          return `${file}, schema at ${migrations.at(-1)}`
        })
      } else {
        await step('relational store: PostgreSQL server, pg_dump', async () => {
          const file = 'relational/postgres.dump'
          const migrations = await dumpPostgres(config.databaseUrl!, join(partial, file))
          manifest.relational = { engine: 'postgres', file, migrations }
          return `${file}, schema at ${migrations.at(-1)}`
        })
      }
    }
    // The log before InfluxDB, never after: see backup/wal.ts.
    if (parts.has('wal')) {
      await step('write-ahead log: copy', async () => {
        const files = await copyWal(join(config.dataDir, 'wal'), join(partial, 'wal'))
        manifest.wal = { dir: 'wal', files }
        return `${files.length} files, ${files.reduce((n, f) => n + f.bytes, 0)} bytes`
      })
    }
    if (parts.has('influx')) {
      await step(`InfluxDB: influxd backup -portable -db ${config.influx.database}`, async () => {
        const target = await openInflux(config, { rpc: args.values['influx-rpc'] })
        try {
          await backupInflux(target, config.influx.database, join(partial, 'influx'))
        } finally {
          await target.close()
        }
        manifest.influx = { dir: 'influx', database: config.influx.database }
        return `influx/ from ${target.rpc}`
      })
    }
    // After the relational store, never before: a photo's file is stored before the row that names it, so
    // every row in the dump has its file by then. Safe while the service runs: a file is whole or absent.
    if (parts.has('photos')) {
      await step('photos: copy, each checked against its name', async () => {
        const copied = await backupPhotos(config.dataDir, join(partial, 'photos'))
        manifest.photos = { dir: 'photos', files: copied.files, bytes: copied.bytes }
        for (const bad of copied.bad) say(`  warning: ${bad.path}: ${bad.reason}; not in this backup (an older backup may hold it)`)
        if (copied.strays.length > 0) say(`  left out ${copied.strays.length} file(s) that are not photos:${someOf(copied.strays)}`)
        return `${copied.files} files, ${copied.bytes} bytes`
      })
    }
  } catch (err) {
    await rm(partial, { recursive: true, force: true })
    throw err
  }
  await writeFile(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
  await rename(partial, out)
  say(`backup complete: ${out}`)
  console.log(out)
})
