// What the API tells whom (issue 9, item 7): health is up/down for anyone and detailed only for an admin,
// never with a raw error or an address; every answer carries security headers and a Content-Security-
// Policy; no CSV cell the API writes can run as a spreadsheet formula; a use unit's contacts are read only
// by the roles that need them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { startTestService, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { seedRegistry } from './support/fixtures.ts'
import { buildProbeServer, type HealthDeps } from '../app/health-routes.ts'
import { createMetrics } from '../platform/metrics.ts'
import { csvCell, csvLine } from '../platform/csv.ts'
import type { SessionUser } from '../platform/http/auth.ts'

let service: TestService
let app: FastifyInstance
let seed: Awaited<ReturnType<typeof seedRegistry>>
const tokens: Record<string, string> = {}

async function call (method: string, url: string, role: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: method as 'GET', url, payload: payload as string, headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers } })
  return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body, headers: response.headers }
}

beforeAll(async () => {
  service = await startTestService()
  app = service.api!
  seed = await seedRegistry(service.registry, 2)
  const otherUnit = await service.registry.createUseUnit({ name: '另一家使用单位', creditCode: null, contact: '赵主任', phone: '0971-9999999', address: null })
  const users = [
    { username: 'admin', role: 'admin' as const },
    { username: 'dispatcher', role: 'dispatcher' as const },
    { username: 'inspector', role: 'inspector' as const },
    { username: 'firm-a', role: 'maintainer' as const, maintenanceFirmId: seed.firmA.id },
    { username: 'hospital', role: 'use_unit' as const, useUnitId: seed.useUnit.id },
    { username: 'other-unit', role: 'use_unit' as const, useUnitId: otherUnit.id }
  ]
  for (const u of users) {
    const password = u.username === 'admin' ? ADMIN_PASSWORD : `${u.username}-password`
    if (u.username !== 'admin') await service.users.create({ displayName: null, maintenanceFirmId: null, useUnitId: null, ...u, password })
    tokens[u.username] = (await call('POST', '/api/auth/login', null, { username: u.username, password })).body.token
  }
})
afterAll(async () => { await service?.stop() })

describe('health', () => {
  // A service whose database and InfluxDB fail with the kind of messages that must not reach a caller.
  const failing: HealthDeps = {
    db: { engine: 'postgres', query: async () => { throw new Error('password authentication failed for user "tianjian" at db-internal.example:5432') } } as unknown as HealthDeps['db'],
    influx: { url: 'http://influx-internal.example:8086', ping: async () => { throw new Error('connect ECONNREFUSED 10.1.2.3:8086') } } as unknown as HealthDeps['influx'],
    shipper: { status: () => ({ backlogLines: 42, spoolBytes: 4096 }) as never },
    broker: { connections: 3, ports: { tcp: 1883 } },
    redis: null,
    metrics: createMetrics()
  }
  const admin: SessionUser = { id: 1, username: 'admin', role: 'admin', maintenanceFirmId: null, useUnitId: null, fillingUnitId: null }
  const dispatcher: SessionUser = { ...admin, id: 2, username: 'dispatcher', role: 'dispatcher' }
  const probe = buildProbeServer({ ...failing, log: pino({ level: 'silent' }), userForToken: async (t) => t === 'admin-token' ? admin : t === 'dispatcher-token' ? dispatcher : undefined })
  afterAll(() => probe.close())

  it('tells anyone, and any non-admin, only up or down', async () => {
    for (const headers of [{}, { authorization: 'Bearer dispatcher-token' }, { authorization: 'Bearer forged' }]) {
      for (const url of ['/health', '/api/health']) {
        const answer = await probe.inject({ method: 'GET', url, headers })
        expect(answer.statusCode).toBe(503)
        expect(answer.json()).toEqual({ status: 'degraded' })
      }
    }
  })

  it('tells an admin each part as a stable code and a sentence, with no raw error and no address', async () => {
    const answer = await probe.inject({ method: 'GET', url: '/api/health', headers: { authorization: 'Bearer admin-token' } })
    expect(answer.statusCode).toBe(503)
    expect(answer.json()).toMatchObject({
      status: 'degraded',
      database: { up: false, code: 'health.database_unreachable', detail: 'unreachable; see the service log' },
      influx: { up: false, code: 'health.influx_unreachable', backlogPoints: 42, spoolBytes: 4096, detail: expect.stringContaining('42 points spooled') },
      broker: { up: true, code: 'health.broker_listening' }
    })
    for (const leak of ['authentication', 'tianjian', 'db-internal', 'influx-internal', '8086', 'ECONNREFUSED', '10.1.2.3']) expect(answer.body).not.toContain(leak)
  })

  it('answers a signed-in admin of the whole service in their language', async () => {
    const answer = await call('GET', '/api/health', 'admin', undefined, { 'accept-language': 'zh-CN' })
    expect(answer.body).toMatchObject({ status: 'ok', influx: { code: 'health.influx_writing', detail: '正常写入' } })
    expect((await call('GET', '/api/health', 'inspector')).body).toEqual({ status: 'ok' })
  })
})

