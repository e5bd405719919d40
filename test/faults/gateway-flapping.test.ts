// Fault 5: a gateway whose connection flaps hundreds of times — clean DISCONNECTs, dropped sockets, a
// reconnect that takes over its own still-open connection, persistent and clean sessions, with and without
// a will and a subscription — while another gateway publishes steadily. Nothing may accumulate.
import { afterAll, describe, expect, inject, it } from 'vitest'
import mqtt, { type MqttClient } from 'mqtt'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { ADMIN_PASSWORD, createTestDatabase } from '../support/service.ts'
import { sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { startServiceProcess, type ServiceProcess } from './support/service-process.ts'
import type { ChildStatus } from './support/service-child.ts'
import { apiClient, seedThroughApi, type ApiClient } from './support/api.ts'
import { startTelemetryLoad, statePayload, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { tempDirs, waitFor } from './support/wait.ts'
import { connectionsOnPort } from './support/proc-sockets.ts'
import { LOAD_BUDGET } from './support/load-budget.ts'

const size = sized({ short: { flaps: 80, warmUp: 20 }, full: { flaps: 1_000, warmUp: 50 }, long: { flaps: 10_000, warmUp: 50 } })
const WARM_UP = size.warmUp
const dirs = tempDirs()
let service: ServiceProcess | null = null
let steady: TelemetryLoad | null = null

afterAll(async () => {
  await steady?.end()
  await service?.stop()
  dirs.removeAll()
})

function open (port: number, id: string, secret: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: id, username: id, password: secret, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000, ...options })
    client.once('connect', () => resolve(client))
    client.once('error', (err) => { client.end(true); reject(err) })
  })
}

/** One flap of the gateway; the kind cycles through the ways a real gateway's link comes and goes. */
async function flap (port: number, id: string, secret: string, code: string, n: number, t0: number) {
  const kind = n % 5
  const client = await open(port, id, secret, {
    clean: kind !== 1,
    ...(kind === 2 ? { will: { topic: `se/v1/${id}/status`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true } } : {})
  })
  if (kind === 0 || kind === 1) await client.subscribeAsync(`se/v1/${id}/errors`, { qos: 1 })
  await client.publishAsync(`se/v1/${id}/elevator/${code}/state`, statePayload(t0, n), { qos: 1 })
  if (kind === 3) {
    // The gateway reconnects before the broker noticed its old link died: the new connection takes over.
    const again = await open(port, id, secret, { clean: true })
    await new Promise<void>((resolve) => client.stream.destroyed ? resolve() : client.once('close', () => resolve()))
    client.end(true)
    await again.endAsync()
  } else if (kind === 4) {
    // The link drops: no DISCONNECT, the socket just goes.
    client.stream.destroy()
    await new Promise<void>((resolve) => client.stream.destroyed ? resolve() : client.stream.once('close', () => resolve()))
    client.end(true)
  } else {
    await client.endAsync()
  }
}

const mb = (n: number) => Math.round(n / 1048576 * 10) / 10

/** Once the flapper is gone: the broker's state, and its MQTT sockets as the kernel counts them. */
async function quiet (service: ServiceProcess, api: ApiClient, token: string): Promise<ChildStatus & { mqttSockets: number | null }> {
  // Gone from the broker, from the sessions and from presence, as the API shows it; one socket left (the steady gateway).
  await waitFor('no flapping connection left', async () => {
    const s = await service.status()
    const sockets = connectionsOnPort(service.pid, service.mqttPort)
    return s.connections === 1 && s.aedesClients === 1 && s.gatewaysOnline === 1 && (sockets === null || sockets === 1)
  })
  const gateway = await api.ok('GET', '/api/gateways?q=gw-m-1', token)
  expect(gateway.items[0].online).toBe(false)
  return { ...await service.status(), mqttSockets: connectionsOnPort(service.pid, service.mqttPort) }
}

