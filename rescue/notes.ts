// What the service itself writes into a rescue timeline or an alert's history: the escalation clock's
// reasons, the rules' reasons for clearing an alert, the rescue desk's notes on the linked alert. Stored
// with their key (platform/db/migrations/003-stored-messages.ts), so each reader sees them in their language.
import { text, type Locale } from '../platform/messages/text.ts'

// The acceptance timeout is minutes in service (5 by default) and seconds in a drill or a test.
const duration = (seconds: number, locale: Locale) => seconds % 60 === 0
  ? (locale === 'en' ? `${seconds / 60} min` : `${seconds / 60} 分钟`)
  : (locale === 'en' ? `${seconds} s` : `${seconds} 秒`)

export const NOTE_MESSAGES = {
  'note.level1_not_accepted': text<{ seconds: number }>(
    (p) => `level 1 did not accept within ${duration(p.seconds, 'en')}`, (p) => `一级响应单位 ${duration(p.seconds, 'zh-CN')}内未接单`),
  'note.level2_not_accepted': text<{ seconds: number }>(
    (p) => `level 2 did not accept within ${duration(p.seconds, 'en')}: call 110/119`, (p) => `二级响应单位 ${duration(p.seconds, 'zh-CN')}内未接单：请联系 110/119`),
  'note.arrival_limit_passed': text<{ minutes: number }>(
    (p) => `arrival limit of ${p.minutes} min passed`, (p) => `已超过 ${p.minutes} 分钟到场时限`),
  'note.minutes_left': text<{ minutes: number }>(
    (p) => `${p.minutes} min left to the arrival limit`, (p) => `距到场时限还剩 ${p.minutes} 分钟`),
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
    (p) => `called back ${p.minutes} min ago: close the case`, (p) => `回访已 ${p.minutes} 分钟：请结案`),
  'note.caller': text<{ caller: string }>((p) => `caller: ${p.caller}`, (p) => `来电：${p.caller}`),
  'note.rescue_level': text<{ level: number }>((p) => `rescue level ${p.level}`, (p) => `${p.level}级救援`),
  'note.false_alarm': text<{ cause: string }>((p) => `false alarm: ${p.cause}`, (p) => `误报：${p.cause}`),
  'note.terminal_back': text(() => 'the terminal reports again', () => '终端恢复上报'),
  'note.power_back': text(() => 'mains power is back', () => '市电已恢复'),
  'note.normal_operation': text(() => 'the terminal reports normal operation (40)', () => '终端上报恢复正常运行（40）'),
  'note.fault_over': text(() => 'the terminal reports the fault is over', () => '终端上报故障已消除'),
  'note.fire_recall_over': text(() => 'the terminal reports fire recall is over (44)', () => '终端上报消防返回已结束（44）'),
  'note.earthquake_over': text(() => 'the terminal reports earthquake mode is over (47)', () => '终端上报地震模式已结束（47）'),
  'note.sensor_state_changed': text(() => 'the car\'s state changed: its sensors report again', () => '轿厢状态已变化，传感器恢复上报')
}
