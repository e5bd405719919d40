// The rescue desk's refusals (rescue/workflow.ts, rescue/, alerts/). Chinese terms follow the
// dashboard's emergency center (dashboard/src/i18n/emergency-zh-cn.ts).
import type { RescueAction, RescueStatus } from './workflow.ts'
import type { AlertStatus } from '../alerts/types.ts'
import { text } from '../platform/messages/text.ts'

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

const ALERT_STATUS_ZH: Record<AlertStatus, string> = { raised: '新告警', acknowledged: '已确认', assigned: '已指派', cleared: '已消除', closed: '已关闭' }
const ALERT_STEP_ZH: Record<string, string> = { acknowledge: '确认', assign: '指派', close: '关闭' }

const words = (s: string) => s.replace('_', ' ')

export const RESCUE_MESSAGES = {
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

  'alert.not_found': text(() => 'no such alert', () => '没有这条告警'),
  'alert.not_in_scope': text(() => 'no such alert in your scope', () => '没有这条告警，或不在您的权限范围内'),
  'alert.entrapment_via_rescue': text(
    () => 'an entrapment is closed through its rescue case (close it, or mark it a false alarm)',
    () => '困人告警须通过其救援案件关闭（结案，或标记误报）'),
  'alert.wrong_status': text<{ step: string, status: AlertStatus }>(
    (p) => `cannot ${p.step} an alert that is ${p.status}`,
    (p) => `告警状态为「${ALERT_STATUS_ZH[p.status]}」，不能${ALERT_STEP_ZH[p.step] ?? p.step}`)
}
