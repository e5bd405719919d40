// The inspection report from the KPI rows (inspection/kpi.ts), pure: 定检率 = (1 − overdue ÷ in use) ×
// 100% for the city and each district at the reference date, its monthly trend, and incidents, deaths and
// entrapments per 10,000 lifts in use. Every row carries its denominator; a rate over no lift is null.

export interface RateCounts { inUse: number, overdue: number, dueSoon: number, failed: number }
export interface EventCounts { incidents: number, accidents: number, deaths: number, injured: number, entrapments: number }

export interface FigureRow extends RateCounts, EventCounts {
  districtId: number | null
  name: string
  /** 定检率 in percent, two decimals; null over no lift. */
  rate: number | null
  /** Lifts in use in the registry today: the denominator of the per-10,000 rates. */
  liftsInUse: number
  incidentsPer10k: number | null
  accidentsPer10k: number | null
  deathsPer10k: number | null
  entrapmentsPer10k: number | null
}

export interface TrendPoint extends RateCounts { referenceDate: string, rate: number | null }

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals

/** 定检率 in percent: (1 − overdue ÷ in use) × 100, or null over no lift. */
export function inspectionRate (inUse: number, overdue: number): number | null {
  return inUse === 0 ? null : round((1 - overdue / inUse) * 100, 2)
}

/** A count per 10,000 units, three decimals, or null over no unit. */
export function per10k (count: number, units: number): number | null {
  return units === 0 ? null : round(count / units * 10_000, 3)
}

const ZERO_RATE: RateCounts = { inUse: 0, overdue: 0, dueSoon: 0, failed: 0 }
const ZERO_EVENTS: EventCounts = { incidents: 0, accidents: 0, deaths: 0, injured: 0, entrapments: 0 }

function addRates (a: RateCounts, b: RateCounts): RateCounts {
  return { inUse: a.inUse + b.inUse, overdue: a.overdue + b.overdue, dueSoon: a.dueSoon + b.dueSoon, failed: a.failed + b.failed }
}
function addEvents (a: EventCounts, b: EventCounts): EventCounts {
  return { incidents: a.incidents + b.incidents, accidents: a.accidents + b.accidents, deaths: a.deaths + b.deaths, injured: a.injured + b.injured, entrapments: a.entrapments + b.entrapments }
}

function row (districtId: number | null, name: string, rates: RateCounts, events: EventCounts, liftsInUse: number): FigureRow {
  return {
    districtId, name, ...rates, ...events, rate: inspectionRate(rates.inUse, rates.overdue), liftsInUse,
    incidentsPer10k: per10k(events.incidents, liftsInUse),
    accidentsPer10k: per10k(events.accidents, liftsInUse),
    deathsPer10k: per10k(events.deaths, liftsInUse),
    entrapmentsPer10k: per10k(events.entrapments, liftsInUse)
  }
}

export function figuresReport (input: {
  referenceDate: string
  /** The trend's reference dates, oldest first (platform/calendar.ts's trendDates). */
  dates: string[]
  districts: Array<{ id: number, name: string }>
  rates: Array<RateCounts & { referenceDate: string, districtId: number }>
  counts: Array<EventCounts & { districtId: number }>
  inUse: Array<{ districtId: number, n: number }>
  cityName: string
}): { total: FigureRow, byDistrict: FigureRow[], trend: TrendPoint[] } {
  const atReference = new Map<number, RateCounts>()
  const trend = new Map<string, RateCounts>()
  for (const r of input.rates) {
    const counts = { inUse: r.inUse, overdue: r.overdue, dueSoon: r.dueSoon, failed: r.failed }
    trend.set(r.referenceDate, addRates(trend.get(r.referenceDate) ?? ZERO_RATE, counts))
    if (r.referenceDate === input.referenceDate) atReference.set(r.districtId, addRates(atReference.get(r.districtId) ?? ZERO_RATE, counts))
  }
  const events = new Map(input.counts.map((c) => [c.districtId, c]))
  const units = new Map(input.inUse.map((u) => [u.districtId, u.n]))
  const byDistrict = input.districts.map((d) => row(d.id, d.name, atReference.get(d.id) ?? ZERO_RATE, events.get(d.id) ?? ZERO_EVENTS, units.get(d.id) ?? 0))
  const total = row(null, input.cityName,
    byDistrict.reduce<RateCounts>((sum, r) => addRates(sum, r), ZERO_RATE),
    byDistrict.reduce<EventCounts>((sum, r) => addEvents(sum, r), ZERO_EVENTS),
    byDistrict.reduce((sum, r) => sum + r.liftsInUse, 0))
  return {
    total,
    byDistrict,
    trend: input.dates.map((referenceDate) => {
      const c = trend.get(referenceDate) ?? ZERO_RATE
      return { referenceDate, ...c, rate: inspectionRate(c.inUse, c.overdue) }
    })
  }
}

/** The period form's row: due dates in the period and those met by an inspection on or before them. */
export interface PeriodFigureRow { districtId: number | null, name: string, due: number, onTime: number, rate: number | null }

/** 定检率, period form, in percent: inspected on time ÷ due in the period × 100, or null when nothing fell due. */
export function periodRate (due: number, onTime: number): number | null {
  return due === 0 ? null : round(onTime / due * 100, 2)
}

export function periodReport (input: { districts: Array<{ id: number, name: string }>, rows: Array<{ districtId: number, due: number, onTime: number }>, cityName: string }) {
  const byId = new Map(input.rows.map((r) => [r.districtId, r]))
  const byDistrict: PeriodFigureRow[] = input.districts.map((d) => {
    const r = byId.get(d.id) ?? { due: 0, onTime: 0 }
    return { districtId: d.id, name: d.name, due: r.due, onTime: r.onTime, rate: periodRate(r.due, r.onTime) }
  })
  const due = byDistrict.reduce((s, r) => s + r.due, 0)
  const onTime = byDistrict.reduce((s, r) => s + r.onTime, 0)
  return { total: { districtId: null, name: input.cityName, due, onTime, rate: periodRate(due, onTime) }, byDistrict }
}

/** 定检率 at the reference date by use unit or maintenance firm, worst first (the rows of kpi.ts's rates grouped so). */
export interface GroupFigureRow { id: number | null, name: string | null, inUse: number, overdue: number, rate: number | null }

export function groupRows (rows: Array<{ districtId: number | null, inUse: number, overdue: number }>, names: Array<{ id: number, name: string }>): GroupFigureRow[] {
  const name = new Map(names.map((n) => [n.id, n.name]))
  return rows.map((r) => ({ id: r.districtId, name: r.districtId === null ? null : name.get(r.districtId) ?? null, inUse: r.inUse, overdue: r.overdue, rate: inspectionRate(r.inUse, r.overdue) }))
    .sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101) || b.overdue - a.overdue || (a.id ?? 0) - (b.id ?? 0))
}
