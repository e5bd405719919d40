// Two broker nodes on one machine sharing a real Redis and a real PostgreSQL: sessions move with the
// gateway, alerts are raised once, and a dashboard on node A sees lifts reporting to node B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import type { MqttClient } from 'mqtt'
import { startTestService, createTestDatabase, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { openSse } from '../live/sse-client.ts'
import { startRedis } from './support/redis.ts'

let redis: Awaited<ReturnType<typeof startRedis>>
let nodeA: TestService
let nodeB: TestService
let codes: string[]
let secret: string
let env: Record<string, string>
const clients: MqttClient[] = []

beforeAll(async () => {
  redis = await startRedis()
  env = { DATABASE_URL: await createTestDatabase(), REDIS_URL: redis.url, INFLUX_DB: `cluster_${randomBytes(4).toString('hex')}`, ENTRAPMENT_BETWEEN_FLOORS_S: '1', LOG_LEVEL: 'warn' }
  nodeA = await startTestService(env)
  nodeB = await startTestService(env)
  codes = (await seedRegistry(nodeA.registry, 2)).codes
  secret = (await provisionGateway(nodeA.gateways, 'gw-c', codes)).secret
})
afterAll(async () => {
  for (const c of clients) c.end(true)
  await nodeA?.stop()
  await nodeB?.stop()
  await redis?.stop()
})

async function connect (node: TestService, options = {}) {
  const client = await connectGateway(node.mqttPort!, 'gw-c', secret, options)
  clients.push(client)
  return client
}

async function adminOnA () {
  const login = await nodeA.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
  return { authorization: `Bearer ${login.json().token}` }
}
/** A gateway as node A's API lists it. */
async function gatewayOnA (id: string, headers: Record<string, string>) {
  return (await nodeA.api!.inject({ method: 'GET', url: `/api/gateways?q=${id}`, headers })).json().items[0]
}

describe('two broker nodes', () => {
  it('drop a gateway on node B as soon as an admin disables or re-keys it through node A', async () => {
    const other = await provisionGateway(nodeA.gateways, 'gw-d', [])
    const headers = await adminOnA()
    const onB = await connectGateway(nodeB.mqttPort!, 'gw-d', other.secret)
    clients.push(onB)
    const rotated = await nodeA.api!.inject({ method: 'POST', url: '/api/gateways/gw-d/rotate-secret', headers })
    expect(rotated.statusCode).toBe(200)
    await until(() => !onB.connected)
    await expect(connectGateway(nodeB.mqttPort!, 'gw-d', other.secret)).rejects.toThrow()
    const again = await connectGateway(nodeB.mqttPort!, 'gw-d', rotated.json().secret)
    clients.push(again)
    expect((await nodeA.api!.inject({ method: 'PATCH', url: '/api/gateways/gw-d', headers, payload: { enabled: false } })).statusCode).toBe(200)
    await until(() => !again.connected)
  })

  it('refuse on node B a client id of a gateway connected to node A, which stays connected', async () => {
    const owner = await provisionGateway(nodeA.gateways, 'gw-h', [])
    const other = await provisionGateway(nodeA.gateways, 'gw-i', [])
    const onA = await connectGateway(nodeA.mqttPort!, 'gw-h', owner.secret, { clientId: 'gw-h' })
    clients.push(onA)
    let kicked = false
    onA.on('close', () => { kicked = true })
    // A connection with a client id closes the one holding it on every node [MQTT-3.1.4-2]: refused before.
    for (const clientId of ['gw-h', 'gw-h-2']) {
      await expect(connectGateway(nodeB.mqttPort!, 'gw-i', other.secret, { clientId })).rejects.toMatchObject({ code: 2 })
    }
    await onA.publishAsync('se/v1/gw-h/status', JSON.stringify({ online: true }), { qos: 1 })
    expect(kicked).toBe(false)
    onA.end(true)
  })

  it('keep a gateway\'s persistent session when it moves from one node to the other', async () => {
    const session = { clientId: 'gw-c-main', clean: false }
    const onA = await connect(nodeA, session)
    await onA.subscribeAsync('se/v1/gw-c/errors', { qos: 1 })
    onA.end(true)
    await until(() => nodeA.broker!.connections === 0)

    const onB = await connect(nodeB, session)
    // No new SUBSCRIBE on node B: the errors report arrives through the subscription kept in Redis.
    const received: string[] = []
    onB.on('message', (topic) => { received.push(topic) })
    await onB.publishAsync(`se/v1/gw-c/elevator/${codes[0]}/state`, 'not json', { qos: 1 })
    await until(() => received.includes('se/v1/gw-c/errors'))
    onB.end(true)
  })

  it('show lift states published to node B on a dashboard subscribed through node A', async () => {
    const login = await nodeA.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
    const sse = await openSse(nodeA.httpUrl, login.json().token)
    const onB = await connect(nodeB)
    await onB.publishAsync(`se/v1/gw-c/elevator/${codes[1]}/state`, JSON.stringify({ mode: 1, moving: true, dir: 2, floor: 4, doorZone: false, doorClosed: true, occupied: false }), { qos: 1 })
    const state = await until(() => sse.events.find((e) => e.event === 'state' && e.data.equipmentCode === codes[1]))
    expect(state.data).toMatchObject({ floor: 4, dir: 2, gatewayId: 'gw-c' })
    expect(sse.events.filter((e) => e.event === 'state' && e.data.equipmentCode === codes[1])).toHaveLength(1)
    expect(nodeA.latest.peek(codes[1]!)).toMatchObject({ floor: 4 })
    sse.close()
  })

  it('tell on every node which gateways are online and what they run, wherever they are connected', async () => {
    const spare = await provisionGateway(nodeA.gateways, 'gw-e', [])
    const headers = await adminOnA()
    const onNodeA = () => gatewayOnA('gw-e', headers)
    const onB = await connectGateway(nodeB.mqttPort!, 'gw-e', spare.secret)
    clients.push(onB)
    await onB.publishAsync('se/v1/gw-e/status', JSON.stringify({ online: true, fw: '3.1.0' }), { qos: 1, retain: true })
    await until(async () => (await onNodeA())?.online === true)
    // Counters and firmware travel with the next exchange through Redis: node B writes its hash and node A
    // reads them every 5 s, so up to 10 s apart.
    expect(await until(async () => { const g = await onNodeA(); return g.firmware === '3.1.0' && g }, 20_000)).toMatchObject({ online: true, messages: 1 })
    const online = await nodeA.api!.inject({ method: 'GET', url: '/api/gateways?limit=500', headers })
    expect(online.json().items.filter((g: { online: boolean }) => g.online).map((g: { id: string }) => g.id)).toContain('gw-e')
    onB.end(true)
    await until(async () => (await onNodeA())?.online === false)
  })

  it('include a broker-only node: its gateways show online through the API nodes, and lose their connection when disabled there', async () => {
    const brokerOnly = await startTestService({ ...env, ROLE: 'broker' })
    try {
      const spare = await provisionGateway(nodeA.gateways, 'gw-f', [])
      const headers = await adminOnA()
      const onNodeA = () => gatewayOnA('gw-f', headers)
      const client = await connectGateway(brokerOnly.mqttPort!, 'gw-f', spare.secret)
      clients.push(client)
      await until(async () => (await onNodeA())?.online === true)
      expect((await nodeA.api!.inject({ method: 'PATCH', url: '/api/gateways/gw-f', headers, payload: { enabled: false } })).statusCode).toBe(200)
      await until(() => !client.connected)
      await until(async () => (await onNodeA())?.online === false)
    } finally {
      await brokerOnly.stop()
    }
  })

  it('raise an alert once when the same entrapment reaches both nodes at the same moment', async () => {
    const a = await connect(nodeA)
    const b = await connect(nodeB)
    const event = JSON.stringify({ code: 'entrapment', active: true })
    await Promise.all([
      a.publishAsync(`se/v1/gw-c/elevator/${codes[0]}/event`, event, { qos: 1 }),
      b.publishAsync(`se/v1/gw-c/elevator/${codes[0]}/event`, event, { qos: 1 })
    ])
    await nodeA.alertEngine!.settle()
    await nodeB.alertEngine!.settle()
    const alerts = (await nodeA.alerts.list({}, { type: 'entrapment', equipmentCode: codes[0] }, { limit: 10, offset: 0 })).items
    expect(alerts).toHaveLength(1)
    const cases = await until(async () => {
      const open = (await nodeB.rescues.list({ status: 'open' }, { limit: 10, offset: 0 })).items.filter((c) => c.equipmentCode === codes[0])
      return open.length > 0 && open
    })
    expect(cases).toHaveLength(1)
  })
})
