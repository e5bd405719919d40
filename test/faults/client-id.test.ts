// Issue #9 item 2 (gateways isolated), client ids and wills: a gateway may connect only with its own
// id as client id, or one starting with `{gatewayId}-`; another gateway's id is refused with CONNACK 2
// (identifier rejected) and the gateway using it stays connected. A will is allowed only on the gateway's
// own status topic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { connectGateway } from '../support/mqtt.ts'

let service: TestService
const secrets: Record<string, string> = {}
const clients: MqttClient[] = []
let codes: string[]

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase(), MQTT_GATEWAY_MAX_CONNECTIONS: '3' })
  codes = (await seedRegistry(service.registry, 2)).codes
  secrets['gw-a'] = (await provisionGateway(service.gateways, 'gw-a', [codes[0]!])).secret
  secrets['gw-b'] = (await provisionGateway(service.gateways, 'gw-b', [codes[1]!])).secret
  secrets['gw-a-1'] = (await provisionGateway(service.gateways, 'gw-a-1', [])).secret
  secrets['gw-cap'] = (await provisionGateway(service.gateways, 'gw-cap', [])).secret
})
afterAll(async () => {
  for (const c of clients) c.end(true)
  await service?.stop()
})

/** Connects; resolves with the client, or the CONNACK return code of a refusal. */
async function tryConnect (gateway: string, clientId: string, options: Parameters<typeof connectGateway>[3] = {}): Promise<MqttClient | number> {
  return connectGateway(service.mqttPort!, gateway, secrets[gateway]!, { clientId, ...options }).then((c) => { clients.push(c); return c }, (err: Error & { code?: number }) => err.code ?? -1)
}

describe('fault: client ids and wills tied to the gateway', () => {
  it('refuses another gateway\'s id as client id, and the gateway owning it stays connected', async () => {
    const a = await tryConnect('gw-a', 'gw-a')
    expect(typeof a).toBe('object')
    let kicked = false
    ;(a as MqttClient).on('close', () => { kicked = true })
    for (let i = 0; i < 5; i++) expect(await tryConnect('gw-b', 'gw-a')).toBe(2)
    await (a as MqttClient).publishAsync(`se/v1/gw-a/elevator/${codes[0]}/state`, JSON.stringify({ mode: 1, moving: false, dir: 0, floor: 1, doorZone: true, doorClosed: true, occupied: false }), { qos: 1 })
    expect(kicked).toBe(false)
  })

  it('accepts the gateway id and `{gatewayId}-…`, nothing else', async () => {
    expect(typeof await tryConnect('gw-b', 'gw-b-line-2')).toBe('object')
    expect(await tryConnect('gw-b', 'gw-bx')).toBe(2)
    expect(await tryConnect('gw-b', 'someone')).toBe(2)
  })

  it('refuses a gateway the id of one whose id extends its own (`gw-a` → `gw-a-1`)', async () => {
    const neighbour = await tryConnect('gw-a-1', 'gw-a-1')
    expect(typeof neighbour).toBe('object')
    let kicked = false
    ;(neighbour as MqttClient).on('close', () => { kicked = true })
    expect(await tryConnect('gw-a', 'gw-a-1')).toBe(2)
    expect(await tryConnect('gw-a', 'gw-a-1-x')).toBe(2)
    await (neighbour as MqttClient).publishAsync('se/v1/gw-a-1/status', JSON.stringify({ online: true }), { qos: 1 })
    expect(kicked).toBe(false)
  })

  it('caps a gateway\'s connections, but lets a reconnect replace the connection it holds', async () => {
    const held = [await tryConnect('gw-cap', 'gw-cap-1'), await tryConnect('gw-cap', 'gw-cap-2'), await tryConnect('gw-cap', 'gw-cap-3')]
    expect(held.every((c) => typeof c === 'object')).toBe(true)
    expect(await tryConnect('gw-cap', 'gw-cap-4')).toBe(3)
    // [MQTT-3.1.4-2] the same client id takes the old connection's place: not one more.
    expect(typeof await tryConnect('gw-cap', 'gw-cap-2')).toBe('object')
    const refused = (await service.metrics.registry.getSingleMetric('tianjian_mqtt_auth_failures_total')!.get()).values
    expect(refused.find((v) => v.labels.reason === 'connection_limit')?.value).toBe(1)
    expect(refused.find((v) => v.labels.reason === 'client_id')?.value).toBeGreaterThanOrEqual(5)
  })

  it('refuses a will on another gateway\'s topic', async () => {
    const refused = await tryConnect('gw-b', 'gw-b-will', { will: { topic: 'se/v1/gw-a/status', payload: Buffer.from('{"online":false}'), qos: 1, retain: true } })
    expect(typeof refused).toBe('number')
    expect(typeof await tryConnect('gw-b', 'gw-b-own-will', { will: { topic: 'se/v1/gw-b/status', payload: Buffer.from('{"online":false}'), qos: 1, retain: true } })).toBe('object')
  })
})
