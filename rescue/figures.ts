// The figures emergency centers publish (domain.md §3, §5): mean and p90 arrival time, mean and p90 on-site
// rescue time, share arrived within the limit, entrapments per 10,000 lifts per month, false-alarm share.
// Each figure carries its denominator, and each is about what it says:
//   - the city, a district and a contracted firm are judged by their lifts: arrival is timed from the
//     report (the passenger's wait), and entrapments are divided by the lifts in use there;
//   - a responder (the firm on the case when it closed: the contracted firm, a grid station, another firm)
//     is judged by its own work: arrival is timed from its own dispatch, and it has no lift denominator;
//   - a case past its limit with nobody on site is late, whether or not anybody ever arrived.

/** What the figures need of one case. */
export interface CaseFacts {
  reportedAt: number
  /** When the firm on the case (the responder) was dispatched to it; null when nobody was. */
  dispatchedAt: number | null
  arrivedAt: number | null
  releasedAt: number | null
  arrivalLimitMin: number
  falseAlarm: boolean
}

/** Arrival timed from the report (a place: the city, a district, a contracted firm) or from the responder's dispatch. */
export type TimedFrom = 'report' | 'dispatch'

export interface RescueFigures {
  cases: number
  falseAlarms: number
  falseAlarmShare: number | null
  /** Cases with an arrival time: the denominator of the arrival mean and p90. */
  arrivals: number
  arrivalMeanMin: number | null
  arrivalP90Min: number | null
  /** Cases with a rescue time (arrived and released). */
  rescues: number
  rescueMeanMin: number | null
  rescueP90Min: number | null
  /** Real cases whose punctuality is known: arrived, or past the limit with nobody on site. */
  limitDecided: number
  /** Of those, past the limit with nobody on site (yet, or ever). */
  lateNoArrival: number
  withinLimitShare: number | null
  /** Real entrapments (false alarms excluded) ÷ lifts in use ÷ months × 10,000; null without a lift denominator. */
  entrapmentsPer10kLiftsPerMonth: number | null
}

const round2 = (n: number) => Math.round(n * 100) / 100

export function mean (values: number[]): number | null {
  return values.length === 0 ? null : round2(values.reduce((a, b) => a + b, 0) / values.length)
}

/** Nearest-rank percentile: a value that actually occurred, as published figures use. */
export function percentile (values: number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return round2(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!)
}

export interface FiguresBasis {
  /** Lifts in use behind these cases; null where there is no such denominator (a responder). */
  liftsInUse: number | null
  /** Length of the period that has passed, in months. */
  months: number
  /** The time of the reading: an open case past its limit by then is late. */
  now: number
  timedFrom?: TimedFrom
}

export function rescueFigures (cases: CaseFacts[], basis: FiguresBasis): RescueFigures {
  const real = cases.filter((c) => !c.falseAlarm)
  const startOf = (c: CaseFacts) => (basis.timedFrom === 'dispatch' ? c.dispatchedAt : c.reportedAt)
  const timed = real.filter((c) => startOf(c) !== null)
  const arrivals = timed.filter((c) => c.arrivedAt !== null).map((c) => (c.arrivedAt! - startOf(c)!) / 60_000)
  const rescues = real.filter((c) => c.arrivedAt !== null && c.releasedAt !== null).map((c) => (c.releasedAt! - c.arrivedAt!) / 60_000)
  const limitOf = (c: CaseFacts) => startOf(c)! + c.arrivalLimitMin * 60_000
  const within = timed.filter((c) => c.arrivedAt !== null && c.arrivedAt <= limitOf(c)).length
  const lateNoArrival = timed.filter((c) => c.arrivedAt === null && basis.now >= limitOf(c)).length
  const limitDecided = arrivals.length + lateNoArrival
  const { liftsInUse, months } = basis
  return {
    cases: cases.length,
    falseAlarms: cases.length - real.length,
    falseAlarmShare: cases.length === 0 ? null : round2((cases.length - real.length) / cases.length),
    arrivals: arrivals.length,
    arrivalMeanMin: mean(arrivals),
    arrivalP90Min: percentile(arrivals, 90),
    rescues: rescues.length,
    rescueMeanMin: mean(rescues),
    rescueP90Min: percentile(rescues, 90),
    limitDecided,
    lateNoArrival,
    withinLimitShare: limitDecided === 0 ? null : round2(within / limitDecided),
    entrapmentsPer10kLiftsPerMonth: liftsInUse === null || liftsInUse === 0 || months <= 0 ? null : round2(real.length / liftsInUse / months * 10_000)
  }
}

