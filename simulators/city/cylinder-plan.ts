// The demo city's gas cylinders, planned without a database (issue #13): five filling units with their
// stations — three LPG, one CNG, one industrial gases — and about 50,000 cylinders with their past: made
// over the last 13 years, inspected by their media's rules (cylinders/lifecycle.ts) mostly a few weeks
// early, now and then late or failed, scrapped at the end of their life; a few percent are overdue or past
// their life today, a few failed, so the pre-fill check has something to refuse. Each cylinder's fills of
// the last year are planned as a cadence (first day, every n days, until when), expanded by the insert in
// SQL: half a million rows need not cross the wire. The same seed and day plan the same cylinders.
import { createRng, type Rng } from '../prng.ts'
import { addDays, daysBetween } from '../../platform/calendar.ts'
import { DEFAULT_MEDIA, mediaByCode } from '../../cylinders/media.ts'
import { deriveDates, endOfLife, nextInspectionDue, type InspectionFact } from '../../cylinders/lifecycle.ts'
import { DISTRICTS } from './xining.ts'

export interface PlannedUnit { name: string, licenseNo: string, district: string, address: string, stations: Array<{ code: string, name: string }> }

export interface PlannedCylinder {
  code: string
  unit: number
  registrationNo: string
  manufacturer: string
  serial: string
  volumeL: number
  medium: string
  nominalPressureMpa: number
  manufacturedOn: string
  registeredOn: string
  emptyMassKg: number
  capacityKg: number
  inspections: InspectionFact[]
  lastInspectedOn: string | null
  inspectionResult: 'pass' | 'fail' | null
  nextInspectionDue: string
  endOfLife: string
  scrappedOn: string | null
  /** Fills: from `from` every `every` days, before `until` (exclusive); none when every is 0. */
  fills: { from: string, every: number, until: string }
  /** A refused check at a station on this day (overdue, failed or past life), or null. */
  refusedOn: string | null
}

export interface CylinderPlan { units: PlannedUnit[], cylinders: PlannedCylinder[] }

interface UnitTemplate { name: string, district: string, street: string, media: ReadonlyArray<readonly [string, number]>, share: number, stations: number, every: readonly [number, number] }

// Made-up names after Xining's districts; a match with a real company is a coincidence.
const UNITS: readonly UnitTemplate[] = [
  { name: '西宁市城东液化气充装站', district: '630102', street: '八一东路', media: [['LPG', 1]], share: 0.26, stations: 3, every: [35, 75] },
  { name: '青海昆仑燃气有限公司城北液化气充装站', district: '630105', street: '柴达木路', media: [['LPG', 1]], share: 0.26, stations: 3, every: [35, 75] },
  { name: '湟中区民用液化气充装站', district: '630106', street: '多巴大道', media: [['LPG', 1]], share: 0.18, stations: 2, every: [40, 90] },
  { name: '青海中油压缩天然气加气站', district: '630104', street: '海晏路', media: [['CNG', 1]], share: 0.1, stations: 2, every: [15, 30] },
  { name: '青海西部工业气体有限公司', district: '630103', street: '南川西路', media: [['O2', 5], ['N2', 2], ['AR', 2], ['CO2', 2], ['C2H2', 1], ['MIX', 1]], share: 0.2, stations: 2, every: [30, 90] }
]

const MANUFACTURERS = ['北方钢瓶制造有限公司', '西北气瓶股份有限公司', '华东压力容器厂', '天海工业气瓶有限公司', '中集安瑞科气瓶公司']
// Volume (L), nominal pressure (MPa), tare (kg), max fill (kg) of the usual cylinder of each medium.
const SIZES: Record<string, readonly [number, number, number, number]> = {
  LPG: [35.5, 2.1, 15.5, 14.5], CNG: [80, 20, 65, 14], O2: [40, 15, 52, 5.7], N2: [40, 15, 52, 5.6], AR: [40, 15, 52, 7.1],
  CO2: [40, 15, 52, 24], C2H2: [41, 3, 58, 7], MIX: [40, 15, 52, 7.2]
}

/** Chances per due inspection: done late; failed. A failed cylinder is re-inspected or scrapped. */
const LATE = 0.05
const FAILED = 0.015
/** Of the cylinders whose inspection fell due in the last year, the share not brought in yet: overdue today. */
const NOT_BROUGHT_IN = 0.12
/** Of the cylinders whose life has ended, the share still in the registry, not yet scrapped. */
const PAST_LIFE_KEPT = 0.04
/** The registry went live about this many days before the demo's today (cylinders were onboarded then). */
const ONBOARDING_DAYS = 420

