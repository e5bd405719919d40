// Webhooks against real HTTP receivers on free ports and a real service: critical alerts come from real
// MQTT fault events. A delivery is signed over its timestamp and body; a receiver that never answers holds up
// only its own queue; a failing endpoint backs off as a whole and a delivery is given up after a bounded
// number of attempts; what is queued survives a restart; the log is pruned by age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import { createHmac } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { MqttClient } from 'mqtt'
import { startTestService, createTestDatabase, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { verifyDelivery, REPLAY_WINDOW_S } from '../notify/signature.ts'
import { loadConfig, ConfigError } from '../platform/config.ts'
import { openDb } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createWebhookStore } from '../notify/store.ts'

const SECRET = 'the-emergency-centers-webhook-secret'
let service: TestService
let gateway: MqttClient
let gatewaySecret: string
let codes: string[]
let token: string

interface Received { at: number, headers: IncomingHttpHeaders, body: string }
type Mode = 'ok' | 'fail' | 'hang'

/** A receiver on a free port: answers 204, answers 503, or reads the request and never answers. */
async function startReceiver (mode: Mode) {
  const received: Received[] = []
  const hanging: ServerResponse[] = []
  const receiver = { received, mode, url: '', close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }) }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      received.push({ at: Date.now(), headers: req.headers, body })
      if (receiver.mode === 'hang') hanging.push(res)
      else { res.statusCode = receiver.mode === 'ok' ? 204 : 503; res.end() }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
  return receiver
}

async function call (method: string, url: string, payload?: unknown) {
  const response = await service.api!.inject({ method: method as 'GET', url, payload: payload as object, headers: { authorization: `Bearer ${token}` } })
  return { status: response.statusCode, body: response.body === '' ? null : response.json() }
}
const addHook = async (url: string) => (await call('POST', '/api/webhooks', { url, secret: SECRET, events: ['alert.critical'] })).body.id as number
const deliveries = async (hook: number) => (await call('GET', `/api/webhooks/${hook}/deliveries`)).body as Array<{ id: number, status: string, attempts: number, lastStatus: number | null, lastError: string | null, nextAttemptAt: string }>

// Every call raises a new critical alert: another (lift, fault) pair each time.
const CRITICAL_FAULTS = ['overspeed', '05', 'door_open_running', 'overrun_top', 'overrun_bottom']
let raised = 0
async function raiseCritical (): Promise<string> {
  const code = codes[raised % codes.length]!
  const fault = CRITICAL_FAULTS[Math.floor(raised / codes.length) % CRITICAL_FAULTS.length]!
  raised++
  await gateway.publishAsync(`se/v1/gw-w/elevator/${code}/event`, JSON.stringify({ code: fault, active: true }), { qos: 1 })
  return code
}

/** Starts the service (again, on the same data when `dataDir` is given), with the gateway connected and admin signed in. */
async function start (env: Record<string, string> = {}, dataDir?: string) {
  service = await startTestService(env, { keepDataDir: true, ...(dataDir === undefined ? {} : { dataDir }) })
  if (dataDir === undefined) {
    codes = (await seedRegistry(service.registry, 6)).codes
    gatewaySecret = (await provisionGateway(service.gateways, 'gw-w', codes)).secret
  }
  gateway = await connectGateway(service.mqttPort!, 'gw-w', gatewaySecret)
  const response = await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })
  token = response.json().token
}

beforeAll(() => start())
afterAll(async () => {
  gateway?.end(true)
  await service?.stop()
  if (service) rmSync(service.dataDir, { recursive: true, force: true })
})

