import { describe, expect, it } from 'vitest'
// The composition root, not the messages files one by one: what the service loads must register every
// key (platform/messages/catalog.ts).
import '../app/service.ts'
import { registeredKeys, textsOf } from '../platform/messages/catalog.ts'
import { msg, render, renderAll, type Message, type MessageKey, type ParamsOf } from '../platform/messages/message.ts'
import { pickLocale } from '../platform/messages/locale.ts'
import { LOCALES } from '../platform/messages/text.ts'

// One sample per key: the type makes a new key without a sample a compile error.
const SAMPLES: { [K in MessageKey]: ParamsOf<K> } = {
  'auth.sign_in_first': {},
  'auth.role_forbidden': { role: 'inspector', roles: ['admin', 'dispatcher'] },
  'auth.throttled': { seconds: 12 },
  'auth.wrong_credentials': {},
  'auth.busy': {},
  'health.broker_listening': { port: 1883, connections: 12 },
  'health.broker_elsewhere': {},
  'health.influx_writing': {},
  'health.influx_backlog': { points: 120 },
  'health.influx_unreachable': { points: 5000 },
  'health.influx_spool_full': { points: 40000, limitMb: 1024 },
  'health.database_pglite': {},
  'health.database_postgres': {},
  'health.database_unreachable': {},
  'health.redis_connected': {},
  'health.redis_unreachable': {},
  'user.maintainer_needs_firm': {},
  'user.use_unit_needs_unit': {},
  'user.filling_unit_needs_unit': {},
  'user.not_found': {},
  'gateway.not_found': {},
  'gateway.unknown_equipment': { codes: ['L-1', 'L-2'] },
  'gateway.equipment_taken': { codes: ['L-3'] },
  'gateway.unknown_kind': { kind: 'boiler' },
  'registry.not_found': { record: 'District' },
  'registry.csv_as_text': {},
  'registry.lift_has_history': { code: 'L-1' },
  'registry.coordinates_pair': {},
  'registry.online_needs_broker': {},
  'elevator.not_found': {},
  'elevator.not_in_scope': {},
  'elevator.not_reported': {},
  'period.from_before_to': {},
  'period.too_long': { days: 400 },
  'timeseries.unavailable': {},
  'live.no_broker': {},
  'live.ticket_invalid': {},
  'webhook.not_found': {},
  'http.no_route': { method: 'GET', path: '/api/nothing' },
  'http.invalid': { part: 'body', problems: ['/rescueId must match pattern', '/caller must be string'] },
  'http.unknown_field': {},
  'http.exists': { what: 'Key (code)=(CD)' },
  'http.dangling_reference': { what: 'Key (firm_id)=(9)' },
  'http.breaks_rule': { what: 'floors_check' },
  'http.body_too_large': {},
  'http.unsupported_media_type': { type: 'text/xml' },
  'http.invalid_json': {},
  'http.rejected': { detail: 'Something Fastify said' },
  'http.number_out_of_range': {},
  'http.database_unavailable': {},
  'http.internal': {},
  'note.level1_not_accepted': { seconds: 300 },
  'note.level2_not_accepted': { seconds: 45 },
  'note.arrival_limit_passed': { minutes: 30 },
  'note.minutes_left': { minutes: 4 },
  'note.caller': { caller: '13800000000' },
  'note.rescue_level': { level: 2 },
  'note.false_alarm': { cause: '乘客误按' },
  'note.terminal_back': {},
  'note.power_back': {},
  'note.normal_operation': {},
  'note.fault_over': {},
  'note.arrival_missed_call_110': { minutes: 30 },
  'note.undispatched_at_limit': { minutes: 60 },
  'note.not_dispatched': { minutes: 2 },
  'note.arrival_overdue': { minutes: 15 },
  'note.on_site_long': { minutes: 35 },
  'note.close_pending': { minutes: 240 },
  'note.close_after_call_back': { minutes: 240 },
  'note.fire_recall_over': {},
  'note.earthquake_over': {},
  'note.sensor_state_changed': {},
  'rescue.firm_actions_only': { action: 'close' },
  'rescue.other_firm': {},
  'rescue.wrong_status': { action: 'release', status: 'dispatched' },
  'rescue.close_needs_cause': {},
  'rescue.false_alarm_needs_note': {},
  'rescue.already_at_level': { level: 2 },
  'rescue.not_found': {},
  'rescue.not_found_for_firm': {},
  'rescue.changed_meanwhile': {},
  'rescue.unknown_rescue_id': { rescueId: '654321' },
  'rescue.no_contracted_firm': {},
  'alert.not_found': {},
  'alert.not_in_scope': {},
  'alert.entrapment_via_rescue': {},
  'alert.wrong_status': { step: 'acknowledge', status: 'acknowledged' },
  'csv.unreadable': { detail: 'Invalid Closing Quote' },
  'csv.empty': {},
  'csv.missing_columns': { fields: ['kind', 'useUnit'] },
  'csv.columns_found': { columns: ['a', 'b'] },
  'csv.field_count': { found: 3, expected: 6 },
  'csv.duplicate_code': { code: 'L-9', line: 4 },
  'csv.unknown_district': { district: '湟中区' },
  'csv.rescue_id_taken': { rescueId: '123456' },
  'csv.not_stored': { detail: 'boom' },
  'csv.field_empty': { field: 'rescueId' },
  'csv.bad_equipment_code': { value: 'has space' },
  'csv.bad_rescue_id': { value: '12a' },
  'csv.bad_kind': { value: 'lift', allowed: ['traction', 'escalator'] },
  'csv.bad_status': { value: 'broken', allowed: ['in_use', 'stopped'] },
  'csv.bad_floors': { value: '0' },
  'csv.bad_public_place': { value: 'maybe' },
  'csv.bad_date': { field: 'nextInspectionDate', value: '2026-13-01' },
  'inspection.bad_kind': { value: 'yearly', allowed: ['periodic', 'self_test', 'acceptance'] },
  'inspection.bad_result': { value: 'ok', allowed: ['pass', 'fail', 'pass_after_retest'] },
  'inspection.bad_date': { field: 'inspectedOn', value: '2026-02-30' },
  'inspection.in_future': { date: '2026-05-01', today: '2026-04-01' },
  'inspection.next_due_not_after': { nextDue: '2026-01-01', inspectedOn: '2026-03-01' },
  'inspection.next_due_required': {},
  'inspection.unknown_equipment': { code: 'L-404' },
  'inspection.duplicate_report': { reportNo: 'QH-2026-0001' },
  'inspection.duplicate_report_in_file': { reportNo: 'QH-2026-0001', line: 3 },
  'inspection.field_empty': { field: 'body' },
  'inspection.csv_missing_columns': { fields: ['reportNo', 'result'] },
  'inspection.bad_reference_date': { date: '2030-01-01', today: '2026-04-01' },
  'incident.in_future': { date: '2026-05-01', today: '2026-04-01' },
  'inspection.bad_period_start': { from: '2026-05-01', date: '2026-04-01' },
  'notice.not_needed': { code: 'L-1' },
  'notice.not_found': {},
  'danger.not_found': {},
  'danger.found_in_future': { date: '2026-05-01', today: '2026-04-01' },
  'danger.deadline_before_found': { deadline: '2026-01-01', foundOn: '2026-02-01' },
  'danger.wrong_status': { step: 'accept', status: 'open' },
  'danger.note_required': {},
  'danger.photo_required': {},
  'danger.not_owner': {},
  'danger.closed': {},
  'note.danger_overdue': { id: 12, date: '2026-03-01' },
  'note.danger_resolved': {},
  'spot_check.no_population': {},
  'spot_check.no_inspectors': {},
  'spot_check.unknown_district': { id: 9 },
  'spot_check.not_found': {},
  'spot_check.not_yours': {},
  'spot_check.already_recorded': {},
  'spot_check.checked_out_of_range': { date: '2026-01-01', drawnOn: '2026-02-01', today: '2026-03-01' },
  'note.inspection_changed': {},
  'note.inspection_overdue': { date: '2026-03-01' },
  'note.inspection_failed': { date: '2026-03-01' },
  'note.inspection_due_soon': { date: '2026-04-20' },
  'note.inspection_running': { date: '2026-03-01', trips: 212, points: 40 },
  'formula.inspection_rate': { date: '2026-03-31' },
  'formula.incident_rate': { from: '2025-04-01', to: '2026-03-31' },
  'formula.inspection_period_rate': { from: '2025-04-01', to: '2026-03-31' },
  'maintenance.not_ready': { reasons: ['missing_items', 'too_few_photos'] },
  'maintenance.missing_items': { count: 12, codes: ['A1-01', 'A1-02'] },
  'maintenance.fail_without_note': { codes: ['A1-05'] },
  'maintenance.too_few_photos': { have: 2, need: 4 },
  'maintenance.one_worker': { have: 1 },
  'maintenance.no_certified_worker': {},
  'maintenance.missing_signature': { names: ['张工'] },
  'maintenance.end_before_start': {},
  'maintenance.end_in_future': {},
  'maintenance.not_your_lift': { code: 'L-1' },
  'maintenance.no_checklist': { kind: 'hydraulic' },
  'maintenance.not_found': {},
  'maintenance.not_draft': { id: 7 },
  'maintenance.not_submitted': { id: 7 },
  'maintenance.already_confirmed': { id: 7 },
  'maintenance.unknown_item': { codes: ['Z9-99'] },
  'maintenance.corrects_other_lift': { id: 7 },
  'maintenance.photo_type': {},
  'maintenance.photo_too_large': { maxKb: 8192 },
  'maintenance.photo_as_image': {},
  'maintenance.bad_signature': { name: '张工' },
  'maintenance.duplicate_item': { codes: ['A1-01'] },
  'maintenance.bad_chain_scope': {},
  'note.maintenance_overdue': { interval: 'half_monthly', date: '2026-03-16' },
  'note.maintenance_done': {},
  'note.maintenance_unrecorded': { from: '2026-03-01 09:10', to: '2026-03-01 10:05', points: 6 },
  'note.cylinder_leak_over': { lel: 12 },
  'note.cylinder_leak_escalated': { lel: 55 },
  'note.cylinder_pressure_normal': { pressure: 1.9, limit: 2.1 },
  'note.cylinder_forced_fill': { cylinder: 'LPG-1', reasons: 'inspection_overdue' },
  'cylinder.not_found': { code: 'LPG00001' },
  'cylinder.unknown_code': { code: 'LPG00001' },
  'cylinder.code_taken': { code: 'LPG00001' },
  'cylinder.bad_code': { value: 'a b' },
  'cylinder.unknown_medium': { medium: 'XE' },
  'cylinder.unknown_unit': { unit: '东郊充装站' },
  'cylinder.other_unit': {},
  'cylinder.bad_date': { field: 'manufacturedOn', value: '2026-02-30' },
  'cylinder.in_future': { field: 'on', date: '2027-01-01', today: '2026-03-01' },
  'cylinder.before_manufacture': { field: 'on', date: '2019-01-01', manufacturedOn: '2020-01-01' },
  'cylinder.bad_number': { field: 'volumeL', value: '-3' },
  'cylinder.field_empty': { field: 'serial' },
  'cylinder.csv_missing_columns': { fields: ['code', 'medium'] },
  'cylinder.duplicate_in_file': { code: 'LPG00001', line: 3 },
  'cylinder.is_scrapped': { code: 'LPG00001', on: '2026-01-01' },
  'cylinder.same_unit': {},
  'cylinder.bad_component': { medium: 'MIX', component: 'XE' },
  'cylinder.throttled': { seconds: 30 },
  'cylinder.alert_not_found': {},
  'filling_unit.not_found': {},
  'filling_unit.taken': { name: '东郊充装站' },
  'filling_unit.unknown_district': { id: 9 },
  'filling_station.taken': { code: 'ST-1' },
  'note.cylinder_overdue': { count: 12, earliest: '2026-01-05' },
  'note.cylinder_past_life': { count: 3, earliest: '2025-11-30' },
  'note.cylinder_all_clear': {},
  'formula.cylinder_inspection_rate': { date: '2026-03-01' }
}
const keys = Object.keys(SAMPLES) as MessageKey[]
const sample = (key: MessageKey) => ({ key, params: SAMPLES[key] }) as Message
const HAN = /\p{Script=Han}/u

