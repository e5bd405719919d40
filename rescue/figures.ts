// The figures emergency centers publish (domain.md §3, §5): mean and p90 arrival time, mean and p90 on-site
// rescue time, share arrived within the limit, entrapments per 10,000 lifts per month, false-alarm share.

export interface ClosedCaseFacts {
  reportedAt: number
  arrivedAt: number | null
  releasedAt: number | null
  arrivalLimitMin: number
  falseAlarm: boolean
}

export interface RescueFigures {
  cases: number
  falseAlarms: number
  falseAlarmShare: number | null
  arrivalMeanMin: number | null
  arrivalP90Min: number | null
  rescueMeanMin: number | null
  rescueP90Min: number | null
  withinLimitShare: number | null
  /** Real entrapments (false alarms excluded) ÷ lifts in use ÷ months × 10,000. */
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

export function rescueFigures (cases: ClosedCaseFacts[], liftsInUse: number, months: number): RescueFigures {
  const real = cases.filter((c) => !c.falseAlarm)
  const arrivals = real.filter((c) => c.arrivedAt !== null).map((c) => (c.arrivedAt! - c.reportedAt) / 60_000)
  const rescues = real.filter((c) => c.arrivedAt !== null && c.releasedAt !== null).map((c) => (c.releasedAt! - c.arrivedAt!) / 60_000)
  const within = real.filter((c) => c.arrivedAt !== null && c.arrivedAt - c.reportedAt <= c.arrivalLimitMin * 60_000).length
  return {
    cases: cases.length,
    falseAlarms: cases.length - real.length,
    falseAlarmShare: cases.length === 0 ? null : round2((cases.length - real.length) / cases.length),
    arrivalMeanMin: mean(arrivals),
    arrivalP90Min: percentile(arrivals, 90),
    rescueMeanMin: mean(rescues),
    rescueP90Min: percentile(rescues, 90),
    withinLimitShare: arrivals.length === 0 ? null : round2(within / arrivals.length),
    entrapmentsPer10kLiftsPerMonth: liftsInUse === 0 || months <= 0 ? null : round2(real.length / liftsInUse / months * 10_000)
  }
}
