// Overload protection (MQTT_OVERLOAD_BUSY_PCT): while the service's event loop has been saturated over the
// window, a new gateway's connection is closed as it is accepted, and counted; a connected gateway goes on being
// served; once the loop has room again, gateways are admitted. The test service runs in this process, so
// spinning here is what saturates its loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { createBusyWindow } from '../platform/event-loop-load.ts'
import { createAdmission } from '../ingest/admission.ts'

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
  // One part sampled at `busy` with `connections` open, then one CONNECT asked about.
  const after = (samples: Array<[number, number]>, admittedThisPart = 0) => {
    const gate = createAdmission(0.8, 3)
    for (const [busy, connections] of samples) gate.sample(busy, connections)
    for (let i = 0; i < admittedThisPart; i++) gate.admitted()
    return gate
  }

  it.each([
    [[[0.2, 5_000]], 5_000, 0, true, 'far from full (below half the line): everyone, however many this part'],
    [[[0.39, 0]], 0, 500, true, 'still below half the line'],
    [[[0.5, 0]], 0, 9, true, 'filling: the tenth of this part'],
    [[[0.5, 0]], 0, 10, false, 'filling: not the eleventh with none connected'],
    [[[0.5, 5_000]], 5_000, 59, true, 'filling: 10 and 1% of 5,000 connected'],
    [[[0.5, 5_000]], 5_000, 60, false, 'filling: one more than that'],
    [[[0.5, 5_000], [0.6, 5_000]], 5_000, 10, true, "a new part: the last part's newcomers no longer count"],
    [[[0.8, 0]], 0, 0, false, 'at the line: full'],
    [[[1, 10_000]], 10_000, 0, false, 'saturated'],
    [[[0.85, 7_500], [0.7, 7_500]], 7_500, 0, false, 'back under the line with as many as when full: the ceiling holds'],
    [[[0.85, 7_500], [0.7, 7_450]], 7_450, 0, true, 'fifty left since: their places are free again'],
    [[[0.85, 7_500], [0.5, 7_500], [0.55, 7_500]], 7_500, 0, false, 'a few parts with some room do not raise it'],
    [[[0.85, 7_500], ...Array(3).fill([0.55, 7_500])], 7_500, 0, true, 'a whole window of room lifts it a quota above those connected'],
    [[[0.85, 7_500], [0.55, 7_500], [0.55, 7_500], [0.65, 7_500], [0.55, 7_500], [0.55, 7_500]], 7_500, 0, false, 'one part near the line starts the count again'],
    [[[0.85, 7_500], [0.3, 7_500]], 7_500, 0, true, 'far below the line: one part raises it']
  ] as Array<[Array<[number, number]>, number, number, boolean, string]>)('%j, %i connected, %i admitted this part → %s (%s)', (samples, connections, admittedThisPart, expected) => {
    expect(after(samples, admittedThisPart).admits(connections)).toBe(expected)
  })

  it.each([
    [[], Infinity, 'never full: no ceiling'],
    [[[0.9, 7_500]], 7_500, 'full: what it holds'],
    [[[0.9, 7_500], [0.95, 7_800], [0.9, 7_200]], 7_200, 'full again with fewer: the fewer'],
    [[[0.9, 7_500], [0.3, 7_500]], 8_250, 'far below the line: a tenth above what it holds'],
    [[[0.9, 7_500], [0.3, 7_600]], 8_360, 'more connected than the ceiling (admitted before it): raised from those'],
    [[[0.9, 0], [0.3, 0], [0.3, 10], [0.3, 20]], 30, 'full before anyone was in (start-up work): opens a quota a part'],
    [[[0.9, 7_500], ...Array(9).fill([0.5, 7_500])], 7_585, 'room for three windows, the same connected: still one quota above them'],
    [[[0.9, 7_500], [0.3, 7_000], [0.3, 7_000]], 7_700, 'gateways slow to come back: lifted from those connected, not from itself'],
    [[[0.9, 7_500], ...Array(20).fill([0.7, 7_500])], 7_500, 'between room and the line it holds']
  ] as Array<[Array<[number, number]>, number, string]>)('%j → ceiling %d (%s)', (samples, ceiling) => {
    expect(after(samples).ceiling).toBe(ceiling)
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
  it('closes new gateways\' connections at accept and counts them, serves the connected one, and admits again once it has room', async () => {
    // Opening the database and migrating it kept the loop busy: gateways wait until that has passed, and
    // the ceiling it set (no one connected) has been raised.
    await until(() => service.broker!.admissionCeiling! > 0 && service.broker!.loopBusy! < 0.9)
    const connected = await tryConnect('gw-on')
    expect(typeof connected).toBe('object')

    await saturate(2 * WINDOW_MS)
    expect(service.broker!.loopBusy).toBeGreaterThanOrEqual(0.9)
    // What it held when full is what it holds until the loop shows room.
    expect(service.broker!.admissionCeiling).toBe(1)
    expect(await service.metrics.registry.getSingleMetricAsString('tianjian_mqtt_admission_ceiling')).toMatch(/ceiling 1$/m)
    // Full: the connection is closed as it is accepted, before its CONNECT is read (no CONNACK). The loop is
    // kept busy meanwhile: two idle parts would show room and open the door to the connection on its way.
    const [attempt] = await Promise.all([tryConnect('gw-new'), saturate(WINDOW_MS)])
    expect(attempt).toBe(-1)
    const refused = await service.metrics.registry.getSingleMetricAsString('tianjian_mqtt_auth_failures_total')
    expect(refused).toMatch(/reason="overloaded"} 1\b/)

    // The gateway already connected is not affected: its message is acknowledged.
    await (connected as MqttClient).publishAsync(`se/v1/gw-on/elevator/${codes[0]}/state`, state, { qos: 1 })

    await idle(2 * WINDOW_MS)
    expect(service.broker!.loopBusy).toBeLessThan(0.9)
    expect(typeof await tryConnect('gw-new')).toBe('object')
  })
})
