// The demo city: planned deterministically, seeded once through the stores into PGlite (and PostgreSQL),
// with the counts docs/simulators.md states and gateway secrets that really open the broker's door.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createRegistryStore } from '../registry/store.ts'
import { createGatewayStore } from '../gateways/store.ts'
import { createUserStore } from '../users/store.ts'
import { verifySecret } from '../platform/secrets.ts'
import { planCity, planCityWithin } from '../simulators/city/city-plan.ts'
import { creditCheckChar } from '../simulators/city/codes.ts'
import { seedCity } from '../simulators/city/seed-city.ts'
import { planHistory } from '../simulators/city/history-plan.ts'
import { rescueFigures } from '../rescue/figures.ts'
import { createKpiQueries } from '../inspection/kpi.ts'
import { createRescueStore } from '../rescue/store.ts'
import { recoverFleet } from '../simulators/city/recover-fleet.ts'
import { DEMO_USERS } from '../simulators/city/demo-users.ts'
import { readFleetFile, writeFleetFile, type FleetFile } from '../simulators/credentials.ts'
import { createTestDatabase } from './support/service.ts'
import { planMaintenance } from '../simulators/city/maintenance-plan.ts'
import { SEED_CHECKLISTS } from '../platform/db/migrations/012-maintenance.ts'
import { createMaintenanceStore } from '../maintenance/store.ts'
import { liftDue } from '../maintenance/schedule.ts'

const TODAY = '2026-03-01'
/** The default city, as docs/simulators.md lists it. */
const DOCUMENTED = { districts: 7, firms: 12, useUnits: 185, lifts: 5000, gateways: 1491, publicPlaceLifts: 1200 }