describe('fault: a gateway flapping its connection', () => {
  it('leaks no connection, session, listener, socket or memory', async () => {
    const report = reportScenario({
      id: 'gateway-flapping',
      title: 'A gateway flapping its connection',
      proves: 'A gateway that connects and drops hundreds of times (clean disconnects, dropped sockets, takeovers of its own connection, persistent sessions, wills, subscriptions) leaves nothing behind: broker clients, gateway sessions and presence, listeners on the broker, open sockets and the heap return to where they were, and a steady gateway beside it has every message acknowledged and stored.'
    })
    const database = `flap_${randomBytes(4).toString('hex')}`
    const env = {
      DATA_DIR: dirs.make('flap'), HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_HOST: '127.0.0.1', MQTT_PORT: '0',
      INFLUX_URL: inject('influxUrl'), INFLUX_DB: database, ADMIN_PASSWORD, LOG_LEVEL: 'warn', DATABASE_URL: await createTestDatabase(), ...LOAD_BUDGET
    }
    service = await startServiceProcess({ entry: 'child', env, logFile: join(dirs.make('flap-log'), 'service.log'), nodeFlags: ['--expose-gc'] })
    const api = apiClient(service.httpUrl)
    const token = await api.login('admin', ADMIN_PASSWORD)
    const [steadyGateway, flapper] = await seedThroughApi(api, token, 2, 1, 'M')
    const t0 = Date.now() - 3_600_000
    steady = await startTelemetryLoad({ port: service.mqttPort, gateways: [steadyGateway!], t0, window: 4 })

    for (let n = 0; n < WARM_UP; n++) await flap(service.mqttPort, flapper!.id, flapper!.secret, flapper!.codes[0]!, n, t0)
    const base = await quiet(service, api, token)
    const startedAt = Date.now()
    for (let n = WARM_UP; n < WARM_UP + size.flaps; n++) await flap(service.mqttPort, flapper!.id, flapper!.secret, flapper!.codes[0]!, n, t0)
    const flapS = report.elapsedS(startedAt)
    const end = await quiet(service, api, token)

    const steadyLoad = steady
    await steadyLoad.settle(120_000)
    await steadyLoad.end()
    steady = null
    await waitFor('the steady gateway gone too', async () => (await service!.status()).connections === 0)
    expect(await service.drain()).toBe(true)
    const steadyCounts = await countStored(inject('influxUrl'), database, steadyLoad)
    // The flapper published one acknowledged message per flap, sequence numbers 0 … n-1.
    const flapped = WARM_UP + size.flaps
    const flapperCounts = await countStored(inject('influxUrl'), database, {
      t0, sentByLift: () => new Map([[flapper!.codes[0]!, flapped]]), ackedByLift: () => new Map([[flapper!.codes[0]!, new Set(Array.from({ length: flapped }, (_, i) => i))]])
    })
    const heapGrowth = end.heapUsedBytes - base.heapUsedBytes
    Object.assign(report.figures, {
      flaps: size.flaps, flapsPerS: Math.round(size.flaps / flapS),
      sent: steadyCounts.sent + flapperCounts.sent, acked: steadyCounts.acked + flapperCounts.acked, stored: steadyCounts.stored + flapperCounts.stored,
      lost: steadyCounts.lost + flapperCounts.lost, duplicated: steadyCounts.duplicated + flapperCounts.duplicated,
      connectionsAfter: end.connections - 1, aedesClientsAfter: end.aedesClients - 1, gatewaysOnlineAfter: end.gatewaysOnline - 1,
      brokerListenersBefore: base.aedesListeners, brokerListenersAfter: end.aedesListeners,
      mqttSocketsBefore: base.mqttSockets, mqttSocketsAfter: end.mqttSockets, offlineSessionsAfter: end.offlineClients, offlineSubscriptionsAfter: end.offlineSubscriptions,
      heapBeforeMb: mb(base.heapUsedBytes), heapAfterMb: mb(end.heapUsedBytes), heapBytesPerFlap: Math.round(heapGrowth / size.flaps),
      rssBeforeMb: mb(base.rssBytes), rssAfterMb: mb(end.rssBytes)
    })

    expect(flapperCounts).toMatchObject({ stored: flapped, lost: 0, duplicated: 0, foreign: 0 })
    expect(steadyCounts).toMatchObject({ lost: 0, duplicated: 0, foreign: 0 })
    expect(steadyCounts.stored).toBe(steadyCounts.sent)
    expect(end.aedesListeners).toBe(base.aedesListeners)
    expect(end.mqttSockets).toBe(base.mqttSockets)
    // One persistent session (the flapper's client id) at most, with its one subscription.
    expect(end.offlineClients).toBeLessThanOrEqual(1)
    expect(end.offlineSubscriptions).toBeLessThanOrEqual(1)
    // Roughly flat: the garbage-collected heap within 3 MB plus 512 bytes per flap (measured: ~1 MB after
    // 1,000 flaps, ~1 MB after 10,000; what one connection holds, ~16 KB, would be far beyond it).
    expect(heapGrowth).toBeLessThan(3 * 1048576 + 512 * size.flaps)
  }, 180_000)
})
