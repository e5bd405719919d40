// The relational store (registry, users, gateways, alerts, rescue cases, webhooks).
//  - Embedded PGlite (DATA_DIR/pg): PGlite is PostgreSQL in this process, with no lock on its folder and no
//    way in from outside, so it is backed up with the service stopped: `dumpDataDir()` of the folder, loaded
//    back with `loadDataDir`. Copying the folder of a running PGlite gives a torn copy; opening it twice
//    corrupts it, hence the postmaster.pid check.
//  - PostgreSQL server (DATABASE_URL): `pg_dump --format=custom`, a consistent snapshot while the service runs;
//    `pg_restore` into an empty database (or, with --force, after moving the current tables aside).
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import type { PhotoFolder } from '../../platform/photos/photo-storage.ts'
import { BackupError, run, say, stamp } from './common.ts'

/** PGlite writes postmaster.pid while open and removes it on a clean close. */
export function pgliteInUse (dir: string): boolean {
  return existsSync(join(dir, 'postmaster.pid'))
}

const IN_USE = (dir: string) => `the embedded database ${dir} is open (${join(dir, 'postmaster.pid')} exists): stop the service first — ` +
  'PGlite can only be copied while nothing uses it. If the service is not running (it was killed), start it once and stop it cleanly, or pass --force'

export async function dumpPglite (dir: string, file: string, force: boolean): Promise<string[]> {
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new BackupError(`no embedded database at ${dir} (is DATA_DIR right? with DATABASE_URL set, the server is backed up instead)`)
  if (pgliteInUse(dir) && !force) throw new BackupError(IN_USE(dir))
  const { PGlite } = await import('@electric-sql/pglite')
  const db = new PGlite(dir)
  try {
    await db.waitReady
    const migrations = (await db.query<{ name: string }>('select name from schema_migrations order by name')).rows.map((r) => r.name)
    const dump = await db.dumpDataDir('gzip')
    await writeFile(file, Buffer.from(await dump.arrayBuffer()))
    return migrations
  } finally {
    await db.close()
  }
}

export async function restorePglite (file: string, dir: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite')
  await mkdir(dir, { recursive: true })
  const db = new PGlite(dir, { loadDataDir: new Blob([await readFile(file)]) })
  try {
    await db.waitReady
    await db.query('select count(*) from schema_migrations')
  } finally {
    await db.close()
  }
}

/** The URL without its password (which goes through PGPASSWORD, not the process list). */
function connection (url: string) {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  return { dbname: parsed.toString(), env: { ...process.env, ...(password === '' ? {} : { PGPASSWORD: password }) } }
}

async function withClient<T> (url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (err) {
    throw new BackupError(`cannot reach the PostgreSQL server of DATABASE_URL: ${(err as Error).message}`)
  }
  try { return await fn(client) } finally { await client.end() }
}

export async function dumpPostgres (url: string, file: string): Promise<string[]> {
  const migrations = await withClient(url, async (client) => (await client.query<{ name: string }>('select name from schema_migrations order by name')).rows.map((r) => r.name))
    .catch((err: Error) => { throw err instanceof BackupError ? err : new BackupError(`DATABASE_URL holds no Tianjian database (${err.message})`) })
  const { dbname, env } = connection(url)
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${dbname}`], { env, what: 'pg_dump' })
  return migrations
}

export async function restorePostgres (url: string, file: string, force: boolean): Promise<void> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_tables where schemaname = 'public'")
    if (rows[0]!.n === 0) return
    if (!force) throw new BackupError(`the database of DATABASE_URL already has ${rows[0]!.n} tables. Restore into an empty database (createdb), or pass --force to move its tables aside`)
    // Kept, not dropped: the schema is renamed, and public starts empty (drop the old one once satisfied).
    const aside = `public_before_restore_${stamp().toLowerCase()}`
    await client.query(`alter schema public rename to ${aside}`)
    await client.query('create schema public')
    say(`  moved the current tables aside to schema ${aside}`)
  })
  const { dbname, env } = connection(url)
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, file], { env, what: 'pg_restore' })
}

/** The tables whose rows name a photo by its SHA-256, by the folder that photo is kept in. */
const PHOTO_TABLES: Record<PhotoFolder, string> = { maintenance: 'maintenance_photos', dangers: 'danger_photos' }

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>

async function queryPhotoReferences (query: Query): Promise<Record<PhotoFolder, string[]>> {
  const references = {} as Record<PhotoFolder, string[]>
  for (const [folder, table] of Object.entries(PHOTO_TABLES) as Array<[PhotoFolder, string]>) {
    // A schema from before the table's migration references none.
    const [exists] = await query(`select to_regclass('public.${table}') is not null as "exists"`)
    references[folder] = exists!.exists === true ? (await query(`select distinct sha256 from ${table} order by sha256`)).map((r) => String(r.sha256)) : []
  }
  return references
}

/**
 * The photo keys the relational store (DATA_DIR/pg, or DATABASE_URL) references, by photo folder; or why they
 * could not be read (no database there, the service holding it).
 */
export async function readPhotoReferences (url: string | null, pgDir: string): Promise<Record<PhotoFolder, string[]> | string> {
  if (url !== null) {
    try {
      return await withClient(url, (client) => queryPhotoReferences(async (sql) => (await client.query(sql)).rows))
    } catch (err) {
      return `the database of DATABASE_URL: ${(err as Error).message}`
    }
  }
  if (!existsSync(join(pgDir, 'PG_VERSION'))) return `no embedded database at ${pgDir}`
  if (pgliteInUse(pgDir)) return `the embedded database ${pgDir} is open`
  const { PGlite } = await import('@electric-sql/pglite')
  const db = new PGlite(pgDir)
  try {
    await db.waitReady
    return await queryPhotoReferences(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows)
  } finally {
    await db.close()
  }
}
