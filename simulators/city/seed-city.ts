// Seeds the demo city into the registry, once: districts, firms and use units through the registry store,
// lifts and gateways in batches, demo users through the user store. Everything but the users goes in one
// transaction, and the fleet file with the gateway secrets is saved inside it: a seed that fails half-way
// leaves an empty registry to seed again, never lifts whose gateways nobody can sign in as.
import type { Db } from '../../platform/db/db.ts'
import { createRegistryStore } from '../../registry/store.ts'
import { createUserStore } from '../../users/store.ts'
import { generateSecret, hashSecret, GATEWAY_SECRET_COST } from '../../platform/secrets.ts'
import type { FleetFile } from '../credentials.ts'
import { planCity, planCityWithin, type CityPlan } from './city-plan.ts'
import { insertElevators, insertGateways } from './bulk-insert.ts'
import { ensureDemoUsers } from './demo-users.ts'
import { planHistory } from './history-plan.ts'
import { insertHistory } from './history-insert.ts'
import { planInspections } from './inspection-plan.ts'
import { insertInspections } from './inspection-insert.ts'
import { seedSupervision } from './supervision-seed.ts'
import { planMaintenance } from './maintenance-plan.ts'
import { insertMaintenance } from './maintenance-insert.ts'
import type { ChecklistItem } from '../../maintenance/checklists.ts'
import { planCylinders } from './cylinder-plan.ts'
import { insertCylinders } from './cylinder-insert.ts'

export interface SeedOptions {
  /** Lifts in the city (default 5,000). */
  lifts?: number
  /** Seed of the city's random parts (default "xining"): the same seed plans the same city. */
  seed?: string
  /** Inspection dates are spread around this day, YYYY-MM-DD (default: today). */
  today?: string
  /** Keeps the fleet file (gateway secrets); called before the seed commits. */
  saveFleet?: (fleet: FleetFile) => Promise<void>
  /** Days of past rescue cases, alerts and faults before `today` (default 365; 0: none). */
  historyDays?: number
  /** Days of maintenance records before `today`, a visit about every 15 days per lift (default 90; 0: none). */
  maintenanceDays?: number
  /** Buildings of one place behind one gateway (default 1): see CityPlanOptions. */
  buildingsPerGateway?: number
  /** Without buildingsPerGateway: the fewest buildings per gateway that keep the gateways within this many. */
  maxGateways?: number
  /** Gas cylinders across the demo's filling units, with a year of fills (default 50,000; 0: none). */
  cylinders?: number
}

export interface SeedCounts { districts: number, firms: number, useUnits: number, lifts: number, gateways: number, publicPlaceLifts: number }

export type SeedResult =
  | { seeded: false, lifts: number }
  | { seeded: true, counts: SeedCounts, fleet: FleetFile, users: string[], plan: CityPlan, history: { days: number, cases: number, alerts: number, inspections: number, incidents: number, maintenanceRecords: number, followUps: number, spotCheckPlans: number, dangers: number }, cylinders: { units: number, stations: number, cylinders: number, events: number } }

export const DEFAULT_CITY = { lifts: 5000, seed: 'xining', cylinders: 50_000 } as const

function localDate (d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export async function countLifts (db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*) as n from elevators')
  return row?.n ?? 0
}

