// A cluster node whose Redis goes away: telemetry is still acknowledged and stored (it never passes through
// Redis), no connection error escapes to crash the process (vitest fails a file on any unhandled error), and
// the node takes up its cluster duties again when Redis is back, and still shuts down (afterAll) instead of
// waiting for a Redis that is not there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { startTestService, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { openSse } from '../live/sse-client.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { startRedis } from './support/redis.ts'
import { seriesRows } from '../platform/influx/client.ts'

let redis: Awaited<ReturnType<typeof startRedis>>
let node: TestService
let codes: string[]
let secret: string

beforeAll(async () => {
  redis = await startRedis()
  node = await startTestService({ REDIS_URL: redis.url, INFLUX_DB: `outage_${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'silent' })
  codes = (await seedRegistry(node.registry, 1)).codes
  secret = (await provisionGateway(node.gateways, 'gw-o', codes)).secret
})
afterAll(async () => {
  await node?.stop()
  await redis?.stop()
})

describe('a cluster node without its Redis', () => {
  it('acknowledges and stores telemetry', async () => {
    const client = await connectGateway(node.mqttPort!, 'gw-o', secret)
    const login = await node.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
    // The parts' states are for an admin; anyone else learns up or down.
    const asAdmin = { authorization: `Bearer ${login.json().token}` }
    expect((await node.api!.inject({ method: 'GET', url: '/health', headers: asAdmin })).json()).toMatchObject({ status: 'ok', redis: { up: true } })
    await redis.halt()
    const t0 = Date.now() - 10_000
    for (let i = 0; i < 20; i++) {
      await client.publishAsync(`se/v1/gw-o/elevator/${codes[0]}/state`, JSON.stringify({ ts: t0 + i, mode: 1, moving: false, dir: 0, floor: i, doorZone: true, doorClosed: true, occupied: false }), { qos: 1 })
    }
    // Its own gateways still count as online for the lift list.
    const online = await node.api!.inject({ method: 'GET', url: '/api/elevators?online=true', headers: asAdmin })
    expect(online.json().items.map((e: { equipmentCode: string }) => e.equipmentCode)).toEqual(codes)
    // The node says what it lost, and that telemetry is safe.
    const health = await until(async () => { const h = await node.api!.inject({ method: 'GET', url: '/health', headers: asAdmin }); return h.statusCode === 503 && h })
    expect(health.json()).toMatchObject({ status: 'degraded', redis: { up: false, code: 'health.redis_unreachable', detail: expect.stringContaining('telemetry is still stored') }, broker: { up: true } })
    expect((await node.api!.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'degraded' })
    await node.shipper!.drain()
    const rows = seriesRows((await node.influx.query(`SELECT count(floor) FROM elevator_state WHERE equipment = '${codes[0]}'`))[0])
    expect(rows[0]?.count).toBe(20)
    client.end(true)
  })

  it('takes up its cluster duties again when Redis is back', async () => {
    await redis.restart()
    await until(async () => (await node.api!.inject({ method: 'GET', url: '/health' })).statusCode === 200, 20_000)
    // The live stream is fed through Redis: a state published now reaches a subscribed dashboard again.
    const login = await node.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
    const sse = await openSse(node.httpUrl, login.json().token)
    const client = await connectGateway(node.mqttPort!, 'gw-o', secret)
    await client.publishAsync(`se/v1/gw-o/elevator/${codes[0]}/state`, JSON.stringify({ mode: 1, moving: true, dir: 1, floor: 3, doorZone: false, doorClosed: true, occupied: true }), { qos: 1 })
    await until(() => sse.events.find((e) => e.event === 'state' && e.data.equipmentCode === codes[0]))
    sse.close()
    client.end(true)
  })
})