/** One case with where it happened, whose lift it is and who responded. */
export interface CaseRecord extends CaseFacts {
  districtId: number
  districtName: string
  contractedFirmId: number | null
  contractedFirmName: string | null
  responderFirmId: number | null
  responderFirmName: string | null
}

/** Lifts in use, by district and contracted firm (the registry today). */
export interface LiftCount { districtId: number, districtName: string, firmId: number | null, firmName: string | null, n: number }

export interface FiguresRow extends RescueFigures { key: string, name: string, liftsInUse: number | null }

/** Cases reported on one day (Beijing time), for trends: every day of the period passed, also those without. */
export interface DayCount { day: string, cases: number, falseAlarms: number }

export interface FiguresReport { total: FiguresRow, byDistrict: FiguresRow[], byFirm: FiguresRow[], byResponder: FiguresRow[], byDay: DayCount[] }

const DAY = 86_400_000
export const MONTH_MS = 30.4375 * DAY
// Chinese centers count days in Beijing time, UTC+8 all year.
const BEIJING_MS = 8 * 3_600_000
const dayOf = (ms: number) => new Date(ms + BEIJING_MS).toISOString().slice(0, 10)

/** Cases per day from the day of `from` to the day before `to` (or of `now`, if earlier), in order. */
export function casesByDay (cases: Array<Pick<CaseFacts, 'reportedAt' | 'falseAlarm'>>, period: { from: number, to: number }, now: number): DayCount[] {
  const out = new Map<string, DayCount>()
  const last = Math.min(period.to - 1, now)
  for (let t = period.from; dayOf(t) <= dayOf(last); t += DAY) out.set(dayOf(t), { day: dayOf(t), cases: 0, falseAlarms: 0 })
  for (const c of cases) {
    const day = out.get(dayOf(c.reportedAt))
    if (day === undefined) continue
    day.cases++
    if (c.falseAlarm) day.falseAlarms++
  }
  return [...out.values()]
}

/**
 * The figures of the cases reported in [from, to), read at `now`: the city, each district and each
 * contracted firm (with lifts in use, also those without cases), and each responder.
 */
export function figuresReport (cases: CaseRecord[], lifts: LiftCount[], period: { from: number, to: number }, now: number): FiguresReport {
  // A period still running counts only the months that have passed: this month's rate is not diluted.
  const months = (Math.min(period.to, now) - period.from) / MONTH_MS
  const basis = (liftsInUse: number | null, timedFrom: TimedFrom = 'report'): FiguresBasis => ({ liftsInUse, months, now, timedFrom })
  const sum = (ls: LiftCount[]) => ls.reduce((n, l) => n + l.n, 0)

  function group (keyOf: (c: CaseRecord) => number | null, nameOf: (c: CaseRecord) => string | null, places: Map<number, string>, liftsOf: ((id: number) => number) | null): FiguresRow[] {
    const names = new Map<number, string>(places)
    for (const c of cases) {
      const key = keyOf(c)
      if (key !== null && !names.has(key)) names.set(key, nameOf(c) ?? `#${key}`)
    }
    return [...names].sort(([a], [b]) => a - b).map(([key, name]) => {
      const liftsInUse = liftsOf === null ? null : liftsOf(key)
      return { key: String(key), name, liftsInUse, ...rescueFigures(cases.filter((c) => keyOf(c) === key), basis(liftsInUse, liftsOf === null ? 'dispatch' : 'report')) }
    })
  }

  const districts = new Map(lifts.map((l) => [l.districtId, l.districtName]))
  const firms = new Map(lifts.filter((l) => l.firmId !== null).map((l) => [l.firmId!, l.firmName ?? `#${l.firmId}`]))
  const totalLifts = sum(lifts)
  return {
    total: { key: 'all', name: 'all', liftsInUse: totalLifts, ...rescueFigures(cases, basis(totalLifts)) },
    byDistrict: group((c) => c.districtId, (c) => c.districtName, districts, (id) => sum(lifts.filter((l) => l.districtId === id))),
    byFirm: group((c) => c.contractedFirmId, (c) => c.contractedFirmName, firms, (id) => sum(lifts.filter((l) => l.firmId === id))),
    byResponder: group((c) => c.responderFirmId, (c) => c.responderFirmName, new Map(), null),
    byDay: casesByDay(cases, period, now)
  }
}
