// The audit log (issue 9, item 6): every change made through the API and every sign-in, with who, what,
// when, from where and before/after; never a secret; append-only in the database itself; searchable by
// admins only. And registry deletes never erase alert or rescue history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { startTestService, createTestDatabase, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { seedRegistry } from './support/fixtures.ts'
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'

let service: TestService
let app: FastifyInstance
let seed: Awaited<ReturnType<typeof seedRegistry>>
const tokens: Record<string, string> = {}

async function call (method: string, url: string, role: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: method as 'GET', url, payload: payload as string, headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers } })
  return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body }
}
const login = (username: string, password: string, headers: Record<string, string> = {}) => call('POST', '/api/auth/login', null, { username, password }, headers)
/** The newest entries, as an admin reads them. */
async function audit (query = '') {
  const answer = await call('GET', `/api/audit?limit=500${query}`, 'admin')
  expect(answer.status).toBe(200)
  return answer.body as { total: number, items: Array<Record<string, any>> }
}
const newest = async (action: string) => (await audit(`&action=${action}`)).items[0]

beforeAll(async () => {
  service = await startTestService()
  app = service.api!
  seed = await seedRegistry(service.registry, 3)
  tokens.admin = (await login('admin', ADMIN_PASSWORD)).body.token
})
afterAll(async () => { await service?.stop() })