describe('webhook signatures', () => {
  it('sign the timestamp with the body, so a receiver can refuse a replay, a changed body or a moved time', async () => {
    const receiver = await startReceiver('ok')
    const hook = await addHook(receiver.url)
    const code = await raiseCritical()
    const [delivery] = await until(() => receiver.received.length === 1 && receiver.received)
    const { headers, body } = delivery!
    const timestamp = headers['x-tianjian-timestamp'] as string
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'x-tianjian-event': 'alert.critical', 'x-tianjian-delivery': expect.stringMatching(/^\d+$/) })
    expect(Math.abs(Number(timestamp) - delivery!.at / 1000)).toBeLessThan(5)
    expect(JSON.parse(body)).toMatchObject({ event: 'alert.critical', data: { equipmentCode: code, severity: 'critical' } })
    // What docs/webhooks.md tells a receiver to compute.
    expect(headers['x-tianjian-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`)

    const signed = { timestamp, signature: headers['x-tianjian-signature'] as string }
    const at = Number(timestamp) * 1000
    expect(verifyDelivery(SECRET, signed, body, at)).toBe(true)
    expect(verifyDelivery(SECRET, signed, body, at + (REPLAY_WINDOW_S - 1) * 1000)).toBe(true)
    expect(verifyDelivery(SECRET, signed, body, at + (REPLAY_WINDOW_S + 1) * 1000)).toBe(false) // replayed too late
    expect(verifyDelivery(SECRET, signed, body.replace(code, '31106300002024009999'), at)).toBe(false)
    expect(verifyDelivery(SECRET, { ...signed, timestamp: String(Number(timestamp) + 600) }, body, at + 600_000)).toBe(false)
    expect(verifyDelivery('another-secret-of-sixteen', signed, body, at)).toBe(false)
    expect(verifyDelivery(SECRET, { timestamp: undefined, signature: signed.signature }, body, at)).toBe(false)

    await until(async () => (await deliveries(hook))[0]?.status === 'delivered')
    await call('DELETE', `/api/webhooks/${hook}`)
    await receiver.close()
  })
})

