// What a maintenance crew does, planned without I/O: which lift of the firm's work list it goes to (the
// most pressing first, now and then an overdue one: a late record), and how the visit goes — how long,
// when the technicians switch the lift to 检修 and back (or forget to), which checklist items are 合格,
// 不合格 with a note or 不适用, how many photos, which two workers sign (one certified), and whether the use
// unit's safety manager confirms it afterwards. crew-runner.ts carries the plan out through the API.
import type { Rng } from '../../platform/prng.ts'
import { createRng } from '../../platform/prng.ts'
import type { DueStatus, ItemResult } from '../../maintenance/schedule.ts'
import type { CrewWorker } from './crew-file.ts'

export interface CrewShares {
  /** Share of visits to a lift already overdue (a late record), when the firm has one. */
  late: number
  /** Share of visits whose technicians never switch the lift to 检修: the terminal cannot vouch for them. */
  forget: number
  /** Share of visits far shorter than a maintenance takes (the terminal's verdict: too short). */
  tooShort: number
  /** Share of visits that find an item 不合格. */
  fail: number
  /** Share of the confirming use unit's records its safety manager confirms. */
  confirm: number
  /** Share of visits that go to the confirming use unit's lifts when the firm has one due. */
  preferConfirmer: number
}

export const CREW_SHARES: CrewShares = { late: 0.1, forget: 0.06, tooShort: 0.04, fail: 0.12, confirm: 0.7, preferConfirmer: 0.3 }
/** A half-monthly maintenance of a traction lift takes about an hour on site. */
export const CREW_VISIT_MINUTES: readonly [number, number] = [35, 80]

export interface DueCandidate { equipmentCode: string, status: DueStatus, dueBy: string | null, draftId: number | null, useUnitName: string }

export interface LiftChoice { lift: DueCandidate, late: boolean }

/**
 * The lift a crew goes to: among those with no visit in progress that it can work on (`available`: the
 * simulator plays it, it is not trapped or in 检修, the server has a checklist for it), now and then an
 * overdue one (`late`), else one of the five due soonest, else one never maintained, else one of the next
 * due, else an overdue one after all. Sometimes a pressing lift of the confirming use unit first. null:
 * nothing to do.
 */
export function pickLift (rng: Rng, due: readonly DueCandidate[], o: { shares: Pick<CrewShares, 'late' | 'preferConfirmer'>, available: (code: string) => boolean, confirmerUnit: string | null }): LiftChoice | null {
  const open = due.filter((d) => d.draftId === null && o.available(d.equipmentCode))
  const byDue = (a: DueCandidate, b: DueCandidate) => (a.dueBy ?? '').localeCompare(b.dueBy ?? '') || a.equipmentCode.localeCompare(b.equipmentCode)
  const overdue = open.filter((d) => d.status === 'overdue')
  const pressing = open.filter((d) => d.status === 'due_soon').sort(byDue)
  const never = open.filter((d) => d.status === 'no_record').sort(byDue)
  const later = open.filter((d) => d.status === 'ok').sort(byDue)
  const choose = (pool: DueCandidate[]): LiftChoice => {
    const lift = rng.pick(pool.slice(0, 5))
    return { lift, late: lift.status === 'overdue' }
  }
  if (o.confirmerUnit !== null && rng.chance(o.shares.preferConfirmer)) {
    const theirs = [...pressing, ...overdue, ...never].filter((d) => d.useUnitName === o.confirmerUnit)
    if (theirs.length > 0) return choose(theirs)
  }
  if (overdue.length > 0 && rng.chance(o.shares.late)) return { lift: rng.pick(overdue), late: true }
  for (const pool of [pressing, never, later, overdue]) if (pool.length > 0) return choose(pool)
  return null
}

export interface ChecklistLine { code: string, item: string }

export type VisitKind = 'normal' | 'forgot' | 'too_short'

export interface VisitPlan {
  kind: VisitKind
  /** From the record's start to its submission. */
  durationMs: number
  /** When the lift is in 检修, from the record's start; null: the crew forgot to switch. */
  inspection: { fromMs: number, toMs: number } | null
  results: Record<string, { result: ItemResult, note?: string }>
  /** Items recorded at half time (the phone sends them as the work goes); the rest at the end. */
  firstHalf: string[]
  /** Two workers, the first certified. */
  workers: [CrewWorker, CrewWorker]
  photos: number
  /** The use unit confirms this long after submission; null: it does not. */
  confirmAfterMs: number | null
}

/** Items a lift may not have, by words of the item: decided once per lift, so its records agree. */
const NOT_APPLICABLE: ReadonlyArray<{ words: string, share: number, note: string }> = [
  { words: '减速机', share: 0.7, note: '无齿轮曳引机，无减速机' },
  { words: '选层器', share: 0.9, note: '微机控制，无机械选层器' },
  { words: '自监测', share: 0.4, note: '本梯制动器不作为意外移动保护制停子系统' },
  { words: 'IC卡', share: 0.6, note: '未装IC卡系统' }
]

