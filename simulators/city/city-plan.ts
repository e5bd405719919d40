// Plans the demo city without touching a database: the same seed, size and day always give the same city.
// Places (hospitals, stations, malls, schools, offices, housing estates) get buildings, each building one
// gateway and a few lifts, each lift realistic codes, a maintenance firm and inspection dates spread so
// that some are due soon and some overdue.
import { createRng, type Rng } from '../../platform/prng.ts'
import type { District, ElevatorInput, MaintenanceFirm, UseUnit } from '../../registry/store.ts'
import { createEquipmentCodes, createRescueIds, createUniqueNames, creditCode, landline, mobile, personName } from './codes.ts'
import {
  CATEGORY, DISTRICTS, ESTATE_PREFIXES, ESTATE_SUFFIXES, FIRMS, HOSPITAL_NAMES, MALL_NAMES, MANUFACTURER_REGIONS, OFFICE_NAMES,
  PROPERTY_COMPANIES, SCHOOL_NAMES, SITE_KINDS, STATION_NAMES, type DistrictData, type SiteKind
} from './xining.ts'

export interface CityPlanOptions {
  lifts: number
  seed: string
  /** The day inspection dates are spread around, YYYY-MM-DD. */
  today: string
  /**
   * Buildings of one place wired to one gateway (default 1: a gateway in each machine room). 2 gives ~6.5
   * lifts a gateway instead of ~3.3: the city-sized bench needs it to fit 100,000 lifts in the 20,000
   * connections one process may hold here.
   */
  buildingsPerGateway?: number
}

export type PlannedLift = Omit<ElevatorInput, 'districtId' | 'useUnitId' | 'maintenanceFirmId'> & {
  district: number
  useUnit: number
  firm: number
  site: SiteKind
  /** For the simulator: floor label of the bottom landing, rated speed, traffic weight. */
  lowest: number
  speed: number
  traffic: number
}

export interface PlannedGateway { id: string, name: string, useUnit: number, fw: string, lifts: number[] }

export interface CityPlan {
  /** `rescueStationFirm`: index into `firms` of the district's grid rescue station (level 2). */
  districts: Array<Omit<District, 'id' | 'rescueStationFirmId'> & { rescueStationFirm: number }>
  firms: Array<Omit<MaintenanceFirm, 'id'>>
  useUnits: Array<Omit<UseUnit, 'id'>>
  lifts: PlannedLift[]
  gateways: PlannedGateway[]
  sites: Record<SiteKind, number>
}

/** Buildings a gateway is given up to, looking for a plan within a gateway budget (planCityWithin). */
const MAX_BUILDINGS_PER_GATEWAY = 10

/**
 * The city with the fewest buildings per gateway whose gateways number at most `maxGateways`: each
 * connection is a descriptor in the service's process and the simulator's, and a process's descriptors are
 * limited (20,000 here), while a building a gateway gives a 100,000-lift city ~30,000 gateways.
 */
export function planCityWithin (options: Omit<CityPlanOptions, 'buildingsPerGateway'>, maxGateways: number): CityPlan & { buildingsPerGateway: number } {
  for (let k = 1; ; k++) {
    const plan = planCity({ ...options, buildingsPerGateway: k })
    if (plan.gateways.length <= maxGateways || k >= MAX_BUILDINGS_PER_GATEWAY) return { ...plan, buildingsPerGateway: k }
  }
}

const FIRMWARE = ['2.4.1', '2.5.0', '3.0.2', '3.1.0'] as const
const DAY_MS = 86_400_000

/** Rated speed by height, as Chinese residential and public buildings commonly get them. */
export function ratedSpeed (landings: number, hydraulic: boolean): number {
  if (hydraulic) return 0.5
  if (landings <= 6) return 1
  if (landings <= 12) return 1.5
  if (landings <= 20) return 1.75
  if (landings <= 28) return 2
  return 2.5
}

