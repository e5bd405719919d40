// Turns checked scenario events into actions on one fleet: equipment codes and gateway ids become indices,
// floor labels become landings. Errors name the scenario line, so a typo in a code is found before the run.
import type { LiftInput, LiftSpec } from '../lift/lift-types.ts'
import { landingOf } from '../lift/lift-motion.ts'
import { ScenarioError, type ScenarioEvent } from './scenario.ts'

export type FleetAction =
  | { at: number, kind: 'lift', lift: number, input: LiftInput }
  | { at: number, kind: 'gateway', gateway: number, network: 'drop' | 'off', durationMs: number }

export interface FleetIndex {
  liftIndex (equipmentCode: string): number | undefined
  gatewayIndex (gatewayId: string): number | undefined
  spec (lift: number): LiftSpec
}

const DEFAULT_ALARM_MS = 3000
const DEFAULT_VISIT_MS = 30 * 60_000

export function bindScenario (events: ScenarioEvent[], fleet: FleetIndex): FleetAction[] {
  return events.map((event) => bindEvent(event, fleet))
}

function bindEvent (e: ScenarioEvent, fleet: FleetIndex): FleetAction {
  if (e.do === 'disconnect' || e.do === 'power_off') {
    const gateway = fleet.gatewayIndex(e.gateway!)
    if (gateway === undefined) throw new ScenarioError(e.where, `gateway "${e.gateway}" is not in this fleet`)
    return { at: e.at, kind: 'gateway', gateway, network: e.do === 'disconnect' ? 'drop' : 'off', durationMs: e.durationMs ?? 0 }
  }
  const lift = fleet.liftIndex(e.lift!)
  if (lift === undefined) throw new ScenarioError(e.where, `lift "${e.lift}" is not in this fleet`)
  const spec = fleet.spec(lift)
  const landing = (name: 'floor' | 'to') => {
    const value = e[name]!
    const found = landingOf(spec, value)
    if (found === null) {
      const top = spec.lowest + spec.landings - (spec.lowest < 0 ? 0 : 1)
      throw new ScenarioError(e.where, `lift ${spec.equipmentCode} does not serve floor ${value} ("${name}"); it serves ${spec.lowest}…${top}${spec.lowest < 0 ? ' without 0' : ''}`)
    }
    return found
  }
  const input = ((): LiftInput => {
    switch (e.do) {
      case 'go_to_floor': return { type: 'car_call', floor: landing('floor') }
      case 'hall_call': {
        const from = landing('floor')
        const to = landing('to')
        if (from === to) throw new ScenarioError(e.where, '"floor" and "to" must differ')
        return { type: 'hall_call', from, to }
      }
      case 'trap_between_floors': return { type: 'trap', kind: 'between_floors', report: e.report ?? false }
      case 'trap_in_door_zone': return { type: 'trap', kind: 'door_zone', report: e.report ?? false }
      case 'release': return { type: 'release' }
      case 'fault': return { type: 'fault', code: e.code!, durationMs: e.durationMs ?? null }
      case 'clear_fault': return { type: 'clear_fault', code: e.code! }
      case 'alarm_button': return { type: 'alarm_button', durationMs: e.durationMs ?? DEFAULT_ALARM_MS }
      case 'start_inspection': return { type: 'start_inspection', durationMs: e.durationMs ?? DEFAULT_VISIT_MS }
      case 'end_inspection': return { type: 'end_inspection' }
    }
  })()
  return { at: e.at, kind: 'lift', lift, input }
}
