// The cylinder registry's refusals (a registration, a CSV line, an inspection, a transfer, a scrapping,
// a media edit, a filling unit or station), the notes of its aggregated alerts, and the 定检率 formula the
// figures carry. In Chinese a field is named by the column header of a filling unit's cylinder register
// (气瓶档案).
import { LIST_SEPARATOR, text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const FIELD_ZH: Record<string, string> = {
  code: '气瓶编码', registrationNo: '使用登记证编号', fillingUnitId: '充装单位', fillingUnit: '充装单位', manufacturer: '制造单位',
  serial: '出厂编号', volumeL: '容积(L)', medium: '充装介质', nominalPressureMpa: '公称工作压力(MPa)', manufacturedOn: '制造日期',
  designLifeYears: '设计使用年限', lastInspectedOn: '上次检验日期', emptyMassKg: '皮重(kg)', capacityKg: '最大充装量(kg)',
  on: '日期', result: '检验结论', reason: '报废原因'
}
const field = (f: string) => FIELD_ZH[f] ?? f
const en = (items: readonly string[]) => items.join(LIST_SEPARATOR.en)
const zh = (items: readonly string[]) => items.map(field).join(LIST_SEPARATOR['zh-CN'])

const CYLINDER_MESSAGES = registerMessages({
  'cylinder.not_found': text<{ code: string }>((p) => `no cylinder ${p.code} in your scope`, (p) => `您的权限范围内没有编码为 ${p.code} 的气瓶`),
  'cylinder.unknown_code': text<{ code: string }>((p) => `no cylinder has the code ${p.code}`, (p) => `没有编码为 ${p.code} 的气瓶`),
  'cylinder.code_taken': text<{ code: string }>(
    (p) => `cylinder code ${p.code} is already registered (a code is never given out twice, even after scrapping)`,
    (p) => `气瓶编码 ${p.code} 已登记（一瓶一码，报废后也不再使用）`),
  'cylinder.bad_code': text<{ value: string }>(
    (p) => `cylinder code "${p.value}" must be 4–64 letters, digits, - or _`, (p) => `气瓶编码「${p.value}」须为 4–64 位字母、数字、- 或 _`),
  'cylinder.unknown_medium': text<{ medium: string }>((p) => `no medium ${p.medium} in the media table`, (p) => `介质表中没有 ${p.medium}`),
  'cylinder.unknown_unit': text<{ unit: string }>((p) => `no filling unit ${p.unit}`, (p) => `没有充装单位「${p.unit}」`),
  'cylinder.other_unit': text(() => 'a filling unit registers only its own cylinders', () => '充装单位只能登记本单位的气瓶'),
  'cylinder.bad_date': text<{ field: string, value: string }>(
    (p) => `${p.field} "${p.value}" must be a date YYYY-MM-DD`, (p) => `${field(p.field)}「${p.value}」须为 YYYY-MM-DD 格式的日期`),
  'cylinder.in_future': text<{ field: string, date: string, today: string }>(
    (p) => `${p.field} ${p.date} is in the future (today is ${p.today} in the city)`, (p) => `${field(p.field)} ${p.date} 晚于今天（本市日期 ${p.today}）`),
  'cylinder.before_manufacture': text<{ field: string, date: string, manufacturedOn: string }>(
    (p) => `${p.field} ${p.date} is before the cylinder was made (${p.manufacturedOn})`, (p) => `${field(p.field)} ${p.date} 早于制造日期 ${p.manufacturedOn}`),
  'cylinder.bad_number': text<{ field: string, value: string }>(
    (p) => `${p.field} "${p.value}" must be a positive number`, (p) => `${field(p.field)}「${p.value}」须为正数`),
  'cylinder.field_empty': text<{ field: string }>((p) => `${p.field} is empty`, (p) => `${field(p.field)}为空`),
  'cylinder.csv_missing_columns': text<{ fields: string[] }>(
    (p) => `the header lacks required column(s): ${en(p.fields)}`, (p) => `表头缺少必需的列：${zh(p.fields)}`),
  'cylinder.duplicate_in_file': text<{ code: string, line: number }>(
    (p) => `cylinder code ${p.code} already appears on line ${p.line}`, (p) => `气瓶编码 ${p.code} 已在第 ${p.line} 行出现`),
  'cylinder.is_scrapped': text<{ code: string, on: string }>(
    (p) => `cylinder ${p.code} was scrapped on ${p.on}: its record is closed`, (p) => `气瓶 ${p.code} 已于 ${p.on} 报废，档案已关闭`),
  'cylinder.same_unit': text(() => 'the cylinder already belongs to that filling unit', () => '气瓶已属于该充装单位'),
  'cylinder.bad_component': text<{ medium: string, component: string }>(
    (p) => `mixture ${p.medium}: component ${p.component} is not a medium of the table (or is a mixture itself)`,
    (p) => `混合气体 ${p.medium} 的组分 ${p.component} 不在介质表中（或本身是混合气体）`),
  'cylinder.throttled': text<{ seconds: number }>(
    (p) => `too many look-ups; try again in ${p.seconds} s`, (p) => `查询过于频繁，请 ${p.seconds} 秒后再试`),
  'cylinder.alert_not_found': text(() => 'no such open cylinder alert', () => '没有这个未关闭的气瓶告警'),
  'filling_unit.not_found': text((() => 'no such filling unit'), () => '没有这个充装单位'),
  'filling_unit.taken': text<{ name: string }>((p) => `a filling unit with this name or license number exists: ${p.name}`, (p) => `已有同名或同许可证编号的充装单位：${p.name}`),
  'filling_unit.unknown_district': text<{ id: number }>((p) => `no district ${p.id}`, (p) => `没有编号为 ${p.id} 的区县`),
  'filling_station.taken': text<{ code: string }>((p) => `station code ${p.code} is taken`, (p) => `充装站编码 ${p.code} 已被使用`),

  'note.cylinder_overdue': text<{ count: number, earliest: string }>(
    (p) => `${p.count} cylinder(s) in use past their inspection date (the earliest due ${p.earliest}): they must not be filled`,
    (p) => `${p.count} 只在用气瓶超期未检（最早 ${p.earliest} 到期），不得充装`),
  'note.cylinder_past_life': text<{ count: number, earliest: string }>(
    (p) => `${p.count} cylinder(s) past their design life (the earliest ended ${p.earliest}): scrap them`,
    (p) => `${p.count} 只气瓶超过设计使用年限（最早 ${p.earliest} 到期），应予报废`),
  'note.cylinder_all_clear': text(() => 'no cylinder of the unit is in this state any more', () => '本单位已无处于该状态的气瓶'),

  'formula.cylinder_inspection_rate': text<{ date: string }>(
    (p) => `cylinder inspection rate = (1 − overdue ÷ cylinders in use) × 100%, at ${p.date}. Cylinders in use: registered by that date and not scrapped by it. Overdue: the next inspection was due before that date (its latest inspection by then: the first inspection's date for one never inspected), or its latest inspection by then failed.`,
    (p) => `气瓶定检率 = (1 − 超期未检数 ÷ 在用气瓶数) × 100%，参考日期 ${p.date}。在用：该日前已建档且未报废的气瓶；超期未检：依据该日前最近一次检验（未检验过的依据首次检验日期），下次检验日期早于参考日期，或该次检验不合格。`)
})

type CylinderTexts = typeof CYLINDER_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends CylinderTexts {}
}