export function planCity (options: CityPlanOptions): CityPlan {
  if (!Number.isInteger(options.lifts) || options.lifts < 1) throw new Error(`lifts must be a whole number ≥ 1, got ${options.lifts}`)
  const today = Date.parse(`${options.today}T00:00:00Z`)
  if (Number.isNaN(today)) throw new Error(`today must be YYYY-MM-DD, got "${options.today}"`)
  const rng = createRng(`city/${options.seed}`)
  const equipmentCode = createEquipmentCodes(rng.fork('codes'))
  const rescueId = createRescueIds(rng.fork('rescue'))
  // Places and use units are named apart: a hospital is its own use unit under the same name.
  const uniqueSite = createUniqueNames()
  const uniqueUnit = createUniqueNames()
  const year = new Date(today).getUTCFullYear()

  const plan: CityPlan = {
    districts: DISTRICTS.map(({ code, name, arrivalLimitMin }, i) => ({ code, name, arrivalLimitMin, rescueStationFirm: i % FIRMS.length })),
    firms: FIRMS.map((name, i) => ({
      name, licenseNo: `TS3163${String(101 + i * 7).padStart(3, '0')}-${year + 1 + (i % 3)}`,
      phone24h: i % 3 === 0 ? `400-${rng.int(600, 899)}-${rng.int(1000, 9999)}` : landline(rng), contact: personName(rng)
    })),
    useUnits: [],
    lifts: [],
    gateways: [],
    sites: { hospital: 0, station: 0, mall: 0, school: 0, office: 0, housing: 0 }
  }
  const firmWeights = FIRMS.map((_, i) => [i, FIRMS.length + 4 - i] as const)
  const gatewaySeq = new Map<string, number>()
  const propertyCompanies: number[] = []

  function addUseUnit (name: string, kind: 'company' | 'institution', district: DistrictData, address: string): number {
    plan.useUnits.push({ name: uniqueUnit(name), creditCode: creditCode(rng, kind, district.code), contact: personName(rng), phone: rng.chance(0.5) ? landline(rng) : mobile(rng), address })
    return plan.useUnits.length - 1
  }
  /** Housing estates share property companies, about one per 150 lifts. */
  function propertyCompany (district: DistrictData): number {
    const wanted = Math.max(3, Math.round(options.lifts / 150))
    if (propertyCompanies.length < wanted) {
      const name = rng.pick(PROPERTY_COMPANIES).replace('{}', rng.pick(ESTATE_PREFIXES))
      propertyCompanies.push(addUseUnit(name, 'company', district, `西宁市${district.area}${rng.pick(district.streets)}${rng.int(1, 299)}号`))
    }
    return rng.pick(propertyCompanies)
  }

  function siteName (kind: SiteKind, district: DistrictData, street: string, r: Rng): string {
    switch (kind) {
      case 'hospital': return `${district.name}${r.pick(HOSPITAL_NAMES)}`
      case 'station': return `${district.name}${r.pick(STATION_NAMES)}`
      case 'mall': return `${r.pick(MALL_NAMES)}（${street}店）`
      case 'school': return `${district.name}${r.pick(SCHOOL_NAMES)}`
      case 'office': return r.pick(OFFICE_NAMES)
      case 'housing': return `${r.pick(ESTATE_PREFIXES)}${r.pick(ESTATE_SUFFIXES)}`
    }
  }

  function inspectionDates (): { last: string, next: string } {
    // 5% overdue (next date passed: 定检率 near the 95% the city reports), the rest spread over the year,
    // which puts about 8% due within 30 days.
    const daysAgo = rng.chance(0.05) ? rng.int(366, 540) : rng.int(0, 364)
    const last = new Date(today - daysAgo * DAY_MS)
    const next = new Date(Date.UTC(last.getUTCFullYear() + 1, last.getUTCMonth(), last.getUTCDate()))
    return { last: last.toISOString().slice(0, 10), next: next.toISOString().slice(0, 10) }
  }

  /** Adds one place with its buildings; returns how many lifts it got (at most `budget`). */
  function addSite (kind: SiteKind, budget: number): number {
    const k = SITE_KINDS[kind]
    const districtIndex = rng.weighted(DISTRICTS.map((d, i) => [i, d.weight] as const))
    const district = DISTRICTS[districtIndex]!
    const street = rng.pick(district.streets)
    const address = `西宁市${district.area}${street}${rng.int(1, 399)}号`
    const name = uniqueSite(siteName(kind, district, street, rng))
    plan.sites[kind]++
    const useUnit = k.ownUseUnit
      ? addUseUnit(name, kind === 'hospital' || kind === 'school' ? 'institution' : 'company', district, address)
      : kind === 'office' ? addUseUnit(`${name}物业管理有限公司`, 'company', district, address) : propertyCompany(district)
    const firm = rng.weighted(firmWeights)
    // Fixed range (not relative to today), so the same seed gives the same city whatever the date.
    const installed = rng.int(2006, 2023)
    // One place, one make of lift.
    const region = rng.weighted(MANUFACTURER_REGIONS)
    let placed = 0
    const newGateway = (label: string): PlannedGateway => {
      const seq = (gatewaySeq.get(district.code) ?? 0) + 1
      gatewaySeq.set(district.code, seq)
      return { id: `xn-${district.code}-${String(seq).padStart(4, '0')}`, name: label, useUnit, fw: rng.pick(FIRMWARE), lifts: [] }
    }
    const perGateway = options.buildingsPerGateway ?? 1
    let gateway: PlannedGateway | null = null
    const buildings = rng.int(k.buildings[0], k.buildings[1])
    for (let b = 0; b < buildings && placed < budget; b++) {
      const building = k.buildingNames?.[b] ?? `${b + 1}号楼`
      const basement = rng.chance(k.basement) ? rng.int(1, 2) : 0
      const landings = rng.int(k.landings[0], k.landings[1]) + basement
      const count = Math.min(budget - placed, rng.int(k.liftsPerBuilding[0], k.liftsPerBuilding[1]))
      if (gateway === null || b % perGateway === 0) gateway = newGateway(perGateway === 1 ? `${name} ${building}` : name)
      if (count > 0 && plan.gateways.at(-1) !== gateway) plan.gateways.push(gateway)
      for (let i = 0; i < count; i++) {
        const hydraulic = landings <= 6 && rng.chance(k.hydraulic)
        const category = hydraulic ? CATEGORY.hydraulic : (kind !== 'housing' && kind !== 'office' && rng.chance(0.1) ? CATEGORY.freight : CATEGORY.passenger)
        const dates = inspectionDates()
        gateway.lifts.push(plan.lifts.length)
        plan.lifts.push({
          equipmentCode: equipmentCode(category, region, installed),
          rescueId: rescueId(),
          kind: hydraulic ? 'hydraulic' : 'traction',
          status: rng.chance(0.015) ? 'stopped' : 'in_use',
          address,
          building: `${name} ${building}`,
          floors: landings,
          publicPlace: k.publicPlace,
          lastInspectionDate: dates.last,
          nextInspectionDate: dates.next,
          district: districtIndex,
          useUnit,
          firm,
          site: kind,
          lowest: basement > 0 ? -basement : 1,
          speed: ratedSpeed(landings, hydraulic),
          traffic: k.traffic
        })
      }
      placed += count
    }
    return placed
  }

  // Lifts per kind of place by share; housing takes the rounding so the total is exact.
  const kinds = Object.keys(SITE_KINDS) as SiteKind[]
  const budgets = Object.fromEntries(kinds.map((kind) => [kind, Math.round(options.lifts * SITE_KINDS[kind].share)])) as Record<SiteKind, number>
  budgets.housing += options.lifts - kinds.reduce((sum, kind) => sum + budgets[kind], 0)
  for (const kind of kinds) {
    let left = Math.max(0, budgets[kind])
    while (left > 0) left -= addSite(kind, left)
  }
  return plan
}
