// A cluster node whose Redis goes away: telemetry is still acknowledged and stored (it never passes through
// Redis), no connection error escapes to crash the process (vitest fails a file on any unhandled error), and
// the node still shuts down (afterAll) instead of waiting for Redis forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { startRedis } from './support/redis.ts'
import { seriesRows } from '../timeseries/influx.ts'

let redis: Awaited<ReturnType<typeof startRedis>>
let node: TestService

beforeAll(async () => {
  redis = await startRedis()
  node = await startTestService({ REDIS_URL: redis.url, INFLUX_DB: `outage_${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'silent' })
})
afterAll(async () => {
  await node?.stop()
  await redis?.stop()
})

describe('a cluster node without its Redis', () => {
  it('acknowledges and stores telemetry', async () => {
    const { codes } = await seedRegistry(node.registry, 1)
    const { secret } = await provisionGateway(node.gateways, 'gw-o', codes)
    const client = await connectGateway(node.mqttPort!, 'gw-o', secret)
    expect((await node.api!.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok', redis: { up: true } })
    await redis.stop()
    const t0 = Date.now() - 10_000
    for (let i = 0; i < 20; i++) {
      await client.publishAsync(`se/v1/gw-o/elevator/${codes[0]}/state`, JSON.stringify({ ts: t0 + i, mode: 1, moving: false, dir: 0, floor: i, doorZone: true, doorClosed: true, occupied: false }), { qos: 1 })
    }
    // The node says what it lost, and that telemetry is safe.
    const health = await until(async () => { const h = await node.api!.inject({ method: 'GET', url: '/health' }); return h.statusCode === 503 && h })
    expect(health.json()).toMatchObject({ status: 'degraded', redis: { up: false, detail: expect.stringContaining('telemetry is still stored') }, broker: { up: true } })
    await node.shipper!.drain()
    const rows = seriesRows((await node.influx.query(`SELECT count(floor) FROM elevator_state WHERE equipment = '${codes[0]}'`))[0])
    expect(rows[0]?.count).toBe(20)
    client.end(true)
  })
})
