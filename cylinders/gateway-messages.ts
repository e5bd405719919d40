// Texts of the gateway side of cylinders: why the monitoring rules cleared an alert (stored with its key in
// the alert's history, so each reader sees it in their language) and what a non-compliant fill alert says.
// The `errors` reports to gateways stay English on purpose, like every kind's.
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const CYLINDER_GATEWAY_MESSAGES = registerMessages({
  'note.cylinder_leak_over': text<{ lel: number }>(
    (p) => `the gas detector reads ${p.lel} %LEL: the leak is over`,
    (p) => `燃气探测器读数 ${p.lel} %LEL，泄漏已消除`),
  'note.cylinder_leak_escalated': text<{ lel: number }>(
    (p) => `the gas detector reads ${p.lel} %LEL: raised to a level-2 alarm`,
    (p) => `燃气探测器读数 ${p.lel} %LEL，升级为二级报警`),
  'note.cylinder_pressure_normal': text<{ pressure: number, limit: number }>(
    (p) => `the pressure is ${p.pressure} MPa, back under the limit of ${p.limit} MPa`,
    (p) => `压力 ${p.pressure} MPa，已回落至上限 ${p.limit} MPa 以下`),
  'note.cylinder_forced_fill': text<{ cylinder: string, reasons: string }>(
    (p) => `cylinder ${p.cylinder} was filled although the check refused it (${p.reasons})`,
    (p) => `气瓶 ${p.cylinder} 预检不合格（${p.reasons}）仍被充装`)
})

type CylinderGatewayTexts = typeof CYLINDER_GATEWAY_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends CylinderGatewayTexts {}
}
