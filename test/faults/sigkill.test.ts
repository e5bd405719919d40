// Fault 2: the service (app/main.ts, as `npm start` runs it) killed with SIGKILL while gateways publish and
// the shipper writes to InfluxDB, then started again on the same data folder; in full and long runs
// several times, with the embedded PGlite registry of a default installation in that folder too.
import { afterAll, describe, expect, inject, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { freePort } from '../../platform/net.ts'
import { ADMIN_PASSWORD, createTestDatabase } from '../support/service.ts'
import { faultsMode, sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { startServiceProcess, type ServiceProcess } from './support/service-process.ts'
import { apiClient, seedThroughApi } from './support/api.ts'
import { startTelemetryLoad, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { tempDirs, waitFor } from './support/wait.ts'
import { LOAD_BUDGET } from './support/load-budget.ts'

const size = sized({
  short: { gateways: 2, lifts: 1, messages: 1_000, kills: 1 },
  full: { gateways: 6, lifts: 2, messages: 24_000, kills: 3 },
  long: { gateways: 12, lifts: 2, messages: 200_000, kills: 12 }
})
const dirs = tempDirs()
let service: ServiceProcess | null = null
let load: TelemetryLoad | null = null

afterAll(async () => {
  await load?.end()
  await service?.stop()
  dirs.removeAll()
})

describe('fault: SIGKILL of the service mid-burst', () => {
  it('stores every acknowledged message after a restart on the same data folder', async () => {
    const report = reportScenario({
      id: 'sigkill',
      title: 'SIGKILL of the service mid-burst',
      proves: 'A QoS 1 message is acknowledged only once it is in the write-ahead log on disk: the service killed with SIGKILL while gateways publish and the shipper writes, then restarted on the same data folder, replays its log, and every message acknowledged before or after the kill is in InfluxDB exactly once. Gateways reconnect and resend what was not acknowledged, as real ones do.'
    })
    const dataDir = dirs.make('sigkill')
    const database = `sigkill_${randomBytes(4).toString('hex')}`
    // Short runs use the shared PostgreSQL server (starts in a second); full runs the embedded PGlite under
    // DATA_DIR that a default installation has, killed with the rest.
    const databaseUrl = faultsMode() === 'short' ? await createTestDatabase() : null
    const env = {
      DATA_DIR: dataDir, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(await freePort()), MQTT_HOST: '127.0.0.1', MQTT_PORT: String(await freePort()),
      INFLUX_URL: inject('influxUrl'), INFLUX_DB: database, INFLUX_BATCH_SIZE: '1000', ADMIN_PASSWORD, LOG_LEVEL: 'info', ...LOAD_BUDGET,
      ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl })
    }
    const start = () => startServiceProcess({ entry: 'main', env, logFile: join(dataDir, 'service.log') })
    service = await start()
    const api = apiClient(service.httpUrl)
    const gateways = await seedThroughApi(api, await api.login('admin', ADMIN_PASSWORD), size.gateways, size.lifts, 'K')
    const lifts = size.gateways * size.lifts
    const perLift = Math.ceil(size.messages / lifts)
    const total = perLift * lifts
    load = await startTelemetryLoad({ port: service.mqttPort, gateways, t0: Date.now() - 3_600_000, perLift, window: 16, reconnectPeriodMs: 100 })

    let ackedAtKills = 0
    let restartS = 0
    for (let k = 0; k < size.kills; k++) {
      await load.untilAcked(Math.floor(total * (k + 1) / (size.kills + 1)))
      ackedAtKills = load.acked
      await service.kill('SIGKILL')
      const restartAt = Date.now()
      service = await start()
      restartS += (Date.now() - restartAt) / 1000
    }
    await load.settle(300_000)
    // Everything acknowledged is on disk: wait until the restarted service has shipped all of it (or time out
    // with the count of what is missing).
    const counts = await waitFor('every acknowledged message in InfluxDB', async () => {
      const c = await countStored(inject('influxUrl'), database, load!)
      return c.lost === 0 && c
    }, 300_000).catch(() => countStored(inject('influxUrl'), database, load!))
    Object.assign(report.figures, counts, {
      registry: databaseUrl === null ? 'embedded PGlite in DATA_DIR' : 'PostgreSQL server',
      kills: size.kills, ackedAtLastKill: ackedAtKills, reconnects: load.disconnects, restartMeanS: Math.round(restartS / size.kills * 10) / 10,
      pubackP50Ms: load.latency().p50, pubackP99Ms: load.latency().p99
    })

    expect(counts.sent).toBe(total)
    expect(counts.acked).toBe(total)
    expect(counts).toMatchObject({ stored: total, lost: 0, duplicated: 0, foreign: 0 })
  }, 180_000)
})