describe('message catalog', () => {
  it('has texts for every declared key once the service is loaded, and none undeclared', () => {
    expect(registeredKeys().sort()).toEqual([...keys].sort())
  })

  it.each(keys)('%s reads in every language', (key) => {
    for (const locale of LOCALES) expect(typeof textsOf(key)?.[locale]).toBe('function')
    const en = render(sample(key), 'en')
    const zh = render(sample(key), 'zh-CN')
    expect(en.trim()).not.toBe('')
    expect(en).not.toMatch(/undefined|\[object/)
    expect(zh).not.toMatch(/undefined|\[object/)
    // No Chinese entry left in English by mistake.
    expect(zh).toMatch(HAN)
    expect(zh).not.toBe(en)
  })

  it('interpolates params, naming enumerated ones in the reader\'s words', () => {
    const release = msg('rescue.wrong_status', { action: 'release', status: 'dispatched' })
    expect(render(release, 'en')).toBe('cannot release a case that is dispatched: release comes after arrival on site')
    expect(render(release, 'zh-CN')).toBe('案件状态为「已派单」，不能登记解救完成：解救完成须在到场之后')
    expect(render(msg('auth.throttled', { seconds: 12 }), 'zh-CN')).toBe('登录失败次数过多，请 12 秒后再试')
    expect(render(msg('auth.role_forbidden', { role: 'inspector', roles: ['admin', 'dispatcher'] }), 'en')).toBe('role inspector may not do this; needs admin or dispatcher')
    expect(render(msg('auth.role_forbidden', { role: 'inspector', roles: ['admin', 'dispatcher'] }), 'zh-CN')).toBe('安全监察员无权执行此操作；需要系统管理员或应急调度员')
    expect(render(msg('gateway.unknown_equipment', { codes: ['L-1', 'L-2'] }), 'zh-CN')).toBe('未知的设备代码：L-1、L-2')
    expect(render(msg('csv.bad_date', { field: 'nextInspectionDate', value: '2026-13-01' }), 'zh-CN')).toBe('下次检验日期「2026-13-01」须为 YYYY-MM-DD 格式的日期')
    expect(render(msg('http.invalid', { part: 'querystring', problems: ['/limit a', '/offset b'] }), 'zh-CN')).toBe('查询参数无效：/limit a；/offset b')
  })

  it('joins a row\'s problems in each language\'s way', () => {
    const problems = [msg('csv.bad_rescue_id', { value: 'x' }), msg('csv.bad_floors', { value: '0' })]
    expect(renderAll(problems, 'en')).toBe('rescueId "x" must be 6 digits; floors "0" must be a whole number 1-300')
    expect(renderAll(problems, 'zh-CN')).toBe('救援识别码「x」须为 6 位数字；层数「0」须为 1-300 的整数')
  })
})

describe('the reader\'s language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['*', 'en'],
    ['de-DE', 'en'],
    ['zh-CN', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['en;q=0.4, zh;q=0.6', 'zh-CN'],
    ['fr, zh;q=0.5', 'zh-CN'],
    ['zh;q=0, en', 'en'],
    ['en, zh', 'en']
  ] as const)('%j → %s', (header, locale) => {
    expect(pickLocale(header)).toBe(locale)
  })
})
