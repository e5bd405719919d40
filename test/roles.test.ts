// The same build split by role against one PostgreSQL server: a broker-only node ingests, an API-only
// node provisions gateways and reads what the broker stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { startTestService, createTestDatabase, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { seedRegistry } from './support/fixtures.ts'
import { connectGateway } from './support/mqtt.ts'

let broker: TestService
let api: TestService
let codes: string[]
let databaseUrl: string
/** An admin's bearer header, from the API node: the broker node's probe server shows admins each part's state. */
let asAdmin: Record<string, string>

beforeAll(async () => {
  databaseUrl = await createTestDatabase()
  const env = { DATABASE_URL: databaseUrl, INFLUX_DB: `roles_${randomBytes(4).toString('hex')}` }
  api = await startTestService({ ...env, ROLE: 'api' })
  broker = await startTestService({ ...env, ROLE: 'broker' })
  codes = (await seedRegistry(api.registry, 2)).codes
  const login = await api.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
  asAdmin = { authorization: `Bearer ${login.json().token}` }
})
afterAll(async () => {
  await broker?.stop()
  await api?.stop()
})

describe('split roles', () => {
  it('runs no API in the broker node and no MQTT in the API node', async () => {
    expect(broker.api).toBeNull()
    expect(broker.mqttPort).toBeGreaterThan(0)
    expect(api.mqttPort).toBeNull()
    expect(api.httpUrl).toMatch(/^http:/)
    expect((await fetch(`${broker.httpUrl}/api/elevators`)).status).toBe(404)
  })

  it('lets the broker node be probed and scraped over HTTP', async () => {
    const client = await connectGateway(broker.mqttPort!, 'gw-probe', 'wrong-secret').catch(() => null)
    expect(client).toBeNull()
    expect(await (await fetch(`${broker.httpUrl}/health`)).json()).toEqual({ status: 'ok' })
    const health = await fetch(`${broker.httpUrl}/health`, { headers: asAdmin })
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({
      status: 'ok',
      broker: { up: true, detail: expect.stringMatching(new RegExp(`listening on ${broker.mqttPort}, \\d+ connections`)) },
      influx: { up: true, backlogPoints: expect.any(Number) },
      database: { up: true, detail: 'PostgreSQL server' }
    })
    const metrics = await fetch(`${broker.httpUrl}/metrics`)
    expect(metrics.headers.get('content-type')).toContain('text/plain')
    const text = await metrics.text()
    expect(text).toMatch(/^tianjian_mqtt_connections \d+$/m)
    expect(text).toMatch(/^tianjian_mqtt_auth_failures_total\{reason="[a-z_]+"\} [1-9]/m)
    expect(text).toMatch(/^tianjian_spool_points \d+$/m)
  })

  it('answers 503 from a broker node that cannot reach InfluxDB (it still spools)', async () => {
    const stranded = await startTestService({ DATABASE_URL: databaseUrl, ROLE: 'broker', INFLUX_URL: `http://127.0.0.1:${await closedPort()}` })
    try {
      const health = await fetch(`${stranded.httpUrl}/health`, { headers: asAdmin })
      expect(health.status).toBe(503)
      const body = await health.json()
      expect(body).toMatchObject({ status: 'degraded', broker: { up: true }, influx: { up: false, code: 'health.influx_unreachable', detail: expect.stringContaining('unreachable') }, database: { up: true } })
      // Not even an admin is told where InfluxDB is.
      expect(JSON.stringify(body)).not.toContain('127.0.0.1')
    } finally {
      await stranded.stop()
    }
  })

  it('provisions through the API node, ingests on the broker node, reads back through the API node', async () => {
    const login = await api.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
    const auth = { authorization: `Bearer ${login.json().token}` }
    const created = await api.api!.inject({ method: 'POST', url: '/api/gateways', headers: auth, payload: { id: 'gw-split', equipmentCodes: [codes[0]] } })
    expect(created.statusCode).toBe(201)

    const client = await connectGateway(broker.mqttPort!, 'gw-split', created.json().secret)
    const ts = Date.now() - 500
    await client.publishAsync(`se/v1/gw-split/elevator/${codes[0]}/state`, JSON.stringify({ ts, mode: 1, moving: false, dir: 0, floor: 11, doorZone: true, doorClosed: true, occupied: false }), { qos: 1 })
    client.end(true)
    await broker.shipper!.drain()

    const state = await api.api!.inject({ method: 'GET', url: `/api/elevators/${codes[0]}/state`, headers: auth })
    expect(state.json()).toMatchObject({ floor: 11, ts, gatewayId: 'gw-split' })
    const health = await api.api!.inject({ method: 'GET', url: '/api/health', headers: auth })
    expect(health.json()).toMatchObject({ status: 'ok', broker: { detail: expect.stringContaining('ROLE=api') }, database: { detail: 'PostgreSQL server' } })
    const live = await api.api!.inject({ method: 'GET', url: '/api/live?ticket=any', headers: auth })
    expect(live.statusCode).toBe(503)
  })
})

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
