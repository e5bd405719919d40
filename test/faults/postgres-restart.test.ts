// Fault 3: the PostgreSQL server (DATABASE_URL) stopped under load and started again, politely ('fast') or
// as a crash ('immediate'), while gateways publish and people use the API. Telemetry needs no database
// round trip, so it keeps being acknowledged; the API says 503 with Retry-After while the database is
// away and serves again when it is back, without a restart of the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { startTestService, ADMIN_PASSWORD, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { startPostgresServer, type PostgresServer } from './support/postgres-server.ts'
import { apiClient } from './support/api.ts'
import { startTelemetryLoad, type LoadGateway, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { waitFor } from './support/wait.ts'
import { LOAD_BUDGET } from './support/load-budget.ts'

const size = sized({
  short: { gateways: 2, restarts: ['immediate'] as const },
  full: { gateways: 4, restarts: ['fast', 'immediate', 'fast'] as const },
  long: { gateways: 8, restarts: ['fast', 'immediate', 'fast', 'immediate', 'fast', 'immediate', 'fast', 'immediate', 'fast', 'immediate'] as const }
})
const database = `pgrestart_${randomBytes(4).toString('hex')}`
let postgres: PostgresServer
let service: TestService
let load: TelemetryLoad | null = null
const lateLoads: TelemetryLoad[] = []

beforeAll(async () => {
  postgres = await startPostgresServer()
  service = await startTestService({ DATABASE_URL: postgres.url, INFLUX_DB: database, ...LOAD_BUDGET })
})
afterAll(async () => {
  // Gateways first: the service's shutdown waits for their connections (see pending-shutdown.test.ts).
  for (const l of [load, ...lateLoads]) await l?.end()
  await service?.stop()
  postgres?.destroy()
})

describe('fault: PostgreSQL server restarted under load', () => {
  it('keeps acknowledging telemetry, answers 503 with Retry-After meanwhile, and recovers by itself', async () => {
    const report = reportScenario({
      id: 'postgres-restart',
      title: 'PostgreSQL server restarted under load',
      proves: 'With the registry on a PostgreSQL server that stops (politely or as a crash) and comes back, gateways keep being acknowledged and everything acknowledged is stored; the API answers 503 `http.database_unavailable` with a Retry-After header while the database is away (never a bare 500), and answers normally again once it is back, without a restart of the service.'
    })
    const { codes } = await seedRegistry(service.registry, size.gateways + 1)
    const gateways: LoadGateway[] = []
    for (let g = 0; g < size.gateways; g++) {
      const id = `gw-pg-${g}`
      gateways.push({ id, secret: (await provisionGateway(service.gateways, id, [codes[g]!])).secret, codes: [codes[g]!] })
    }
    // One more gateway connects for the first time while the database is away.
    const late: LoadGateway = { id: 'gw-pg-late', secret: (await provisionGateway(service.gateways, 'gw-pg-late', [codes[size.gateways]!])).secret, codes: [codes[size.gateways]!] }
    await service.sessions!.reload()
    const api = apiClient(service.httpUrl)
    const token = await api.login('admin', ADMIN_PASSWORD)
    expect((await api.call('GET', '/api/elevators', { token })).status).toBe(200)

    const t0 = Date.now() - 3_600_000
    load = await startTelemetryLoad({ port: service.mqttPort!, gateways, t0, window: 8 })
    const answersWhileDown = new Map<string, number>()
    let ackedWhileDown = 0
    let downS = 0
    let recoverS = 0
    for (const [k, mode] of size.restarts.entries()) {
      await load.untilAcked(load.acked + 200)
      const downAt = Date.now()
      await postgres.stop(mode)
      const before = load.acked
      await load.untilAcked(before + 300)
      ackedWhileDown += load.acked - before
      if (k === 0) lateLoads.push(await startTelemetryLoad({ port: service.mqttPort!, gateways: [late], t0, window: 4, perLift: 100 }))

      for (const [method, path, body] of [['GET', '/api/elevators'], ['GET', '/api/alerts'], ['GET', '/api/auth/me'], ['POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }]] as const) {
        const answer = await api.call(method, path, { token, body })
        answersWhileDown.set(String(answer.status), (answersWhileDown.get(String(answer.status)) ?? 0) + 1)
        expect(answer.status, `${method} ${path} while the database is down: ${answer.text}`).toBe(503)
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(answer.json).toMatchObject({ statusCode: 503, code: 'http.database_unavailable' })
      }
      expect((await api.call('GET', '/api/health')).status).toBe(503)

      await postgres.start()
      downS += (Date.now() - downAt) / 1000
      const upAt = Date.now()
      await waitFor('the API answers again', async () => (await api.call('GET', '/api/elevators', { token })).status === 200)
      recoverS += (Date.now() - upAt) / 1000
    }
    // Writes work again too: the same service, no restart.
    expect((await api.call('POST', '/api/districts', { token, body: { code: 'PGX', name: '重启后', arrivalLimitMin: 30 } })).status).toBe(201)
    expect((await api.call('GET', '/api/health')).status).toBe(200)

    load.stop()
    await load.settle()
    for (const l of lateLoads) await l.settle()
    expect(await service.shipper!.drain(120_000)).toBe(true)
    const counts = await countStored(service.influx.url, database, load)
    const late0 = await countStored(service.influx.url, database, lateLoads[0]!)
    Object.assign(report.figures, counts, {
      restarts: size.restarts.join(', '), ackedWhileDown, lateGatewayAckedWhileDown: late0.acked,
      apiAnswersWhileDown: [...answersWhileDown].map(([s, n]) => `${n} × ${s}`).join(', '),
      databaseDownS: Math.round(downS * 10) / 10, apiRecoveredAfterS: Math.round(recoverS * 10) / 10
    })

    expect(ackedWhileDown).toBeGreaterThan(0)
    expect(counts.acked).toBe(counts.sent)
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, foreign: 0 })
    expect(counts.stored).toBe(counts.acked)
    expect(late0).toMatchObject({ sent: 100, acked: 100, stored: 100, lost: 0 })
  })
})
