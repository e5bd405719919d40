// The HTTP API through Fastify's inject, on a whole service (PGlite, real InfluxDB, real broker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { startTestService, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'

let service: TestService
let app: FastifyInstance
let seed: Awaited<ReturnType<typeof seedRegistry>>
const tokens: Record<string, string> = {}

async function call (method: string, url: string, role: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await app.inject({
    method: method as 'GET', url, payload: payload as string,
    headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers }
  })
  return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body, headers: response.headers }
}

async function login (username: string, password: string) {
  return call('POST', '/api/auth/login', null, { username, password })
}

beforeAll(async () => {
  service = await startTestService()
  app = service.api!
  seed = await seedRegistry(service.registry, 4)
  tokens.admin = (await login('admin', ADMIN_PASSWORD)).body.token
  const users = [
    { username: 'dispatcher', role: 'dispatcher' },
    { username: 'inspector', role: 'inspector' },
    { username: 'firm-a', role: 'maintainer', maintenanceFirmId: seed.firmA.id },
    { username: 'hospital', role: 'use_unit', useUnitId: seed.useUnit.id }
  ]
  for (const u of users) {
    const created = await call('POST', '/api/users', 'admin', { ...u, password: `${u.username}-password` })
    expect(created.status).toBe(201)
    tokens[u.role] = (await login(u.username, `${u.username}-password`)).body.token
  }
})
afterAll(async () => { await service?.stop() })

