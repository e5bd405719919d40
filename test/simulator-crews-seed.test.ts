// The demo's crews: a maintainer per firm of a seeded city (the documented `maintainer` kept as the first
// firm's), passwords generated and saved in a 0600 file, never in the code; the workers those named on the
// firm's seeded records; read back while they work, reset when the file is lost.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createUserStore, type UserStore } from '../users/store.ts'
import { seedCity } from '../simulators/city/seed-city.ts'
import { DEMO_USERS } from '../simulators/city/demo-users.ts'
import { prepareCrews } from '../simulators/demo/prepare-crews.ts'
import { readCrewsFile } from '../simulators/crews/crew-file.ts'

let dir: string
let db: Db
let users: UserStore
const log = pino({ level: 'silent' })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tianjian-crews-'))
  db = await openDb({ url: null, dataDir: join(dir, 'pg') })
  await migrate(db)
  await seedCity(db, { lifts: 300, seed: 'xining', today: '2026-03-01', historyDays: 0, maintenanceDays: 45, cylinders: 0 })
  users = createUserStore(db)
})
afterAll(async () => {
  await db?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('the demo\'s crews', () => {
  it('get a maintainer per firm with lifts, generated passwords in a file only its owner reads', async () => {
    const file = join(dir, 'demo-crews.json')
    const crews = (await prepareCrews(db, users, file, log))!
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await readCrewsFile(file)).toEqual(crews)

    const firms = await db.query<{ id: number }>('select distinct maintenance_firm_id as id from elevators where status = \'in_use\' order by 1')
    expect(crews.crews.map((c) => c.firmId)).toEqual(firms.map((f) => f.id))
    const maintainer = (await users.list()).find((u) => u.username === 'maintainer')!
    expect(crews.crews[0]).toMatchObject({ firmId: maintainer.maintenanceFirmId, username: 'maintainer', password: 'tianjian-maintainer' })
    expect(crews.crews.slice(1).map((c) => c.username)).toEqual(crews.crews.slice(1).map((_, i) => `maintainer-${String(i + 2).padStart(2, '0')}`))

    const documented = new Set(DEMO_USERS.map((u) => u.password))
    const generated = crews.crews.slice(1).map((c) => c.password)
    expect(new Set(generated).size).toBe(generated.length)
    for (const crew of crews.crews.slice(1)) {
      expect(documented.has(crew.password)).toBe(false)
      expect(crew.password.length).toBeGreaterThanOrEqual(16)
      expect(await users.verifyLogin(crew.username, crew.password)).toMatchObject({ role: 'maintainer', maintenanceFirmId: crew.firmId })
    }
    // The workers are those on the firm's records, one certified at least.
    for (const crew of crews.crews) {
      expect(crew.workers.some((w) => w.certificateNo !== null)).toBe(true)
      const named = await db.query<{ n: number }>(`select count(*)::int as n from maintenance_records r, jsonb_array_elements(r.workers) w
        where r.firm_id = $1 and w->>'name' = any($2::text[])`, [crew.firmId, crew.workers.map((w) => w.name)])
      expect(named[0]!.n).toBeGreaterThan(0)
    }
    const useunit = (await users.list()).find((u) => u.username === 'useunit')!
    const [unit] = await db.query<{ name: string }>('select name from use_units where id = $1', [useunit.useUnitId])
    expect(crews.confirmer).toMatchObject({ username: 'useunit', password: 'tianjian-useunit', useUnitName: unit!.name })
  })

  it('are read back while their logins work, and get new passwords when the file is lost', async () => {
    const file = join(dir, 'demo-crews.json')
    const before = await readCrewsFile(file)
    expect(await prepareCrews(db, users, file, log)).toEqual(before)

    rmSync(file)
    const after = (await prepareCrews(db, users, file, log))!
    expect(after.crews.map((c) => c.username)).toEqual(before.crews.map((c) => c.username))
    const old = before.crews[1]!
    expect(after.crews[1]!.password).not.toBe(old.password)
    expect(await users.verifyLogin(old.username, old.password)).toBeUndefined()
    expect(await users.verifyLogin(old.username, after.crews[1]!.password)).toBeDefined()
    expect(after.crews[0]!.password).toBe('tianjian-maintainer')
  })
})