describe('the audit log', () => {
  it('records sign-ins, successful and failed, with the address the connection came from', async () => {
    expect((await login('admin', 'not-the-password', { 'x-forwarded-for': '203.0.113.99' })).status).toBe(401)
    // No TRUST_PROXY: a forwarded address is the caller's claim, not taken.
    expect(await newest('auth.login_failed')).toMatchObject({ actorId: null, actorUsername: 'admin', ip: '127.0.0.1', status: 401, detail: { reason: 'wrong_credentials' } })
    expect(await newest('auth.login')).toMatchObject({ actorUsername: 'admin', actorRole: 'admin', targetType: 'user', status: 200 })
  })

  it('records user changes with before and after, and a new password only as changed', async () => {
    const created = await call('POST', '/api/users', 'admin', { username: 'dispatcher', role: 'dispatcher', password: 'first-password-123' })
    expect(created.status).toBe(201)
    tokens.dispatcher = (await login('dispatcher', 'first-password-123')).body.token
    expect(await newest('user.create')).toMatchObject({ actorUsername: 'admin', actorRole: 'admin', method: 'POST', route: '/api/users', targetType: 'user', targetId: String(created.body.id), before: null, after: { username: 'dispatcher', role: 'dispatcher', enabled: true } })
    expect((await call('PATCH', `/api/users/${created.body.id}`, 'admin', { displayName: '调度员', password: 'second-password-456' })).status).toBe(200)
    expect(await newest('user.update')).toMatchObject({ before: { displayName: null }, after: { displayName: '调度员' }, detail: { passwordChanged: true } })
    tokens.dispatcher = (await login('dispatcher', 'second-password-456')).body.token
  })

  it('records gateway provisioning, changes, rotation and removal, never the secret', async () => {
    const created = await call('POST', '/api/gateways', 'admin', { id: 'gw-audit', name: '一号楼', equipmentCodes: [seed.codes[0]] })
    const rotated = await call('POST', '/api/gateways/gw-audit/rotate-secret', 'admin')
    expect((await call('PATCH', '/api/gateways/gw-audit', 'admin', { enabled: false })).status).toBe(200)
    expect((await call('DELETE', '/api/gateways/gw-audit', 'admin')).status).toBe(204)
    expect(await newest('gateway.create')).toMatchObject({ targetType: 'gateway', targetId: 'gw-audit', after: { id: 'gw-audit', equipmentCodes: [seed.codes[0]] } })
    expect(await newest('gateway.rotate_secret')).toMatchObject({ targetId: 'gw-audit', status: 200 })
    expect(await newest('gateway.update')).toMatchObject({ before: { enabled: true }, after: { enabled: false } })
    expect(await newest('gateway.delete')).toMatchObject({ before: { id: 'gw-audit' }, after: null })
    const everything = JSON.stringify(await service.db.query('select * from audit_log'))
    expect(everything).not.toContain(created.body.secret)
    expect(everything).not.toContain(rotated.body.secret)
    expect(everything).not.toMatch(/scrypt\$/)
    // All of a record's actions, by the record's name.
    expect((await audit('&action=gateway')).items.map((e) => e.action)).toEqual(['gateway.delete', 'gateway.update', 'gateway.rotate_secret', 'gateway.create'])
  })

  it('records registry edits and CSV imports (counts)', async () => {
    const district = await call('POST', '/api/districts', 'admin', { code: 'AU', name: '审计区', arrivalLimitMin: 30 })
    await call('PUT', `/api/districts/${district.body.id}`, 'admin', { code: 'AU', name: '审计区', arrivalLimitMin: 45 })
    expect(await newest('district.update')).toMatchObject({ targetId: String(district.body.id), before: { arrivalLimitMin: 30 }, after: { arrivalLimitMin: 45 } })
    const unit = await call('POST', '/api/use-units', 'admin', { name: '审计大厦', phone: '0971-1' })
    await call('PUT', `/api/use-units/${unit.body.id}`, 'admin', { name: '审计大厦', phone: '0971-2' })
    expect(await newest('use_unit.update')).toMatchObject({ before: { phone: '0971-1' }, after: { phone: '0971-2' } })
    const firm = await call('POST', '/api/maintenance-firms', 'admin', { name: '审计维保' })
    await call('PUT', `/api/maintenance-firms/${firm.body.id}`, 'admin', { name: '审计维保', phone24h: '400-1' })
    expect(await newest('maintenance_firm.update')).toMatchObject({ before: { phone24h: null }, after: { phone24h: '400-1' } })
    const lift = { rescueId: '600001', kind: 'traction', address: '审计路 1 号', districtId: district.body.id, useUnitId: unit.body.id }
    expect((await call('PUT', '/api/elevators/AUDIT-1', 'admin', lift)).status).toBe(201)
    expect((await call('PUT', '/api/elevators/AUDIT-1', 'admin', { ...lift, status: 'stopped' })).status).toBe(200)
    expect(await newest('elevator.create')).toMatchObject({ targetType: 'elevator', targetId: 'AUDIT-1', before: null, after: { status: 'in_use' } })
    expect(await newest('elevator.update')).toMatchObject({ before: { status: 'in_use' }, after: { status: 'stopped' } })
    const csv = 'equipment_code,rescue_id,kind,address,district,use_unit\nAUDIT-2,600002,traction,审计路 2 号,AU,审计大厦\nAUDIT-3,60000,traction,审计路 3 号,AU,审计大厦'
    expect((await call('POST', '/api/elevators/import', 'admin', csv, { 'content-type': 'text/csv' })).status).toBe(200)
    expect(await newest('elevator.import')).toMatchObject({ route: '/api/elevators/import', detail: { imported: 1, created: 1, updated: 0, rejected: 1 } })
  })

  it('records webhook changes, never the secret', async () => {
    const secret = 'webhook-secret-0123456789abcdef'
    const hook = await call('POST', '/api/webhooks', 'admin', { url: 'http://127.0.0.1:9/hook', secret })
    await call('PATCH', `/api/webhooks/${hook.body.id}`, 'admin', { enabled: false })
    await call('DELETE', `/api/webhooks/${hook.body.id}`, 'admin')
    expect((await audit('&action=webhook')).items.map((e) => e.action)).toEqual(['webhook.delete', 'webhook.update', 'webhook.create'])
    expect(await newest('webhook.update')).toMatchObject({ before: { enabled: true }, after: { enabled: false } })
    expect(JSON.stringify(await service.db.query('select * from audit_log'))).not.toContain(secret)
  })

  it('records a change whose route names no action by its route, and never a refusal', async () => {
    const before = (await audit()).total
    expect((await call('POST', '/api/districts', 'dispatcher', { code: 'NO', name: 'no' })).status).toBe(403)
    expect((await call('POST', '/api/districts', null, { code: 'NO', name: 'no' })).status).toBe(401)
    expect((await audit()).total).toBe(before)
    const reported = await call('POST', '/api/rescues', 'dispatcher', { rescueId: '100002', caller: '13800000000' })
    expect(reported.status).toBe(201)
    expect(await newest('POST /api/rescues')).toMatchObject({ actorUsername: 'dispatcher', actorRole: 'dispatcher', method: 'POST', route: '/api/rescues', status: 201, before: null })
    expect(JSON.stringify(await newest('POST /api/rescues'))).not.toContain('13800000000')
  })

  it('is searchable by admins only: actor, action, target, period, paging', async () => {
    expect((await call('GET', '/api/audit', 'dispatcher')).status).toBe(403)
    expect((await call('GET', '/api/audit', null)).status).toBe(401)
    const byDispatcher = await audit('&actor=DISPATCHER')
    expect(byDispatcher.items.length).toBeGreaterThan(0)
    expect(byDispatcher.items.every((e) => e.actorUsername === 'dispatcher')).toBe(true)
    const lift = await audit('&targetType=elevator&targetId=AUDIT-1')
    expect(lift.items.map((e) => e.action)).toEqual(['elevator.update', 'elevator.create'])
    const page = await call('GET', '/api/audit?limit=2&offset=1', 'admin')
    expect(page.body.items).toHaveLength(2)
    expect(page.body.total).toBeGreaterThan(10)
    const future = new Date(Date.now() + 3600_000).toISOString()
    expect((await call('GET', `/api/audit?from=${future}`, 'admin')).body).toEqual({ total: 0, items: [] })
    expect((await call('GET', `/api/audit?to=${future}&action=auth.login`, 'admin')).body.total).toBeGreaterThanOrEqual(3)
    expect((await call('GET', '/api/audit?from=yesterday', 'admin')).status).toBe(400)
  })

  it('cannot be changed or emptied, whoever asks the database (PGlite and a PostgreSQL server)', async () => {
    const server = await openDb({ url: await createTestDatabase(), dataDir: '' })
    try {
      await migrate(server)
      await server.query("insert into audit_log (action, actor_username) values ('auth.login', 'someone')")
      for (const db of [service.db, server] as Db[]) {
        await expect(db.query("update audit_log set actor_username = 'someone-else'")).rejects.toThrow(/append-only/)
        await expect(db.query('delete from audit_log')).rejects.toThrow(/append-only/)
        await expect(db.query('truncate audit_log')).rejects.toThrow(/append-only/)
        expect((await db.query<{ n: number }>('select count(*) as n from audit_log'))[0]!.n).toBeGreaterThan(0)
      }
    } finally {
      await server.close()
    }
  })
})

