// Pending issue #9 item 2 (gateways isolated), client ids and wills: a gateway may connect only with its own
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
  service = await startTestService({ DATABASE_URL: await createTestDatabase() })
  codes = (await seedRegistry(service.registry, 2)).codes
  secrets['gw-a'] = (await provisionGateway(service.gateways, 'gw-a', [codes[0]!])).secret
  secrets['gw-b'] = (await provisionGateway(service.gateways, 'gw-b', [codes[1]!])).secret
})
afterAll(async () => {
  for (const c of clients) c.end(true)
  await service?.stop()
})

/** Connects; resolves with the client, or the CONNACK return code of a refusal. */
async function tryConnect (gateway: string, clientId: string, options: Parameters<typeof connectGateway>[3] = {}): Promise<MqttClient | number> {
  return connectGateway(service.mqttPort!, gateway, secrets[gateway]!, { clientId, ...options }).then((c) => { clients.push(c); return c }, (err: Error & { code?: number }) => err.code ?? -1)
}

describe('pending: client ids and wills tied to the gateway', () => {
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

  it('refuses a will on another gateway\'s topic', async () => {
    const refused = await tryConnect('gw-b', 'gw-b-will', { will: { topic: 'se/v1/gw-a/status', payload: Buffer.from('{"online":false}'), qos: 1, retain: true } })
    expect(typeof refused).toBe('number')
    expect(typeof await tryConnect('gw-b', 'gw-b-own-will', { will: { topic: 'se/v1/gw-b/status', payload: Buffer.from('{"online":false}'), qos: 1, retain: true } })).toBe('object')
  })
})
