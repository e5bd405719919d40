// Gateway provisioning refusals (gateways/routes.ts, gateways/store.ts).
import { LIST_SEPARATOR, text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const GATEWAY_MESSAGES = registerMessages({
  'gateway.not_found': text(() => 'no such gateway', () => '没有这个网关'),
  'gateway.unknown_equipment': text<{ codes: string[] }>(
    (p) => `unknown equipment code(s): ${p.codes.join(LIST_SEPARATOR.en)}`, (p) => `未知的设备代码：${p.codes.join(LIST_SEPARATOR['zh-CN'])}`),
  'gateway.unknown_kind': text<{ kind: string }>(
    (p) => `no equipment kind "${p.kind}" is registered`, (p) => `没有这类设备："${p.kind}"`),
  'gateway.equipment_taken': text<{ codes: string[] }>(
    (p) => `equipment already assigned to another gateway: ${p.codes.join(LIST_SEPARATOR.en)}`, (p) => `设备已绑定到其他网关：${p.codes.join(LIST_SEPARATOR['zh-CN'])}`)
})

type GatewayTexts = typeof GATEWAY_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends GatewayTexts {}
}
