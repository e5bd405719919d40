// `npm run restore -- BACKUP_DIR [--only relational,wal,influx,photos] [--influx-rpc HOST:PORT] [--force]`
// Puts a backup made by `npm run backup` back under the configuration of the environment (the same
// variables as `npm start`), with the service stopped. Existing data is never deleted: without --force the
// restore refuses to write over it; with --force, folders are renamed aside, PostgreSQL tables move to
// another schema, and only InfluxDB's database is dropped. Photos are merged, with or without --force: a
// photo's name is its content's hash, so two files of one name are one photo (backup/photos.ts). Then every
// photo the relational store references is looked for, and those missing are listed.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { loadConfig } from '../platform/config.ts'
import { BackupError, FORMAT, MANIFEST, makeRoom, parseArgs, parseParts, say, type Manifest, type Part } from './backup/common.ts'
import { pgliteInUse, readPhotoReferences, restorePglite, restorePostgres } from './backup/relational.ts'
import { restoreWal } from './backup/wal.ts'
import { openInflux, restoreInflux, type InfluxTarget } from './backup/influx.ts'
import { findMissingPhotos, restorePhotos, someOf, type BadPhoto } from './backup/photos.ts'
import { runCli } from './backup/cli.ts'

const USAGE = `usage: npm run restore -- BACKUP_DIR [options]      (with the service stopped)
  --only LIST            some of relational,wal,influx,photos (default: all the backup has)
  --influx-rpc HOST:PORT InfluxDB's backup service (default: the managed influxd's, or INFLUX_URL's host:8088)
  --force                replace existing data: folders under DATA_DIR are renamed aside, PostgreSQL tables
                         moved to another schema, the InfluxDB database dropped
Photos need no --force: they are merged into the photos already there (a photo's name is its SHA-256, so a
file of the same name is the same photo once its bytes are checked); a photo in the backup whose bytes do
not match its name is named and not copied. Afterwards every photo the relational store references is
looked for; missing ones are listed as a warning.
Configuration comes from the environment, as for npm start (DATA_DIR, DATABASE_URL, INFLUX_URL, INFLUX_DB …).`

async function readManifest (dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST)
  if (!existsSync(path)) {
    throw new BackupError(existsSync(`${dir}.partial`) || dir.endsWith('.partial') ? `${dir} is an unfinished backup` : `${path} not found: not a backup made by npm run backup`)
  }
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest
  if (manifest.format !== FORMAT) throw new BackupError(`${path}: unknown format "${manifest.format}" (expected ${FORMAT})`)
  manifest.photos ??= null // a backup made before the photos part
  return manifest
}

/** Every photo the relational store references should now be under DATA_DIR: those that are not are listed. */
async function checkPhotoReferences (databaseUrl: string | null, pgDir: string, dataDir: string) {
  say('photos the relational store references …')
  const references = await readPhotoReferences(databaseUrl, pgDir)
  if (typeof references === 'string') return say(`  not checked: ${references}`)
  const { referenced, missing } = await findMissingPhotos(dataDir, references)
  say(`  ${referenced - missing.length} of ${referenced} present`)
  if (missing.length > 0) {
    say(`  warning: ${missing.length} photo(s) that records reference are missing (a backup made without its photos part?); ` +
      `their records' evidence is gone until they are restored:${someOf(missing)}`)
  }
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
  let badPhotos: BadPhoto[] = []
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
    if (parts.has('photos') && manifest.photos !== null) {
      say(`photos into ${config.dataDir} (merged with those already there) …`)
      const merged = await restorePhotos(join(dir, manifest.photos.dir), config.dataDir)
      for (const aside of merged.movedAside) say(`  a photo there did not match its name: moved aside to ${aside}, the backup's copy put in its place`)
      say(`  ${merged.copied} copied, ${merged.present} already there (checked), ${merged.bad.length} refused`)
      badPhotos = merged.bad
    }
  } finally {
    await influx?.close()
  }
  // A broker node keeps no photos: the API nodes do.
  if ((parts.has('relational') || parts.has('photos')) && config.role !== 'broker') await checkPhotoReferences(config.databaseUrl, pgDir, config.dataDir)
  if (badPhotos.length > 0) {
    throw new BackupError(`${badPhotos.length} file(s) of the backup refused, not copied (everything else is restored):` +
      someOf(badPhotos.map((b) => `${b.path}: ${b.reason}`)))
  }
  say('restore complete: start the service')
})
