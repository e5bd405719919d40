// Alert refusals (alerts/routes.ts) and the rules' reasons for clearing an alert (alerts/rules.ts), which
// are stored with their key in the alert's history so each reader sees them in their language.
import type { AlertStatus } from './types.ts'
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const ALERT_STATUS_ZH: Record<AlertStatus, string> = { raised: '新告警', acknowledged: '已确认', assigned: '已指派', cleared: '已消除', closed: '已关闭' }
const ALERT_STEP_ZH: Record<string, string> = { acknowledge: '确认', assign: '指派', close: '关闭' }

const ALERT_MESSAGES = registerMessages({
  'alert.not_found': text(() => 'no such alert', () => '没有这条告警'),
  'alert.not_in_scope': text(() => 'no such alert in your scope', () => '没有这条告警，或不在您的权限范围内'),
  'alert.entrapment_via_rescue': text(
    () => 'an entrapment is closed through its rescue case (close it, or mark it a false alarm)',
    () => '困人告警须通过其救援案件关闭（结案，或标记误报）'),
  'alert.wrong_status': text<{ step: string, status: AlertStatus }>(
    (p) => `cannot ${p.step} an alert that is ${p.status}`,
    (p) => `告警状态为「${ALERT_STATUS_ZH[p.status]}」，不能${ALERT_STEP_ZH[p.step] ?? p.step}`),

  'note.terminal_back': text(() => 'the terminal reports again', () => '终端恢复上报'),
  'note.power_back': text(() => 'mains power is back', () => '市电已恢复'),
  'note.normal_operation': text(() => 'the terminal reports normal operation (40)', () => '终端上报恢复正常运行（40）'),
  'note.fault_over': text(() => 'the terminal reports the fault is over', () => '终端上报故障已消除'),
  'note.fire_recall_over': text(() => 'the terminal reports fire recall is over (44)', () => '终端上报消防返回已结束（44）'),
  'note.earthquake_over': text(() => 'the terminal reports earthquake mode is over (47)', () => '终端上报地震模式已结束（47）'),
  'note.sensor_state_changed': text(() => 'the car\'s state changed: its sensors report again', () => '轿厢状态已变化，传感器恢复上报')
})

type AlertTexts = typeof ALERT_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends AlertTexts {}
}
