// Periodic inspection (定期检验) of a lift, pure: the record's vocabulary, what a lift's records say about
// it today (its next due date and its status), the checks a new record must pass, and the schedule of
// kinds by year of service as data (domain.md §5). The same rule is written in SQL for many lifts at
// once (inspection/store.ts, inspection/kpi.ts); test/inspection-schedule.test.ts holds both to one table.
import { daysBetween, isDate } from '../platform/calendar.ts'
import { msg, type Message } from '../platform/messages/key.ts'
// Only the types of the keys said here: the texts are loaded by the routes (inspection/messages.ts).
import type {} from './messages.ts'

/** 定期检验 by an inspection body, 自行检测 by a qualified body (TSG T7001-2023 years), 验收检验 at installation. */
export const INSPECTION_KINDS = ['periodic', 'self_test', 'acceptance'] as const
export type InspectionKind = typeof INSPECTION_KINDS[number]
/** 合格, 不合格, 复检合格 (passed when inspected again after a failure). */
export const INSPECTION_RESULTS = ['pass', 'fail', 'pass_after_retest'] as const
export type InspectionResult = typeof INSPECTION_RESULTS[number]
/**
 * valid; due_soon (due within the lead, default 30 days: the use unit must apply ≥ 1 month before);
 * overdue (next due date passed); failed (the latest inspection failed and nobody passed it since);
 * unknown (no record and no registered date).
 */
export const INSPECTION_STATUSES = ['valid', 'due_soon', 'overdue', 'failed', 'unknown'] as const
export type InspectionStatus = typeof INSPECTION_STATUSES[number]

export interface InspectionFact {
  inspectedOn: string
  result: InspectionResult
  /** 下次检验日期 on the mark; null only on a failed inspection. */
  nextDue: string | null
  /** Entry order, for two records of one day. */
  id: number
}

export interface LiftInspection {
  status: InspectionStatus
  /** Until when the lift may run: the latest pass's next due date; a failed inspection ends it on its own date. */
  validUntil: string | null
  /** Days from today to validUntil (negative: overdue by that many days). */
  daysLeft: number | null
  lastInspectedOn: string | null
  lastResult: InspectionResult | null
  /** records: from inspection records; registry: only the dates registered with the lift before any record. */
  basis: 'records' | 'registry' | 'none'
}

/**
 * The latest record decides; of two on one day a pass counts as after a failure (the re-inspection that
 * same day), then the later entry. The store's SQL orders the same way.
 */
export function latestRecord<T extends InspectionFact> (records: readonly T[]): T | undefined {
  let latest: T | undefined
  for (const r of records) {
    if (latest === undefined || compareFacts(r, latest) > 0) latest = r
  }
  return latest
}

function compareFacts (a: InspectionFact, b: InspectionFact): number {
  if (a.inspectedOn !== b.inspectedOn) return a.inspectedOn < b.inspectedOn ? -1 : 1
  const aPass = a.result !== 'fail' ? 1 : 0
  const bPass = b.result !== 'fail' ? 1 : 0
  if (aPass !== bPass) return aPass - bPass
  return a.id - b.id
}

/** The date a record keeps the lift valid until: its next due date, or its own date when it failed. */
export function validUntilOf (fact: Pick<InspectionFact, 'inspectedOn' | 'result' | 'nextDue'>): string | null {
  return fact.result === 'fail' ? fact.inspectedOn : fact.nextDue
}

/**
 * A lift's inspection status on `today` (the city's date) from its records, those dated after today
 * ignored; with no record, from the dates registered with the lift (a bureau's registry export).
 */
