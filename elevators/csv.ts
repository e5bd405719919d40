// Validation of one row of an elevator CSV import, pure: the importer resolves names to ids. Headers may
// be the English column names or the Chinese ones a bureau's registry export uses.
import { ELEVATOR_KINDS, EQUIPMENT_STATUSES } from './codes.ts'
import { ID_PATTERN } from '../protocol/topics.ts'
import { msg, type Message } from '../platform/messages/key.ts'
// Only the types of the keys said here: the texts are loaded by the importer (import-route.ts).
import type {} from './messages.ts'

export interface ElevatorCsvRow {
  equipmentCode: string
  rescueId: string
  kind: string
  status: string
  address: string
  building: string | null
  floors: number | null
  district: string
  useUnit: string
  maintenanceFirm: string | null
  publicPlace: boolean
  lastInspectionDate: string | null
  nextInspectionDate: string | null
}

export const CSV_COLUMNS: Record<string, keyof ElevatorCsvRow> = {
  equipment_code: 'equipmentCode', 设备代码: 'equipmentCode',
  rescue_id: 'rescueId', 救援识别码: 'rescueId', 救援码: 'rescueId',
  kind: 'kind', 设备类别: 'kind', 类别: 'kind',
  status: 'status', 状态: 'status', 使用状态: 'status',
  address: 'address', 地址: 'address', 安装地址: 'address',
  building: 'building', 楼栋: 'building', 建筑: 'building',
  floors: 'floors', 层数: 'floors',
  district: 'district', 区县: 'district', 辖区: 'district',
  use_unit: 'useUnit', 使用单位: 'useUnit',
  maintenance_firm: 'maintenanceFirm', 维保单位: 'maintenanceFirm',
  public_place: 'publicPlace', 公众聚集场所: 'publicPlace',
  last_inspection_date: 'lastInspectionDate', 上次检验日期: 'lastInspectionDate',
  next_inspection_date: 'nextInspectionDate', 下次检验日期: 'nextInspectionDate'
}

const REQUIRED: Array<keyof ElevatorCsvRow> = ['equipmentCode', 'rescueId', 'kind', 'address', 'district', 'useUnit']

const KIND_NAMES: Record<string, string> = { 曳引: 'traction', 曳引式: 'traction', 曳引驱动乘客电梯: 'traction', 液压: 'hydraulic', 自动扶梯: 'escalator', 自动人行道: 'moving_walk' }
const STATUS_NAMES: Record<string, string> = { 在用: 'in_use', 停用: 'stopped', 报废: 'scrapped' }
const TRUE = new Set(['1', 'true', 'yes', 'y', '是'])
const FALSE = new Set(['', '0', 'false', 'no', 'n', '否'])

/** Which canonical fields the header provides, and which required ones are missing. */
export function mapHeader (header: string[]): { fields: Array<keyof ElevatorCsvRow | null>, missing: Array<keyof ElevatorCsvRow>, unknown: string[] } {
  const fields = header.map((h) => CSV_COLUMNS[h.trim()] ?? CSV_COLUMNS[h.trim().toLowerCase()] ?? null)
  const unknown = header.filter((_, i) => fields[i] === null)
  const missing = REQUIRED.filter((f) => !fields.includes(f))
  return { fields, missing, unknown }
}

function validDate (value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)
}

/** A good row, or every problem of a bad one at once, as catalog messages the importer renders. */
export function validateElevatorRow (values: Partial<Record<keyof ElevatorCsvRow, string>>): { row: ElevatorCsvRow } | { problems: Message[] } {
  const v = (k: keyof ElevatorCsvRow) => (values[k] ?? '').trim()
  const problems: Message[] = []
  for (const field of REQUIRED) if (v(field) === '') problems.push(msg('csv.field_empty', { field }))
  const equipmentCode = v('equipmentCode')
  if (equipmentCode !== '' && !ID_PATTERN.test(equipmentCode)) problems.push(msg('csv.bad_equipment_code', { value: equipmentCode }))
  const rescueId = v('rescueId')
  if (rescueId !== '' && !/^\d{6}$/.test(rescueId)) problems.push(msg('csv.bad_rescue_id', { value: rescueId }))
  const kind = KIND_NAMES[v('kind')] ?? v('kind')
  if (v('kind') !== '' && !(ELEVATOR_KINDS as readonly string[]).includes(kind)) problems.push(msg('csv.bad_kind', { value: v('kind'), allowed: ELEVATOR_KINDS }))
  const status = STATUS_NAMES[v('status')] ?? (v('status') || 'in_use')
  if (!(EQUIPMENT_STATUSES as readonly string[]).includes(status)) problems.push(msg('csv.bad_status', { value: v('status'), allowed: EQUIPMENT_STATUSES }))
  let floors: number | null = null
  if (v('floors') !== '') {
    floors = Number(v('floors'))
    if (!Number.isInteger(floors) || floors < 1 || floors > 300) problems.push(msg('csv.bad_floors', { value: v('floors') }))
  }
  const publicPlace = v('publicPlace').toLowerCase()
  if (!TRUE.has(publicPlace) && !FALSE.has(publicPlace)) problems.push(msg('csv.bad_public_place', { value: v('publicPlace') }))
  for (const field of ['lastInspectionDate', 'nextInspectionDate'] as const) {
    if (v(field) !== '' && !validDate(v(field))) problems.push(msg('csv.bad_date', { field, value: v(field) }))
  }
  if (problems.length > 0) return { problems }
  return {
    row: {
      equipmentCode,
      rescueId,
      kind,
      status,
      address: v('address'),
      building: v('building') || null,
      floors,
      district: v('district'),
      useUnit: v('useUnit'),
      maintenanceFirm: v('maintenanceFirm') || null,
      publicPlace: TRUE.has(publicPlace),
      lastInspectionDate: v('lastInspectionDate') || null,
      nextInspectionDate: v('nextInspectionDate') || null
    }
  }
}