/** What a technician writes for a 不合格 item, by words of the item; the last one fits any item. */
const FAIL_NOTES: ReadonlyArray<{ words: string | null, note: string }> = [
  { words: '门锁', note: '门锁触点烧蚀，已打磨，待更换触点' },
  { words: '制动', note: '制动衬磨损接近限值，已报使用单位，待更换' },
  { words: '防撞击', note: '光幕局部失效，已订配件' },
  { words: '平层', note: '平层误差约12mm，已初调，需复查' },
  { words: '底坑', note: '底坑渗水，已告知物业处理' },
  { words: '应急照明', note: '应急照明电池老化，待更换' },
  { words: '对讲', note: '五方对讲机房端无声，已报修' },
  { words: null, note: '已调整，仍未达要求，待下次复查' }
]

/** The items this lift does not have (same answer every visit: a generator of its own, from its code). */
export function notApplicable (equipmentCode: string, items: readonly ChecklistLine[]): Map<string, string> {
  const rng = createRng(`lift-fittings:${equipmentCode}`)
  const lacks = NOT_APPLICABLE.filter((rule) => rng.chance(rule.share))
  const out = new Map<string, string>()
  for (const i of items) {
    const rule = lacks.find((r) => i.item.includes(r.words))
    if (rule !== undefined) out.set(i.code, rule.note)
  }
  return out
}

export function planVisit (rng: Rng, o: {
  equipmentCode: string
  items: readonly ChecklistLine[]
  workers: readonly CrewWorker[]
  photosMin: number
  minutes: readonly [number, number]
  shares: Omit<CrewShares, 'late' | 'preferConfirmer'>
  /** The lift belongs to the use unit whose safety manager confirms records. */
  confirmable: boolean
}): VisitPlan {
  const MIN = 60_000
  const [min, max] = o.minutes
  const roll = rng.next()
  const kind: VisitKind = roll < o.shares.forget ? 'forgot' : roll < o.shares.forget + o.shares.tooShort ? 'too_short' : 'normal'
  // Too short: a quarter of a real visit, below any sensible minimum (MAINTENANCE_MIN_VISIT_MIN, 15 by default).
  const durationMs = Math.round((kind === 'too_short' ? rng.real(0.15, 0.35) * min : rng.real(min, max)) * MIN)
  // 检修 from when the technicians reach the car top or the machine room until they hand the lift back.
  const inspection = kind === 'forgot' ? null : { fromMs: Math.round(durationMs * rng.real(0.03, 0.12)), toMs: Math.round(durationMs * rng.real(0.88, 0.96)) }

  const results: VisitPlan['results'] = {}
  const na = notApplicable(o.equipmentCode, o.items)
  for (const i of o.items) results[i.code] = na.has(i.code) ? { result: 'na', note: na.get(i.code)! } : { result: 'pass' }
  if (rng.chance(o.shares.fail)) {
    const applicable = o.items.filter((i) => !na.has(i.code))
    const count = rng.chance(0.2) ? 2 : 1
    // Wear items (door locks, brakes, light curtains, levelling) fail far more often than the rest.
    const worn = applicable.filter((i) => FAIL_NOTES.some((n) => n.words !== null && i.item.includes(n.words)))
    for (let k = 0; k < count && applicable.length > 0; k++) {
      const item = rng.pick(worn.length > 0 && rng.chance(0.8) ? worn : applicable)
      results[item.code] = { result: 'fail', note: FAIL_NOTES.find((n) => n.words === null || item.item.includes(n.words))!.note }
    }
  }

  const certified = o.workers.filter((w) => w.certificateNo !== null)
  const first = rng.pick(certified)
  const others = o.workers.filter((w) => w !== first)
  const second = rng.pick(others)
  const photos = o.photosMin + (rng.chance(0.3) ? rng.int(1, 2) : 0)
  const confirmAfterMs = o.confirmable && rng.chance(o.shares.confirm) ? Math.round(durationMs * rng.real(0.1, 0.6)) : null
  return { kind, durationMs, inspection, results, firstHalf: o.items.slice(0, Math.ceil(o.items.length / 2)).map((i) => i.code), workers: [first, second], photos, confirmAfterMs }
}

/** Which firm's crew goes next: in proportion to the lifts it has in the simulated fleet. */
export function pickCrew (rng: Rng, lifts: readonly number[]): number | null {
  const weighted = lifts.map((n, i) => [i, n] as const).filter(([, n]) => n > 0)
  return weighted.length === 0 ? null : rng.weighted(weighted)
}
