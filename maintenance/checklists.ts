// Maintenance checklists as data (TSG T5002-2017 电梯维护保养规则, domain.md §4), pure: the shape of a
// checklist version, which annex serves which kind of lift, and the items a visit of an interval must
// cover — each interval includes the items of the shorter ones (半月 ⊂ 季度 ⊂ 半年 ⊂ 年度). The texts
// themselves live in the database, seeded by migration 012 and versioned there, so a regulator edits
// them without a release; a record keeps the version it was made with.
import { Type, type Static } from 'typebox'
import { literals } from '../platform/http/schema-blocks.ts'

/** 半月, 季度, 半年, 年度 — shortest first: an interval's rank is its index. */
export const INTERVALS = ['half_monthly', 'quarterly', 'half_yearly', 'annual'] as const
export type Interval = typeof INTERVALS[number]
export const intervalRank = (interval: Interval) => INTERVALS.indexOf(interval)

/** A 曳引与强制驱动电梯, B 液压电梯, C 杂物电梯, D 自动扶梯与自动人行道. */
export const ANNEXES = ['A', 'B', 'C', 'D'] as const
export type Annex = typeof ANNEXES[number]

/** The annex whose items a lift of the registry's kind gets (the registry has no dumbwaiters). */
export function annexForKind (kind: string): Annex | null {
  if (kind === 'traction') return 'A'
  if (kind === 'hydraulic') return 'B'
  if (kind === 'escalator' || kind === 'moving_walk') return 'D'
  return null
}

export const ChecklistItem = Type.Object({
  code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,16}$', description: 'stable within an annex, e.g. A1-05: annex, interval table, number' }),
  interval: literals(INTERVALS),
  item: Type.String({ minLength: 1, maxLength: 200, description: '维护保养项目（内容）' }),
  requirement: Type.String({ maxLength: 500, description: '维护保养基本要求' })
}, { additionalProperties: false })
export type ChecklistItem = Static<typeof ChecklistItem>

/** The items a visit of `interval` must record: those of the interval and of every shorter one, in order. */
export function itemsFor<T extends { interval: Interval }> (items: readonly T[], interval: Interval): T[] {
  const rank = intervalRank(interval)
  return items.filter((i) => intervalRank(i.interval) <= rank)
}

/** What is wrong with a checklist an admin sends (duplicate codes; an interval with no items is allowed). */
export function checklistProblems (items: readonly ChecklistItem[]): string[] {
  const seen = new Set<string>()
  const problems: string[] = []
  for (const i of items) {
    if (seen.has(i.code)) problems.push(i.code)
    seen.add(i.code)
  }
  return problems
}
