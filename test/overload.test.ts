// Overload protection (MQTT_OVERLOAD_BUSY_PCT): while the service's event loop has been saturated over the
// window, a new gateway is refused with CONNACK 3 and counted; a connected gateway goes on being
// served; once the loop has room again, gateways are admitted. The test service runs in this process, so
// spinning here is what saturates its loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { createBusyWindow } from '../platform/event-loop-load.ts'
import { admitConnection } from '../ingest/admission.ts'

describe('the busy window', () => {
  it.each([
    [[], 0, 'nothing sampled yet'],
    [[1, 1], 0, 'a window not yet full'],
    [[0.9, 1, 0.8], 0.9, 'a full window: the mean of its parts'],
    [[0.1, 0.1, 1], 0.4, 'one long blocking call is one late sample, not a saturated window'],
    [[0, 1, 1, 1], 1, 'older samples leave the window']
  ])('%j → %f (%s)', (samples, expected) => {
    const window = createBusyWindow(3)
    for (const busy of samples) window.push(busy)
    expect(window.busy()).toBeCloseTo(expected, 10)
  })
})

describe('admitting a connection', () => {
  it.each([
    [0.2, 0, 5_000, true, 'far from full (below half the line): everyone, however many this part'],
    [0.44, 500, 0, true, 'still below half the line'],
    [0.6, 9, 0, true, 'filling: the tenth of this part'],
    [0.6, 10, 0, false, 'filling: not the eleventh with none connected'],
    [0.6, 59, 5_000, true, 'filling: 10 and 1% of 5,000 connected'],
    [0.6, 60, 5_000, false, 'filling: one more than that'],
    [0.9, 0, 0, false, 'at the line: full'],
    [1, 0, 10_000, false, 'saturated']
  ])('busy %f, %i admitted this part, %i connected → %s (%s)', (busy, admittedThisPart, connections, expected) => {
    expect(admitConnection({ busy, threshold: 0.9, admittedThisPart, connections })).toBe(expected)
  })
})

const WINDOW_MS = 300
let service: TestService
const secrets: Record<string, string> = {}
const clients: MqttClient[] = []
let codes: string[]

beforeAll(async () => {
  service = await startTestService({ MQTT_OVERLOAD_BUSY_PCT: '90', MQTT_OVERLOAD_WINDOW_MS: String(WINDOW_MS) })
  codes = (await seedRegistry(service.registry, 2)).codes
  secrets['gw-on'] = (await provisionGateway(service.gateways, 'gw-on', [codes[0]!])).secret
  secrets['gw-new'] = (await provisionGateway(service.gateways, 'gw-new', [codes[1]!])).secret
})
afterAll(async () => {
  for (const c of clients) c.end(true)
  await service?.stop()
})

/** Connects; resolves with the client, or the CONNACK return code of a refusal. */
const tryConnect = (gateway: string) => connectGateway(service.mqttPort!, gateway, secrets[gateway]!)
  .then((c) => { clients.push(c); return c }, (err: Error & { code?: number }) => err.code ?? -1)

/** Keeps this process's event loop busy for `ms`, letting timers run between slices (the load is sampled by one). */
async function saturate (ms: number) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    const slice = Date.now() + 40
    while (Date.now() < slice) { /* busy */ }
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const state = JSON.stringify({ mode: 1, moving: false, dir: 0, floor: 3, doorZone: true, doorClosed: true, occupied: false })

describe('a saturated broker', () => {
  it('refuses new gateways with CONNACK 3 and counts them, serves the connected one, and admits again once it has room', async () => {
    // Opening the database and migrating it kept the loop busy: gateways wait until that has passed.
    await until(() => service.broker!.loopBusy! < 0.9)
    const connected = await tryConnect('gw-on')
    expect(typeof connected).toBe('object')

    await saturate(2 * WINDOW_MS)
    expect(service.broker!.loopBusy).toBeGreaterThanOrEqual(0.9)
    expect(await tryConnect('gw-new')).toBe(3)
    const refused = await service.metrics.registry.getSingleMetricAsString('tianjian_mqtt_auth_failures_total')
    expect(refused).toMatch(/reason="overloaded"} 1\b/)

    // The gateway already connected is not affected: its message is acknowledged.
    await (connected as MqttClient).publishAsync(`se/v1/gw-on/elevator/${codes[0]}/state`, state, { qos: 1 })

    await idle(2 * WINDOW_MS)
    expect(service.broker!.loopBusy).toBeLessThan(0.9)
    expect(typeof await tryConnect('gw-new')).toBe('object')
  })
})