export function planCylinders (options: { seed: string, today: string, cylinders: number }): CylinderPlan {
  const rng = createRng(`${options.seed}:cylinders`)
  const media = mediaByCode(DEFAULT_MEDIA)
  const { today } = options
  const units: PlannedUnit[] = UNITS.map((u, i) => {
    const area = DISTRICTS.find((d) => d.code === u.district)!.area
    return {
      name: u.name, licenseNo: `TS4263${String(i + 1).padStart(3, '0')}-2023`, district: u.district, address: `西宁市${area}${u.street}${rng.int(1, 300)}号`,
      stations: Array.from({ length: u.stations }, (_, s) => ({ code: `ST${i + 1}${String(s + 1).padStart(2, '0')}`, name: `${s + 1}号充装台` }))
    }
  })
  const cylinders: PlannedCylinder[] = []
  UNITS.forEach((u, unit) => {
    const count = Math.round(options.cylinders * u.share)
    for (let n = 1; n <= count; n++) {
      const r = rng.fork(`${unit}:${n}`)
      const medium = r.weighted(u.media)
      cylinders.push(planOne(r, { unit, n, medium, rule: media.get(medium)!, today, every: u.every }))
    }
  })
  return { units, cylinders }
}

function planOne (r: Rng, p: { unit: number, n: number, medium: string, rule: NonNullable<ReturnType<ReturnType<typeof mediaByCode>['get']>>, today: string, every: readonly [number, number] }): PlannedCylinder {
  const { today, rule } = p
  const lifeYears = rule.designLifeYears + rule.lifeExtensionYears
  // Made over the last 13 years (industrial cylinders live 30, so only the first part of their life shows).
  const manufacturedOn = addDays(today, -r.int(30, Math.min(13, lifeYears + 1) * 365))
  const make = { manufacturedOn, designLifeYears: null }
  const inspections: InspectionFact[] = []
  let scrappedOn: string | null = null
  let due = nextInspectionDue(make, rule, null)
  while (due <= today) {
    if (daysBetween(due, today) < 365 && r.chance(NOT_BROUGHT_IN)) break
    const on = r.chance(LATE) ? addDays(due, r.int(10, 240)) : addDays(due, -r.int(0, 55))
    if (on > today) break
    if (r.chance(FAILED)) {
      inspections.push({ on, result: 'fail' })
      // Most failed cylinders are scrapped; some pass a re-inspection after repair; a few wait.
      const fate = r.next()
      if (fate < 0.6) { scrappedOn = addDays(on, r.int(1, 20)); break }
      const again = addDays(on, r.int(7, 40))
      if (fate > 0.85 || again > today) break
      inspections.push({ on: again, result: 'pass' })
      due = nextInspectionDue(make, rule, again)
      continue
    }
    inspections.push({ on, result: 'pass' })
    due = nextInspectionDue(make, rule, on)
  }
  const dates = deriveDates(make, rule, inspections)
  const life = endOfLife(make, rule, inspections.filter((i) => i.result === 'pass').map((i) => i.on))
  if (scrappedOn === null && life <= today && !r.chance(PAST_LIFE_KEPT)) scrappedOn = addDays(life, r.int(0, 30))
  if (scrappedOn !== null && scrappedOn > today) scrappedOn = today
  const [volumeL, nominalPressureMpa, emptyMassKg, capacityKg] = SIZES[p.medium]!
  const registeredOn = addDays(today, -r.int(ONBOARDING_DAYS - 60, ONBOARDING_DAYS))
  // Fills over the last year, until the cylinder may no longer be filled: scrapped, failed, overdue or past life.
  const stop = [today, scrappedOn, dates.inspectionResult === 'fail' ? dates.lastInspectedOn : null, addDays(dates.nextInspectionDue, 1), life]
    .filter((d): d is string => d !== null).sort()[0]!
  const from = addDays(today, -r.int(1, 365))
  const every = r.int(p.every[0], p.every[1])
  const fills = from < stop ? { from: from < registeredOn ? registeredOn : from, every, until: stop } : { from: today, every: 0, until: today }
  // A cylinder that can no longer be filled was brought to a station once since and refused there.
  const refusedOn = scrappedOn === null && stop < today && daysBetween(stop, today) > 1 ? addDays(stop, r.int(1, Math.min(daysBetween(stop, today) - 1, 60))) : null
  const seq = String(p.n).padStart(6, '0')
  return {
    code: `QH${String(p.unit + 1).padStart(2, '0')}-${p.medium}-${seq}`, unit: p.unit, registrationNo: `青西气${String(p.unit + 1).padStart(2, '0')}${seq}`,
    manufacturer: r.pick(MANUFACTURERS), serial: `${manufacturedOn.slice(2, 4)}${String(r.int(0, 999_999)).padStart(6, '0')}`,
    volumeL, nominalPressureMpa, emptyMassKg, capacityKg, medium: p.medium, manufacturedOn, registeredOn, inspections,
    ...dates, endOfLife: life, scrappedOn, fills, refusedOn
  }
}
