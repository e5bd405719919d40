// Backup and restore with `npm run backup` / `npm run restore` as an operator runs them (real processes, the
// service's own configuration variables), against a real service's data: registry rows, a gateway and its
// secret, an alert, telemetry in InfluxDB and telemetry still only in the write-ahead log, and photos (a
// maintenance visit's, a hidden danger's evidence). Each scenario destroys the data after the backup,
// restores it, starts the service again and finds everything back.
import { afterAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs'
import { createHash, randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import type { MqttClient } from 'mqtt'
import { startInfluxd } from '../platform/influx/influxd.ts'
import { createInfluxClient, seriesRows } from '../platform/influx/client.ts'
import { startTestService, createTestDatabase, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'

const dirs: string[] = []
const tempDir = (name: string) => { const d = mkdtempSync(join(tmpdir(), name)); dirs.push(d); return d }
const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => {})
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Runs `npm run backup|restore -- …` the way npm does, with the service's configuration in the environment. */
function cli (command: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number, stdout: string, stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `scripts/${command}.ts`, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 240_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : (typeof err.code === 'number' ? err.code : -1), stdout, stderr })
    })
  })
}

/** States that each differ from the one before (a repeat of a lift's last point would not be a new one). */
function publishStates (client: MqttClient, code: string, ts: number[]) {
  return Promise.all(ts.map((t) => client.publishAsync(`se/v1/gw-b/elevator/${code}/state`,
    JSON.stringify({ ts: t, mode: 1, moving: t % 2 === 0, dir: 1, floor: t % 20, doorZone: true, doorClosed: true, occupied: false }), { qos: 1 })))
}
async function countPoints (url: string, database: string, code: string, from: number, to: number) {
  const rows = seriesRows((await createInfluxClient({ url, database }).query(`SELECT count(floor) FROM elevator_state WHERE equipment = '${code}' AND time >= ${from}ms AND time < ${to}ms`))[0])
  return (rows[0]?.count as number | undefined) ?? 0
}
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i)

/** Seeds a registry and a gateway, raises one alert, stores `n` states; returns what to look for later. */
async function fillService (service: TestService, n: number, t0: number) {
  const seed = await seedRegistry(service.registry, 3)
  const { secret } = await provisionGateway(service.gateways, 'gw-b', seed.codes)
  const client = await connectGateway(service.mqttPort!, 'gw-b', secret)
  await publishStates(client, seed.codes[0]!, range(t0, n))
  await client.publishAsync(`se/v1/gw-b/elevator/${seed.codes[1]}/event`, JSON.stringify({ code: 'overspeed', active: true }), { qos: 1 })
  await until(async () => (await service.db.query("select 1 from alerts where type = 'fault.overspeed'")).length === 1)
  return { seed, secret, client }
}

const JPEG = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]), randomBytes(64)])
const PNG = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)])
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

async function as (service: TestService, username: string, password: string) {
  const token = (await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })).json().token as string
  return (method: 'GET' | 'POST', url: string, body?: object | Buffer, type?: string) => service.api!.inject({
    method, url, ...(body === undefined ? {} : { payload: body }), headers: { authorization: `Bearer ${token}`, ...(type === undefined ? {} : { 'content-type': type }) }
  })
}