const dirs: string[] = []
const dbs: Db[] = []
afterAll(async () => {
  for (const db of dbs) await db.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function tempDir () {
  const dir = mkdtempSync(join(tmpdir(), 'tianjian-seed-'))
  dirs.push(dir)
  return dir
}
async function freshDb (url: string | null) {
  const db = await openDb({ url, dataDir: join(tempDir(), 'pg') })
  dbs.push(db)
  await migrate(db)
  return db
}

describe('the city plan', () => {
  const plan = planCity({ lifts: 5000, seed: 'xining', today: TODAY })

  it('is the same for the same seed whatever the day, and differs for another seed', () => {
    const again = planCity({ lifts: 5000, seed: 'xining', today: '2030-07-15' })
    expect(again.gateways.map((g) => g.id)).toEqual(plan.gateways.map((g) => g.id))
    expect(again.lifts.map((l) => l.equipmentCode)).toEqual(plan.lifts.map((l) => l.equipmentCode))
    expect(planCity({ lifts: 5000, seed: 'other', today: TODAY }).lifts[0]!.equipmentCode).not.toBe(plan.lifts[0]!.equipmentCode)
  })

  it('has Xining\'s seven districts: 30-minute arrival in the city districts, 60 in the counties', () => {
    expect(plan.districts.map((d) => [d.name, d.arrivalLimitMin])).toEqual([
      ['城东区', 30], ['城中区', 30], ['城西区', 30], ['城北区', 30], ['湟中区', 30], ['大通县', 60], ['湟源县', 60]
    ])
    expect(new Set(plan.lifts.map((l) => l.district)).size).toBe(7)
  })

  it('gives every lift a unique 20-digit equipment code and a unique 6-digit rescue ID', () => {
    expect(plan.lifts.every((l) => /^(3110|3120|3210)\d{16}$/.test(l.equipmentCode))).toBe(true)
    expect(new Set(plan.lifts.map((l) => l.equipmentCode)).size).toBe(5000)
    expect(plan.lifts.every((l) => /^[1-9]\d{5}$/.test(l.rescueId))).toBe(true)
    expect(new Set(plan.lifts.map((l) => l.rescueId)).size).toBe(5000)
  })

  it('flags public gathering places and puts several lifts behind each building gateway', () => {
    const kinds = new Map<string, boolean>(plan.lifts.map((l) => [l.site, l.publicPlace]))
    expect(Object.fromEntries(kinds)).toEqual({ hospital: true, station: true, mall: true, school: true, office: false, housing: false })
    expect(Object.values(plan.sites).every((n) => n > 0)).toBe(true)
    expect(plan.gateways.reduce((n, g) => n + g.lifts.length, 0)).toBe(5000)
    expect(plan.lifts.length / plan.gateways.length).toBeGreaterThan(2)
  })

  it('wires more buildings to a gateway only as far as a gateway budget (descriptors) requires', () => {
    const within = planCityWithin({ lifts: 5000, seed: 'xining', today: TODAY }, plan.gateways.length)
    expect(within.buildingsPerGateway).toBe(1)
    expect(within.gateways.map((g) => g.id)).toEqual(plan.gateways.map((g) => g.id))
    const tight = planCityWithin({ lifts: 5000, seed: 'xining', today: TODAY }, plan.gateways.length - 1)
    expect(tight.buildingsPerGateway).toBe(2)
    expect(tight.gateways.length).toBeLessThan(plan.gateways.length)
    expect(tight.gateways.reduce((n, g) => n + g.lifts.length, 0)).toBe(5000)
  })

  it('spreads inspection dates: some overdue, some due within a month, most fine', () => {
    const inDays = (date: string) => (Date.parse(date) - Date.parse(TODAY)) / 86_400_000
    const next = plan.lifts.map((l) => inDays(l.nextInspectionDate!))
    const overdue = next.filter((d) => d < 0).length / next.length
    const dueSoon = next.filter((d) => d >= 0 && d <= 30).length / next.length
    expect(overdue).toBeGreaterThan(0.02)
    expect(overdue).toBeLessThan(0.1)
    expect(dueSoon).toBeGreaterThan(0.03)
    expect(plan.lifts.every((l) => l.lastInspectionDate! < l.nextInspectionDate!)).toBe(true)
  })

  it('gives use units unique names and credit codes with a valid GB 32100 check character', () => {
    expect(new Set(plan.useUnits.map((u) => u.name)).size).toBe(plan.useUnits.length)
    for (const u of plan.useUnits) {
      expect(u.creditCode).toMatch(/^(91|12)\d{6}[0-9A-Z]{10}$/)
      expect(u.creditCode!.slice(17)).toBe(creditCheckChar(u.creditCode!.slice(0, 17)))
    }
    expect(creditCheckChar('91350100M000100Y4')).toBe('3') // a published example code, 91350100M000100Y43
  })
})

describe('the city\'s past year', () => {
  const plan = planCity({ lifts: 5000, seed: 'xining', today: TODAY })
  const until = Date.parse(`${TODAY}T00:00:00+08:00`)
  const history = planHistory(plan, { seed: 'xining', until, days: 365 })
  const MIN = 60_000

  it('is the same for the same seed, within the year, each case in the order of the workflow', () => {
    expect(planHistory(plan, { seed: 'xining', until, days: 365 })).toEqual(history)
    expect(history.cases.every((c) => c.reportedAt >= until - 365 * 86_400_000 && c.reportedAt < until)).toBe(true)
    for (const c of history.cases) {
      const stamps = [c.reportedAt, c.dispatchedAt, c.acceptedAt, c.arrivedAt, c.releasedAt, c.calledBackAt, c.closedAt].filter((t): t is number => t !== null)
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b))
      expect(c.falseAlarm ? c.arrivedAt : c.releasedAt).toBe(c.falseAlarm ? null : c.releasedAt)
    }
    expect(history.faults.length).toBeGreaterThan(4000)
  })

  it('has the shape centers publish, with firms and districts that differ', () => {
    const real = history.cases.filter((c) => !c.falseAlarm)
    expect(real.length / history.cases.length).toBeGreaterThan(0.8)
    expect(history.cases.some((c) => c.level === 2)).toBe(true)
    const arrivalOf = (cases: typeof real) => cases.reduce((n, c) => n + (c.arrivedAt! - c.reportedAt), 0) / cases.length / MIN
    expect(arrivalOf(real)).toBeGreaterThan(5)
    expect(arrivalOf(real)).toBeLessThan(20)
    const byFirm = plan.firms.map((_, i) => real.filter((c) => c.responderFirm === i)).filter((cases) => cases.length >= 10).map(arrivalOf)
    expect(Math.max(...byFirm) - Math.min(...byFirm)).toBeGreaterThan(3)
    const county = real.filter((c) => plan.districts[plan.lifts[c.lift]!.district]!.arrivalLimitMin === 60)
    expect(arrivalOf(county)).toBeGreaterThan(arrivalOf(real))
  })
})

