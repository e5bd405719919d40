// The API's own refusals: sign-in and roles, users, gateways, the registry, telemetry, webhooks, and the
// error funnel's texts for requests that fail before a route (platform/http/errors.ts).
import { CLAUSE_SEPARATOR, LIST_SEPARATOR, text } from '../messages/text.ts'

const ROLE_ZH: Record<string, string> = { admin: '系统管理员', dispatcher: '应急调度员', maintainer: '维保单位', inspector: '安全监察员', use_unit: '使用单位' }
const role = (r: string) => ROLE_ZH[r] ?? r
const RECORD: Record<string, { en: string, zh: string }> = { District: { en: 'district', zh: '区县' }, UseUnit: { en: 'use unit', zh: '使用单位' }, MaintenanceFirm: { en: 'maintenance firm', zh: '维保单位' } }
/** Where in the request a validation problem is (Fastify's validationContext). */
const PART_ZH: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' }

export const HTTP_MESSAGES = {
  'auth.sign_in_first': text(() => 'sign in first (Authorization: Bearer <token>)', () => '请先登录（Authorization: Bearer <token>）'),
  'auth.role_forbidden': text<{ role: string, roles: string[] }>(
    (p) => `role ${p.role} may not do this; needs ${p.roles.join(' or ')}`,
    (p) => `${role(p.role)}无权执行此操作；需要${p.roles.map(role).join('或')}`),
  'auth.throttled': text<{ seconds: number }>(
    (p) => `too many failed sign-ins; try again in ${p.seconds} s`, (p) => `登录失败次数过多，请 ${p.seconds} 秒后再试`),
  'auth.wrong_credentials': text(() => 'wrong username or password', () => '用户名或密码错误'),

  'user.maintainer_needs_firm': text(() => 'a maintainer needs maintenanceFirmId', () => '维保单位用户须指定维保单位（maintenanceFirmId）'),
  'user.use_unit_needs_unit': text(() => 'a use-unit user needs useUnitId', () => '使用单位用户须指定使用单位（useUnitId）'),
  'user.not_found': text(() => 'no such user', () => '没有这个用户'),

  'gateway.not_found': text(() => 'no such gateway', () => '没有这个网关'),
  'gateway.unknown_equipment': text<{ codes: string[] }>(
    (p) => `unknown equipment code(s): ${p.codes.join(LIST_SEPARATOR.en)}`, (p) => `未知的设备代码：${p.codes.join(LIST_SEPARATOR['zh-CN'])}`),
  'gateway.equipment_taken': text<{ codes: string[] }>(
    (p) => `equipment already assigned to another gateway: ${p.codes.join(LIST_SEPARATOR.en)}`, (p) => `设备已绑定到其他网关：${p.codes.join(LIST_SEPARATOR['zh-CN'])}`),

  'registry.not_found': text<{ record: string }>((p) => `no such ${RECORD[p.record]?.en ?? p.record}`, (p) => `没有这个${RECORD[p.record]?.zh ?? p.record}`),
  'registry.csv_as_text': text(() => 'send the file as text/csv', () => '请以 text/csv 发送文件'),
  'registry.online_needs_broker': text(
    () => 'the online filter needs a broker in this process (ROLE=all) or a cluster through Redis (REDIS_URL)',
    () => '按在线状态筛选需要本进程运行消息代理（ROLE=all），或通过 Redis 组成集群（REDIS_URL）'),
  'elevator.not_found': text(() => 'no such elevator', () => '没有这台电梯'),
  'elevator.not_in_scope': text(() => 'no such elevator in your scope', () => '没有这台电梯，或不在您的权限范围内'),
  'elevator.not_reported': text(() => 'this lift has not reported yet', () => '这台电梯尚未上报数据'),

  'period.from_before_to': text(() => '"from" must be before "to"', () => '开始时间（from）须早于结束时间（to）'),
  'period.too_long': text<{ days: number }>((p) => `range is longer than ${p.days} days`, (p) => `时间范围超过 ${p.days} 天`),
  'timeseries.unavailable': text(
    () => 'the time-series store is not answering; try again shortly', () => '时序数据库暂时没有响应，请稍后再试'),
  'live.no_broker': text(
    () => 'the live stream needs a broker in this process (ROLE=all) or a cluster through Redis (REDIS_URL)',
    () => '实时数据流需要本进程运行消息代理（ROLE=all），或通过 Redis 组成集群（REDIS_URL）'),

  'webhook.not_found': text(() => 'no such webhook', () => '没有这个 Webhook'),

  'http.no_route': text<{ method: string, path: string }>((p) => `no route ${p.method} ${p.path}`, (p) => `没有这个接口：${p.method} ${p.path}`),
  'http.invalid': text<{ part: string | undefined, problems: string[] }>(
    (p) => `invalid ${p.part ?? 'request'}: ${p.problems.join(CLAUSE_SEPARATOR.en)}`,
    (p) => `${PART_ZH[p.part ?? ''] ?? '请求'}无效：${p.problems.join(CLAUSE_SEPARATOR['zh-CN'])}`),
  'http.unknown_field': text(() => 'is not a known field', () => '不是可识别的字段'),
  'http.exists': text<{ what: string }>((p) => `${p.what} already exists`, (p) => `记录已存在：${p.what}`),
  'http.dangling_reference': text<{ what: string }>(
    (p) => `${p.what} refers to a record that does not exist or is still referenced`, (p) => `引用的记录不存在，或记录仍被引用：${p.what}`),
  'http.breaks_rule': text<{ what: string }>((p) => `${p.what} violates a rule of the registry`, (p) => `违反登记规则：${p.what}`),
  'http.body_too_large': text(() => 'the request body is too large', () => '请求体过大'),
  'http.unsupported_media_type': text<{ type: string }>(
    (p) => `unsupported content type ${p.type}`, (p) => `不支持的内容类型 ${p.type}`),
  'http.invalid_json': text(() => 'the body is not valid JSON', () => '请求体不是有效的 JSON'),
  /** A refusal from Fastify or a library that has no entry of its own: their words, framed. */
  'http.rejected': text<{ detail: string }>((p) => p.detail, (p) => `请求被拒绝：${p.detail}`),
  'http.number_out_of_range': text(
    () => 'a number in the request is too large or not a whole number', () => '请求中的数字过大或不是整数'),
  'http.database_unavailable': text(
    () => 'the database is not answering; try again shortly (see Retry-After)', () => '数据库暂时没有响应，请稍后再试（见 Retry-After）'),
  'http.internal': text(() => 'internal error; see the service log', () => '服务内部错误，详情见服务日志')
}
