// Maintenance's refusals (a visit that cannot be submitted, a photo, a signature, a checklist), and the
// notes it writes into an alert's history. In Chinese things are named as a maintenance record form
// (维护保养记录) names them.
import { LIST_SEPARATOR, text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const INTERVAL_ZH: Record<string, string> = { half_monthly: '半月', quarterly: '季度', half_yearly: '半年', annual: '年度' }
const INTERVAL_EN: Record<string, string> = { half_monthly: 'half-monthly', quarterly: 'quarterly', half_yearly: 'half-yearly', annual: 'annual' }
const en = (items: readonly string[]) => items.join(LIST_SEPARATOR.en)
const zh = (items: readonly string[]) => items.join(LIST_SEPARATOR['zh-CN'])

const MAINTENANCE_MESSAGES = registerMessages({
  'maintenance.not_ready': text<{ reasons: string[] }>(
    (p) => `the visit cannot be submitted yet (${p.reasons.length} problem(s)); the draft is kept`, (p) => `维保记录尚不能提交（${p.reasons.length} 个问题），草稿已保留`),
  'maintenance.missing_items': text<{ count: number, codes: string[] }>(
    (p) => `${p.count} checklist item(s) have no result: ${en(p.codes)}${p.count > p.codes.length ? ', …' : ''}`,
    (p) => `${p.count} 个维保项目未填写结果：${zh(p.codes)}${p.count > p.codes.length ? '等' : ''}`),
  'maintenance.fail_without_note': text<{ codes: string[] }>(
    (p) => `an item found failing needs a note of what was found: ${en(p.codes)}`, (p) => `不合格项目须填写情况说明：${zh(p.codes)}`),
  'maintenance.too_few_photos': text<{ have: number, need: number }>(
    (p) => `${p.have} photo(s) taken, at least ${p.need} needed`, (p) => `已拍照片 ${p.have} 张，至少需要 ${p.need} 张`),
  'maintenance.one_worker': text<{ have: number }>(
    (p) => `${p.have} worker(s) recorded: a maintenance needs at least two`, (p) => `登记的维保人员为 ${p.have} 人，维保作业至少需要 2 人`),
  'maintenance.no_certified_worker': text(
    () => 'no worker has a certificate number: at least one must be certified (特种设备作业人员证)', () => '维保人员中至少须有 1 人持特种设备作业人员证（填写证书编号）'),
  'maintenance.missing_signature': text<{ names: string[] }>(
    (p) => `not signed by: ${en(p.names)}`, (p) => `以下维保人员尚未签名：${zh(p.names)}`),
  'maintenance.end_before_start': text(
    () => 'the visit ends before it starts', () => '维保结束时间早于开始时间'),
  'maintenance.end_in_future': text(
    () => 'the visit\'s end is in the future', () => '维保结束时间晚于当前时间'),
  'maintenance.not_your_lift': text<{ code: string }>(
    (p) => `lift ${p.code} is not maintained by your firm`, (p) => `电梯 ${p.code} 不由本单位维保`),
  'maintenance.no_checklist': text<{ kind: string }>(
    (p) => `no maintenance checklist for lifts of kind ${p.kind}`, (p) => `没有适用于该类电梯（${p.kind}）的维保项目表`),
  'maintenance.not_found': text(() => 'no such maintenance record in your scope', () => '未找到该维保记录或无权查看'),
  'maintenance.not_draft': text<{ id: number }>(
    (p) => `maintenance record ${p.id} is submitted and can no longer change; correct it with a new record that names it`,
    (p) => `维保记录 ${p.id} 已提交，不可修改；如需更正，请新建一条引用该记录的更正记录`),
  'maintenance.not_submitted': text<{ id: number }>(
    (p) => `maintenance record ${p.id} is not submitted yet`, (p) => `维保记录 ${p.id} 尚未提交`),
  'maintenance.already_confirmed': text<{ id: number }>(
    (p) => `maintenance record ${p.id} is already confirmed`, (p) => `维保记录 ${p.id} 已确认`),
  'maintenance.unknown_item': text<{ codes: string[] }>(
    (p) => `not items of this visit's checklist: ${en(p.codes)}`, (p) => `不是本次维保项目表中的项目：${zh(p.codes)}`),
  'maintenance.corrects_other_lift': text<{ id: number }>(
    (p) => `record ${p.id} is not a submitted record of this lift`, (p) => `记录 ${p.id} 不是该电梯已提交的维保记录`),
  'maintenance.photo_type': text(
    () => 'a photo must be a JPEG, PNG or WebP image (checked by its content)', () => '照片须为 JPEG、PNG 或 WebP 图片（按文件内容判断）'),
  'maintenance.photo_too_large': text<{ maxKb: number }>(
    (p) => `a photo may be at most ${p.maxKb} KB`, (p) => `照片不得超过 ${p.maxKb} KB`),
  'maintenance.photo_as_image': text(
    () => 'send the photo as the request body with Content-Type image/jpeg, image/png, image/webp or application/octet-stream', () => '请以 image/jpeg、image/png、image/webp 或 application/octet-stream 类型的请求体上传照片'),
  'maintenance.bad_signature': text<{ name: string }>(
    (p) => `the signature of ${p.name} is not a PNG image (data:image/png;base64,…)`, (p) => `${p.name} 的签名须为 PNG 图片（data:image/png;base64,…）`),
  'maintenance.duplicate_item': text<{ codes: string[] }>(
    (p) => `item codes appear more than once: ${en(p.codes)}`, (p) => `项目编号重复：${zh(p.codes)}`),
  'maintenance.bad_chain_scope': text(
    () => 'name one lift (equipmentCode) or one firm (firmId)', () => '请指定一台电梯（equipmentCode）或一个维保单位（firmId）'),

  'note.maintenance_overdue': text<{ interval: string, date: string }>(
    (p) => `${INTERVAL_EN[p.interval] ?? p.interval} maintenance was due by ${p.date}`, (p) => `${INTERVAL_ZH[p.interval] ?? p.interval}维保应于 ${p.date} 前完成，已超期`),
  'note.maintenance_unrecorded': text<{ from: string, to: string, points: number }>(
    (p) => `the lift's terminal reported 检修 (inspection mode) from ${p.from} to ${p.to} (${p.points} report(s)) and no maintenance visit was recorded around that time`,
    (p) => `电梯终端于 ${p.from} 至 ${p.to} 报告检修状态（${p.points} 条），该时段前后没有维保记录`),
  'note.maintenance_done': text(
    () => 'maintained since', () => '已完成维保')
})

type MaintenanceTexts = typeof MAINTENANCE_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends MaintenanceTexts {}
}