describe('the city\'s maintenance past', () => {
  const plan = planCity({ lifts: 5000, seed: 'xining', today: TODAY })
  const until = Date.parse(`${TODAY}T00:00:00+08:00`)
  const checklists = { A: SEED_CHECKLISTS[0].items }
  const past = planMaintenance(plan, { seed: 'xining', until, days: 90, checklists })
  const DAY = 86_400_000
  const byLiftOf = <T extends { lift: number }>(rows: T[]) => {
    const out = new Map<number, T[]>()
    for (const r of rows) out.set(r.lift, [...out.get(r.lift) ?? [], r])
    return out
  }

  it('is the same for the same seed: a visit about every 15 days per traction lift in use, numbered in its chain', () => {
    expect(planMaintenance(plan, { seed: 'xining', until, days: 90, checklists })).toEqual(past)
    const maintained = plan.lifts.filter((l) => l.status === 'in_use' && l.kind === 'traction').length
    expect(new Set(past.visits.map((v) => v.lift)).size).toBe(maintained)
    expect(past.visits.length / maintained).toBeGreaterThan(5)
    const byLift = byLiftOf(past.visits)
    for (const visits of byLift.values()) {
      expect(visits.map((v) => v.seq)).toEqual(visits.map((_, i) => i + 1))
      expect(visits[0]!.interval).toBe('annual')
      for (const v of visits) expect(v.startedAt < v.endedAt && v.endedAt < v.submittedAt && v.submittedAt < until && v.startedAt >= until - 90 * DAY).toBe(true)
    }
  })

  it('has some late visits, some the terminal did not see, a few 不合格 items, and firms that differ', () => {
    const byLift = byLiftOf(past.visits)
    const gaps = [...byLift.values()].flatMap((vs) => vs.slice(1).map((v, i) => Math.round((v.startedAt - vs[i]!.startedAt) / DAY)))
    const late = gaps.filter((g) => g > 15).length / gaps.length
    expect(late).toBeGreaterThan(0.02)
    expect(late).toBeLessThan(0.15)
    const unseen = past.visits.filter((v) => !v.verdict.verified)
    expect(unseen.length / past.visits.length).toBeGreaterThan(0.04)
    expect(unseen.length / past.visits.length).toBeLessThan(0.25)
    expect(new Set(unseen.map((v) => v.verdict.reason))).toEqual(new Set(['no_inspection_mode', 'too_short', 'offline']))
    expect(past.followUps.length).toBeGreaterThan(60)
    const open = past.followUps.filter((f) => f.closedBy === null).length
    expect(open).toBeGreaterThan(3)
    expect(open).toBeLessThan(past.followUps.length / 2)
    for (const v of past.visits) {
      expect(v.workers).toHaveLength(2)
      expect(v.workers[0]!.certificateNo).not.toBeNull()
      expect(Object.values(v.results).every((r) => r.result === 'pass' || (r.result === 'fail' && r.note !== undefined))).toBe(true)
    }
    const perFirm = plan.firms.map((_, f) => {
      const vs = past.visits.filter((v) => plan.lifts[v.lift]!.firm === f)
      return vs.filter((v) => v.verdict.verified).length / vs.length
    })
    expect(Math.max(...perFirm) - Math.min(...perFirm)).toBeGreaterThan(0.05)
  })
})

