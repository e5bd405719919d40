// The live stream's refusals (GET /api/live).
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const LIVE_MESSAGES = registerMessages({
  'live.no_broker': text(
    () => 'the live stream needs a broker in this process (ROLE=all) or a cluster through Redis (REDIS_URL)',
    () => '实时数据流需要本进程运行消息代理（ROLE=all），或通过 Redis 组成集群（REDIS_URL）'),
  'live.ticket_invalid': text(
    () => 'the live-stream ticket is unknown, spent or expired: get a new one (POST /api/live/ticket)',
    () => '实时数据流凭证无效、已使用或已过期：请重新获取（POST /api/live/ticket）')
})

type LiveTexts = typeof LIVE_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends LiveTexts {}
}
