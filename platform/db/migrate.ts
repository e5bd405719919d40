// Applies the migrations in order, once each, in one transaction. An advisory lock keeps two processes
// starting against the same server from migrating at the same time.
import type { Db } from './db.ts'
import { MIGRATIONS } from './migrations/index.ts'

const LOCK_KEY = 7_242_024

/** `migrations`: the whole sequence unless a test stops it part way, to check a later step on old data. */
export async function migrate (db: Db, migrations: ReadonlyArray<{ name: string, sql: string }> = MIGRATIONS): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY])
    await tx.query('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())')
    const done = new Set((await tx.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name))
    const applied: string[] = []
    for (const { name, sql } of migrations) {
      if (done.has(name)) continue
      for (const statement of splitStatements(sql)) await tx.query(statement)
      await tx.query('insert into schema_migrations (name) values ($1)', [name])
      applied.push(name)
    }
    return applied
  })
}

/** Migrations are plain DDL: split on semicolons at line ends (no functions with bodies here). */
function splitStatements (sql: string): string[] {
  return sql.split(/;\s*$/m).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)
}