describe('seeding on PGlite', () => {
  it('seeds the documented city once, through the stores, with demo users and working gateway secrets', async () => {
    const db = await freshDb(null)
    const file = join(tempDir(), 'demo-fleet.json')
    // Cylinders are the one part of the default city cut down here: the full 50,000 have a test of their own.
    const result = await seedCity(db, { today: TODAY, cylinders: 2000, saveFleet: (fleet) => writeFleetFile(file, fleet) })
    if (!result.seeded) throw new Error('expected a seed')
    expect(result.counts).toEqual(DOCUMENTED)

    const registry = createRegistryStore(db)
    const districts = await registry.listDistricts()
    expect(districts).toHaveLength(7)
    // Every district has a grid rescue station, so the demo's unanswered dispatches escalate to a second firm.
    const firmIds = new Set((await registry.listFirms()).map((f) => f.id))
    expect(districts.every((d) => d.rescueStationFirmId !== null && firmIds.has(d.rescueStationFirmId))).toBe(true)
    expect(await registry.listFirms()).toHaveLength(12)
    expect((await registry.listFirms()).every((f) => f.phone24h !== null)).toBe(true)
    const page = { limit: 1, offset: 0, sort: 'equipmentCode', order: 'asc' } as const
    expect((await registry.listElevators({}, {}, page)).total).toBe(5000)
    expect((await registry.listElevators({}, { overdue: true }, page)).total).toBeGreaterThan(0)

    // The fleet file is private, complete, and its secrets open the gateways' accounts.
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const fleet = await readFleetFile(file)
    expect(fleet.gateways).toHaveLength(DOCUMENTED.gateways)
    const gateways = createGatewayStore(db)
    for (const gw of [fleet.gateways[0]!, fleet.gateways.at(-1)!]) {
      const stored = await gateways.credentials(gw.id)
      expect(await verifySecret(gw.secret, stored!.secretHash)).toBe(true)
      expect((await gateways.credentials(gw.id))!.equipment.map((e) => `${e.kind}/${e.code}`).sort()).toEqual(gw.lifts.map((l) => `elevator/${l.equipmentCode}`).sort())
    }

    const users = await createUserStore(db).list()
    expect(users.map((u) => u.role).sort()).toEqual(['admin', 'dispatcher', 'filling_unit', 'inspector', 'maintainer', 'use_unit'])
    expect(users.find((u) => u.role === 'filling_unit')!.fillingUnitId).not.toBeNull()
    // Issue #13: filling units with their stations, cylinders with their timelines and a year of fills.
    expect(result.cylinders).toMatchObject({ units: 5, stations: 12, cylinders: 2000 })
    const [cyl] = await db.query<{ cylinders: number, events: number, fills: number, statuses: string[] }>(`select
      (select count(*) from cylinders)::int as cylinders, (select count(*) from cylinder_events)::int as events,
      (select count(*) from cylinder_events where kind = 'filled')::int as fills, (select array_agg(distinct status order by status) from cylinders) as statuses`)
    expect(cyl).toMatchObject({ cylinders: 2000, events: result.cylinders.events })
    expect(cyl!.fills).toBeGreaterThan(2000 * 4)
    expect(cyl!.statuses).toEqual(['in_use', 'inspection_overdue', 'scrapped'].concat(cyl!.statuses.includes('failed') ? ['failed'] : []).sort())
    expect(users.find((u) => u.role === 'maintainer')!.maintenanceFirmId).not.toBeNull()
    expect(users.find((u) => u.role === 'use_unit')!.useUnitId).not.toBeNull()
    for (const demo of DEMO_USERS) expect(await createUserStore(db).verifyLogin(demo.username, demo.password)).toMatchObject({ role: demo.role })

    // Issue #10 part 5: a year of past rescues and faults, so figures and trends have shape at once.
    expect(result.history.cases).toBeGreaterThan(250)
    const [counts] = await db.query<{ cases: number, open: number, events: number, alerts: number, linked: number }>(`select
      (select count(*) from rescue_cases)::int as cases, (select count(*) from rescue_cases where status not in ('closed', 'false_alarm'))::int as open,
      (select count(*) from rescue_events)::int as events, (select count(*) from alerts)::int as alerts,
      (select count(*) from rescue_cases where alert_id is not null)::int as linked`)
    expect(counts).toMatchObject({ cases: result.history.cases, open: 0, alerts: result.history.alerts })
    expect(counts!.events).toBeGreaterThan(5 * counts!.cases)
    expect(counts!.linked).toBeGreaterThan(counts!.cases / 2)
    const year = await createRescueStore(db).facts(new Date(Date.parse(`${TODAY}T00:00:00+08:00`) - 365 * 86_400_000), new Date(`${TODAY}T00:00:00+08:00`))
    expect(year).toHaveLength(result.history.cases)
    const figures = rescueFigures(year.map((f) => ({ ...f, reportedAt: f.reportedAt.getTime(), dispatchedAt: f.dispatchedAt?.getTime() ?? null, arrivedAt: f.arrivedAt?.getTime() ?? null, releasedAt: f.releasedAt?.getTime() ?? null })),
      { liftsInUse: 5000, months: 12, now: Date.now() })
    expect(figures.arrivalMeanMin).toBeGreaterThan(8)
    expect(figures.arrivalMeanMin).toBeLessThan(22)
    expect(figures.withinLimitShare).toBeGreaterThan(0.85)

    // Issue #11 part 9: years of inspection records (most on time, some late, a few failed and re-inspected),
    // the latest one each lift's registered dates; incidents of five years; 定检率 near the city's 95%.
    expect(result.history.inspections).toBeGreaterThan(5 * 5000)
    expect(result.history.incidents).toBeGreaterThan(5)
    const [records] = await db.query<{ fails: number, retests: number, demo: number }>(`select count(*) filter (where result = 'fail')::int as fails,
      count(*) filter (where result = 'pass_after_retest')::int as retests, count(*) filter (where source = 'demo')::int as demo from inspection_records`)
    expect(records!.demo).toBe(result.history.inspections)
    expect(records!.retests).toBeGreaterThan(100)
    expect(records!.fails).toBeGreaterThan(records!.retests)
    const planned = new Map(result.plan.lifts.map((l) => [l.equipmentCode, l]))
    const sample = (await registry.listElevators({}, {}, { limit: 200, offset: 0, sort: 'equipmentCode', order: 'asc' })).items
    expect(sample.filter((e) => e.nextInspectionDate === planned.get(e.equipmentCode)!.nextInspectionDate).length).toBeGreaterThan(195)
    const rates = await createKpiQueries(db).rates({}, [TODAY], 'Asia/Shanghai', 30)
    const inUse = rates.reduce((n, r) => n + r.inUse, 0)
    const rate = 1 - rates.reduce((n, r) => n + r.overdue, 0) / inUse
    expect(rate).toBeGreaterThan(0.9)
    expect(rate).toBeLessThan(0.99)

    // Issue #11 parts 6 and 7: a quarter's spot-check plan checked, this month's under way, and hidden dangers open.
    expect(result.history.spotCheckPlans).toBe(2)
    expect(result.history.dangers).toBeGreaterThan(2)
    const [supervision] = await db.query<{ plans: number, checked: number, open: number, overdue: number }>(`select
      (select count(*) from spot_check_plans)::int as plans, (select count(*) from spot_check_items where result is not null)::int as checked,
      (select count(*) from hidden_dangers where status = 'open')::int as open,
      (select count(*) from hidden_dangers where status = 'open' and deadline < $1::date)::int as overdue`, [TODAY])
    expect(supervision).toMatchObject({ plans: 2, open: result.history.dangers })
    expect(supervision!.checked).toBeGreaterThan(30)
    expect(supervision!.overdue).toBeGreaterThan(0)

    // Issue #12 part 7: months of maintenance, hashed as the store hashes, so every chain verifies.
    expect(result.history.maintenanceRecords).toBeGreaterThan(5 * 4000)
    const maintenance = createMaintenanceStore(db)
    const chains = await maintenance.verifyChains({}, {})
    expect(chains).toMatchObject({ valid: true, broken: 0 })
    expect(chains.lifts).toBeGreaterThan(4000)
    const [m] = await db.query<{ records: number, unverified: number, open: number, heads: number }>(`select
      (select count(*) from maintenance_records where source = 'demo' and status = 'submitted')::int as records,
      (select count(*) from maintenance_verifications where not verified)::int as unverified,
      (select count(*) from maintenance_followups where closed_by_record is null)::int as open,
      (select count(*) from maintenance_chain_heads)::int as heads`)
    expect(m).toMatchObject({ records: result.history.maintenanceRecords, heads: chains.lifts })
    expect(m!.unverified).toBeGreaterThan(0.04 * m!.records)
    expect(m!.open).toBeGreaterThan(3)
    const due = await maintenance.due({}, TODAY, 'Asia/Shanghai', 3)
    const maintained = due.filter((d) => d.due.status !== 'no_record')
    const overdue = maintained.filter((d) => d.due.status === 'overdue').length / maintained.length
    expect(overdue).toBeGreaterThan(0.005)
    expect(overdue).toBeLessThan(0.1)
    expect(liftDue({ half_monthly: TODAY }, TODAY, 3).status).toBe('ok')
    const firms = await maintenance.firmFigures('2025-12-01', TODAY, 'Asia/Shanghai', null)
    expect(firms.every((f) => f.records > 0 && f.verified < f.checked && f.onTime < f.records && f.workers > 1)).toBe(true)

    expect(await seedCity(db, { today: TODAY })).toEqual({ seeded: false, lifts: 5000 })
  }, 240_000) // 5,000 lifts, 1,491 scrypt hashes and a year of history on embedded PGlite

  it('keeps an existing admin and gives the demo gateways new secrets when the fleet file is lost', async () => {
    const db = await freshDb(null)
    await createUserStore(db).create({ username: 'admin', displayName: null, password: 'someone-elses-password', role: 'admin', maintenanceFirmId: null, useUnitId: null })
    const result = await seedCity(db, { lifts: 60, today: TODAY, cylinders: 0 })
    if (!result.seeded) throw new Error('expected a seed')
    expect(result.users).not.toContain('admin')
    const recovered = (await recoverFleet(db)) as FleetFile
    expect(recovered.gateways.map((g) => g.id).sort()).toEqual(result.fleet.gateways.map((g) => g.id).sort())
    const stored = await createGatewayStore(db).credentials(recovered.gateways[0]!.id)
    expect(await verifySecret(recovered.gateways[0]!.secret, stored!.secretHash)).toBe(true)
    expect(await verifySecret(result.fleet.gateways[0]!.secret, stored!.secretHash)).toBe(false)
  })
})

describe('seeding on PostgreSQL', () => {
  it('runs the same batch statements on a PostgreSQL server', async () => {
    const db = await freshDb(await createTestDatabase())
    const result = await seedCity(db, { lifts: 500, today: TODAY, cylinders: 1000 })
    if (!result.seeded) throw new Error('expected a seed')
    // The fills, expanded from each cylinder's cadence in SQL, on PostgreSQL too.
    const [fills] = await db.query<{ n: number }>(`select count(*)::int as n from cylinder_events where kind = 'filled'`)
    expect(fills!.n).toBeGreaterThan(1000 * 4)
    const [row] = await db.query<{ lifts: number, assigned: number }>(
      'select (select count(*) from elevators) as lifts, (select count(*) from gateway_equipment) as assigned')
    expect(row).toEqual({ lifts: 500, assigned: 500 })
    // The demo's maintenance chains, hashed in JavaScript, verify against what PostgreSQL reads back.
    const chains = await createMaintenanceStore(db).verifyChains({}, {})
    expect(chains.lifts).toBeGreaterThan(400)
    expect(chains).toMatchObject({ valid: true, broken: 0 })
  })
})