describe('webhook queues', () => {
  it('deliver a critical alert promptly to a healthy endpoint while another never answers and has a backlog', async () => {
    const dead = await startReceiver('hang')
    const healthy = await startReceiver('ok')
    const deadHook = await addHook(dead.url)
    for (let i = 0; i < 3; i++) await raiseCritical()
    await until(async () => (await deliveries(deadHook)).length === 3)
    await until(() => dead.received.length === 1) // the first of the backlog is in flight, unanswered

    const healthyHook = await addHook(healthy.url)
    const sentAt = Date.now()
    const code = await raiseCritical()
    await until(() => healthy.received.length === 1)
    const latencyMs = healthy.received[0]!.at - sentAt
    console.log(`critical alert reached the healthy endpoint ${latencyMs} ms after the fault was published, beside a dead endpoint with 4 queued`)
    // One-at-a-time delivery would have waited out the dead endpoint's 5 s timeout three times first.
    expect(latencyMs).toBeLessThan(2000)
    expect(JSON.parse(healthy.received[0]!.body).data.equipmentCode).toBe(code)

    // The dead endpoint: its attempt times out, it is paused, and its backlog waits without burning attempts.
    const log = await until(async () => { const d = await deliveries(deadHook); return d.length === 4 && d.some((x) => x.attempts === 1) && d })
    const tried = log.find((d) => d.attempts === 1)!
    expect(tried).toMatchObject({ status: 'pending', lastStatus: null, lastError: 'no answer within 5000 ms' })
    expect(new Date(tried.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(5000)
    expect(log.filter((d) => d.attempts === 0)).toHaveLength(3)
    expect(dead.received).toHaveLength(1)
    expect((await deliveries(healthyHook))[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 })

    await call('DELETE', `/api/webhooks/${deadHook}`)
    await call('DELETE', `/api/webhooks/${healthyHook}`)
    await Promise.all([dead.close(), healthy.close()])
  })

  it('back off per endpoint, doubling, give a delivery up after 8 attempts, and drain in order once the receiver is back', async () => {
    const receiver = await startReceiver('fail')
    const hook = await addHook(receiver.url)
    await raiseCritical()
    await until(() => receiver.received.length === 1)
    await raiseCritical()
    const pausedFor = async () => {
      const [row] = await service.db.query<{ s: number }>('select extract(epoch from paused_until - now()) as s from webhooks where id = $1', [hook])
      return Number(row!.s)
    }
    const [second, first] = await until(async () => { const d = await deliveries(hook); return d.length === 2 && d[1]!.attempts === 1 && d })
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503, lastError: 'HTTP 503' })
    expect(second).toMatchObject({ status: 'pending', attempts: 0 })
    expect(await pausedFor()).toBeGreaterThan(8)
    expect(await pausedFor()).toBeLessThanOrEqual(10)
    // Paused: looking for due work sends nothing, however much is queued.
    await service.dispatcher.deliverDue()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(receiver.received).toHaveLength(1)

    // The pause cut short (as if 10 s had passed): the same (oldest) delivery goes again, fails, and the pause doubles.
    await service.db.query('update webhooks set paused_until = now() where id = $1', [hook])
    await service.db.query('update webhook_deliveries set next_attempt_at = now() where webhook_id = $1', [hook])
    await service.dispatcher.deliverDue()
    expect(receiver.received).toHaveLength(2)
    expect(receiver.received[1]!.headers['x-tianjian-delivery']).toBe(String(first!.id))
    expect(await pausedFor()).toBeGreaterThan(18)
    expect(await pausedFor()).toBeLessThanOrEqual(20)

    // Its 8th attempt fails: given up, and the next one in the queue becomes the head.
    await service.db.query('update webhook_deliveries set attempts = 7 where id = $1', [first!.id])
    await service.db.query('update webhooks set paused_until = now() where id = $1', [hook])
    await service.db.query('update webhook_deliveries set next_attempt_at = now() where webhook_id = $1', [hook])
    await service.dispatcher.deliverDue()
    expect((await deliveries(hook)).find((d) => d.id === first!.id)).toMatchObject({ status: 'failed', attempts: 8, lastStatus: 503 })

    receiver.mode = 'ok'
    await service.db.query('update webhooks set paused_until = now() where id = $1', [hook])
    await service.db.query('update webhook_deliveries set next_attempt_at = now() where webhook_id = $1', [hook])
    await service.dispatcher.deliverDue()
    expect((await deliveries(hook)).find((d) => d.id === second!.id)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 })
    expect(receiver.received.map((r) => r.headers['x-tianjian-delivery'])).toEqual([first, first, first, second].map((d) => String(d!.id)))
    const [state] = await service.db.query('select consecutive_failures as failures, paused_until as "pausedUntil" from webhooks where id = $1', [hook])
    expect(state).toEqual({ failures: 0, pausedUntil: null })

    await call('DELETE', `/api/webhooks/${hook}`)
    await receiver.close()
  })
})

describe('several nodes on one PostgreSQL server', () => {
  it('never send one delivery twice at once: concurrent claims each take another, and a pause holds for all', async () => {
    const db = await openDb({ url: await createTestDatabase(), dataDir: '' })
    try {
      await migrate(db)
      const store = createWebhookStore(db)
      const hook = await store.create({ url: 'http://127.0.0.1:9/', secret: SECRET, events: ['alert.critical'] })
      for (let i = 0; i < 6; i++) expect(await store.enqueue('alert.critical', { n: i })).toEqual([hook.id])
      // Twelve claimers at once over the pool's connections (as several nodes would): six deliveries, each claimed once.
      const claims = (await Promise.all(Array.from({ length: 12 }, () => store.claimNext(hook.id, 30)))).filter((c) => c !== undefined)
      expect(new Set(claims.map((c) => c.id)).size).toBe(6)
      expect(await store.claimNext(hook.id, 30)).toBeUndefined() // all under lease

      // A failure pauses the endpoint for every node; a success clears it.
      const oldest = claims.reduce((a, b) => (a.id < b.id ? a : b))
      await store.recordAttempt(oldest, { ok: false, status: 503, error: 'HTTP 503' })
      await db.query("update webhook_deliveries set next_attempt_at = now() where status = 'pending'")
      expect(await store.dueEndpoints()).toEqual([])
      expect(await store.claimNext(hook.id, 30)).toBeUndefined()
      await db.query('update webhooks set paused_until = now()')
      expect(await store.dueEndpoints()).toEqual([hook.id])
      const again = await store.claimNext(hook.id, 30)
      expect(again).toMatchObject({ id: oldest.id, attempts: 1 })
      await store.recordAttempt(again!, { ok: true, status: 204 })
      expect(await db.query('select consecutive_failures as failures, paused_until as "pausedUntil" from webhooks')).toEqual([{ failures: 0, pausedUntil: null }])
      await db.query("update webhook_deliveries set created_at = now() - interval '40 days'")
      expect(await store.prune(30)).toBe(6)
    } finally {
      await db.close()
    }
  })
})

