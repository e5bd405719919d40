// The demo city's maintenance past (TSG T5002-2017, domain.md §4), planned without a database: every lift
// in use that has a checklist (annex A: the traction lifts; the demo has no annex B for hydraulic ones) is
// maintained every 10 to 15 days over the last `days`, its first visit in the window the annual one (which
// covers the rest), then a quarterly every 6th and a half-yearly every 12th. Some visits come late (16 to
// 24 days), some are not seen by the lift's terminal (no 检修, too short, gateway offline) — each firm at
// its own rate, so the inspector's figures differ — and a few find an item 不合格, which stays open until a
// later visit finds it 合格. Two workers from the firm's crew sign each one, the first certified. The same
// city, seed and day give the same past.
import { createRng, type Rng } from '../../platform/prng.ts'
import type { CityPlan } from './city-plan.ts'
import { personName } from './codes.ts'
import { itemsFor, type ChecklistItem, type Interval } from '../../maintenance/checklists.ts'
import type { ItemResult, Verdict, Worker } from '../../maintenance/schedule.ts'

export interface PlannedVisit {
  lift: number
  /** 1, 2, …: its place in the lift's hash chain. */
  seq: number
  interval: Interval
  startedAt: number
  endedAt: number
  submittedAt: number
  results: Record<string, { result: ItemResult, note?: string }>
  workers: Worker[]
  verdict: { verified: boolean, reason: Verdict, inspectionModePoints: number }
}
export interface PlannedFollowUp { lift: number, itemCode: string, item: string, note: string, openedBy: number, closedBy: number | null }

const DAY_MS = 86_400_000
const LATE = 0.06
const FAIL = 0.012
/** A 不合格 item found again at the next visit that covers it (still waiting for a part, say). */
const STILL_FAILING = 0.45
const FAIL_NOTES = ['门锁触点烧蚀，待更换', '制动衬磨损接近限值，已报使用单位', '光幕局部失效，已订配件', '平层误差约12mm，需调整', '底坑渗水，已告知物业处理', '应急照明电池老化，待更换']
const STILL_NOTES = ['配件未到，仍待修复', '使用单位尚未安排停梯，仍待修复']

/** The crew of each firm: about one worker per 15 lifts, every one certified except about a fifth. */
function crews (plan: CityPlan, rng: Rng): Worker[][] {
  const lifts = plan.firms.map(() => 0)
  for (const l of plan.lifts) lifts[l.firm]!++
  return plan.firms.map((_, firm) => Array.from({ length: Math.max(2, Math.round(lifts[firm]! / 15)) }, (_, i) => ({
    name: personName(rng),
    certificateNo: i % 5 === 4 ? null : `TS-T${String(630_000 + firm * 1000 + i).padStart(7, '0')}`,
    signature: null
  })))
}

export function planMaintenance (plan: CityPlan, options: { seed: string, until: number, days: number, checklists: { A: readonly ChecklistItem[] } }): { visits: PlannedVisit[], followUps: PlannedFollowUp[] } {
  const rng = createRng(`${options.seed}:maintenance`)
  const visits: PlannedVisit[] = []
  const followUps: PlannedFollowUp[] = []
  if (options.days <= 0) return { visits, followUps }
  const crew = crews(plan, rng)
  // Each firm's diligence: how often the terminal sees its visits and how often it comes late.
  const firms = plan.firms.map(() => ({ unseen: rng.real(0.04, 0.22), late: LATE * rng.real(0.3, 2.2) }))
  const names = new Map(options.checklists.A.map((i) => [i.code, i.item]))
  const from = options.until - options.days * DAY_MS

  plan.lifts.forEach((lift, index) => {
    if (lift.status !== 'in_use' || lift.kind !== 'traction') return
    const firm = firms[lift.firm]!
    const workers = crew[lift.firm]!
    const open = new Map<string, PlannedFollowUp>()
    // Local (UTC+8) day of the first visit, then a working hour.
    let day = from + rng.int(0, 14) * DAY_MS
    for (let n = 0; ; n++) {
      const startedAt = day + rng.int(0, 8 * 60) * 60_000 + 30 * 60_000 // 08:30–16:30 Beijing, day being local midnight
      const unseen = rng.chance(firm.unseen)
      const reason: Verdict = unseen ? rng.weighted([['no_inspection_mode', 5], ['too_short', 2], ['offline', 1]] as const) : 'inspection_mode_seen'
      const minutes = reason === 'too_short' ? rng.int(8, 18) : rng.int(35, 95)
      const endedAt = startedAt + minutes * 60_000
      if (endedAt + 20 * 60_000 >= options.until) break
      const interval: Interval = n === 0 ? 'annual' : n % 12 === 0 ? 'half_yearly' : n % 6 === 0 ? 'quarterly' : 'half_monthly'
      const seq = n + 1
      const results: PlannedVisit['results'] = {}
      for (const item of itemsFor(options.checklists.A, interval)) {
        const still = open.get(item.code)
        if (still !== undefined && rng.chance(STILL_FAILING)) results[item.code] = { result: 'fail', note: rng.pick(STILL_NOTES) }
        else results[item.code] = { result: 'pass' }
        if (still !== undefined && results[item.code]!.result === 'pass') {
          still.closedBy = visits.length
          open.delete(item.code)
        }
      }
      if (rng.chance(FAIL)) {
        const item = rng.pick(itemsFor(options.checklists.A, interval).filter((i) => !open.has(i.code)))
        const note = rng.pick(FAIL_NOTES)
        results[item.code] = { result: 'fail', note }
        const f: PlannedFollowUp = { lift: index, itemCode: item.code, item: names.get(item.code)!, note, openedBy: visits.length, closedBy: null }
        followUps.push(f)
        open.set(item.code, f)
      }
      const first = workers[rng.int(0, workers.length - 1)]!
      const certified = first.certificateNo !== null ? first : workers.find((w) => w.certificateNo !== null)!
      let second = workers[rng.int(0, workers.length - 1)]!
      if (second === certified) second = workers[(workers.indexOf(certified) + 1) % workers.length]!
      visits.push({
        lift: index, seq, interval, startedAt, endedAt, submittedAt: endedAt + rng.int(2, 15) * 60_000, results, workers: [certified, second],
        verdict: { verified: !unseen, reason, inspectionModePoints: reason === 'no_inspection_mode' || reason === 'offline' ? 0 : rng.int(2, 12) }
      })
      day += (rng.chance(firm.late) ? rng.int(16, 24) : rng.int(10, 15)) * DAY_MS
    }
  })
  return { visits, followUps }
}
