// Issue #9 item 2 (packet size capped at the parser, a minimum keep-alive): a packet announcing
// more than MQTT_MAX_PAYLOAD_BYTES (plus its headers) closes its connection at once — the parser used to
// wait for, and buffer, up to 256 MB first — and a CONNECT asking for keep-alive 0 (never time out) is
// refused, while a well-behaved gateway is unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { encodeConnect } from '../../simulators/mqtt/wire.ts'
import { startTelemetryLoad, type TelemetryLoad } from './support/telemetry-load.ts'

let service: TestService
let good: TelemetryLoad | null = null
let secret: string

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase(), MQTT_MAX_PAYLOAD_BYTES: '4096' })
  const { codes } = await seedRegistry(service.registry, 2)
  secret = (await provisionGateway(service.gateways, 'gw-big', [codes[1]!])).secret
  const goodSecret = (await provisionGateway(service.gateways, 'gw-fine', [codes[0]!])).secret
  good = await startTelemetryLoad({ port: service.mqttPort!, gateways: [{ id: 'gw-fine', secret: goodSecret, codes: [codes[0]!] }], t0: Date.now() - 3_600_000, window: 2, reconnectPeriodMs: 0 })
})
afterAll(async () => {
  await good?.end()
  await service?.stop()
})

/** Sends the bytes; resolves with what the broker did within 5 s (a bound on the wait, not a timing). */
function outcome (chunks: Buffer[]): Promise<{ closed: boolean, answer: Buffer }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: service.mqttPort! })
    let answer = Buffer.alloc(0)
    socket.on('error', () => {})
    socket.on('data', (d: Buffer) => { answer = Buffer.concat([answer, d]) })
    const timer = setTimeout(() => { socket.destroy(); resolve({ closed: false, answer }) }, 5_000)
    socket.on('close', () => { clearTimeout(timer); resolve({ closed: true, answer }) })
    socket.on('connect', () => { for (const c of chunks) socket.write(c) })
  })
}

describe('fault: MQTT packet size and keep-alive limits', () => {
  it('closes a connection whose PUBLISH announces more than the payload limit, before its body arrives', async () => {
    const before = good!.acked
    const connectOk = encodeConnect({ clientId: 'gw-big', username: 'gw-big', password: secret, keepaliveS: 30, clean: true })
    // Remaining length 268,435,455 (the most MQTT 3.1.1 allows), then a few bytes of a topic.
    const { closed } = await outcome([connectOk, Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f, 0, 4, 0x73, 0x65])])
    expect(closed).toBe(true)
    await good!.untilAcked(before + 4)
  })

  it('closes a connection whose CONNECT announces a huge packet', async () => {
    expect((await outcome([Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f, 0, 4])])).closed).toBe(true)
  })

  it('refuses keep-alive 0', async () => {
    const { closed, answer } = await outcome([encodeConnect({ clientId: 'gw-big', username: 'gw-big', password: secret, keepaliveS: 0, clean: true })])
    // Either no CONNACK and a close, or a CONNACK with a refusal code.
    expect(closed && (answer.length < 4 || answer[3] !== 0)).toBe(true)
  })
})
