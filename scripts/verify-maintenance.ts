// `npm run verify-maintenance -- --lift CODE | --firm ID | --all`
// Verifies maintenance records' hash chains (maintenance/chain.ts) in the database the environment names
// (DATABASE_URL, or the embedded one under DATA_DIR — stop the service first: PGlite has one user), prints
// one line per lift and, for a broken chain, its first broken link; exits 1 when any chain is broken.
import { join } from 'node:path'
import { loadConfig } from '../platform/config.ts'
import { openDb } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createMaintenanceStore } from '../maintenance/store.ts'

const USAGE = 'usage: npm run verify-maintenance -- --lift EQUIPMENT_CODE | --firm FIRM_ID | --all'

export function parseTarget (argv: string[]): { equipmentCode?: string, firmId?: number } | null {
  const [flag, value] = argv
  if (flag === '--all' && value === undefined) return {}
  if (flag === '--lift' && value !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(value)) return { equipmentCode: value }
  if (flag === '--firm' && value !== undefined && /^[1-9]\d{0,8}$/.test(value)) return { firmId: Number(value) }
  return null
}

async function main (argv: string[]): Promise<number> {
  const target = parseTarget(argv)
  if (target === null) {
    console.error(USAGE)
    return 2
  }
  const config = loadConfig()
  const db = await openDb({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pg') })
  try {
    await migrate(db)
    const report = await createMaintenanceStore(db).verifyChains({}, target)
    for (const r of report.results) {
      console.log(r.valid
        ? `ok      ${r.equipmentCode}: ${r.records} record(s)`
        : `BROKEN  ${r.equipmentCode}: first broken link at seq ${r.brokenAt!.seq}${r.brokenAt!.recordId === null ? '' : ` (record ${r.brokenAt!.recordId})`}: ${r.brokenAt!.reason}`)
    }
    console.log(`${report.lifts} chain(s) verified, ${report.broken} broken`)
    return report.valid ? 0 : 1
  } finally {
    await db.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err: Error) => { console.error(err.message); process.exitCode = 2 })
}
