// The rescue desk's refusals (rescue/workflow.ts, rescue/service.ts, rescue/routes.ts), and what the
// desk itself writes into a rescue timeline or the linked alert's history: the escalation clock's reasons
// and its notes on the alert. Notes are stored with their key (platform/db/migrations/003-stored-messages.ts),
// so each reader sees them in their language. Chinese terms follow the dashboard's emergency center
// (dashboard/src/i18n/emergency-zh-cn.ts).
import type { RescueAction, RescueStatus } from './workflow.ts'
import { text, type Locale } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

type Action = RescueAction['action']

const STATUS_ZH: Record<RescueStatus, string> = {
  reported: '接警待派单', dispatched: '已派单', accepted: '已接单', arrived: '已到场', released: '解救完成', called_back: '已回访', closed: '已结案', false_alarm: '误报'
}
const ACTION_ZH: Record<Action, string> = {
  dispatch: '派单', accept: '接单', arrive: '登记到场', release: '登记解救完成', call_back: '回访', close: '结案', false_alarm: '标记误报', escalate: '升级', warn: '发出提醒'
}

/** What must have happened before an action, in the words a dispatcher would use. */
const EXPLAIN: Record<Action, { en: string, zh: string }> = {
  dispatch: { en: 'only a reported case can be dispatched; escalate to send another firm', zh: '只有接警待派单的案件可以派单；另派单位请用升级' },
  accept: { en: 'only a dispatched case can be accepted', zh: '只有已派单的案件可以接单' },
  arrive: { en: 'arrival needs a dispatched case', zh: '到场须先派单' },
  release: { en: 'release comes after arrival on site', zh: '解救完成须在到场之后' },
  call_back: { en: 'the passenger is called back after release', zh: '解救完成后才回访乘客' },
  close: { en: 'a case closes after the passenger is released', zh: '乘客解救完成后才能结案' },
  false_alarm: { en: 'a case already released cannot be a false alarm', zh: '已解救完成的案件不能再标记为误报' },
  escalate: { en: 'escalation is for a case not yet on site', zh: '升级只用于尚未到场的案件' },
  warn: { en: 'the clock reminds only about open cases', zh: '只对处置中的案件发出提醒' }
}

const words = (s: string) => s.replace('_', ' ')

// The acceptance timeout is minutes in service (5 by default) and seconds in a drill or a test.
const duration = (seconds: number, locale: Locale) => seconds % 60 === 0
  ? (locale === 'en' ? `${seconds / 60} min` : `${seconds / 60} 分钟`)
  : (locale === 'en' ? `${seconds} s` : `${seconds} 秒`)

const RESCUE_MESSAGES = registerMessages({
  'rescue.firm_actions_only': text<{ action: Action }>(
    (p) => `a maintenance firm may only accept, arrive and release; "${p.action}" is the dispatcher's`,
    (p) => `维保单位只能接单、登记到场和解救完成；「${ACTION_ZH[p.action]}」由调度员操作`),
  'rescue.other_firm': text(() => 'this case is dispatched to another firm', () => '此案件已派给其他单位'),
  'rescue.wrong_status': text<{ action: Action, status: RescueStatus }>(
    (p) => `cannot ${words(p.action)} a case that is ${words(p.status)}: ${EXPLAIN[p.action].en}`,
    (p) => `案件状态为「${STATUS_ZH[p.status]}」，不能${ACTION_ZH[p.action]}：${EXPLAIN[p.action].zh}`),
  'rescue.close_needs_cause': text(() => 'closing needs a cause (故障原因)', () => '结案须填写故障原因'),
  'rescue.false_alarm_needs_note': text(() => 'a false alarm needs a note of how it was established', () => '标记误报须说明如何确认是误报'),
  'rescue.already_at_level': text<{ level: number }>((p) => `the case is already at level ${p.level}`, (p) => `案件已是${p.level}级救援`),
  'rescue.not_found': text(() => 'no such rescue case', () => '没有这个救援案件'),
  'rescue.not_found_for_firm': text(() => 'no such rescue case dispatched to your firm', () => '没有派给本单位的这个救援案件'),
  'rescue.changed_meanwhile': text(() => 'the case was changed by someone else just now; reload it', () => '案件刚被他人修改，请刷新后再操作'),
  'rescue.unknown_rescue_id': text<{ rescueId: string }>((p) => `no lift has rescue ID ${p.rescueId}`, (p) => `没有救援识别码为 ${p.rescueId} 的电梯`),
  'rescue.no_contracted_firm': text(() => 'this lift has no contracted maintenance firm: name firmId', () => '这台电梯没有签约维保单位：请指定派单单位（firmId）'),

  'note.level1_not_accepted': text<{ seconds: number }>(
    (p) => `level 1 did not accept within ${duration(p.seconds, 'en')}`, (p) => `一级响应单位 ${duration(p.seconds, 'zh-CN')}内未接单`),
  'note.level2_not_accepted': text<{ seconds: number }>(
    (p) => `level 2 did not accept within ${duration(p.seconds, 'en')}: call 110/119`, (p) => `二级响应单位 ${duration(p.seconds, 'zh-CN')}内未接单：请联系 110/119`),
  'note.arrival_limit_passed': text<{ minutes: number }>(
    (p) => `arrival limit of ${p.minutes} min passed`, (p) => `已超过 ${p.minutes} 分钟到场时限`),
  'note.minutes_left': text<{ minutes: number }>(
    (p) => `${p.minutes} min left to the arrival limit`, (p) => `距到场时限还剩 ${p.minutes} 分钟`),
  'note.caller': text<{ caller: string }>((p) => `caller: ${p.caller}`, (p) => `来电：${p.caller}`),
  'note.rescue_level': text<{ level: number }>((p) => `rescue level ${p.level}`, (p) => `${p.level}级救援`),
  'note.false_alarm': text<{ cause: string }>((p) => `false alarm: ${p.cause}`, (p) => `误报：${p.cause}`),
  'note.arrival_missed_call_110': text<{ minutes: number }>(
    (p) => `nobody on site within the ${p.minutes}-min arrival limit: call 110/119`, (p) => `超过 ${p.minutes} 分钟到场时限仍无人到场：请联系 110/119`),
  'note.undispatched_at_limit': text<{ minutes: number }>(
    (p) => `nobody dispatched within the ${p.minutes}-min arrival limit: call 110/119`, (p) => `${p.minutes} 分钟到场时限内仍未派单：请联系 110/119`),
  'note.not_dispatched': text<{ minutes: number }>(
    (p) => `reported ${p.minutes} min ago and not dispatched`, (p) => `接警已 ${p.minutes} 分钟，仍未派单`),
  'note.arrival_overdue': text<{ minutes: number }>(
    (p) => `${p.minutes} min past the arrival limit, nobody on site`, (p) => `已超过到场时限 ${p.minutes} 分钟，仍无人到场`),
  'note.on_site_long': text<{ minutes: number }>(
    (p) => `rescuers on site for ${p.minutes} min, passenger not yet released`, (p) => `救援人员到场已 ${p.minutes} 分钟，乘客尚未解救`),
  'note.close_pending': text<{ minutes: number }>(
    (p) => `passenger released ${p.minutes} min ago: call back and close the case`, (p) => `乘客解救已 ${p.minutes} 分钟：请回访并结案`),
  'note.close_after_call_back': text<{ minutes: number }>(
    (p) => `called back ${p.minutes} min ago: close the case`, (p) => `回访已 ${p.minutes} 分钟：请结案`)
})

type RescueTexts = typeof RESCUE_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends RescueTexts {}
}