/** Through the API, as people take them: a photo of a maintenance visit (a maintainer's draft) and a hidden danger's evidence. */
async function takePhotos (service: TestService, seed: Awaited<ReturnType<typeof seedRegistry>>) {
  const admin = await as(service, 'admin', ADMIN_PASSWORD)
  expect((await admin('POST', '/api/users', { username: 'maint-bk', role: 'maintainer', password: 'maint-bk-password', maintenanceFirmId: seed.firmA.id })).statusCode).toBe(201)
  const maintainer = await as(service, 'maint-bk', 'maint-bk-password')
  const visit = (await maintainer('POST', '/api/maintenance/visits', { equipmentCode: seed.codes[0] })).json()
  const visitPhoto = JPEG()
  const stored = await maintainer('POST', `/api/maintenance/visits/${visit.id}/photos`, visitPhoto, 'image/jpeg')
  expect(stored.statusCode).toBe(201)
  const danger = (await admin('POST', '/api/dangers', { equipmentCode: seed.codes[1], source: 'report', level: 'general', description: '轿厢照明不亮', measure: '更换灯具', deadline: '2099-01-01' })).json()
  const evidence = PNG()
  const taken = await admin('POST', `/api/dangers/${danger.id}/photos`, evidence, 'image/png')
  expect(taken.statusCode).toBe(201)
  return {
    maintenance: { url: `/api/maintenance/photos/${stored.json().id}`, bytes: visitPhoto, key: sha256(visitPhoto) },
    danger: { url: `/api/dangers/photos/${taken.json().id}`, bytes: evidence, key: sha256(evidence) }
  }
}
const storedPhoto = (dataDir: string, folder: 'maintenance' | 'dangers', key: string) => join(dataDir, folder, 'photos', key.slice(0, 2), key)
const backedUpPhoto = (backup: string, folder: 'maintenance' | 'dangers', key: string) => join(backup, 'photos', folder, key.slice(0, 2), key)

/** After the restore, on the restarted service: the rows, the gateway's secret and the alert are back. */
async function expectRelationalBack (service: TestService, seed: Awaited<ReturnType<typeof seedRegistry>>, secret: string) {
  const [counts] = await service.db.query<Record<string, number>>(`select (select count(*) from elevators) as elevators, (select count(*) from districts) as districts,
    (select count(*) from maintenance_firms) as firms, (select count(*) from gateway_equipment where gateway_id = 'gw-b') as bound`)
  expect(counts).toEqual({ elevators: 3, districts: 2, firms: 2, bound: 3 })
  const login = await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
  const alerts = await service.api!.inject({ method: 'GET', url: '/api/alerts?type=fault.overspeed', headers: { authorization: `Bearer ${login.json().token}` } })
  expect(alerts.json().items).toMatchObject([{ equipmentCode: seed.codes[1], severity: 'critical', status: 'raised', maintenanceFirmName: seed.firmB.name }])
  const client = await connectGateway(service.mqttPort!, 'gw-b', secret) // the gateway's credentials came back too
  client.end(true)
}

