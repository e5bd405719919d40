// Scenario scripts: timed events that make a run reproducible, for tests and demos. A file holds one JSON
// object per line (JSON Lines), so an error can name its line; blank lines and lines starting with # are
// skipped. Example:
//   {"at": 5000, "lift": "31106301002024000001", "do": "trap_between_floors", "report": true}
import { EVENT_CODES, isEntrapmentCode, type KnownEventCode } from '../../elevators/codes.ts'

type FieldKind = 'lift' | 'gateway' | 'floor' | 'code' | 'boolean' | 'duration'
interface ActionSpec { required: Record<string, FieldKind>, optional: Record<string, FieldKind>, help: string }

/** Every action, its fields and what it does: the docs (docs/simulators.md) follow this table. */
export const SCENARIO_ACTIONS = {
  go_to_floor: { required: { lift: 'lift', floor: 'floor' }, optional: {}, help: 'send the car to a floor (a car call)' },
  hall_call: { required: { lift: 'lift', floor: 'floor', to: 'floor' }, optional: {}, help: 'a passenger calls at `floor` and rides to `to`' },
  trap_between_floors: { required: { lift: 'lift' }, optional: { report: 'boolean' }, help: '非平层关人: the car stops between floors with a passenger inside' },
  trap_in_door_zone: { required: { lift: 'lift' }, optional: { report: 'boolean' }, help: '平层关人: the doors do not open at the landing, a passenger inside' },
  release: { required: { lift: 'lift' }, optional: {}, help: 'rescuers open the doors at a landing and the passengers leave' },
  fault: { required: { lift: 'lift', code: 'code' }, optional: { durationMs: 'duration' }, help: 'a fault code goes active; it clears after durationMs, or at clear_fault' },
  clear_fault: { required: { lift: 'lift', code: 'code' }, optional: {}, help: 'the fault code goes inactive' },
  alarm_button: { required: { lift: 'lift' }, optional: { durationMs: 'duration' }, help: 'the alarm button (code 90) is held for durationMs (default 3 s); a false alarm if nobody is inside' },
  start_inspection: { required: { lift: 'lift' }, optional: { durationMs: 'duration' }, help: 'a maintenance visit: inspection mode (2, 检修) once the car is free, for durationMs (default 30 min)' },
  end_inspection: { required: { lift: 'lift' }, optional: {}, help: 'the visit ends, back to normal service' },
  disconnect: { required: { gateway: 'gateway' }, optional: {}, help: 'the gateway loses its network: unclean loss (last will), reconnects with backoff' },
  power_off: { required: { gateway: 'gateway', durationMs: 'duration' }, optional: {}, help: 'the gateway loses power: the connection drops and it stays silent for durationMs, then reconnects' }
} as const satisfies Record<string, ActionSpec>

export type ScenarioAction = keyof typeof SCENARIO_ACTIONS

export interface ScenarioEvent {
  /** Where the event came from, for error messages: "file.jsonl:7" or "event 3". */
  where: string
  at: number
  do: ScenarioAction
  lift?: string
  gateway?: string
  floor?: number
  to?: number
  code?: string
  report?: boolean
  durationMs?: number
}

export class ScenarioError extends Error {
  constructor (public readonly where: string, message: string) {
    super(`${where}: ${message}`)
    this.name = 'ScenarioError'
  }
}

/** Codes a scenario may raise with `fault`: the fault codes of the protocol; entrapment has its own actions. */
export const FAULT_CODES = (Object.keys(EVENT_CODES) as KnownEventCode[])
  .filter((code) => EVENT_CODES[code].kind === 'fault' && !isEntrapmentCode(code))

const MAX_AT = 366 * 24 * 3_600_000

function checkField (where: string, name: string, kind: FieldKind, value: unknown) {
  const fail = (expected: string) => { throw new ScenarioError(where, `"${name}" must be ${expected}, got ${JSON.stringify(value)}`) }
  switch (kind) {
    case 'lift':
    case 'gateway':
      if (typeof value !== 'string' || value === '') fail(`a ${kind === 'lift' ? 'lift equipment code' : 'gateway id'} (string)`)
      return
    case 'floor':
      if (!Number.isInteger(value)) fail('a whole floor number')
      return
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false')
      return
    case 'duration':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_AT) fail('a duration in milliseconds ≥ 0')
      return
    case 'code':
      if (typeof value !== 'string' || !(FAULT_CODES as string[]).includes(value)) fail(`one of ${FAULT_CODES.join(', ')}`)
  }
}

/** Checks one event object; `where` names it in errors. */
export function validateScenarioEvent (raw: unknown, where: string): ScenarioEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ScenarioError(where, 'an event must be a JSON object')
  const event = raw as Record<string, unknown>
  const action = event.do
  if (typeof action !== 'string' || !Object.hasOwn(SCENARIO_ACTIONS, action)) {
    throw new ScenarioError(where, `"do" must be one of ${Object.keys(SCENARIO_ACTIONS).join(', ')}, got ${JSON.stringify(action)}`)
  }
  const spec: ActionSpec = SCENARIO_ACTIONS[action as ScenarioAction]
  if (typeof event.at !== 'number' || !Number.isFinite(event.at) || event.at < 0 || event.at > MAX_AT) {
    throw new ScenarioError(where, `"at" must be milliseconds from the start of the run (a number ≥ 0), got ${JSON.stringify(event.at)}`)
  }
  const allowed = ['at', 'do', ...Object.keys(spec.required), ...Object.keys(spec.optional)]
  for (const name of Object.keys(event)) {
    if (!allowed.includes(name)) throw new ScenarioError(where, `unknown field "${name}" for "${action}"; fields: ${allowed.join(', ')}`)
  }
  for (const [name, kind] of Object.entries(spec.required)) {
    if (event[name] === undefined) throw new ScenarioError(where, `"${action}" needs "${name}"`)
    checkField(where, name, kind, event[name])
  }
  for (const [name, kind] of Object.entries(spec.optional)) {
    if (event[name] !== undefined) checkField(where, name, kind, event[name])
  }
  return { ...(event as Omit<ScenarioEvent, 'where'>), where }
}

/** Parses a JSON Lines scenario; the events come back sorted by time (stable for equal times). */
export function parseScenario (text: string, source: string): ScenarioEvent[] {
  const events: ScenarioEvent[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const where = `${source}:${i + 1}`
    let raw: unknown
    try {
      raw = JSON.parse(trimmed)
    } catch (err) {
      throw new ScenarioError(where, `not valid JSON (${(err as Error).message}); each line holds one event object`)
    }
    events.push(validateScenarioEvent(raw, where))
  })
  return sortEvents(events)
}

/** Events given in code (tests, demos), named "event 1", "event 2"… in errors. */
export function scenarioFrom (events: unknown[]): ScenarioEvent[] {
  return sortEvents(events.map((e, i) => validateScenarioEvent(e, `event ${i + 1}`)))
}

function sortEvents (events: ScenarioEvent[]): ScenarioEvent[] {
  return events.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e)
}
