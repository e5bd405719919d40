// Issue #9 item 8 (the spool bounded by a configurable size — when full, stop acknowledging and
// alert, never drop silently): with InfluxDB away and a small spool limit, QoS 1 publishes stop being
// acknowledged once the spool is full, /metrics and /api/health say so, and once InfluxDB is back every
// acknowledged message is stored and the held ones are acknowledged. The setting is
// SPOOL_MAX_MB (ingest/spool.ts); the health details are for administrators (app/health-routes.ts), so the
// test signs in as one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startInfluxd, type ManagedInfluxd } from '../../platform/influx/influxd.ts'
import { ADMIN_PASSWORD, createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { metricSum, parseMetrics } from './support/metrics.ts'
import { apiClient } from './support/api.ts'
import { startTelemetryLoad, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { tempDirs, waitFor } from './support/wait.ts'
import { reportScenario } from './support/report.ts'
import { LOAD_BUDGET } from './support/load-budget.ts'

const dirs = tempDirs()
let influxd: ManagedInfluxd
let service: TestService
let load: TelemetryLoad | null = null

beforeAll(async () => {
  influxd = await startInfluxd({ dir: dirs.make('spool-influx') })
  service = await startTestService({ INFLUX_URL: influxd.url, INFLUX_DB: 'spool', DATABASE_URL: await createTestDatabase(), SPOOL_MAX_MB: '1', WAL_SEGMENT_MB: '1', ...LOAD_BUDGET })
})
afterAll(async () => {
  await load?.end()
  await service?.stop()
  await influxd?.stop()
  dirs.removeAll()
})

describe('the spool is bounded', () => {
  it('stops acknowledging when the spool is full, says so, and drops nothing', async () => {
    const report = reportScenario({
      id: 'spool-limit',
      title: 'InfluxDB down until the spool is full (SPOOL_MAX_MB=1), then back',
      proves: 'With InfluxDB killed, the write-ahead log grows only to SPOOL_MAX_MB: then PUBACKs wait (metric, admin health and log say the spool is full) instead of anything being dropped; once InfluxDB is back the held messages are written and acknowledged and every acknowledged message is in InfluxDB exactly once.'
    })
    const { codes } = await seedRegistry(service.registry, 1)
    const { secret } = await provisionGateway(service.gateways, 'gw-spool', codes)
    load = await startTelemetryLoad({ port: service.mqttPort!, gateways: [{ id: 'gw-spool', secret, codes }], t0: Date.now() - 3_600_000, window: 8, reconnectPeriodMs: 50 })
    const api = apiClient(service.httpUrl)
    const token = await api.login('admin', ADMIN_PASSWORD)
    await load.untilAcked(200)
    await influxd.stop('SIGKILL')
    // About 250 bytes a message: 1 MB holds some thousands; then acknowledgements stop.
    let health: { status: string, influx: { spoolBytes: number, spoolFull: boolean, code: string } } | null = null
    await waitFor('the spool full and publishes held', async () => {
      health = (await api.call('GET', '/api/health', { token })).json
      return health!.influx.spoolBytes >= 1024 * 1024 && health!.influx.spoolFull && load!.sent - load!.acked > 0
    }, 120_000)
    expect(health!).toMatchObject({ status: 'degraded', influx: { code: 'health.influx_spool_full' } })
    const heldAt = load.acked
    const fullAt = Date.now()
    const metrics = parseMetrics(await (await fetch(`${service.httpUrl}/metrics`)).text())
    expect(metrics.some((s) => /spool/.test(s.name) && /full|limit|refused|rejected/.test(s.name) && s.value > 0), 'a metric says the spool is full').toBe(true)
    expect(metricSum(metrics, 'tianjian_spool_full')).toBe(1)
    expect(metricSum(metrics, 'tianjian_spool_full_held_total')).toBeGreaterThan(0)
    expect(service.shipper!.status().spoolBytes).toBeLessThanOrEqual(1.1 * 1024 * 1024)
    // Held: once what was already being written is acknowledged, nothing more is while InfluxDB stays away.
    await new Promise((resolve) => setTimeout(resolve, 500))
    const stalled = load.acked
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(load.acked).toBe(stalled)
    const spoolBytes = service.shipper!.status().spoolBytes

    await influxd.restart()
    await load.settle(180_000)
    expect(load.acked).toBeGreaterThan(heldAt)
    expect(await service.shipper!.drain(120_000)).toBe(true)
    const counts = await countStored(influxd.url, 'spool', load)
    Object.assign(report.figures, { ackedWhenFull: heldAt, ackedWhileFull: stalled - heldAt, spoolBytesWhenFull: spoolBytes, heldS: report.elapsedS(fullAt) }, counts)
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, foreign: 0 })
    expect(metricSum(parseMetrics(await (await fetch(`${service.httpUrl}/metrics`)).text()), 'tianjian_spool_full')).toBe(0)
  })
})
