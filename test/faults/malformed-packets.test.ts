// Fault 6: malformed MQTT on raw TCP — garbage, broken CONNECTs, packets that break MQTT 3.1.1's rules
// before and after a valid CONNECT, fuzzed bytes — while a well-behaved gateway publishes on the same
// broker. Each bad connection is closed (or, for what the protocol lets the broker refuse quietly,
// refused and counted); the good gateway never notices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import fc from 'fast-check'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { encodeConnect, encodePublishQos1, encodeTopic } from '../../simulators/mqtt/wire.ts'
import { sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { metricSum, scrape } from './support/metrics.ts'
import { startTelemetryLoad, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { waitFor } from './support/wait.ts'

const size = sized({ short: { fuzzed: 30 }, full: { fuzzed: 500 }, long: { fuzzed: 10_000 } })
let service: TestService
let good: TelemetryLoad | null = null
let badSecret: string

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase() })
  const { codes } = await seedRegistry(service.registry, 2)
  badSecret = (await provisionGateway(service.gateways, 'gw-bad', [codes[1]!])).secret
  const goodSecret = (await provisionGateway(service.gateways, 'gw-good', [codes[0]!])).secret
  good = await startTelemetryLoad({ port: service.mqttPort!, gateways: [{ id: 'gw-good', secret: goodSecret, codes: [codes[0]!] }], t0: Date.now() - 3_600_000, window: 4, reconnectPeriodMs: 0 })
})
afterAll(async () => {
  await good?.end()
  await service?.stop()
})

/** A valid CONNECT of the bad gateway (its own client id: it must not take the good one's). */
const validConnect = () => encodeConnect({ clientId: 'gw-bad-1', username: 'gw-bad', password: badSecret, keepaliveS: 30, clean: true })
const patched = (b: Buffer, at: number, f: (byte: number) => number) => { const c = Buffer.from(b); c[at] = f(c[at]!); return c }
// CONNECT's variable header starts after the fixed header (2 bytes here): protocol name (6), level, flags.
const LEVEL = 2 + 6
const FLAGS = 2 + 7

type Outcome = 'closed' | 'open' | 'held'

/**
 * What the broker must do with each: close the connection, or — where MQTT 3.1.1 lets it — acknowledge,
 * refuse (counted under tianjian_mqtt_rejected_total) and stay open.
 */
const CASES: Array<{ name: string, packets: () => Buffer[], expect: Outcome, clause: string }> = [
  { name: 'HTTP request on the MQTT port', packets: () => [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')], expect: 'closed', clause: 'MQTT-3.1.0-1 (first packet must be CONNECT)' },
  { name: 'zero bytes', packets: () => [Buffer.alloc(64)], expect: 'closed', clause: 'MQTT-2.2.2-2 (reserved type 0)' },
  { name: 'PUBLISH before CONNECT', packets: () => [encodePublishQos1(encodeTopic('se/v1/gw-bad/status'), 1, '{"online":true}')], expect: 'closed', clause: 'MQTT-3.1.0-1' },
  { name: 'CONNECT with protocol name MQTX', packets: () => [Buffer.from(validConnect().toString('latin1').replace('MQTT', 'MQTX'), 'latin1')], expect: 'closed', clause: 'MQTT-3.1.2-1' },
  { name: 'CONNECT with protocol level 99', packets: () => [patched(validConnect(), LEVEL, () => 99)], expect: 'closed', clause: 'MQTT-3.1.2-2' },
  { name: 'CONNECT with the reserved flag set', packets: () => [patched(validConnect(), FLAGS, (f) => f | 1)], expect: 'closed', clause: 'MQTT-3.1.2-3' },
  { name: 'remaining length of five bytes', packets: () => [Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f])], expect: 'closed', clause: 'MQTT-2.2.3 (at most four bytes)' },
  { name: 'a second CONNECT', packets: () => [validConnect(), validConnect()], expect: 'closed', clause: 'MQTT-3.1.0-2' },
  { name: 'PUBLISH with QoS 3', packets: () => [validConnect(), Buffer.from([0x36, 5, 0, 1, 0x61, 0, 1])], expect: 'closed', clause: 'MQTT-3.3.1-4' },
  { name: 'PUBLISH to a wildcard topic', packets: () => [validConnect(), encodePublishQos1(encodeTopic('se/v1/gw-bad/#'), 1, '{}')], expect: 'closed', clause: 'MQTT-3.3.2-2' },
  { name: 'PUBLISH to an empty topic', packets: () => [validConnect(), encodePublishQos1(encodeTopic(''), 1, '{}')], expect: 'closed', clause: 'MQTT-4.7.3-1' },
  { name: 'reserved packet type 0', packets: () => [validConnect(), Buffer.from([0x00, 0])], expect: 'closed', clause: 'MQTT-2.2.2-2' },
  { name: 'reserved packet type 15', packets: () => [validConnect(), Buffer.from([0xf0, 0])], expect: 'closed', clause: 'MQTT-2.2.2-2' },
  { name: 'SUBSCRIBE without a topic', packets: () => [validConnect(), Buffer.from([0x82, 2, 0, 1])], expect: 'closed', clause: 'MQTT-3.8.3-3' },
  // Refused quietly: acknowledged, counted, quarantined; the connection may stay.
  { name: 'PUBLISH to a topic holding U+0000', packets: () => [validConnect(), encodePublishQos1(encodeTopic('se/v1/gw-bad/\u0000'), 1, '{}')], expect: 'open', clause: 'refused as topic' },
  { name: 'PUBLISH to a topic of invalid UTF-8', packets: () => [validConnect(), encodePublishQos1(Buffer.from([0, 2, 0xc3, 0x28]), 1, '{}')], expect: 'open', clause: 'refused as topic' },
  { name: 'PUBACK for an id never sent', packets: () => [validConnect(), Buffer.from([0x40, 2, 0x12, 0x34])], expect: 'open', clause: 'ignored' }
]