describe('security headers', () => {
  it('sends a Content-Security-Policy and the usual hardening headers on every answer', async () => {
    for (const [url, role] of [['/api/health', null], ['/api/elevators', 'dispatcher'], ['/api/nothing', null], ['/docs', null]] as const) {
      const { headers } = await call('GET', url, role)
      const csp = String(headers['content-security-policy'])
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toContain('unsafe-eval')
      // The dashboard needs no inline style; the OpenAPI page's one is allowed there alone.
      if (url === '/docs') expect(csp).toContain("style-src 'self' 'unsafe-inline'")
      else expect(csp).not.toContain('unsafe-inline')
      // A plain-HTTP install must keep loading its own scripts.
      expect(csp).not.toContain('upgrade-insecure-requests')
      expect(headers['x-content-type-options']).toBe('nosniff')
      expect(headers['x-frame-options']).toBe('SAMEORIGIN')
      expect(headers['referrer-policy']).toBe('no-referrer')
      expect(headers['strict-transport-security']).toBeUndefined()
    }
  })
})

describe('CSV the API writes', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', '"\'=HYPERLINK(""http://evil.example"",""点我"")"'],
    ['+cmd|\' /C calc\'!A0', '\'+cmd|\' /C calc\'!A0'],
    ['-2+3', '\'-2+3'],
    ['@SUM(A1:A2)', '\'@SUM(A1:A2)'],
    ['\t=1+1', '\'\t=1+1'],
    ['\r=1+1', '"\'\r=1+1"'],
    ['城东区', '城东区'],
    ['a,b', '"a,b"'],
    [-3, '-3'],
    [0.25, '0.25'],
    [null, '']
  ])('writes %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell)
  })

  it('neutralises district and firm names in the rescue figures', async () => {
    const district = await service.registry.createDistrict({ code: 'EV', name: '=HYPERLINK("http://evil.example","x")', arrivalLimitMin: 30 })
    const firm = await service.registry.createFirm({ name: '@SUM(1+1)*cmd', licenseNo: null, phone24h: null, contact: null })
    await service.registry.upsertElevator({
      equipmentCode: 'EVIL-1', rescueId: '666001', kind: 'traction', status: 'in_use', address: '某路', building: null, floors: null,
      districtId: district.id, useUnitId: seed.useUnit.id, maintenanceFirmId: firm.id, publicPlace: false, lastInspectionDate: null, nextInspectionDate: null
    })
    const reported = await call('POST', '/api/rescues', 'dispatcher', { rescueId: '666001' })
    expect(reported.status).toBe(201)
    expect((await call('POST', `/api/rescues/${reported.body.id}/actions`, 'dispatcher', { action: 'dispatch' })).status).toBe(200)
    const from = new Date(Date.now() - 86_400_000).toISOString()
    const to = new Date(Date.now() + 86_400_000).toISOString()
    const csv = await call('GET', `/api/figures/rescue?from=${from}&to=${to}&format=csv`, 'inspector')
    expect(csv.status).toBe(200)
    const text = String(csv.body)
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"')
    expect(text).toContain('\'@SUM(1+1)*cmd')
    for (const line of text.replace(/^\uFEFF/, '').trim().split('\n')) {
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+@\t\r]/)
    }
    expect(csvLine(['a', '=b', 2])).toBe("a,'=b,2")
  })
})

describe('use-unit contacts', () => {
  const contactsOf = async (user: string) => {
    const one = await call('GET', `/api/use-units/${seed.useUnit.id}`, user)
    const listed = (await call('GET', '/api/use-units?limit=500', user)).body.items.find((u: { id: number }) => u.id === seed.useUnit.id)
    expect(one.status).toBe(200)
    expect(listed).toEqual(one.body)
    return { contact: one.body.contact, phone: one.body.phone, name: one.body.name }
  }

  it.each(['admin', 'dispatcher', 'inspector', 'hospital'])('are read by %s', async (user) => {
    expect(await contactsOf(user)).toEqual({ contact: '王经理', phone: '0971-0000000', name: seed.useUnit.name })
  })

  it.each(['firm-a', 'other-unit'])('are not read by %s, who still reads the name', async (user) => {
    expect(await contactsOf(user)).toEqual({ contact: null, phone: null, name: seed.useUnit.name })
  })
})