export function inspectionStatus (records: readonly InspectionFact[], today: string, dueSoonDays: number,
  registered: { last: string | null, next: string | null } = { last: null, next: null }): LiftInspection {
  const latest = latestRecord(records.filter((r) => r.inspectedOn <= today))
  let basis: LiftInspection['basis'] = 'records'
  let validUntil: string | null
  let lastInspectedOn: string | null
  let lastResult: InspectionResult | null
  if (latest !== undefined) {
    validUntil = validUntilOf(latest)
    lastInspectedOn = latest.inspectedOn
    lastResult = latest.result
  } else if (records.length === 0 && registered.next !== null && (registered.last === null || registered.last <= today)) {
    basis = 'registry'
    validUntil = registered.next
    lastInspectedOn = registered.last
    lastResult = null
  } else {
    return { status: 'unknown', validUntil: null, daysLeft: null, lastInspectedOn: null, lastResult: null, basis: 'none' }
  }
  const daysLeft = validUntil === null ? null : daysBetween(today, validUntil)
  let status: InspectionStatus
  if (lastResult === 'fail') status = 'failed'
  else if (daysLeft === null) status = 'unknown'
  else if (daysLeft < 0) status = 'overdue'
  else if (daysLeft <= dueSoonDays) status = 'due_soon'
  else status = 'valid'
  return { status, validUntil, daysLeft, lastInspectedOn, lastResult, basis }
}

export interface RecordInput {
  kind: string
  inspectedOn: string
  result: string
  nextDue: string | null
}

/** A refusal naming its field, for the API's details and a CSV line's reasons. */
export interface FieldProblem { field: 'equipmentCode' | 'kind' | 'inspectedOn' | 'body' | 'inspector' | 'result' | 'reportNo' | 'nextDue', message: Message }

/** What is wrong with a record on `today` (the city's date); empty when nothing. Existence checks (lift, report number) are the store's. */
export function checkRecord (input: RecordInput, today: string): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (!(INSPECTION_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: msg('inspection.bad_kind', { value: input.kind, allowed: INSPECTION_KINDS }) })
  if (!(INSPECTION_RESULTS as readonly string[]).includes(input.result)) problems.push({ field: 'result', message: msg('inspection.bad_result', { value: input.result, allowed: INSPECTION_RESULTS }) })
  const dateOk = isDate(input.inspectedOn)
  if (!dateOk) problems.push({ field: 'inspectedOn', message: msg('inspection.bad_date', { field: 'inspectedOn', value: input.inspectedOn }) })
  else if (input.inspectedOn > today) problems.push({ field: 'inspectedOn', message: msg('inspection.in_future', { date: input.inspectedOn, today }) })
  if (input.nextDue !== null && !isDate(input.nextDue)) {
    problems.push({ field: 'nextDue', message: msg('inspection.bad_date', { field: 'nextDue', value: input.nextDue }) })
  } else if (input.nextDue !== null && dateOk && input.nextDue <= input.inspectedOn) {
    problems.push({ field: 'nextDue', message: msg('inspection.next_due_not_after', { nextDue: input.nextDue, inspectedOn: input.inspectedOn }) })
  } else if (input.nextDue === null && input.result !== 'fail' && (INSPECTION_RESULTS as readonly string[]).includes(input.result)) {
    problems.push({ field: 'nextDue', message: msg('inspection.next_due_required') })
  }
  return problems
}

/**
 * TSG T7001-2023 / T7008-2023: a lift in its 1st, 4th, 7th, 9th, 11th, 13th and 15th year of use gets a
 * periodic inspection, in the other years up to the 15th a self-test; older lifts a periodic inspection
 * every year. Data, so a province that differs can change it.
 */
export const PERIODIC_YEARS_OF_SERVICE: readonly number[] = [1, 4, 7, 9, 11, 13, 15]
export const YEARLY_PERIODIC_AFTER_YEAR = 15

/** The kind of the inspection due in a lift's `year`-th year of use (1 = the first). */
export function kindForYear (year: number): 'periodic' | 'self_test' {
  return year > YEARLY_PERIODIC_AFTER_YEAR || PERIODIC_YEARS_OF_SERVICE.includes(year) ? 'periodic' : 'self_test'
}
