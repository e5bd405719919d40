// The live stream's refusal (GET /api/live).
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const LIVE_MESSAGES = registerMessages({
  'live.no_broker': text(
    () => 'the live stream needs a broker in this process (ROLE=all) or a cluster through Redis (REDIS_URL)',
    () => '实时数据流需要本进程运行消息代理（ROLE=all），或通过 Redis 组成集群（REDIS_URL）')
})

type LiveTexts = typeof LIVE_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends LiveTexts {}
}