/**
 * Sends the packets, then a PINGREQ, on a fresh connection: 'closed' when the broker closes it, 'open' when
 * it answers the PINGREQ, 'held' when it does neither within 15 s (a failure: it waits for bytes that will
 * never come).
 */
function tryPackets (port: number, packets: Buffer[]): Promise<{ outcome: Outcome, socket: import('node:net').Socket }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.on('error', () => {})
    let answered = Buffer.alloc(0)
    const timer = setTimeout(() => resolve({ outcome: 'held', socket }), 15_000)
    socket.on('data', (d: Buffer) => { answered = Buffer.concat([answered, d]) })
    socket.on('close', () => { clearTimeout(timer); resolve({ outcome: 'closed', socket }) })
    socket.on('connect', () => {
      for (const p of packets) socket.write(p)
      socket.write(Buffer.from([0xc0, 0]))
    })
    socket.on('data', () => {
      if (answered.includes(Buffer.from([0xd0, 0]))) { clearTimeout(timer); resolve({ outcome: 'open', socket }) }
    })
  })
}

describe('fault: malformed MQTT packets', () => {
  it('close only their own connection; a well-behaved gateway keeps publishing and being acknowledged', async () => {
    const report = reportScenario({
      id: 'malformed-packets',
      title: 'Malformed MQTT packets',
      proves: 'Garbage, broken CONNECTs and packets that break MQTT 3.1.1 (before and after a valid CONNECT, plus fuzzed byte strings) close only their own connection — or, where the protocol allows, are acknowledged, refused and counted — while a well-behaved gateway on the same broker is acknowledged throughout, never disconnected, and has every message stored.'
    })
    const port = service.mqttPort!
    const load = good!
    const rejectedBefore = metricSum(await scrape(service.httpUrl), 'tianjian_mqtt_rejected_total', { reason: 'topic' })
    let closed = 0
    let open = 0
    for (const c of CASES) {
      const ackedBefore = load.acked
      const { outcome, socket } = await tryPackets(port, c.packets())
      socket.destroy()
      expect(outcome, `${c.name} (${c.clause})`).toBe(c.expect)
      if (outcome === 'closed') closed++
      else open++
      await load.untilAcked(ackedBefore + 4)
    }
    const rejectedTopics = metricSum(await scrape(service.httpUrl), 'tianjian_mqtt_rejected_total', { reason: 'topic' }) - rejectedBefore
    expect(rejectedTopics).toBe(2)

    // Fuzzed byte strings, alone or after a valid CONNECT: the broker closes, ignores or waits for more
    // bytes; whichever, it keeps serving the good gateway.
    let fuzzClosed = 0
    let fuzzHeld = 0
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 512 }), async (authenticated, bytes) => {
      const ackedBefore = load.acked
      const socket = connect({ host: '127.0.0.1', port })
      socket.on('error', () => {})
      const closing = new Promise<boolean>((resolve) => socket.on('close', () => resolve(true)))
      await new Promise((resolve) => socket.on('connect', resolve))
      if (authenticated) socket.write(validConnect())
      socket.write(Buffer.from(bytes))
      // Whatever the bytes did, the good gateway is still acknowledged after them.
      await load.untilAcked(ackedBefore + 2)
      const wasClosed = await Promise.race([closing, Promise.resolve(false)])
      if (wasClosed) fuzzClosed++
      else fuzzHeld++
      socket.destroy()
      await closing
    }), { numRuns: size.fuzzed, seed: 9 })

    await waitFor('only the good gateway is connected', () => service.broker!.connections === 1)
    expect((await fetch(`${service.httpUrl}/api/health`)).status).toBe(200)
    const ackedAtEnd = load.acked
    await load.settle()
    expect(await service.shipper!.drain()).toBe(true)
    const counts = await countStored(service.influx.url, service.influx.database, load)
    Object.assign(report.figures, {
      ...counts, cases: CASES.length, closed, refusedAndOpen: open, refusedTopicsCounted: rejectedTopics,
      fuzzedByteStrings: size.fuzzed, fuzzClosed, fuzzWaitingForMore: fuzzHeld,
      goodGatewayAckedDuring: ackedAtEnd, goodGatewayDisconnects: load.disconnects
    })
    expect(load.disconnects).toBe(0)
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, foreign: 0 })
    expect(counts.stored).toBe(counts.sent)
  })
})