describe('registry deletes', () => {
  it('never erase alert or rescue history: a lift with history is refused (409), one without is removed', async () => {
    // seed.codes[1] has the rescue case reported above; give seed.codes[2] an alert.
    const alert = await service.alerts.raise({ equipmentCode: seed.codes[2]!, type: 'power_outage', severity: 'major', at: Date.now() })
    expect(alert).toBeDefined()
    for (const code of [seed.codes[1]!, seed.codes[2]!]) {
      const refused = await call('DELETE', `/api/elevators/${code}`, 'admin', undefined, { 'accept-language': 'zh-CN' })
      expect(refused.status).toBe(409)
      expect(refused.body).toMatchObject({ code: 'registry.lift_has_history', message: expect.stringContaining('报废') })
    }
    expect((await service.db.query('select count(*) as n from rescue_cases rc join elevators e on e.id = rc.elevator_id where e.equipment_code = $1', [seed.codes[1]]))[0]).toEqual({ n: 1 })
    expect((await service.db.query('select count(*) as n from alerts a join elevators e on e.id = a.elevator_id where e.equipment_code = $1', [seed.codes[2]]))[0]).toEqual({ n: 1 })
    // Even straight at the database.
    await expect(service.db.query('delete from elevators where equipment_code = $1', [seed.codes[2]])).rejects.toThrow(/foreign key/)

    expect((await call('DELETE', '/api/elevators/AUDIT-1', 'admin')).status).toBe(204)
    expect(await newest('elevator.delete')).toMatchObject({ targetId: 'AUDIT-1', before: { equipmentCode: 'AUDIT-1', status: 'stopped' }, after: null })
    expect((await call('GET', '/api/elevators/AUDIT-1', 'admin')).status).toBe(404)
  })
})
