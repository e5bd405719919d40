// Fault 7: an authenticated gateway publishes fuzzed payloads and topics (fast-check, fixed seed so a run
// can be repeated). The broker must acknowledge every QoS 1 message without dropping the connection, count
// every refusal, and store exactly the valid items.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import fc from 'fast-check'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { createInfluxClient, seriesRows } from '../../platform/influx/client.ts'
import { sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { metricSum, scrape, type Sample } from './support/metrics.ts'
import { buildMessage, messageArbitrary, type FuzzLimits, type FuzzMessage } from './support/mqtt-fuzz.ts'
import { LOAD_BUDGET } from './support/load-budget.ts'

const size = sized({ short: { messages: 300 }, full: { messages: 10_000 }, long: { messages: 120_000 } })
const SEED = 24476
const limits: FuzzLimits = { maxItems: 20, maxPayloadBytes: 4096, maxFutureMs: 300_000 }
let service: TestService
let client: MqttClient | null = null
let code: string

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase(), MQTT_MAX_ITEMS: String(limits.maxItems), MQTT_MAX_PAYLOAD_BYTES: String(limits.maxPayloadBytes), ...LOAD_BUDGET })
  const { codes } = await seedRegistry(service.registry, 1)
  code = codes[0]!
  const { secret } = await provisionGateway(service.gateways, 'gw-fz', [code])
  client = await new Promise<MqttClient>((resolve, reject) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${service.mqttPort}`, { clientId: 'gw-fz', username: 'gw-fz', password: secret, protocolVersion: 4, reconnectPeriod: 0 })
    c.once('connect', () => resolve(c))
    c.once('error', reject)
  })
})
afterAll(async () => {
  await client?.endAsync(true)
  await service?.stop()
})

const itemsOf = (s: Sample[], kind: string) => metricSum(s, 'tianjian_mqtt_items_total', { kind })

describe('fault: fuzzed MQTT payloads and topics', () => {
  it('acknowledges every message, counts every refusal and stores exactly the valid items', async () => {
    const report = reportScenario({
      id: 'mqtt-fuzz',
      title: 'Fuzzed MQTT payloads and topics',
      proves: 'An authenticated gateway publishing fast-check-generated messages — valid items, items with one thing wrong, arbitrary JSON, arbitrary bytes, empty and oversized arrays, oversized payloads, topics of other gateways, unassigned lifts and arbitrary text — never crashes the service or loses its connection; every message is acknowledged, every refusal is counted in `tianjian_mqtt_rejected_total`, and InfluxDB holds exactly the valid items, each once.'
    })
    const t0 = Date.now() - 3_600_000
    let id = 0
    const specs = fc.sample(messageArbitrary(limits), { numRuns: size.messages, seed: SEED })
    const now = Date.now()
    const messages: FuzzMessage[] = specs.map((spec) => buildMessage(spec, 'gw-fz', code, t0, () => id++, limits, now))
    let closed = 0
    client!.on('close', () => { closed++ })

    const before = await scrape(service.httpUrl)
    let acked = 0
    let next = 0
    const startedAt = Date.now()
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < messages.length) {
        const m = messages[next++]!
        await client!.publishAsync(m.topic, m.payload, { qos: 1 })
        acked++
      }
    }))
    const publishS = report.elapsedS(startedAt)
    expect(await service.shipper!.drain()).toBe(true)
    const after = await scrape(service.httpUrl)

    const expected = {
      states: messages.reduce((n, m) => n + m.storedStates.length, 0),
      events: messages.reduce((n, m) => n + m.storedEvents, 0),
      statuses: messages.reduce((n, m) => n + m.storedStatuses, 0),
      refusedMin: messages.reduce((n, m) => n + m.refusedMin, 0),
      refusedMax: messages.reduce((n, m) => n + m.refusedMax, 0)
    }
    const counted = {
      states: itemsOf(after, 'state') - itemsOf(before, 'state'),
      events: itemsOf(after, 'event') - itemsOf(before, 'event'),
      statuses: itemsOf(after, 'status') - itemsOf(before, 'status'),
      refused: metricSum(after, 'tianjian_mqtt_rejected_total') - metricSum(before, 'tianjian_mqtt_rejected_total')
    }
    const influx = createInfluxClient({ url: service.influx.url, database: service.influx.database })
    const storedTrips = (await influx.query(`SELECT trips FROM elevator_state GROUP BY *`)).flatMap((s) => seriesRows(s).map((r) => r.trips as number))
    const storedEvents = (seriesRows((await influx.query('SELECT count(active) FROM elevator_event'))[0])[0]?.count as number | undefined) ?? 0
    const storedStatuses = (seriesRows((await influx.query('SELECT count(online) FROM gateway_status'))[0])[0]?.count as number | undefined) ?? 0
    const wanted = new Set(messages.flatMap((m) => m.storedStates))
    const byReason: Record<string, number> = Object.fromEntries(after.filter((s) => s.name === 'tianjian_mqtt_rejected_total').map((s) => [s.labels.reason, s.value - metricSum(before, 'tianjian_mqtt_rejected_total', { reason: s.labels.reason! })]))
    Object.assign(report.figures, {
      seed: String(SEED), sent: messages.length, acked, itemsValid: expected.states + expected.events + expected.statuses, itemsStored: storedTrips.length + storedEvents + storedStatuses,
      lost: [...wanted].filter((t) => !storedTrips.includes(t)).length, duplicated: storedTrips.length - new Set(storedTrips).size,
      validStates: expected.states, validEvents: expected.events, validStatuses: expected.statuses,
      refusalsCounted: counted.refused, refusalsExpectedAtLeast: expected.refusedMin, refusalsExpectedAtMost: expected.refusedMax,
      refusalsByReason: Object.entries(byReason).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', '),
      connectionsLost: closed, publishS
    })

    expect(acked).toBe(messages.length)
    expect(closed).toBe(0)
    expect(counted).toMatchObject({ states: expected.states, events: expected.events, statuses: expected.statuses })
    expect(counted.refused).toBeGreaterThanOrEqual(expected.refusedMin)
    expect(counted.refused).toBeLessThanOrEqual(expected.refusedMax)
    expect(storedTrips.length).toBe(wanted.size)
    expect(new Set(storedTrips)).toEqual(wanted)
    expect(storedEvents).toBe(expected.events)
    expect(storedStatuses).toBe(expected.statuses)
    expect((await fetch(`${service.httpUrl}/api/health`)).status).toBe(200)
  })
})
