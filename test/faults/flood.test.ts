// Issue #9 item 2 (a per-gateway message-rate budget, QoS 0 excess dropped and counted): 100
// connections of other gateways flood QoS 0 as fast as their sockets take it while a well-behaved gateway
// publishes QoS 1. Every good publish is acknowledged, the flooders are throttled (counted in /metrics), and
// the service stays up with bounded memory. The good gateway's PUBACK p50/p99 is reported (goal p99 < 100
// ms) — a figure, not an assertion.
import { afterAll, describe, expect, inject, it } from 'vitest'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { ADMIN_PASSWORD, createTestDatabase } from '../support/service.ts'
import { encodeConnect, encodeTopic } from '../../simulators/mqtt/wire.ts'
import { sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { startServiceProcess, type ServiceProcess } from './support/service-process.ts'
import { apiClient, seedThroughApi } from './support/api.ts'
import { parseMetrics } from './support/metrics.ts'
import { startTelemetryLoad, statePayload, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { tempDirs, waitFor } from './support/wait.ts'

const size = sized({ short: { flooders: 100, good: 300 }, full: { flooders: 100, good: 3_000 }, long: { flooders: 100, good: 30_000 } })
/** PUBLISHes a flooder writes before it lets the rest of this process have a turn. */
const FLOOD_SLICE = 16
const dirs = tempDirs()
let service: ServiceProcess | null = null
let good: TelemetryLoad | null = null
const floods: Socket[] = []

afterAll(async () => {
  for (const s of floods) s.destroy()
  await good?.end()
  await service?.stop()
  dirs.removeAll()
})

/** A raw connection that writes QoS 0 PUBLISHes whenever its socket takes more; returns how many it wrote. */
function flood (port: number, id: string, secret: string, code: string) {
  const socket = connect({ host: '127.0.0.1', port })
  floods.push(socket)
  socket.on('error', () => {})
  const topic = encodeTopic(`se/v1/${id}/elevator/${code}/state`)
  let written = 0
  let stopped = false
  const packet = (n: number) => {
    const payload = Buffer.from(statePayload(Date.now() - 3_600_000, n))
    const rest = topic.length + payload.length
    return Buffer.concat([Buffer.from([0x30, rest & 0x7f | 0x80, rest >> 7]), topic, payload])
  }
  // The flooders and the good gateway share this process, where in reality each is a device of its own: a
  // flooder writes in slices, so that filling the kernel's socket buffers (megabytes each on loopback) does
  // not starve the good gateway's client of the event loop. Each socket still gets all it takes.
  const pump = () => {
    for (let i = 0; i < FLOOD_SLICE; i++) if (stopped || !socket.write(packet(written++))) return
    setImmediate(pump)
  }
  socket.on('connect', () => { socket.write(encodeConnect({ clientId: id, username: id, password: secret, keepaliveS: 60, clean: true })) })
  // From its CONNACK on: publishing before it would only get the connection closed by Aedes at once (more
  // than its 42 packets queued before CONNACK), and every flooder is to flood.
  socket.once('data', (connack: Buffer) => { if (connack[0] === 0x20 && connack[3] === 0) pump() })
  socket.on('drain', pump)
  return { stop () { stopped = true; socket.destroy() }, get written () { return written } }
}

describe('fault: a QoS 0 flood beside a well-behaved gateway', () => {
  it('acknowledges every good publish, throttles the flooders and stays up with bounded memory', async () => {
    const report = reportScenario({
      id: 'qos0-flood',
      title: 'A QoS 0 flood from 100 connections beside a well-behaved gateway',
      proves: 'One hundred gateways flooding QoS 0 as fast as TCP takes it are throttled (their excess dropped and counted), while a well-behaved gateway publishing QoS 1 has every message acknowledged and stored, and the service stays up with bounded memory.'
    })
    const database = `flood_${randomBytes(4).toString('hex')}`
    const env = {
      DATA_DIR: dirs.make('flood'), HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_HOST: '127.0.0.1', MQTT_PORT: '0',
      INFLUX_URL: inject('influxUrl'), INFLUX_DB: database, ADMIN_PASSWORD, LOG_LEVEL: 'warn', DATABASE_URL: await createTestDatabase()
    }
    service = await startServiceProcess({ entry: 'child', env, logFile: join(dirs.make('flood-log'), 'service.log') })
    const api = apiClient(service.httpUrl)
    const gateways = await seedThroughApi(api, await api.login('admin', ADMIN_PASSWORD), size.flooders + 1, 1, 'Q')
    const [goodGateway, ...flooders] = gateways
    const rssBefore = (await service.status()).rssBytes
    const floodsRunning = flooders.map((g) => flood(service!.mqttPort, g.id, g.secret, g.codes[0]!))
    good = await startTelemetryLoad({ port: service.mqttPort, gateways: [goodGateway!], t0: Date.now() - 3_600_000, perLift: size.good, window: 1 })
    let rssPeak = rssBefore
    await waitFor('every good message acknowledged', async () => {
      rssPeak = Math.max(rssPeak, (await service!.status()).rssBytes)
      return good!.acked >= size.good
    }, 600_000)
    const written = floodsRunning.reduce((n, f) => n + f.written, 0)
    for (const f of floodsRunning) f.stop()
    const samples = parseMetrics(await (await fetch(`${service.httpUrl}/metrics`)).text())
    const throttled = samples.filter((s) => /^tianjian_.*(rate|throttl|budget|dropped)/.test(s.name) || (s.name === 'tianjian_mqtt_rejected_total' && /rate|budget|flood/.test(s.labels.reason ?? ''))).reduce((n, s) => n + s.value, 0)
    expect(await service.drain()).toBe(true)
    const counts = await countStored(inject('influxUrl'), database, good)
    Object.assign(report.figures, {
      ...counts, flooders: flooders.length, floodMessagesWritten: written, throttledCounted: throttled,
      goodPubackP50Ms: good.latency().p50, goodPubackP99Ms: good.latency().p99,
      rssBeforeMb: Math.round(rssBefore / 1048576), rssPeakMb: Math.round(rssPeak / 1048576)
    })
    expect(counts).toMatchObject({ sent: size.good, acked: size.good, stored: size.good, lost: 0, duplicated: 0 })
    expect(throttled).toBeGreaterThan(0)
    expect(rssPeak - rssBefore).toBeLessThan(512 * 1048576)
    expect((await fetch(`${service.httpUrl}/api/health`)).status).toBe(200)
  })
})
