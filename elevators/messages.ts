// An elevator's refusals: not found or not in the caller's scope, not reported yet; a history period
// and the time-series store behind it (elevators/telemetry-routes.ts, registry/routes.ts, the rescue
// figures); and the CSV import's problems with a file, a header or a row (elevators/csv.ts,
// elevators/import-route.ts). In Chinese a CSV field is named by the column header of a bureau's registry export.
import type { ElevatorCsvRow } from './csv.ts'
import { LIST_SEPARATOR, text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

type Field = keyof ElevatorCsvRow

const FIELD_ZH: Record<Field, string> = {
  equipmentCode: '设备代码', rescueId: '救援识别码', kind: '设备类别', status: '使用状态', address: '安装地址', building: '楼栋', floors: '层数',
  district: '区县', useUnit: '使用单位', maintenanceFirm: '维保单位', publicPlace: '公众聚集场所', lastInspectionDate: '上次检验日期', nextInspectionDate: '下次检验日期'
}

const en = (items: readonly string[]) => items.join(LIST_SEPARATOR.en)
const zh = (items: readonly string[]) => items.join(LIST_SEPARATOR['zh-CN'])

const ELEVATOR_MESSAGES = registerMessages({
  'elevator.not_found': text(() => 'no such elevator', () => '没有这台电梯'),
  'elevator.not_in_scope': text(() => 'no such elevator in your scope', () => '没有这台电梯，或不在您的权限范围内'),
  'elevator.not_reported': text(() => 'this lift has not reported yet', () => '这台电梯尚未上报数据'),

  'period.from_before_to': text(() => '"from" must be before "to"', () => '开始时间（from）须早于结束时间（to）'),
  'period.too_long': text<{ days: number }>((p) => `range is longer than ${p.days} days`, (p) => `时间范围超过 ${p.days} 天`),
  'timeseries.unavailable': text(
    () => 'the time-series store is not answering; try again shortly', () => '时序数据库暂时没有响应，请稍后再试'),

  'csv.unreadable': text<{ detail: string }>((p) => `not a readable CSV file: ${p.detail}`, (p) => `无法读取的 CSV 文件：${p.detail}`),
  'csv.empty': text(() => 'the CSV file is empty; expected a header line and rows', () => 'CSV 文件为空；应有一行表头和若干数据行'),
  'csv.missing_columns': text<{ fields: Field[] }>(
    (p) => `the header lacks required column(s): ${en(p.fields)}`,
    (p) => `表头缺少必需的列：${zh(p.fields.map((f) => FIELD_ZH[f]))}`),
  'csv.columns_found': text<{ columns: string[] }>((p) => `columns found: ${en(p.columns)}`, (p) => `文件中的列：${zh(p.columns)}`),
  'csv.field_count': text<{ found: number, expected: number }>(
    (p) => `has ${p.found} fields, the header has ${p.expected}`, (p) => `该行有 ${p.found} 列，表头有 ${p.expected} 列`),
  'csv.duplicate_code': text<{ code: string, line: number }>(
    (p) => `equipment code ${p.code} already appears on line ${p.line}`, (p) => `设备代码 ${p.code} 已在第 ${p.line} 行出现`),
  'csv.unknown_district': text<{ district: string }>(
    (p) => `unknown district "${p.district}" (use a district code or name from GET /api/districts)`,
    (p) => `未知区县「${p.district}」（请使用 GET /api/districts 中的区县代码或名称）`),
  'csv.rescue_id_taken': text<{ rescueId: string }>(
    (p) => `rescue ID ${p.rescueId} is already used by another lift`, (p) => `救援识别码 ${p.rescueId} 已被另一台电梯使用`),
  'csv.not_stored': text<{ detail: string }>((p) => `could not be stored: ${p.detail}`, (p) => `无法保存：${p.detail}`),

  'csv.field_empty': text<{ field: Field }>((p) => `${p.field} is empty`, (p) => `${FIELD_ZH[p.field]}为空`),
  'csv.bad_equipment_code': text<{ value: string }>(
    (p) => `equipmentCode "${p.value}" must be 1-64 of A-Z a-z 0-9 _ -`, (p) => `设备代码「${p.value}」须为 1-64 位 A-Z a-z 0-9 _ -`),
  'csv.bad_rescue_id': text<{ value: string }>((p) => `rescueId "${p.value}" must be 6 digits`, (p) => `救援识别码「${p.value}」须为 6 位数字`),
  'csv.bad_kind': text<{ value: string, allowed: readonly string[] }>(
    (p) => `kind "${p.value}" must be one of ${en(p.allowed)}`,
    (p) => `设备类别「${p.value}」须为曳引、液压、自动扶梯、自动人行道之一（或 ${zh(p.allowed)}）`),
  'csv.bad_status': text<{ value: string, allowed: readonly string[] }>(
    (p) => `status "${p.value}" must be one of ${en(p.allowed)}`,
    (p) => `使用状态「${p.value}」须为在用、停用、报废之一（或 ${zh(p.allowed)}）`),
  'csv.bad_floors': text<{ value: string }>((p) => `floors "${p.value}" must be a whole number 1-300`, (p) => `层数「${p.value}」须为 1-300 的整数`),
  'csv.bad_public_place': text<{ value: string }>((p) => `publicPlace "${p.value}" must be yes or no`, (p) => `公众聚集场所「${p.value}」须为是或否`),
  'csv.bad_date': text<{ field: Field, value: string }>(
    (p) => `${p.field} "${p.value}" must be a date YYYY-MM-DD`, (p) => `${FIELD_ZH[p.field]}「${p.value}」须为 YYYY-MM-DD 格式的日期`)
})

type ElevatorTexts = typeof ELEVATOR_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends ElevatorTexts {}
}
