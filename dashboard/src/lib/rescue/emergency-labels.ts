// Names on screen for the emergency center's codes: alert types (with the GB/T 24476 fault names), how an
// entrapment was detected, firms by id. Unknown codes are shown as they are, never hidden.
import { i18n } from '../../i18n/index.ts'
import type { MaintenanceFirm, RescueCase, RescueStatus } from '../../api/types.ts'

const t = (key: string, named: Record<string, unknown> = {}) => i18n.global.t(key, named)
const has = (key: string) => i18n.global.te(key)

/** "困人", "故障 05 轿厢意外移动", or the type itself when unknown. */
export function alertTypeLabel (type: string): string {
  if (type.startsWith('fault.')) {
    const code = type.slice('fault.'.length)
    if (code === '*') return t('alerts.types.fault')
    const name = has(`alerts.faults.${code}`) ? t(`alerts.faults.${code}`) : ''
    return [t('alerts.faultPrefix'), /^\d+$/.test(code) ? code : '', name || code].filter(Boolean).join(' ')
  }
  return has(`alerts.types.${type}`) ? t(`alerts.types.${type}`) : type
}

type SourceFacts = Pick<RescueCase, 'source'> & Partial<Pick<RescueCase, 'entrapmentSource' | 'entrapmentKind'>>

/** 非平层关人, 终端报困人 · 平层关人, 电话报警 · 报警按钮 · 轿内有人 …; null when not known. */
export function caseSourceLabel (c: SourceFacts, entrapmentSource: string | null): string | null {
  const how = c.entrapmentSource ?? entrapmentSource
  const parts: string[] = []
  if (c.source === 'phone') parts.push(t('rescue.sources.phone'))
  if (how !== null) parts.push(has(`rescue.sources.${how}`) ? t(`rescue.sources.${how}`) : how)
  // A derived entrapment's source is its kind already; a terminal's or an alarm's needs it said.
  if (c.entrapmentKind != null && how !== c.entrapmentKind) parts.push(t(`rescue.kinds.${c.entrapmentKind}`))
  return parts.length === 0 ? null : parts.join(' · ')
}

export function firmById (firms: MaintenanceFirm[], id: number | null): MaintenanceFirm | null {
  return id === null ? null : firms.find((f) => f.id === id) ?? null
}

/** The responder to call: the dispatched firm, or before dispatch the lift's contracted firm. */
export function responderOf (c: RescueCase): { name: string, phone: string | null, dispatched: boolean } | null {
  if (c.firmId !== null) return { name: c.firmName ?? `#${c.firmId}`, phone: c.firmPhone, dispatched: true }
  return c.contractedFirmName === null ? null : { name: c.contractedFirmName, phone: c.contractedFirmPhone, dispatched: false }
}

/** A timeline step's name; the escalation clock's own steps included. */
export function stepLabel (action: string): string {
  return has(`rescue.steps.${action}`) ? t(`rescue.steps.${action}`) : action
}

type TagType = 'danger' | 'warning' | 'primary' | 'success' | 'info'
const STATUS_TAGS: Record<RescueStatus, TagType> = {
  reported: 'danger', dispatched: 'warning', accepted: 'warning', arrived: 'primary', released: 'success', called_back: 'success', closed: 'success', false_alarm: 'info'
}

/** Red while nobody is sent, amber until someone is on site, then blue, green once people are out. */
export function statusTagType (status: RescueStatus): TagType {
  return STATUS_TAGS[status]
}
