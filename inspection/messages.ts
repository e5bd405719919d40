// Inspection's refusals (a record, a CSV line, an incident), the notes it writes into an alert's history,
// and the KPI formulas the figures carry so the dashboard shows what it computed. In Chinese a field is
// named by the column header of an inspection report register (检验报告台账).
import { LIST_SEPARATOR, text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const FIELD_ZH: Record<string, string> = {
  equipmentCode: '设备代码', kind: '检验类别', inspectedOn: '检验日期', body: '检验机构', inspector: '检验人员', result: '检验结论',
  reportNo: '报告编号', nextDue: '下次检验日期', occurredOn: '发生日期', injured: '受伤人数', deaths: '死亡人数', cause: '原因', source: '来源'
}
const VALUE_ZH: Record<string, string> = {
  periodic: '定期检验', self_test: '自行检测', acceptance: '验收检验', pass: '合格', fail: '不合格', pass_after_retest: '复检合格'
}
const DANGER_STATUS_ZH: Record<string, string> = { open: '待整改', rectified: '已整改待验收', closed: '已闭环' }
const DANGER_STEP_ZH: Record<string, string> = { rectify: '提交整改', accept: '验收通过', return: '退回整改' }
const field = (f: string) => FIELD_ZH[f] ?? f
const en = (items: readonly string[]) => items.join(LIST_SEPARATOR.en)
const zh = (items: readonly string[]) => items.map((i) => VALUE_ZH[i] ?? FIELD_ZH[i] ?? i).join(LIST_SEPARATOR['zh-CN'])

const INSPECTION_MESSAGES = registerMessages({
  'inspection.bad_kind': text<{ value: string, allowed: readonly string[] }>(
    (p) => `kind "${p.value}" is not one of ${en(p.allowed)}`, (p) => `检验类别「${p.value}」须为${zh(p.allowed)}之一`),
  'inspection.bad_result': text<{ value: string, allowed: readonly string[] }>(
    (p) => `result "${p.value}" is not one of ${en(p.allowed)}`, (p) => `检验结论「${p.value}」须为${zh(p.allowed)}之一`),
  'inspection.bad_date': text<{ field: string, value: string }>(
    (p) => `${p.field} "${p.value}" must be a date YYYY-MM-DD`, (p) => `${field(p.field)}「${p.value}」须为 YYYY-MM-DD 格式的日期`),
  'inspection.in_future': text<{ date: string, today: string }>(
    (p) => `inspection date ${p.date} is in the future (today is ${p.today} in the city)`, (p) => `检验日期 ${p.date} 晚于今天（本市日期 ${p.today}）`),
  'inspection.next_due_not_after': text<{ nextDue: string, inspectedOn: string }>(
    (p) => `next due date ${p.nextDue} must be after the inspection date ${p.inspectedOn}`, (p) => `下次检验日期 ${p.nextDue} 须晚于检验日期 ${p.inspectedOn}`),
  'inspection.next_due_required': text(
    () => 'a passed inspection needs its next due date (下次检验日期 on the mark)', () => '检验合格须填写下次检验日期'),
  'inspection.unknown_equipment': text<{ code: string }>(
    (p) => `no lift has equipment code ${p.code}`, (p) => `没有设备代码为 ${p.code} 的电梯`),
  'inspection.duplicate_report': text<{ reportNo: string }>(
    (p) => `report number ${p.reportNo} is already recorded`, (p) => `报告编号 ${p.reportNo} 已登记`),
  'inspection.duplicate_report_in_file': text<{ reportNo: string, line: number }>(
    (p) => `report number ${p.reportNo} already appears on line ${p.line}`, (p) => `报告编号 ${p.reportNo} 已在第 ${p.line} 行出现`),
  'inspection.field_empty': text<{ field: string }>((p) => `${p.field} is empty`, (p) => `${field(p.field)}为空`),
  'inspection.csv_missing_columns': text<{ fields: string[] }>(
    (p) => `the header lacks required column(s): ${en(p.fields)}`, (p) => `表头缺少必需的列：${zh(p.fields)}`),
  'inspection.bad_reference_date': text<{ date: string, today: string }>(
    (p) => `reference date ${p.date} is after today (${p.today})`, (p) => `参考日期 ${p.date} 晚于今天（${p.today}）`),
  'spot_check.no_population': text(
    () => 'no lift in use to draw from', () => '没有可抽取的在用电梯'),
  'spot_check.no_inspectors': text(
    () => 'no enabled inspector in the pool to assign', () => '执法检查人员库中没有可用的检查人员'),
  'spot_check.unknown_district': text<{ id: number }>(
    (p) => `no district has id ${p.id}`, (p) => `没有编号为 ${p.id} 的区县`),
  'spot_check.not_found': text(() => 'no such spot-check plan or lift in it', () => '没有该抽查计划或计划中没有该电梯'),
  'spot_check.not_yours': text(
    () => 'this lift was drawn for another inspector', () => '该电梯已随机分配给其他检查人员'),
  'spot_check.already_recorded': text(
    () => 'this lift\'s result is already recorded (a result is not rewritten)', () => '该电梯的抽查结果已登记，不可改写'),
  'spot_check.checked_out_of_range': text<{ date: string, drawnOn: string, today: string }>(
    (p) => `check date ${p.date} must be between the draw (${p.drawnOn}) and today (${p.today})`,
    (p) => `检查日期 ${p.date} 须在抽取日期 ${p.drawnOn} 与今天 ${p.today} 之间`),
  'danger.not_found': text(() => 'no such hidden-danger case in your scope', () => '没有该隐患，或不在您的范围内'),
  'danger.found_in_future': text<{ date: string, today: string }>(
    (p) => `found date ${p.date} is in the future (today is ${p.today} in the city)`, (p) => `发现日期 ${p.date} 晚于今天（本市日期 ${p.today}）`),
  'danger.deadline_before_found': text<{ deadline: string, foundOn: string }>(
    (p) => `deadline ${p.deadline} is before the date the danger was found (${p.foundOn})`, (p) => `整改期限 ${p.deadline} 早于发现日期 ${p.foundOn}`),
  'danger.wrong_status': text<{ step: string, status: string }>(
    (p) => `cannot ${p.step} a case that is ${p.status}`, (p) => `隐患当前为「${DANGER_STATUS_ZH[p.status] ?? p.status}」，不能${DANGER_STEP_ZH[p.step] ?? p.step}`),
  'danger.note_required': text(() => 'say what was done (or why it is returned): the note is required', () => '请填写整改情况说明（或退回原因）'),
  'danger.photo_required': text(() => 'a rectification needs at least one photo as evidence', () => '整改须上传至少一张照片作为证据'),
  'danger.not_owner': text(() => 'only the lift\'s use unit rectifies its hidden dangers', () => '只有电梯的使用单位可以提交隐患整改'),
  'danger.closed': text(() => 'the case is closed: no more evidence is taken', () => '隐患已闭环，不再接收整改证据'),
  'notice.not_needed': text<{ code: string }>(
    (p) => `lift ${p.code} is not overdue, failed or due soon (or not in use): no notice needed`, (p) => `电梯 ${p.code} 未超期、未不合格、也未临近到期（或不在用），无需督办`),
  'notice.not_found': text(() => 'no such notice about your lifts', () => '没有该督办通知，或不是您的电梯'),
  'inspection.bad_period_start': text<{ from: string, date: string }>(
    (p) => `the period's first day ${p.from} must be a date on or before the reference date ${p.date}`, (p) => `统计起始日期 ${p.from} 须为不晚于参考日期 ${p.date} 的日期`),
  'incident.in_future': text<{ date: string, today: string }>(
    (p) => `incident date ${p.date} is in the future (today is ${p.today} in the city)`, (p) => `发生日期 ${p.date} 晚于今天（本市日期 ${p.today}）`),

  'note.inspection_changed': text(
    () => 'the lift\'s inspection status changed', () => '电梯的检验状态已变化'),
  'note.inspection_overdue': text<{ date: string }>(
    (p) => `next inspection was due on ${p.date}`, (p) => `下次检验日期 ${p.date} 已过`),
  'note.inspection_failed': text<{ date: string }>(
    (p) => `failed its inspection on ${p.date} and not re-inspected`, (p) => `${p.date} 检验不合格，尚未复检合格`),
  'note.inspection_due_soon': text<{ date: string }>(
    (p) => `next inspection due on ${p.date}: apply now`, (p) => `下次检验日期为 ${p.date}，请及时申请检验`),
  'note.inspection_running': text<{ date: string, trips: number | null, points: number }>(
    (p) => `must not be used (unfit since ${p.date}) but still runs: ${p.trips === null ? 'no trip counter' : `${p.trips} trips`}, ${p.points} moving states recorded since`,
    (p) => `${p.date} 起不得使用，但仍在运行（违规使用）：此后${p.trips === null ? '终端未报运行次数' : `运行 ${p.trips} 次`}，记录到 ${p.points} 个运行状态`),

  'note.danger_overdue': text<{ id: number, date: string }>(
    (p) => `hidden danger #${p.id} was to be rectified by ${p.date}`, (p) => `隐患 #${p.id} 整改期限 ${p.date} 已过，尚未整改`),
  'note.danger_resolved': text(() => 'no hidden danger of the lift is past its deadline any more', () => '该电梯已无逾期未整改的隐患'),

  'formula.inspection_rate': text<{ date: string }>(
    (p) => `inspection rate = (1 − overdue ÷ lifts in use) × 100%, at ${p.date}. Lifts in use: status "in use" in the registry today (stopped and scrapped lifts are left out), registered or inspected by that date. Overdue: the date the lift was valid until (next due date of its latest inspection; a failed inspection not passed since counts from its own date) is before that date. Lifts with no inspection on record are not counted overdue.`,
    (p) => `定检率 = (1 − 超期未检台数 ÷ 在用台数) × 100%，参考日期 ${p.date}。在用台数：登记状态为"在用"（停用、报废不计）、且该日前已登记或检验过的电梯；超期未检：最近一次检验的下次检验日期早于参考日期，检验不合格且未复检合格的自检验日起计为超期；无检验记录的电梯不计为超期。`),
  'formula.inspection_period_rate': text<{ from: string, to: string }>(
    (p) => `inspection rate, period form = inspected on time ÷ due in the period × 100%, ${p.from} to ${p.to}. Due: each next due date in the period of a lift in use (of its latest passed inspection then, or the registry's date for a lift with no record). On time: the lift's next inspection is dated on or before that due date; a due date not yet met at the period's end counts as not on time.`,
    (p) => `定检率（期间口径）= 按期检验数 ÷ 期内应检数 × 100%，期间 ${p.from} 至 ${p.to}。应检：在用电梯的下次检验日期落在期内（依据当时最近一次合格检验；无检验记录的依据登记日期）；按期：下一次检验日期不晚于该下次检验日期；期末尚未检验的计为未按期。`),
  'formula.incident_rate': text<{ from: string, to: string }>(
    (p) => `per 10,000 units = count from ${p.from} to ${p.to} ÷ lifts in use (registry today) × 10,000. Incidents and deaths from incident records; entrapments from rescue cases (false alarms excluded).`,
    (p) => `万台率 = ${p.from} 至 ${p.to} 的起数 ÷ 在用台数（当前登记）× 10000。事故、死亡来自事故/事件记录；困人来自救援案件（误报不计）。`)
})

type InspectionTexts = typeof INSPECTION_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends InspectionTexts {}
}