describe('backup and restore', () => {
  it('embedded PGlite, with the service stopped: the registry, an alert, InfluxDB, telemetry only the log had, and photos', async () => {
    const influxd = await startInfluxd({ dir: tempDir('tianjian-bk-influx-') })
    cleanups.push(() => influxd.stop())
    const rpc = /^bind-address = "([^"]+)"/m.exec(readFileSync(join(influxd.dir, 'influxdb.conf'), 'utf8'))![1]!
    const env = { INFLUX_URL: influxd.url, INFLUX_DB: 'backup_pglite' }
    let service = await startTestService(env, { keepDataDir: true })
    const dataDir = service.dataDir
    dirs.push(dataDir)
    const cliEnv = { ...env, DATA_DIR: dataDir }
    const t0 = Date.now() - 3_600_000
    const { seed, secret, client } = await fillService(service, 200, t0)
    const photos = await takePhotos(service, seed)
    // An upload in flight (written to a temp file, not yet renamed) is no photo yet.
    const inFlight = `${storedPhoto(dataDir, 'dangers', photos.danger.key)}.0a1b2c3d.tmp`
    writeFileSync(inFlight, photos.danger.bytes.subarray(0, 10))
    await until(async () => await countPoints(influxd.url, 'backup_pglite', seed.codes[0]!, t0, t0 + 200) === 200)

    // Refused while the service holds its embedded database, with the reason.
    const refused = await cli('backup', ['--out', join(tempDir('tianjian-bk-'), 'b')], cliEnv)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/backup failed: the embedded database .* is open .* stop the service first/)

    // InfluxDB away: 100 more states are acknowledged into the write-ahead log only; then the service stops.
    await influxd.stop()
    await publishStates(client, seed.codes[0]!, range(t0 + 200, 100))
    client.end(true)
    await service.stop()
    await influxd.restart()
    expect(await countPoints(influxd.url, 'backup_pglite', seed.codes[0]!, t0, t0 + 300)).toBe(200)

    const out = join(tempDir('tianjian-bk-'), 'backup')
    const backup = await cli('backup', ['--out', out, '--influx-rpc', rpc], cliEnv)
    expect(backup.stderr).toContain('backup complete')
    expect(backup.code).toBe(0)
    expect(backup.stdout.trim()).toBe(out)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({ format: 'tianjian-backup/1', relational: { engine: 'pglite' }, wal: { dir: 'wal' }, influx: { database: 'backup_pglite' } })
    expect(manifest.relational.migrations.length).toBeGreaterThan(0)
    expect(manifest.photos).toEqual({ dir: 'photos', files: 2, bytes: photos.maintenance.bytes.length + photos.danger.bytes.length })
    expect(readFileSync(backedUpPhoto(out, 'dangers', photos.danger.key))).toEqual(photos.danger.bytes)
    expect(existsSync(join(out, 'photos', 'dangers', photos.danger.key.slice(0, 2), `${photos.danger.key}.0a1b2c3d.tmp`))).toBe(false)

    // Everything gone: the data folder and the InfluxDB database.
    rmSync(dataDir, { recursive: true, force: true })
    await createInfluxClient({ url: influxd.url, database: 'backup_pglite' }).query('DROP DATABASE backup_pglite', { database: null })

    const restore = await cli('restore', [out, '--influx-rpc', rpc], cliEnv)
    expect(restore.stderr).toContain('restore complete')
    expect(restore.code).toBe(0)
    expect(restore.stderr).toContain('2 copied, 0 already there (checked), 0 refused')
    expect(restore.stderr).toContain('2 of 2 present')
    expect(await countPoints(influxd.url, 'backup_pglite', seed.codes[0]!, t0, t0 + 300)).toBe(200)

    service = await startTestService(env, { dataDir, keepDataDir: true })
    try {
      await expectRelationalBack(service, seed, secret)
      // The photos are served again, byte for byte.
      const admin = await as(service, 'admin', ADMIN_PASSWORD)
      for (const photo of [photos.maintenance, photos.danger]) expect((await admin('GET', photo.url)).rawPayload).toEqual(photo.bytes)
      // The restored log is replayed: the 100 states InfluxDB never had arrive now.
      await until(async () => await countPoints(influxd.url, 'backup_pglite', seed.codes[0]!, t0, t0 + 300) === 300, 30_000)
    } finally {
      await service.stop()
    }

    // Over existing data, only when asked.
    const again = await cli('restore', [out, '--influx-rpc', rpc], cliEnv)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/restore failed: .*not empty.*--force/)
    // Photos merge without --force: a name is a content, so those already there are checked and kept.
    const merged = await cli('restore', [out, '--only', 'photos'], cliEnv)
    expect(merged.stderr).toContain('0 copied, 2 already there (checked), 0 refused')
    expect(merged.code).toBe(0)

    // A photo altered in the backup is refused with its file named, and not copied; the record that names it
    // is then missing its evidence, and the restore says so.
    const altered = backedUpPhoto(out, 'dangers', photos.danger.key)
    writeFileSync(altered, Buffer.concat([photos.danger.bytes, Buffer.from('edited')]))
    const fresh = tempDir('tianjian-bk-fresh-')
    const tampered = await cli('restore', [out, '--only', 'relational,photos'], { ...cliEnv, DATA_DIR: fresh })
    expect(tampered.code).toBe(1)
    expect(tampered.stderr).toContain(`restore failed: 1 file(s) of the backup refused, not copied (everything else is restored):\n    ${altered}: its bytes do not match its name`)
    expect(existsSync(storedPhoto(fresh, 'dangers', photos.danger.key))).toBe(false)
    expect(readFileSync(storedPhoto(fresh, 'maintenance', photos.maintenance.key))).toEqual(photos.maintenance.bytes)
    expect(tampered.stderr).toContain('1 of 2 present')
    expect(tampered.stderr).toMatch(new RegExp(`warning: 1 photo\\(s\\) that records reference are missing.*\\n    ${storedPhoto(fresh, 'dangers', photos.danger.key)}\\n`))

    // A backup made before the photos part (no "photos" in its manifest) has none.
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...manifest, photos: undefined }))
    const none = await cli('restore', [out, '--only', 'photos'], { ...cliEnv, DATA_DIR: fresh })
    expect(none.stderr).toContain('restore failed: the backup has no photos part')
    expect(none.code).toBe(1)
  }, 240_000)

  it('PostgreSQL server and the managed InfluxDB, while the service runs and a gateway keeps publishing', async () => {
    const databaseUrl = await createTestDatabase()
    const env = { DATABASE_URL: databaseUrl, INFLUX_URL: '', INFLUX_DB: 'tianjian', INFLUX_AUTO_INSTALL: 'false' }
    let service = await startTestService(env, { keepDataDir: true })
    const dataDir = service.dataDir
    dirs.push(dataDir)
    cleanups.push(() => service.stop())
    const influxUrl = service.influxUrl
    const t0 = Date.now() - 3_600_000
    const { seed, secret, client } = await fillService(service, 200, t0)
    await until(async () => await countPoints(influxUrl, 'tianjian', seed.codes[0]!, t0, t0 + 200) === 200)

    // A gateway publishing all along; what it had acknowledged before the backup began must come back.
    const t1 = t0 + 10_000
    const acked: number[] = []
    let publishing = true
    const publisher = (async () => {
      for (let i = 0; publishing; i++) {
        await publishStates(client, seed.codes[2]!, [t1 + i])
        acked.push(t1 + i)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    await until(() => acked.length >= 50)
    const ackedBefore = acked.length
    const out = join(tempDir('tianjian-bk-'), 'backup')
    const backup = await cli('backup', ['--out', out], { ...env, DATA_DIR: dataDir })
    publishing = false
    await publisher
    client.end(true)
    expect(backup.stderr).toContain('backup complete')
    expect(backup.code).toBe(0)
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ relational: { engine: 'postgres' }, wal: { dir: 'wal' }, influx: { database: 'tianjian' } })
    expect(acked.length).toBeGreaterThan(ackedBefore)

    // Everything gone: the service stopped, its database dropped (an empty one created), the data folder removed.
    await service.stop()
    const admin = new pg.Client({ connectionString: inject('postgresUrl') })
    await admin.connect()
    const name = new URL(databaseUrl).pathname.slice(1)
    await admin.query(`drop database ${name} with (force)`)
    await admin.query(`create database ${name}`)
    await admin.end()
    rmSync(dataDir, { recursive: true, force: true })
    expect(existsSync(join(dataDir, 'influxdb'))).toBe(false)

    const restore = await cli('restore', [out], { ...env, DATA_DIR: dataDir })
    expect(restore.stderr).toContain('restore complete')
    expect(restore.code).toBe(0)

    service = await startTestService(env, { dataDir, keepDataDir: true })
    await expectRelationalBack(service, seed, secret)
    expect(await countPoints(service.influxUrl, 'tianjian', seed.codes[0]!, t0, t0 + 200)).toBe(200)
    await until(async () => await countPoints(service.influxUrl, 'tianjian', seed.codes[2]!, t1, t1 + ackedBefore) === ackedBefore, 30_000)

    // Over existing data: refused, then with --force the current data is set aside (not deleted) and replaced.
    await service.stop()
    const refused = await cli('restore', [out], { ...env, DATA_DIR: dataDir })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/restore failed: the database of DATABASE_URL already has \d+ tables.*--force/)
    const forced = await cli('restore', [out, '--force'], { ...env, DATA_DIR: dataDir })
    expect(forced.stderr).toContain('restore complete')
    expect(forced.stderr).toMatch(/moved the current tables aside to schema public_before_restore_\w+/)
    expect(forced.stderr).toMatch(/moved the current write-ahead log aside to .*wal\.before-restore-/)
    expect(forced.stderr).toContain('dropped the existing InfluxDB database "tianjian"')
    service = await startTestService(env, { dataDir, keepDataDir: true })
    await expectRelationalBack(service, seed, secret)
    expect(await countPoints(service.influxUrl, 'tianjian', seed.codes[0]!, t0, t0 + 200)).toBe(200)
  }, 240_000)
})
