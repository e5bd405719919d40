// The error funnel's own texts, for requests that fail before or outside a route (platform/http/errors.ts),
// and the role hook's refusals (platform/http/auth.ts). Capabilities' refusals are in their own folders.
import { CLAUSE_SEPARATOR, text } from '../messages/text.ts'
import { registerMessages } from '../messages/catalog.ts'
import type { Role } from './roles.ts'

const ROLE_ZH: Record<Role, string> = { admin: '系统管理员', dispatcher: '应急调度员', maintainer: '维保单位', inspector: '安全监察员', use_unit: '使用单位', filling_unit: '充装单位' }
const role = (r: string) => ROLE_ZH[r as Role] ?? r
/** Where in the request a validation problem is (Fastify's validationContext). */
const PART_ZH: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' }

const HTTP_MESSAGES = registerMessages({
  'auth.sign_in_first': text(() => 'sign in first (Authorization: Bearer <token>)', () => '请先登录（Authorization: Bearer <token>）'),
  'auth.role_forbidden': text<{ role: string, roles: string[] }>(
    (p) => `role ${p.role} may not do this; needs ${p.roles.join(' or ')}`,
    (p) => `${role(p.role)}无权执行此操作；需要${p.roles.map(role).join('或')}`),

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
})

type HttpTexts = typeof HTTP_MESSAGES
declare module '../messages/key.ts' {
  interface MessageTexts extends HttpTexts {}
}
