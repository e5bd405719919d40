// The hidden-danger loop (隐患闭环, 一单四制), pure: which step may follow which, what each step needs, and
// when a case is overdue. open → rectified (the use unit, with a note and at least one photo) → closed (an
// inspector accepts) — or back to open (an inspector returns it, saying why). The deadline binds the use
// unit: a case waiting for the inspector's acceptance is not the use unit's delay.

export const DANGER_LEVELS = ['general', 'major'] as const
export const DANGER_SOURCES = ['inspection', 'spot_check', 'incident', 'maintenance', 'report'] as const
export const DANGER_STATUSES = ['open', 'rectified', 'closed'] as const
export const DANGER_STEPS = ['rectify', 'accept', 'return'] as const

export type DangerStatus = typeof DANGER_STATUSES[number]
export type DangerStep = typeof DANGER_STEPS[number]
export const DANGER_EVENT_ACTIONS = ['opened', 'rectified', 'accepted', 'returned'] as const
export type DangerEventAction = typeof DANGER_EVENT_ACTIONS[number]

/** Who takes a step: the lift's use unit rectifies; an inspector accepts or returns (admins may do both). */
export const STEP_ACTORS: Record<DangerStep, 'use_unit' | 'inspector'> = { rectify: 'use_unit', accept: 'inspector', return: 'inspector' }

const NEXT: Record<DangerStep, { from: DangerStatus, to: DangerStatus, event: DangerEventAction }> = {
  rectify: { from: 'open', to: 'rectified', event: 'rectified' },
  accept: { from: 'rectified', to: 'closed', event: 'accepted' },
  return: { from: 'rectified', to: 'open', event: 'returned' }
}

export type StepRefusal = 'wrong_status' | 'note_required' | 'photo_required'

/** The status after `step`, or why it cannot be taken: rectifying needs a note and a photo, returning a note. */
export function dangerStep (status: DangerStatus, step: DangerStep, evidence: { note: string | null, photos: number }):
{ to: DangerStatus, event: DangerEventAction } | { refused: StepRefusal } {
  const next = NEXT[step]
  if (status !== next.from) return { refused: 'wrong_status' }
  const note = evidence.note?.trim() ?? ''
  if ((step === 'rectify' || step === 'return') && note.length === 0) return { refused: 'note_required' }
  if (step === 'rectify' && evidence.photos < 1) return { refused: 'photo_required' }
  return { to: next.to, event: next.event }
}

/** Overdue: still open (not rectified) after its deadline, by the city's date. */
export const isDangerOverdue = (danger: { status: DangerStatus, deadline: string }, today: string) =>
  danger.status === 'open' && danger.deadline < today

export type DangerInputProblem = { field: 'foundOn' | 'deadline', problem: 'in_future' | 'before_found' }

/** A danger is found on or before today and its deadline is not before it was found. */
export function checkDangerDates (input: { foundOn: string, deadline: string }, today: string): DangerInputProblem[] {
  const problems: DangerInputProblem[] = []
  if (input.foundOn > today) problems.push({ field: 'foundOn', problem: 'in_future' })
  if (input.deadline < input.foundOn) problems.push({ field: 'deadline', problem: 'before_found' })
  return problems
}
