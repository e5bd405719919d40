// One PostgreSQL-dialect interface over the two engines we run on: embedded PGlite (default, a folder
// under DATA_DIR) and a PostgreSQL server (DATABASE_URL). Queries are written once and run on both.
import { mkdir } from 'node:fs/promises'
import pg from 'pg'

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres'
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

// Same JavaScript types from both engines: calendar dates stay 'YYYY-MM-DD' strings (no timezone shift),
// counts and numerics become numbers.
const OID = { int8: 20, numeric: 1700, date: 1082 } as const
const toNumber = (v: string) => Number(v)
const asIs = (v: string) => v

export async function openDb (options: { url: string | null, dataDir: string }): Promise<Db> {
  return options.url === null ? openPglite(options.dataDir) : openPostgres(options.url)
}

async function openPglite (dir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite')
  await mkdir(dir, { recursive: true })
  const db = new PGlite(dir, {
    parsers: { [OID.int8]: toNumber, [OID.numeric]: toNumber, [OID.date]: asIs }
  })
  await db.waitReady
  return {
    engine: 'pglite',
    async query (sql, params) {
      return (await db.query(sql, params)).rows as never
    },
    transaction (fn) {
      return db.transaction((tx) => fn({ query: async (sql, params) => (await tx.query(sql, params)).rows as never }))
    },
    close: () => db.close()
  }
}

async function openPostgres (url: string): Promise<Db> {
  const types = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === OID.int8 || oid === OID.numeric) return toNumber
      if (oid === OID.date) return asIs
      return pg.types.getTypeParser(oid, format as 'text')
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, types: types as never })
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {})
  await pool.query('select 1')
  return {
    engine: 'postgres',
    async query (sql, params) {
      return (await pool.query(sql, params as unknown[])).rows
    },
    async transaction (fn) {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const result = await fn({ query: async (sql, params) => (await client.query(sql, params as unknown[])).rows })
        await client.query('commit')
        return result
      } catch (err) {
        await client.query('rollback').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end()
  }
}
