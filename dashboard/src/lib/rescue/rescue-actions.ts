// Which workflow steps make sense for a case, by the server's own rules (rescue/workflow.ts), so the
// screen offers only buttons that can work. The server stays the judge: a refusal comes back with its
// reason, which the screen shows.
import type { RescueActionName, RescueCase, RescueStatus, Role } from '../../api/types.ts'
import { REQUIRES } from '../../../../rescue/workflow.ts'

/** The firm's own steps, in order: the big buttons on its phone. */
export const FIRM_STEPS = ['accept', 'arrive', 'release'] as const
export type FirmStep = typeof FIRM_STEPS[number]

export const OPEN_RESCUE_STATUSES: readonly RescueStatus[] = ['reported', 'dispatched', 'accepted', 'arrived', 'released', 'called_back']

export function isOpen (status: RescueStatus): boolean {
  return OPEN_RESCUE_STATUSES.includes(status)
}

export function mayAct (c: Pick<RescueCase, 'status' | 'level'>, action: RescueActionName): boolean {
  if (action === 'escalate' && c.level >= 3) return false
  return REQUIRES[action].includes(c.status)
}

export interface OfferedAction { action: RescueActionName, primary: boolean }

/**
 * The buttons for a role. The desk's next step is primary (dispatch, call back, close); the firm's steps
 * are offered to the desk too, for a firm that reports by phone; escalation and false alarm are always
 * at hand while they can apply.
 */
export function offeredActions (c: Pick<RescueCase, 'status' | 'level'>, role: Role | null): OfferedAction[] {
  if (role === 'maintainer') return FIRM_STEPS.filter((a) => mayAct(c, a)).map((action) => ({ action, primary: true }))
  if (role !== 'dispatcher' && role !== 'admin') return []
  const order: Array<[RescueActionName, boolean]> = [
    ['dispatch', true], ['call_back', true], ['close', c.status === 'called_back'],
    ['accept', false], ['arrive', false], ['release', false], ['escalate', false], ['false_alarm', false]
  ]
  return order.filter(([action]) => mayAct(c, action)).map(([action, primary]) => ({ action, primary }))
}

/** What waits for this role now: a new case for the desk, a dispatch not yet accepted for a firm. */
export function awaitsRole (c: Pick<RescueCase, 'status'>, role: Role | null): boolean {
  if (role === 'maintainer') return c.status === 'dispatched'
  return c.status === 'reported'
}
