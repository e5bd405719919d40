// No lost data: messages acknowledged with PUBACK survive an InfluxDB outage and a kill -9 of the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MqttClient } from 'mqtt'
import { startInfluxd, type ManagedInfluxd } from '../platform/influx/influxd.ts'
import { createInfluxClient, seriesRows } from '../platform/influx/client.ts'
import { freePort } from '../platform/net.ts'
import { startTestService, ADMIN_PASSWORD } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'

let influxd: ManagedInfluxd
const dirs: string[] = []
const tempDir = (name: string) => { const d = mkdtempSync(join(tmpdir(), name)); dirs.push(d); return d }

beforeAll(async () => { influxd = await startInfluxd({ dir: tempDir('tianjian-influx-own-') }) })
afterAll(async () => {
  await influxd?.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Publishes `count` QoS 1 states with distinct timestamps, `window` in flight; returns the acknowledged ones. */
async function publishBurst (client: MqttClient, topic: string, count: number, t0: number, window: number, onAck?: (n: number) => void) {
  const acked: number[] = []
  let next = 0
  async function worker () {
    while (next < count) {
      const i = next++
      const ts = t0 + i
      await client.publishAsync(topic, JSON.stringify({ ts, mode: 1, moving: i % 2 === 0, dir: 1, floor: i % 30, doorZone: false, doorClosed: true, occupied: true }), { qos: 1 })
      acked.push(ts)
      onAck?.(acked.length)
    }
  }
  await Promise.all(Array.from({ length: window }, worker))
  return acked
}

async function countStored (url: string, database: string, code: string, t0: number) {
  const influx = createInfluxClient({ url, database })
  const rows = seriesRows((await influx.query(`SELECT count(floor) FROM elevator_state WHERE equipment = '${code}' AND time >= ${t0}ms`))[0])
  return (rows[0]?.count as number | undefined) ?? 0
}

describe('no acknowledged message is lost', () => {
  it('when InfluxDB stops in the middle of a burst and comes back', async () => {
    // One gateway stands in for a building's worth of load: its rate budget must not be what paces it.
    const service = await startTestService({ INFLUX_URL: influxd.url, INFLUX_DB: 'outage', INFLUX_BATCH_SIZE: '200', MQTT_GATEWAY_RATE: '1000000', MQTT_GATEWAY_BURST: '1000000' })
    try {
      const { codes } = await seedRegistry(service.registry, 1)
      const { secret } = await provisionGateway(service.gateways, 'gw-outage', codes)
      const client = await connectGateway(service.mqttPort!, 'gw-outage', secret)
      const t0 = Date.now() - 60_000
      let stopping: Promise<void> | null = null
      const acked = await publishBurst(client, `se/v1/gw-outage/elevator/${codes[0]}/state`, 3000, t0, 16, (n) => {
        if (n === 800) stopping = influxd.stop('SIGKILL')
      })
      await stopping
      client.end(true)
      expect(acked).toHaveLength(3000)
      await until(() => service.shipper!.status().up === false)
      expect(service.shipper!.status().backlogLines).toBeGreaterThan(0)

      await influxd.restart()
      expect(await service.shipper!.drain(60_000)).toBe(true)
      expect(await countStored(influxd.url, 'outage', codes[0]!, t0)).toBe(acked.length)
    } finally {
      await service.stop()
    }
  })

  // Two cold starts of the service in a child process (tsx compiles it each time), one after a SIGKILL.
  it('when the service is killed with SIGKILL while InfluxDB is away', async () => {
    const dataDir = tempDir('tianjian-kill-')
    const ports = { http: await freePort(), mqtt: await freePort() }
    const env = {
      ...process.env, DATA_DIR: dataDir, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(ports.http), MQTT_HOST: '127.0.0.1', MQTT_PORT: String(ports.mqtt),
      INFLUX_URL: influxd.url, INFLUX_DB: 'killed', ADMIN_PASSWORD, LOG_LEVEL: 'warn',
      // A burst, not paced by the gateway's rate budget.
      MQTT_GATEWAY_RATE: '1000000', MQTT_GATEWAY_BURST: '1000000'
    }
    const start = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      child.stderr!.on('data', (c: Buffer) => { stderr += c.toString() })
      await until(async () => {
        if (child.exitCode !== null) throw new Error(`service exited: ${stderr}`)
        return fetch(`http://127.0.0.1:${ports.http}/api/health`).then((r) => r.status > 0, () => false)
      }, 60_000)
      return child
    }
    const api = async (path: string, token: string | null, body?: unknown, method = body ? 'POST' : 'GET') => {
      const response = await fetch(`http://127.0.0.1:${ports.http}${path}`, {
        method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined
      })
      const json = await response.json() as any
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`)
      return json
    }

    let child: ChildProcess = await start()
    try {
      const { token } = await api('/api/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })
      const district = await api('/api/districts', token, { code: 'CZ', name: '城中区', arrivalLimitMin: 30 })
      const useUnit = await api('/api/use-units', token, { name: '西宁市第一人民医院' })
      await api('/api/elevators/KILL-1', token, { rescueId: '900001', kind: 'traction', address: '西宁市城中区', districtId: district.id, useUnitId: useUnit.id, maintenanceFirmId: null, building: null, floors: 12, publicPlace: true }, 'PUT')
      const { secret } = await api('/api/gateways', token, { id: 'gw-kill', equipmentCodes: ['KILL-1'] })

      await influxd.stop()
      const client = await connectGateway(ports.mqtt, 'gw-kill', secret)
      const t0 = Date.now() - 60_000
      const acked = await publishBurst(client, 'se/v1/gw-kill/elevator/KILL-1/state', 500, t0, 8)
      client.end(true)
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))

      await influxd.restart()
      child = await start()
      const stored = await until(async () => {
        const n = await countStored(influxd.url, 'killed', 'KILL-1', t0)
        return n >= acked.length && n
      }, 60_000)
      expect(stored).toBe(acked.length)
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.exitCode !== null ? resolve(null) : child.once('exit', resolve))
    }
  }, 180_000)
})
