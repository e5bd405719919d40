// The demo's cylinder simulator against a real service: its gateways prepared from whatever cylinders the
// registry holds, stations that check and fill (refused codes, forced fills), installations whose leaks
// raise alarms; and the plans it draws from, seeded.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from './support/service.ts'
import { until } from './support/mqtt.ts'
import { announceChanges, checkFieldsOf } from '../cylinders/store.ts'
import { prepareCylinderFleet } from '../simulators/cylinders/prepare-cylinders.ts'
import { readCylinderFleetFile } from '../simulators/cylinders/cylinder-fleet-file.ts'
import { createCylinderSim } from '../simulators/cylinders/cylinder-sim.ts'
import { decide, fillMass, nextVisit } from '../simulators/cylinders/station-plan.ts'
import { calmBottle, nextReading, startLeak, type BottleState } from '../simulators/cylinders/installation-plan.ts'
import { createRng } from '../platform/prng.ts'
import { leakLevelOf, DEFAULT_LEAK_THRESHOLDS } from '../cylinders/leak-rules.ts'

let service: TestService
const dir = mkdtempSync(join(tmpdir(), 'tianjian-cylsim-'))
const silent = { info () {} }

beforeAll(async () => {
  service = await startTestService({ MQTT_GATEWAY_MAX_CONNECTIONS: '100' })
})
afterAll(async () => {
  await service?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('the station and installation plans', () => {
  const pool = [{ code: 'A-0001', medium: 'LPG', capacityKg: 14.5 }, { code: 'A-0002', medium: 'LPG', capacityKg: null }]

  it('brings mostly the unit\'s cylinders, sometimes an unknown code, and fills a refused one only sometimes', () => {
    const rng = createRng('plan')
    const visits = Array.from({ length: 1000 }, () => nextVisit(rng, pool, 'ST-1', { unregisteredChance: 0.05, forcedFillChance: 0.1 }))
    const unknown = visits.filter((v) => v.cylinder === null)
    expect(unknown.length).toBeGreaterThan(20)
    expect(unknown.length).toBeLessThan(100)
    expect(unknown.every((v) => v.code.startsWith('UNREG-ST-1-'))).toBe(true)
    const decisions = Array.from({ length: 1000 }, () => decide(rng, false, { unregisteredChance: 0, forcedFillChance: 0.1 }))
    expect(decisions.filter((d) => d === 'force').length).toBeGreaterThan(50)
    expect(decisions.filter((d) => d === 'force').length).toBeLessThan(150)
    expect(decide(rng, true, { unregisteredChance: 0, forcedFillChance: 1 })).toBe('fill')
    const withOverdue = [...pool, { code: 'A-0003', medium: 'LPG', capacityKg: 14.5, overdue: true }]
    const overdueVisits = Array.from({ length: 1000 }, () => nextVisit(rng, withOverdue, 'ST-1', { unregisteredChance: 0, forcedFillChance: 0, overdueChance: 0.3 }))
    // 30 % asked for, plus a third of the rest drawn from the whole list.
    expect(overdueVisits.filter((v) => v.code === 'A-0003').length).toBeGreaterThan(450)
    for (let i = 0; i < 100; i++) {
      const m = fillMass(rng, pool[0]!)
      expect(m).toBeGreaterThanOrEqual(13)
      expect(m).toBeLessThanOrEqual(14.5)
    }
  })

  it('lets a leak rise past its level, hold, and air out', () => {
    const rng = createRng('leak')
    let state: BottleState = { ...calmBottle(rng), leak: { ...startLeak(rng), peakLel: 60 } }
    const levels: number[] = []
    for (let i = 0; i < 25; i++) {
      const next = nextReading(rng, state, 2.1)
      state = next.state
      levels.push(leakLevelOf(next.reading.leakLEL, DEFAULT_LEAK_THRESHOLDS))
      expect(next.reading.pressureMPa).toBeLessThan(2.1)
    }
    expect(levels).toContain(2)
    expect(levels.at(-1)).toBe(0)
    expect(state.leak).toBeNull()
  })
})

describe('the simulator against the service', () => {
  it('runs without cylinders in the registry: nothing to prepare', async () => {
    expect(await prepareCylinderFleet(service.db, service.gateways, join(dir, 'none.json'), silent)).toBeNull()
  })

  it('prepares gateways from the registry, checks and fills, and raises a leak alarm', async () => {
    const db = service.db
    const [d] = await db.query<{ id: number }>(`insert into districts (code, name, arrival_limit_min) values ('SIM', '湟中区', 30) returning id`)
    const [u] = await db.query<{ id: number }>(`insert into filling_units (name, license_no, district_id) values ('湟中液化气站', 'TS-S', $1) returning id`, [d!.id])
    await db.query(`insert into filling_stations (code, filling_unit_id, name) values ('SIM-ST-1', $1, '一号枪'), ('SIM-ST-2', $1, '二号枪')`, [u!.id])
    // 60 cylinders: every fifth overdue, one scrapped.
    await db.query(`insert into cylinders (code, filling_unit_id, manufacturer, serial, volume_l, medium, nominal_pressure_mpa, manufactured_on, next_inspection_due, end_of_life, status, scrapped_on, capacity_kg)
      select 'SIM' || lpad(i::text, 5, '0'), $1, '厂', 's' || i, 35.5, 'LPG', 2.1, date '2022-01-01',
        case when i % 5 = 0 then date '2024-01-01' else date '2030-01-01' end, date '2034-01-01',
        case when i = 7 then 'scrapped' else 'in_use' end, case when i = 7 then date '2025-01-01' end, 14.5
      from generate_series(1, 60) i`, [u!.id])
    announceChanges(service.bus, await checkFieldsOf(db, Array.from({ length: 59 }, (_v, i) => `SIM${String(i + 1).padStart(5, '0')}`)))
    // The demo's seeding writes straight into the tables, unannounced: the view reads them again.
    expect(service.cylinderView.facts('SIM00060')).toBeUndefined()
    expect(service.cylinderView.unitOfStation('SIM-ST-2')).toBeNull()
    await service.reloadCylinderView()
    expect(service.cylinderView.facts('SIM00060')).toMatchObject({ medium: 'LPG', fillingUnitId: u!.id, nextInspectionDue: '2024-01-01' })
    expect(service.cylinderView.unitOfStation('SIM-ST-2')).toBe(u!.id)

    const file = join(dir, 'cylinders.json')
    const prepared = (await prepareCylinderFleet(db, service.gateways, file, silent))!
    expect(prepared.stations.map((s) => s.stationCode)).toEqual(['SIM-ST-1', 'SIM-ST-2'])
    expect(prepared.installations.length).toBeGreaterThan(0)
    // The overdue ones are marked, so that stations bring them now and then.
    expect(prepared.stations[0]!.cylinders.filter((c) => c.overdue === true).map((c) => Number(c.code.slice(3)) % 5)).toEqual(expect.arrayContaining([0]))
    expect(prepared.stations[0]!.cylinders.every((c) => (c.overdue === true) === (Number(c.code.slice(3)) % 5 === 0))).toBe(true)
    // Prepared again (the demo's next start): the same gateways, new secrets that work.
    await prepareCylinderFleet(db, service.gateways, file, silent)
    const fleet = await readCylinderFleetFile(file)
    await service.sessions!.reload()

    const sim = createCylinderSim(fleet.stations, fleet.installations.slice(0, 1), {
      brokerUrl: `mqtt://127.0.0.1:${service.mqttPort}`,
      fillsPerMinute: 300,
      behaviour: { unregisteredChance: 0.1, forcedFillChance: 1 },
      readEveryMs: 100,
      leaksPerHour: 0,
      firstLeakMs: 0,
      rng: createRng('sim'),
      log: () => {}
    })
    sim.start()
    try {
      await until(() => { const s = sim.stats(); return s.forced >= 2 && s.allowed >= 2 && s.refused.unregistered !== undefined && s.refused.inspection_overdue !== undefined }, 30_000)
      const leak = await until(async () => (await service.alerts.list({}, { type: 'cylinder_leak' }, { limit: 5, offset: 0 })).items[0], 30_000)
      expect(leak.subjectKind).toBe('cylinder')
      const forced = (await service.alerts.list({}, { type: 'non_compliant_filling' }, { limit: 5, offset: 0 })).items
      expect(forced.length).toBeGreaterThan(0)
    } finally {
      await sim.stop()
    }
    expect(sim.stats().checks).toBe(sim.stats().replies)
  })
})
