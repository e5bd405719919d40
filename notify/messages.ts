// Webhook administration refusals (notify/routes.ts).
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const NOTIFY_MESSAGES = registerMessages({
  'webhook.not_found': text(() => 'no such webhook', () => '没有这个 Webhook')
})

type NotifyTexts = typeof NOTIFY_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends NotifyTexts {}
}