describe('the delivery log', () => {
  it('is pruned by age, delivered or not, after WEBHOOK_LOG_RETENTION_DAYS', async () => {
    expect(loadConfig({}).webhooks.logRetentionDays).toBe(30)
    expect(loadConfig({ WEBHOOK_LOG_RETENTION_DAYS: '7' }).webhooks.logRetentionDays).toBe(7)
    for (const bad of ['0', '-1', 'a week', '3651']) expect(() => loadConfig({ WEBHOOK_LOG_RETENTION_DAYS: bad })).toThrow(ConfigError)
    expect(() => loadConfig({ WEBHOOK_LOG_RETENTION_DAYS: '0' })).toThrow(/WEBHOOK_LOG_RETENTION_DAYS/)

    const receiver = await startReceiver('ok')
    const hook = await addHook(receiver.url)
    for (let i = 0; i < 4; i++) await raiseCritical()
    await until(async () => (await deliveries(hook)).filter((d) => d.status === 'delivered').length === 4)
    const ids = (await deliveries(hook)).map((d) => d.id).sort((a, b) => a - b)
    await service.db.query("update webhook_deliveries set created_at = now() - interval '31 days' where id = any($1)", [ids.slice(0, 2)])
    await service.db.query("update webhook_deliveries set created_at = now() - interval '29 days', status = 'pending', next_attempt_at = now() + interval '1 day' where id = $1", [ids[2]])
    expect(await service.dispatcher.prune()).toBe(2)
    expect((await deliveries(hook)).map((d) => d.id).sort((a, b) => a - b)).toEqual(ids.slice(2))

    // Configured shorter, and applied when the service starts.
    await service.db.query("update webhook_deliveries set created_at = now() - interval '8 days' where id = $1", [ids[2]])
    await service.db.query("update webhook_deliveries set created_at = now() - interval '6 days' where id = $1", [ids[3]])
    gateway.end(true)
    await service.stop()
    await start({ WEBHOOK_LOG_RETENTION_DAYS: '7' }, service.dataDir)
    await until(async () => (await deliveries(hook)).length === 1)
    expect((await deliveries(hook)).map((d) => d.id)).toEqual([ids[3]])

    await call('DELETE', `/api/webhooks/${hook}`)
    await receiver.close()
  })
})

describe('a restart', () => {
  it('loses no delivery: one cut short by the shutdown goes again, with the same delivery id, once the service is back', async () => {
    const receiver = await startReceiver('hang')
    const hook = await addHook(receiver.url)
    await raiseCritical()
    await until(() => receiver.received.length === 1)
    gateway.end(true)
    await service.stop() // aborts the unanswered attempt: our doing, not the receiver's, so it is not counted
    receiver.mode = 'ok'

    await start({}, service.dataDir)
    await until(() => receiver.received.length === 2)
    const [before, after] = receiver.received
    // The receiver saw the body twice (it read it, and never answered): the delivery id lets it drop the repeat.
    expect(after!.headers['x-tianjian-delivery']).toBe(before!.headers['x-tianjian-delivery'])
    expect(after!.body).toBe(before!.body)
    expect(verifyDelivery(SECRET, { timestamp: after!.headers['x-tianjian-timestamp'] as string, signature: after!.headers['x-tianjian-signature'] as string }, after!.body)).toBe(true)
    const [delivery] = await until(async () => { const d = await deliveries(hook); return d[0]?.status === 'delivered' && d })
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 })
    await receiver.close()
  })
})
