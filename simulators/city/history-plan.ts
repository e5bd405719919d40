// A year of the demo city's past, planned without touching a database, so the figures and trends have
// shape on the first visit: rescue cases with their timelines, their entrapment alerts, and faults. Times
// follow what centers publish (domain.md §3: 10-15 min mean arrival, 4-8 min on site, nearly all within
// 30 min in a city) and differ by firm and by district; a few cases go to the district's grid station.
// The same city, seed and day always give the same past.
import { createRng, type Rng } from '../../platform/prng.ts'
import type { CityPlan } from './city-plan.ts'
import type { EntrapmentKind, EntrapmentSource } from '../../alerts/types.ts'
import { FAULT_WEIGHTS } from '../fleet/incidents.ts'

export interface HistoryOptions {
  seed: string
  /** The first moment not planned (epoch ms): the live demo carries on from there. */
  until: number
  days: number
}

export interface PlannedCase {
  /** Index into the plan's lifts. */
  lift: number
  source: 'alert' | 'phone'
  caller: string | null
  /** How the alert knew (alert cases), and 平层/非平层. */
  alertSource: EntrapmentSource | null
  entrapmentKind: EntrapmentKind
  falseAlarm: boolean
  level: 1 | 2
  /** Index into the plan's firms: the contracted firm, or the district's grid station at level 2. */
  responderFirm: number
  reportedAt: number
  /** The contracted firm's dispatch; at level 2 the station's dispatch is `dispatchedAt`. */
  firstDispatchAt: number | null
  dispatchedAt: number | null
  levelSince: number | null
  acceptedAt: number | null
  arrivedAt: number | null
  releasedAt: number | null
  calledBackAt: number | null
  closedAt: number
  cause: string
}

export interface PlannedFault { lift: number, code: string, raisedAt: number, clearedAt: number }

export interface CityHistory { cases: PlannedCase[], faults: PlannedFault[] }

const MINUTE = 60_000
const DAY = 86_400_000
/** About Jiangsu's 110 entrapments a day over 610,000 lifts (domain.md §7): 0.066 a lift a year. */
const ENTRAPMENTS_PER_LIFT_YEAR = 0.066
const FAULTS_PER_LIFT_YEAR = 1.2
const FALSE_ALARM_SHARE = 0.12
const PHONE_SHARE = 0.3
/** Level 1 not accepting within the window: the case goes to the district's grid station. */
const LEVEL_TWO_SHARE = 0.05
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 2, 1]
const CAUSES = ['门锁回路接触不良，已修复', '轿门门刀卡阻，已调整', '停电导致停梯，来电后恢复', '平层感应器故障，已更换', '乘客扒门导致安全回路断开，已复位',
  '变频器过热保护，已复位', '层门锁钩变形，已更换', '编码器信号干扰，已处理']
const FALSE_ALARM_CAUSES = ['回访确认：儿童误按报警按钮', '回访确认：轿内无人，传感器误报', '回访确认：乘客已自行离开']

/** Normal deviate (Box-Muller): times spread around a firm's mean with a long tail, as real ones do. */
function normal (rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next())
}