describe('sign-in', () => {
  it('says the same for a wrong password and an unknown user, and slows repeated tries', async () => {
    const wrongPassword = await login('dispatcher', 'nope')
    const unknownUser = await login('no-such-user', 'nope')
    expect(wrongPassword.status).toBe(401)
    expect(unknownUser.body.message).toBe(wrongPassword.body.message)
    for (let i = 0; i < 5; i++) await login('inspector', 'wrong')
    const throttled = await login('inspector', 'inspector-password')
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('needs a token and ends the session on logout', async () => {
    expect((await call('GET', '/api/elevators', null)).status).toBe(401)
    const { body } = await login('dispatcher', 'dispatcher-password')
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } })).json()).toMatchObject({ role: 'dispatcher' })
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${body.token}` } })).statusCode).toBe(204)
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } })).statusCode).toBe(401)
  })
})

describe('roles and scopes', () => {
  it.each(['dispatcher', 'inspector', 'maintainer', 'use_unit'])('forbids %s to change the registry', async (role) => {
    const response = await call('POST', '/api/districts', role, { code: 'X', name: 'X' })
    expect(response.status).toBe(403)
    expect(response.body.message).toContain('admin')
  })

  it('shows a maintenance firm only its own lifts', async () => {
    const mine = await call('GET', '/api/elevators?limit=100', 'maintainer')
    expect(mine.body.total).toBe(2)
    expect(mine.body.items.every((e: { maintenanceFirmId: number }) => e.maintenanceFirmId === seed.firmA.id)).toBe(true)
    expect((await call('GET', `/api/elevators/${seed.codes[1]}`, 'maintainer')).status).toBe(404)
    expect((await call('GET', `/api/elevators/${seed.codes[0]}`, 'maintainer')).status).toBe(200)
    expect((await call('GET', '/api/elevators', 'use_unit')).body.total).toBe(4)
  })

  it('lets only admins provision gateways', async () => {
    expect((await call('POST', '/api/gateways', 'dispatcher', { id: 'gw-x' })).status).toBe(403)
    expect((await call('GET', '/api/gateways', 'dispatcher')).status).toBe(200)
    expect((await call('GET', '/api/gateways', 'maintainer')).status).toBe(403)
  })
})

describe('registry', () => {
  it('lists with filters, sort and paging and rejects bad queries with the field named', async () => {
    const page = await call('GET', `/api/elevators?districtId=${seed.cityDistrict.id}&sort=rescueId&order=desc&limit=1&offset=1`, 'dispatcher')
    expect(page.body).toMatchObject({ total: 2, items: [{ rescueId: '100001' }] })
    expect((await call('GET', '/api/elevators?overdue=true', 'inspector')).body.items.map((e: { equipmentCode: string }) => e.equipmentCode)).toEqual([seed.codes[0]])
    const bad = await call('GET', '/api/elevators?limit=100000&sort=colour', 'dispatcher')
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/limit/)
    expect(bad.body.details.length).toBeGreaterThanOrEqual(2)
  })

  it('creates and replaces a lift, refusing unknown fields and bad values', async () => {
    const body = { rescueId: '555001', kind: 'escalator', address: '西宁火车站', districtId: seed.cityDistrict.id, useUnitId: seed.useUnit.id, building: null, floors: null, maintenanceFirmId: seed.firmB.id, publicPlace: true, nextInspectionDate: '2027-03-01' }
    expect((await call('PUT', '/api/elevators/ESC-1', 'admin', body)).status).toBe(201)
    expect((await call('PUT', '/api/elevators/ESC-1', 'admin', { ...body, status: 'stopped' })).body).toMatchObject({ status: 'stopped', kind: 'escalator', districtName: '城东区' })
    const bad = await call('PUT', '/api/elevators/ESC-1', 'admin', { ...body, rescueId: '12', colour: 'red' })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/rescueId/)
    expect(bad.body.message).toMatch(/body\/colour is not a known field/)
    const conflict = await call('PUT', '/api/elevators/ESC-2', 'admin', body)
    expect(conflict.status).toBe(409)
    const missingDistrict = await call('PUT', '/api/elevators/ESC-3', 'admin', { ...body, rescueId: '555003', districtId: 9999 })
    expect(missingDistrict.status).toBe(409)
  })

  it('imports a CSV: good rows stored, bad rows reported by line', async () => {
    const csv = [
      '设备代码,救援识别码,设备类别,状态,地址,楼栋,层数,区县,使用单位,维保单位,公众聚集场所,下次检验日期',
      'CSV-001,700001,曳引,在用,西宁市城西区五四大街1号,A座,20,城东区,西宁万达广场,青海通力电梯维保,是,2027-05-01',
      'CSV-002,7000,曳引,在用,西宁市城西区五四大街1号,A座,20,城东区,西宁万达广场,,否,2027-05-01',
      'CSV-003,700003,rocket,在用,西宁市,,,城东区,西宁万达广场,,否,',
      'CSV-004,700004,自动扶梯,在用,西宁市城西区,B座,,火星区,西宁万达广场,,否,',
      'CSV-005,700005,hydraulic,stopped,西宁市城北区,,,DT,新的使用单位,新的维保公司,no,2026-02-30',
      'CSV-006,700006,hydraulic,stopped,西宁市城北区,,,DT,新的使用单位,新的维保公司,no,2026-02-28',
      'CSV-006,700007,hydraulic,stopped,西宁市城北区,,,DT,新的使用单位,新的维保公司,no,2026-02-28',
      'CSV-008,700008,traction'
    ].join('\n')
    const response = await call('POST', '/api/elevators/import', 'admin', csv, { 'content-type': 'text/csv' })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ imported: 2, created: 2, rejected: 6 })
    const byLine = Object.fromEntries(response.body.errors.map((e: { line: number, message: string }) => [e.line, e.message]))
    expect(byLine[3]).toMatch(/rescueId "7000"/)
    expect(byLine[4]).toMatch(/kind "rocket"/)
    expect(byLine[5]).toMatch(/unknown district "火星区"/)
    expect(byLine[6]).toMatch(/nextInspectionDate "2026-02-30"/)
    expect(byLine[8]).toMatch(/already appears on line 7/)
    expect(byLine[9]).toMatch(/fields/)
    expect((await call('GET', '/api/elevators/CSV-006', 'admin')).body).toMatchObject({ useUnitName: '新的使用单位', maintenanceFirmName: '新的维保公司', districtName: '大通县' })
    expect((await call('POST', '/api/elevators/import', 'admin', 'a,b\n1,2', { 'content-type': 'text/csv' })).body.message).toMatch(/lacks required column/)
  })
})

describe('the reader\'s language', () => {
  const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }

  it('answers a wrong sign-in in Chinese when asked, in English otherwise, with the same code', async () => {
    const english = await call('POST', '/api/auth/login', null, { username: 'no-such-reader', password: 'nope' })
    const chinese = await call('POST', '/api/auth/login', null, { username: 'no-such-reader', password: 'nope' }, zh)
    expect(english.body).toMatchObject({ statusCode: 401, code: 'auth.wrong_credentials', message: 'wrong username or password' })
    expect(chinese.body).toMatchObject({ statusCode: 401, code: 'auth.wrong_credentials', message: '用户名或密码错误' })
    expect(chinese.headers.vary).toMatch(/Accept-Language/i)
  })

  it('frames validation errors and names unknown fields in the reader\'s language, keeping the field path', async () => {
    const english = await call('GET', '/api/elevators?limit=100000&colour=red', 'dispatcher')
    const chinese = await call('GET', '/api/elevators?limit=100000&colour=red', 'dispatcher', undefined, { 'accept-language': 'en;q=0.5, zh-TW;q=0.8' })
    expect(english.body).toMatchObject({ statusCode: 400, code: 'http.invalid', message: expect.stringMatching(/^invalid querystring: /) })
    expect(english.body.details).toEqual(expect.arrayContaining([{ path: 'querystring/limit', message: 'must be <= 500' }, { path: 'querystring/colour', message: 'is not a known field' }]))
    expect(chinese.body).toMatchObject({ statusCode: 400, code: 'http.invalid', message: expect.stringMatching(/^查询参数无效：/) })
    expect(chinese.body.details).toEqual(expect.arrayContaining([{ path: 'querystring/limit', message: '应当为 <= 500' }, { path: 'querystring/colour', message: '不是可识别的字段' }]))
  })

  it('reports a CSV import\'s bad rows and header in the reader\'s language', async () => {
    const csv = '设备代码,救援识别码,设备类别,地址,区县,使用单位,层数\nLANG-1,7000,曳引,西宁市,城东区,西宁万达广场,0'
    const importCsv = (text: string, headers: Record<string, string>) => call('POST', '/api/elevators/import', 'admin', text, { 'content-type': 'text/csv', ...headers })
    expect((await importCsv(csv, {})).body).toMatchObject({ imported: 0, errors: [{ line: 2, message: 'rescueId "7000" must be 6 digits; floors "0" must be a whole number 1-300' }] })
    expect((await importCsv(csv, zh)).body).toMatchObject({ imported: 0, errors: [{ line: 2, message: '救援识别码「7000」须为 6 位数字；层数「0」须为 1-300 的整数' }] })
    const header = await importCsv('设备代码,备注\nLANG-2,x', zh)
    expect(header.body).toMatchObject({ statusCode: 400, code: 'csv.missing_columns', message: '表头缺少必需的列：救援识别码、设备类别、安装地址、区县、使用单位', details: [{ line: 1, message: '文件中的列：设备代码、备注' }] })
  })

  it('names an unknown route in the reader\'s language', async () => {
    expect((await call('GET', '/api/nothing-here', 'admin')).body).toMatchObject({ statusCode: 404, code: 'http.no_route', message: 'no route GET /api/nothing-here' })
    expect((await call('GET', '/api/nothing-here', 'admin', undefined, zh)).body).toMatchObject({ statusCode: 404, code: 'http.no_route', message: '没有这个接口：GET /api/nothing-here' })
  })
})

describe('gateways', () => {
  it('shows the secret once, rotates it and disables the gateway', async () => {
    const created = await call('POST', '/api/gateways', 'admin', { id: 'gw-api', name: '医院 1 号楼', equipmentCodes: [seed.codes[0]] })
    expect(created.status).toBe(201)
    const secret = created.body.secret as string
    expect(secret.length).toBeGreaterThanOrEqual(40)
    expect(JSON.stringify((await call('GET', '/api/gateways', 'admin')).body)).not.toContain(secret)
    expect((await call('POST', '/api/gateways', 'admin', { id: 'gw-api2', equipmentCodes: [seed.codes[0]] })).status).toBe(409)
    expect((await call('POST', '/api/gateways', 'admin', { id: 'bad id!' })).status).toBe(400)

    const client = await connectGateway(service.mqttPort!, 'gw-api', secret)
    await client.publishAsync(`se/v1/gw-api/elevator/${seed.codes[0]}/state`, JSON.stringify({ mode: 2, moving: false, dir: 0, floor: 7, doorZone: true, doorClosed: false, occupied: false }), { qos: 1 })
    await client.publishAsync(`se/v1/gw-api/elevator/${seed.codes[1]}/state`, '{}', { qos: 1 })
    const listed = (await call('GET', '/api/gateways?q=gw-api', 'dispatcher')).body.items.find((g: { id: string }) => g.id === 'gw-api')
    expect(listed).toMatchObject({ online: true, messages: 1, rejected: 1 })
    expect((await call('GET', '/api/gateways/gw-api/rejections', 'dispatcher')).body[0].errors[0].reason).toBe('acl')
    expect((await call('GET', `/api/elevators/${seed.codes[0]}/state`, 'maintainer')).body).toMatchObject({ floor: 7, mode: 2, gatewayId: 'gw-api' })
    const online = await call('GET', '/api/elevators?online=true', 'dispatcher')
    expect(online.body.items.map((e: { equipmentCode: string }) => e.equipmentCode)).toEqual([seed.codes[0]])
    expect(online.body.items[0]).toMatchObject({ online: true, state: { floor: 7, mode: 2 } })
    const offline = await call('GET', '/api/elevators?online=false&limit=500', 'dispatcher')
    expect(offline.body.total).toBe(offline.body.items.length)
    expect(offline.body.items.some((e: { equipmentCode: string }) => e.equipmentCode === seed.codes[0])).toBe(false)

    const rotated = await call('POST', '/api/gateways/gw-api/rotate-secret', 'admin')
    expect(rotated.body.secret).not.toBe(secret)
    await until(() => !client.connected)
    await expect(connectGateway(service.mqttPort!, 'gw-api', secret)).rejects.toThrow()
    const again = await connectGateway(service.mqttPort!, 'gw-api', rotated.body.secret)
    expect((await call('PATCH', '/api/gateways/gw-api', 'admin', { enabled: false })).body.enabled).toBe(false)
    await until(() => !again.connected)
    await expect(connectGateway(service.mqttPort!, 'gw-api', rotated.body.secret)).rejects.toThrow()
    client.end(true)
    again.end(true)
  })
})

describe('paged lists', () => {
  it('pages and searches gateways by id or name, with presence', async () => {
    for (const [id, name] of [['pg-3', '西宁 3 号楼'], ['pg-1', 'Hospital A'], ['pg-2', 'hospital B'], ['pg_x', '100% 网关']]) {
      expect((await call('POST', '/api/gateways', 'admin', { id, name })).status).toBe(201)
    }
    const first = await call('GET', '/api/gateways?q=pg-&limit=2', 'dispatcher')
    expect(first.status).toBe(200)
    expect(first.body.total).toBe(3)
    expect(first.body.items.map((g: { id: string }) => g.id)).toEqual(['pg-1', 'pg-2'])
    expect(first.body.items[0]).toMatchObject({ name: 'Hospital A', online: false, messages: 0 })
    expect((await call('GET', '/api/gateways?q=pg-&limit=2&offset=2', 'dispatcher')).body).toMatchObject({ total: 3, items: [{ id: 'pg-3' }] })
    const byName = await call('GET', `/api/gateways?q=${encodeURIComponent('HOSPITAL')}`, 'inspector')
    expect(byName.body.items.map((g: { id: string }) => g.id)).toEqual(['pg-1', 'pg-2'])
    // LIKE's wildcards are taken literally.
    expect((await call('GET', `/api/gateways?q=${encodeURIComponent('100%')}`, 'admin')).body).toMatchObject({ total: 1, items: [{ id: 'pg_x' }] })
    expect((await call('GET', '/api/gateways?q=pg_', 'admin')).body.total).toBe(1)
    const all = await call('GET', '/api/gateways', 'admin')
    expect(all.body.total).toBeGreaterThanOrEqual(4)
    expect(all.body.items.length).toBe(Math.min(all.body.total, 50))
  })

  it('pages and searches use units, and reads one by id', async () => {
    for (const name of ['西宁市第一人民医院', '西宁市第二人民医院', '海东市人民医院']) {
      expect((await call('POST', '/api/use-units', 'admin', { name })).status).toBe(201)
    }
    const page = await call('GET', `/api/use-units?q=${encodeURIComponent('西宁市')}&limit=1&offset=1`, 'maintainer')
    expect(page.status).toBe(200)
    expect(page.body.total).toBe(2)
    expect(page.body.items).toHaveLength(1)
    const hospitals = await call('GET', `/api/use-units?q=${encodeURIComponent('人民医院')}&limit=500`, 'use_unit')
    expect(hospitals.body.total).toBe(3)
    const all = await call('GET', '/api/use-units', 'dispatcher')
    expect(all.body.items.map((u: { id: number }) => u.id)).toContain(seed.useUnit.id)
    expect((await call('GET', `/api/use-units/${seed.useUnit.id}`, 'inspector')).body).toMatchObject({ id: seed.useUnit.id, name: seed.useUnit.name })
    expect((await call('GET', '/api/use-units/999999', 'inspector')).status).toBe(404)
    expect((await call('GET', '/api/use-units', null)).status).toBe(401)
  })

  it.each([
    ['/api/gateways?limit=0', /limit/],
    ['/api/gateways?limit=501', /limit/],
    ['/api/gateways?offset=-1', /offset/],
    ['/api/gateways?limit=ten', /limit/],
    ['/api/gateways?page=2', /querystring\/page is not a known field/],
    [`/api/gateways?q=${'x'.repeat(101)}`, /q/],
    ['/api/use-units?limit=abc', /limit/],
    ['/api/use-units?offset=1.5', /offset/],
    ['/api/use-units?name=x', /querystring\/name is not a known field/],
    ['/api/use-units/zero', /id/]
  ])('refuses %s with the field named', async (url, field) => {
    const response = await call('GET', url, 'admin')
    expect(response.status).toBe(400)
    expect(response.body.message).toMatch(field)
    expect(response.body.details.length).toBeGreaterThanOrEqual(1)
  })
})

describe('telemetry', () => {
  it('serves history, downsampled for long ranges', async () => {
    const t0 = Date.parse('2026-11-01T00:00:00Z')
    const lines = Array.from({ length: 120 }, (_, i) => `elevator_state,equipment=${seed.codes[2]},gateway=g mode=1i,moving=true,dir=1i,floor=${i % 10}i,door_zone=false,door_closed=true,occupied=true,speed=${i / 100} ${t0 + i * 60_000}`).join('\n')
    await service.influx.write(lines)
    const raw = await call('GET', `/api/elevators/${seed.codes[2]}/history?from=2026-11-01T00:00:00Z&to=2026-11-01T00:10:00Z`, 'dispatcher')
    expect(raw.body.intervalS).toBeNull()
    expect(raw.body.points).toHaveLength(10)
    const day = await call('GET', `/api/elevators/${seed.codes[2]}/history?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`, 'dispatcher')
    expect(day.body.intervalS).toBe(300)
    expect(day.body.points).toHaveLength(24)
    expect(day.body.points[0]).toMatchObject({ floor: 4, speed: 0.04 })
    expect((await call('GET', `/api/elevators/${seed.codes[2]}/history?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z`, 'dispatcher')).status).toBe(400)
    expect((await call('GET', `/api/elevators/${seed.codes[2]}/history?from=yesterday`, 'dispatcher')).status).toBe(400)
    expect((await call("GET", `/api/elevators/${seed.codes[1]}/history?from=2026-11-01T00:00:00Z`, "maintainer")).status).toBe(404)
  })

  it('streams state changes over SSE', async () => {
    const address = service.httpUrl!
    const controller = new AbortController()
    const { ticket } = (await call('POST', '/api/live/ticket', 'dispatcher')).body
    const response = await fetch(`${address}/api/live?ticket=${ticket}&equipment=${seed.codes[3]}`, { signal: controller.signal })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.getReader()
    const { secret } = (await call('POST', '/api/gateways', 'admin', { id: 'gw-sse', equipmentCodes: [seed.codes[3]] })).body
    const client = await connectGateway(service.mqttPort!, 'gw-sse', secret)
    await client.publishAsync(`se/v1/gw-sse/elevator/${seed.codes[3]}/state`, JSON.stringify({ mode: 1, moving: true, dir: 1, floor: 9, doorZone: false, doorClosed: true, occupied: true }), { qos: 1 })
    let text = ''
    while (!text.includes('event: state')) text += new TextDecoder().decode((await reader.read()).value)
    const data = JSON.parse(text.split('event: state\ndata: ')[1]!.split('\n')[0]!)
    expect(data).toMatchObject({ equipmentCode: seed.codes[3], floor: 9, moving: true })
    controller.abort()
    client.end(true)
  })
})

describe('system', () => {
  it('reports health of broker, InfluxDB and database: up/down to anyone, each part to an admin', async () => {
    for (const role of [null, 'dispatcher']) {
      const health = await call('GET', '/api/health', role)
      expect(health.status).toBe(200)
      expect(health.body).toEqual({ status: 'ok' })
    }
    const health = await call('GET', '/api/health', 'admin')
    expect(health.body).toMatchObject({ status: 'ok', broker: { up: true }, influx: { up: true, code: expect.stringMatching(/^health.influx_(writing|backlog)$/) }, database: { up: true, code: 'health.database_pglite', detail: 'embedded PGlite' } })
    expect(JSON.stringify(health.body)).not.toContain(service.influxUrl)
    const probe = await call('GET', '/health', 'admin', undefined, { 'accept-language': 'zh-CN' })
    expect(probe.status).toBe(200)
    expect(probe.body).toMatchObject({ status: 'ok', broker: { up: true }, database: { detail: '内嵌 PGlite' } })
  })

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await call('GET', '/docs/json', null)
    expect(doc.body.openapi).toMatch(/^3/)
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/elevators', '/api/gateways', '/api/elevators/import', '/api/health', '/api/live']))
    for (const path of ['/api/gateways', '/api/use-units']) {
      const params = doc.body.paths[path].get.parameters.map((p: { name: string, in: string }) => `${p.in}:${p.name}`)
      expect(params).toEqual(expect.arrayContaining(['query:q', 'query:limit', 'query:offset']))
      expect(doc.body.paths[path].get.responses['200'].content['application/json'].schema.required).toEqual(['total', 'items'])
    }
    expect((await call('GET', '/docs', null)).status).toBeLessThan(400)
  })

  it('exposes metrics, counting bad requests', async () => {
    const metrics = await call('GET', '/metrics', null)
    expect(metrics.body).toContain('tianjian_api_bad_requests_total')
    expect(metrics.body).toContain('tianjian_mqtt_connections')
  })
})
