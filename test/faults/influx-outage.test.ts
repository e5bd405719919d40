// Fault 1: InfluxDB killed (SIGKILL) while gateways publish, down for a while, then back; in long runs,
// again and again. Every acknowledged message must end up in InfluxDB exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startInfluxd, type ManagedInfluxd } from '../../platform/influx/influxd.ts'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { startTelemetryLoad, type LoadGateway, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { tempDirs, waitFor } from './support/wait.ts'
import { LOAD_BUDGET } from './support/load-budget.ts'

const size = sized({
  short: { gateways: 2, lifts: 1, messages: 1_200, outages: 1 },
  full: { gateways: 8, lifts: 2, messages: 40_000, outages: 2 },
  long: { gateways: 20, lifts: 3, messages: 400_000, outages: 10 }
})
const dirs = tempDirs()
let influxd: ManagedInfluxd
let service: TestService
let load: TelemetryLoad | null = null

beforeAll(async () => {
  influxd = await startInfluxd({ dir: dirs.make('influx') })
  // The registry is not what this scenario tests: a database on the shared PostgreSQL server starts in a
  // second where an embedded one takes many.
  service = await startTestService({ INFLUX_URL: influxd.url, INFLUX_DB: 'outage', INFLUX_BATCH_SIZE: '500', DATABASE_URL: await createTestDatabase(), ...LOAD_BUDGET })
})
afterAll(async () => {
  await load?.end()
  await service?.stop()
  await influxd?.stop()
  dirs.removeAll()
})

describe('fault: InfluxDB down under load, then back', () => {
  it('acknowledges while InfluxDB is down and stores every acknowledged message once', async () => {
    const report = reportScenario({
      id: 'influx-outage',
      title: 'InfluxDB down under load, then back',
      proves: 'While InfluxDB is killed (SIGKILL) the service keeps acknowledging QoS 1 telemetry into its write-ahead log; once InfluxDB is back every acknowledged message is in InfluxDB exactly once (counted per lift and message).'
    })
    const { codes } = await seedRegistry(service.registry, size.gateways * size.lifts)
    const gateways: LoadGateway[] = []
    for (let g = 0; g < size.gateways; g++) {
      const id = `gw-out-${g}`
      const mine = codes.slice(g * size.lifts, (g + 1) * size.lifts)
      gateways.push({ id, secret: (await provisionGateway(service.gateways, id, mine)).secret, codes: mine })
    }
    const perLift = Math.ceil(size.messages / codes.length)
    const total = perLift * codes.length
    load = await startTelemetryLoad({ port: service.mqttPort!, gateways, t0: Date.now() - 3_600_000, perLift, window: 16 })

    let ackedWhileDown = 0
    let downS = 0
    let spoolPeak = 0
    for (let k = 0; k < size.outages; k++) {
      // Each outage starts and ends while messages are still flowing.
      await load.untilAcked(Math.floor(total * (2 * k + 1) / (2 * size.outages + 1)))
      const downAt = Date.now()
      await influxd.stop('SIGKILL')
      await waitFor('the shipper notices InfluxDB is down', () => service.shipper!.status().up === false)
      const before = load.acked
      await load.untilAcked(Math.min(total, before + Math.floor(total / (4 * size.outages + 2))))
      ackedWhileDown += load.acked - before
      spoolPeak = Math.max(spoolPeak, service.shipper!.status().backlogLines)
      expect(service.shipper!.status().backlogLines).toBeGreaterThan(0)
      await influxd.restart()
      downS += (Date.now() - downAt) / 1000
    }
    await load.settle()
    const drainedAt = Date.now()
    expect(await service.shipper!.drain(120_000)).toBe(true)
    const counts = await countStored(influxd.url, 'outage', load)
    Object.assign(report.figures, counts, {
      outages: size.outages, ackedWhileDown, spoolPeakPoints: spoolPeak, influxDownS: Math.round(downS * 10) / 10,
      drainS: report.elapsedS(drainedAt), pubackP50Ms: load.latency().p50, pubackP99Ms: load.latency().p99
    })

    expect(ackedWhileDown).toBeGreaterThan(0)
    expect(counts.sent).toBe(total)
    expect(counts.acked).toBe(total)
    expect(counts).toMatchObject({ stored: total, lost: 0, duplicated: 0, foreign: 0 })
  })
})