/** Picks indices by weight in O(log n) a draw: thousands of faults over thousands of lifts. */
function weightedIndex (weights: number[]) {
  const cumulative: number[] = []
  let total = 0
  for (const w of weights) cumulative.push(total += w)
  return (rng: Rng) => {
    const r = rng.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > r) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/** Times of a Poisson process of `perYear` events, busier in summer, at daytime hours. */
function eventTimes (rng: Rng, perYear: number, options: HistoryOptions): number[] {
  const out: number[] = []
  const start = options.until - options.days * DAY
  for (let d = 0; d < options.days; d++) {
    const dayStart = start + d * DAY
    const season = 1 + 0.25 * Math.sin(2 * Math.PI * (new Date(dayStart).getUTCMonth() - 3) / 12)
    const mean = perYear / 365 * season
    let n = 0
    for (let t = rng.exponential(1); t < mean; t += rng.exponential(1)) n++
    for (let i = 0; i < n; i++) {
      const hour = rng.weighted(HOUR_WEIGHTS.map((w, h) => [h, w] as const))
      // Beijing time is UTC+8: hour h there is h − 8 in UTC.
      out.push(dayStart + ((hour - 8 + 24) % 24) * 3_600_000 + rng.int(0, 3_599_999))
    }
  }
  return out.sort((a, b) => a - b)
}

export function planHistory (plan: CityPlan, options: HistoryOptions): CityHistory {
  const rng = createRng(`history/${options.seed}`)
  // Each firm has its habits: how fast it gets there and how long its technicians take on site.
  const firms = plan.firms.map(() => ({ arrivalMin: rng.real(9, 17), rescueMin: rng.real(3, 7) }))
  // County seats are far from the firms' depots; 湟中 a little.
  const distance = plan.districts.map((d) => (d.arrivalLimitMin > 30 ? 1.9 : d.name === '湟中区' ? 1.25 : 1))
  const pickLift = weightedIndex(plan.lifts.map((l) => l.traffic))
  const lifts = plan.lifts.length
  // A lift and a report time name one case (the seed finds each case's id by them).
  const taken = new Set<string>()
  const unique = (lift: number, at: number) => {
    while (taken.has(`${lift}:${at}`)) at++
    taken.add(`${lift}:${at}`)
    return at
  }

  const cases: PlannedCase[] = eventTimes(rng.fork('entrapments'), lifts * ENTRAPMENTS_PER_LIFT_YEAR, options).map((at) => {
    const lift = pickLift(rng)
    const reportedAt = unique(lift, at)
    const { district, firm } = plan.lifts[lift]!
    const source = rng.chance(PHONE_SHARE) ? 'phone' : 'alert'
    const entrapmentKind: EntrapmentKind = rng.chance(0.45) ? 'between_floors' : 'at_landing'
    const alertSource: EntrapmentSource | null = source === 'phone' ? null : rng.weighted([[entrapmentKind, 5], ['terminal_code', 3], ['alarm_with_passenger', 2]] as const)
    const caller = source === 'phone' ? `1${rng.int(30, 89)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : null
    const base = { lift, source, caller, alertSource, entrapmentKind, reportedAt, levelSince: null, acceptedAt: null, arrivedAt: null, releasedAt: null, calledBackAt: null } as const
    const firstDispatchAt = reportedAt + Math.round(rng.real(0.5, 3) * MINUTE)
    if (rng.chance(FALSE_ALARM_SHARE)) {
      const dispatched = rng.chance(0.5)
      return {
        ...base, falseAlarm: true, level: 1, responderFirm: firm, firstDispatchAt: dispatched ? firstDispatchAt : null, dispatchedAt: dispatched ? firstDispatchAt : null,
        closedAt: reportedAt + Math.round(rng.real(6, 25) * MINUTE), cause: rng.pick(FALSE_ALARM_CAUSES)
      }
    }
    const station = plan.districts[district]!.rescueStationFirm
    const levelTwo = station !== firm && rng.chance(LEVEL_TWO_SHARE)
    const responderFirm = levelTwo ? station : firm
    const levelSince = levelTwo ? firstDispatchAt + 5 * MINUTE : null
    const dispatchedAt = levelSince ?? firstDispatchAt
    const acceptedAt = dispatchedAt + Math.round(rng.real(0.5, 4) * MINUTE)
    const habits = firms[responderFirm]!
    const travelMin = Math.max(4, habits.arrivalMin * distance[district]! * Math.exp(0.35 * normal(rng)))
    const arrivedAt = dispatchedAt + Math.round(travelMin * MINUTE)
    const releasedAt = arrivedAt + Math.round(Math.max(1, habits.rescueMin * Math.exp(0.4 * normal(rng))) * MINUTE)
    const calledBackAt = releasedAt + Math.round(rng.real(10, 60) * MINUTE)
    return {
      ...base, falseAlarm: false, level: levelTwo ? 2 : 1, responderFirm, firstDispatchAt, dispatchedAt, levelSince, acceptedAt, arrivedAt, releasedAt, calledBackAt,
      closedAt: calledBackAt + Math.round(rng.real(5, 30) * MINUTE), cause: rng.pick(CAUSES)
    }
  })

  const faultRng = rng.fork('faults')
  const faults = eventTimes(faultRng, lifts * FAULTS_PER_LIFT_YEAR, options).map((raisedAt) => ({
    lift: pickLift(faultRng), code: faultRng.weighted(FAULT_WEIGHTS), raisedAt, clearedAt: raisedAt + Math.round(faultRng.real(2, 240) * MINUTE)
  }))
  return { cases, faults }
}
