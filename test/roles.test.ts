// The same build split by role against one PostgreSQL server: a broker-only node ingests, an API-only
// node provisions gateways and reads what the broker stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { startTestService, createTestDatabase, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { seedRegistry } from './support/fixtures.ts'
import { connectGateway } from './support/mqtt.ts'

let broker: TestService
let api: TestService
let codes: string[]

beforeAll(async () => {
  const env = { DATABASE_URL: await createTestDatabase(), INFLUX_DB: `roles_${randomBytes(4).toString('hex')}` }
  api = await startTestService({ ...env, ROLE: 'api' })
  broker = await startTestService({ ...env, ROLE: 'broker' })
  codes = (await seedRegistry(api.registry, 2)).codes
})
afterAll(async () => {
  await broker?.stop()
  await api?.stop()
})

describe('split roles', () => {
  it('runs no HTTP in the broker node and no MQTT in the API node', () => {
    expect(broker.httpUrl).toBeNull()
    expect(broker.mqttPort).toBeGreaterThan(0)
    expect(api.mqttPort).toBeNull()
    expect(api.httpUrl).toMatch(/^http:/)
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
    const health = await api.api!.inject({ method: 'GET', url: '/api/health' })
    expect(health.json()).toMatchObject({ status: 'ok', broker: { detail: expect.stringContaining('ROLE=api') }, database: { detail: 'PostgreSQL server' } })
    const live = await api.api!.inject({ method: 'GET', url: '/api/live', headers: auth })
    expect(live.statusCode).toBe(503)
  })
})
