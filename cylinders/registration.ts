// The checks a cylinder's registration must pass before it is stored (the API and the CSV import both
// ask them), pure: what is wrong, each with the field it is about, in the catalog's words.
import { isDate } from '../platform/calendar.ts'
import { msg, type Message } from '../platform/messages/key.ts'
import { CYLINDER_CODE_PATTERN } from './lifecycle.ts'
import type {} from './messages.ts'

export interface RegistrationInput {
  code: string
  registrationNo: string | null
  fillingUnitId: number
  manufacturer: string
  serial: string
  volumeL: number
  medium: string
  nominalPressureMpa: number
  manufacturedOn: string
  designLifeYears: number | null
  /** The last inspection on the cylinder's mark when it is registered (an onboarding of existing cylinders); taken as passed. */
  lastInspectedOn: string | null
  emptyMassKg: number | null
  capacityKg: number | null
}

export interface RegistrationProblem { field: keyof RegistrationInput, message: Message }

const CODE = new RegExp(CYLINDER_CODE_PATTERN)

export function checkRegistration (input: RegistrationInput, today: string, media: ReadonlySet<string>): RegistrationProblem[] {
  const problems: RegistrationProblem[] = []
  if (!CODE.test(input.code)) problems.push({ field: 'code', message: msg('cylinder.bad_code', { value: input.code }) })
  if (!media.has(input.medium)) problems.push({ field: 'medium', message: msg('cylinder.unknown_medium', { medium: input.medium }) })
  for (const f of ['volumeL', 'nominalPressureMpa'] as const) {
    if (!(Number.isFinite(input[f]) && input[f] > 0)) problems.push({ field: f, message: msg('cylinder.bad_number', { field: f, value: String(input[f]) }) })
  }
  for (const f of ['emptyMassKg', 'capacityKg', 'designLifeYears'] as const) {
    const v = input[f]
    if (v !== null && !(Number.isFinite(v) && v > 0)) problems.push({ field: f, message: msg('cylinder.bad_number', { field: f, value: String(v) }) })
  }
  if (input.designLifeYears !== null && !Number.isInteger(input.designLifeYears)) {
    problems.push({ field: 'designLifeYears', message: msg('cylinder.bad_number', { field: 'designLifeYears', value: String(input.designLifeYears) }) })
  }
  for (const f of ['manufacturedOn', 'lastInspectedOn'] as const) {
    const v = input[f]
    if (v === null) continue
    if (!isDate(v)) problems.push({ field: f, message: msg('cylinder.bad_date', { field: f, value: v }) })
    else if (v > today) problems.push({ field: f, message: msg('cylinder.in_future', { field: f, date: v, today }) })
  }
  if (input.lastInspectedOn !== null && isDate(input.manufacturedOn) && isDate(input.lastInspectedOn) && input.lastInspectedOn < input.manufacturedOn) {
    problems.push({ field: 'lastInspectedOn', message: msg('cylinder.before_manufacture', { field: 'lastInspectedOn', date: input.lastInspectedOn, manufacturedOn: input.manufacturedOn }) })
  }
  return problems
}

/** An inspection's or a scrapping's date: a real date, not in the future, not before the cylinder was made. */
export function checkEventDate (fieldName: 'on', on: string, manufacturedOn: string, today: string): Message | null {
  if (!isDate(on)) return msg('cylinder.bad_date', { field: fieldName, value: on })
  if (on > today) return msg('cylinder.in_future', { field: fieldName, date: on, today })
  if (on < manufacturedOn) return msg('cylinder.before_manufacture', { field: fieldName, date: on, manufacturedOn })
  return null
}