export async function seedCity (db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const existing = await countLifts(db)
  if (existing > 0) return { seeded: false, lifts: existing }

  const today = options.today ?? localDate()
  const city = { lifts: options.lifts ?? DEFAULT_CITY.lifts, seed: options.seed ?? DEFAULT_CITY.seed, today }
  const plan = options.buildingsPerGateway === undefined && options.maxGateways !== undefined
    ? planCityWithin(city, options.maxGateways)
    : planCity({ ...city, buildingsPerGateway: options.buildingsPerGateway })
  const historyDays = options.historyDays ?? 365
  // The past ends where the demo city's today begins (Xining keeps Beijing time).
  const until = Date.parse(`${today}T00:00:00+08:00`)
  const past = planHistory(plan, { seed: options.seed ?? DEFAULT_CITY.seed, until, days: historyDays })
  const inspections = planInspections(plan, { seed: options.seed ?? DEFAULT_CITY.seed, today })
  const cylinderPlan = planCylinders({ seed: options.seed ?? DEFAULT_CITY.seed, today, cylinders: options.cylinders ?? DEFAULT_CITY.cylinders })
  // Hashing (scrypt) happens before the transaction: CPU work must not hold the database.
  const secrets = plan.gateways.map(() => generateSecret())
  const hashes = await Promise.all(secrets.map((secret) => hashSecret(secret, GATEWAY_SECRET_COST)))
  const fleet: FleetFile = {
    version: 1,
    gateways: plan.gateways.map((g, i) => ({
      id: g.id,
      secret: secrets[i]!,
      fw: g.fw,
      lifts: g.lifts.map((index) => {
        const lift = plan.lifts[index]!
        return { equipmentCode: lift.equipmentCode, lowest: lift.lowest, landings: lift.floors!, speed: lift.speed, traffic: lift.traffic }
      })
    }))
  }

  const scope = await db.transaction(async (tx) => {
    const registry = createRegistryStore(tx)
    const firmIds = new Map((await registry.listFirms()).map((f) => [f.name, f.id]))
    for (const f of plan.firms) if (!firmIds.has(f.name)) firmIds.set(f.name, (await registry.createFirm(f)).id)
    const districtIds = new Map((await registry.listDistricts()).map((d) => [d.code, d.id]))
    for (const { rescueStationFirm, ...d } of plan.districts) {
      if (districtIds.has(d.code)) continue
      districtIds.set(d.code, (await registry.createDistrict({ ...d, rescueStationFirmId: firmIds.get(plan.firms[rescueStationFirm]!.name)! })).id)
    }
    const unitIds = new Map((await registry.listUseUnits()).map((u) => [u.name, u.id]))
    for (const u of plan.useUnits) if (!unitIds.has(u.name)) unitIds.set(u.name, (await registry.createUseUnit(u)).id)
    const unitId = (index: number) => unitIds.get(plan.useUnits[index]!.name)!

    const liftIds = await insertElevators(tx, plan.lifts.map(({ district, useUnit, firm, site: _site, lowest: _l, speed: _s, traffic: _t, ...lift }) => ({
      ...lift,
      districtId: districtIds.get(plan.districts[district]!.code)!,
      useUnitId: unitId(useUnit),
      maintenanceFirmId: firmIds.get(plan.firms[firm]!.name)!
    })))
    await insertGateways(tx, plan.gateways.map((g, i) => ({
      id: g.id, name: g.name, useUnitId: unitId(g.useUnit), secretHash: hashes[i]!,
      equipmentCodes: g.lifts.map((index) => plan.lifts[index]!.equipmentCode)
    })))
    const written = await insertHistory(tx, past, {
      lift: (i) => liftIds.get(plan.lifts[i]!.equipmentCode)!,
      firm: (i) => firmIds.get(plan.firms[i]!.name)!,
      contractedFirm: (i) => plan.lifts[i]!.firm,
      arrivalLimitMin: (i) => plan.districts[plan.lifts[i]!.district]!.arrivalLimitMin
    })
    const inspected = await insertInspections(tx, inspections, (i) => liftIds.get(plan.lifts[i]!.equipmentCode)!)
    // The migrations' checklist of annex A: a fresh registry has no other version yet.
    const [annexA] = await tx.query<{ id: number, items: ChecklistItem[] }>('select id, items from maintenance_checklists where annex = \'A\' order by version desc limit 1')
    const maintained = annexA === undefined
      ? { records: 0, followUps: 0 }
      : await insertMaintenance(tx, planMaintenance(plan, { seed: options.seed ?? DEFAULT_CITY.seed, until, days: options.maintenanceDays ?? 90, checklists: { A: annexA.items } }), {
        id: (i) => liftIds.get(plan.lifts[i]!.equipmentCode)!,
        code: (i) => plan.lifts[i]!.equipmentCode,
        firmId: (i) => firmIds.get(plan.firms[plan.lifts[i]!.firm]!.name)!
      }, annexA.id)
    const cylinders = cylinderPlan.cylinders.length === 0
      ? { units: [], stations: 0, cylinders: 0, events: 0, firstUnitId: null }
      : await insertCylinders(tx, cylinderPlan, { districtId: (code) => districtIds.get(code)!, today })
    if (options.saveFleet !== undefined) await options.saveFleet(fleet)
    const firstHospital = plan.lifts.find((l) => l.site === 'hospital') ?? plan.lifts[0]!
    return { maintenanceFirmId: firmIds.get(plan.firms[0]!.name)!, useUnitId: unitId(firstHospital.useUnit), fillingUnitId: cylinders.firstUnitId, cylinders: { units: cylinders.units.length, stations: cylinders.stations, cylinders: cylinders.cylinders, events: cylinders.events }, written: { ...written, inspections: inspected.records, incidents: inspected.incidents, maintenanceRecords: maintained.records, followUps: maintained.followUps } }
  })
  const users = await ensureDemoUsers(createUserStore(db), scope)
  // Spot checks and hidden dangers read the records above and need the demo inspector: after both.
  const supervision = await seedSupervision(db, { today, seed: options.seed ?? DEFAULT_CITY.seed })

  return {
    seeded: true,
    fleet,
    users,
    plan,
    history: { days: historyDays, ...scope.written, spotCheckPlans: supervision.plans, dangers: supervision.dangers },
    cylinders: scope.cylinders,
    counts: {
      districts: plan.districts.length,
      firms: plan.firms.length,
      useUnits: plan.useUnits.length,
      lifts: plan.lifts.length,
      gateways: plan.gateways.length,
      publicPlaceLifts: plan.lifts.filter((l) => l.publicPlace).length
    }
  }
}
