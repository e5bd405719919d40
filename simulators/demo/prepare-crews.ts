// The demo's maintenance crews: one login per firm of the city and the workers who sign its records, read
// back from the crews file when every login still works, else (first start, lost file, a password changed)
// written anew with fresh passwords. The workers are those already named on the firm's records (the seeded
// past), so the inspector's "lifts per technician" counts the same people live; the use unit's safety
// manager confirms records when the demo's `useunit` login still has its documented password.
import { existsSync } from 'node:fs'
import type { Logger } from 'pino'
import type { Db } from '../../platform/db/db.ts'
import { createRng } from '../../platform/prng.ts'
import { generateSecret } from '../../platform/secrets.ts'
import { createRegistryStore } from '../../registry/store.ts'
import type { UserStore } from '../../users/store.ts'
import { DEMO_USERS, ensureCrewUsers } from '../city/demo-users.ts'
import { personName } from '../city/codes.ts'
import { readCrewsFile, writeCrewsFile, type CrewsFile, type CrewWorker } from '../crews/crew-file.ts'

const WORKERS_PER_CREW = 6

export async function prepareCrews (db: Db, users: UserStore, file: string, log: Logger): Promise<CrewsFile | null> {
  const firms = await db.query<{ id: number, name: string }>(`select f.id, f.name from maintenance_firms f
    where exists (select 1 from elevators e where e.maintenance_firm_id = f.id and e.status = 'in_use') order by f.id`)
  if (firms.length === 0) return null
  if (existsSync(file)) {
    try {
      const saved = await readCrewsFile(file)
      const same = saved.crews.length === firms.length && saved.crews.every((c, i) => c.firmId === firms[i]!.id)
      if (same && await loginsWork(users, saved)) return saved
      log.warn({ file }, 'the crews file no longer matches the registry or its logins; giving the crews new passwords')
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'the crews file is unreadable; giving the crews new passwords')
    }
  }
  // Passwords of 16 characters from 256 random bits: a person can type one from the file if asked.
  const logins = await ensureCrewUsers(users, firms, () => generateSecret().slice(0, 16))
  const crews = []
  for (const login of logins) {
    const firm = firms.find((f) => f.id === login.firmId)!
    crews.push({ firmId: firm.id, firmName: firm.name, username: login.username, password: login.password, workers: await workersOf(db, firm.id) })
  }
  const saved: CrewsFile = { version: 1, crews, confirmer: await confirmer(db, users) }
  await writeCrewsFile(file, saved)
  log.info({ crews: crews.length, file }, 'maintenance crews: one login per firm, passwords saved to the crews file')
  return saved
}

async function loginsWork (users: UserStore, saved: CrewsFile): Promise<boolean> {
  for (const c of saved.crews) if (await users.verifyLogin(c.username, c.password) === undefined) return false
  return saved.confirmer == null || await users.verifyLogin(saved.confirmer.username, saved.confirmer.password) !== undefined
}

/** The workers on the firm's latest records, certified first; made up (certified) when it has too few. */
async function workersOf (db: Db, firmId: number): Promise<CrewWorker[]> {
  const rows = await db.query<{ name: string, certificateNo: string | null }>(`select w->>'name' as name, max(w->>'certificateNo') as "certificateNo"
    from (select workers from maintenance_records where firm_id = $1 and status = 'submitted' order by started_at desc limit 200) r, jsonb_array_elements(r.workers) w
    group by w->>'name' order by count(*) desc limit $2`, [firmId, WORKERS_PER_CREW])
  const workers: CrewWorker[] = rows.map((r) => ({ name: r.name, certificateNo: r.certificateNo || null }))
  const rng = createRng(`crew:${firmId}`)
  while (workers.length < 2 || !workers.some((w) => w.certificateNo !== null)) {
    const name = personName(rng)
    if (!workers.some((w) => w.name === name)) workers.push({ name, certificateNo: `TS-T${String(640_000 + firmId * 100 + workers.length).padStart(7, '0')}` })
  }
  return workers
}

async function confirmer (db: Db, users: UserStore): Promise<CrewsFile['confirmer']> {
  const demo = DEMO_USERS.find((u) => u.role === 'use_unit')
  const user = demo === undefined ? undefined : await users.verifyLogin(demo.username, demo.password)
  if (demo === undefined || user?.useUnitId == null) return null
  const unit = await createRegistryStore(db).getUseUnit(user.useUnitId)
  if (unit === undefined) return null
  return { username: demo.username, password: demo.password, name: unit.contact ?? user.displayName ?? '安全管理员', useUnitName: unit.name }
}
