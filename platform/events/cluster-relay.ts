// The live feed behind GET /api/live. On one node it is the local bus. With REDIS_URL, every node publishes
// what its own gateways caused (the events the capabilities declare for relay: visible state changes,
// presence, alerts, rescue changes) to one Redis channel and feeds its SSE clients from that channel only,
// so a dashboard on node A sees lifts whose gateways are connected to node B, each event exactly once. The
// rescue desk and webhooks keep listening to the local bus, so a relayed event is never acted on twice.
//
// Events go out in one PUBLISH per event-loop turn (a JSON array): one Redis command per state change cost
// a busy node about a fifth of its CPU (docs/performance.md). Registry changes go on a control channel of
// their own, the only one a broker-only node listens to: it serves no dashboard, and parsing the whole
// cluster's state changes would be wasted work.
import { closeRedis, createRedis, redisErrorLogger } from '../redis.ts'
import type { Logger } from 'pino'
import { createBus, type Bus, type BusEventName } from './bus.ts'
import type { RelayRule } from './declarations.ts'

const LIVE = 'tianjian:live'
const CONTROL = 'tianjian:control'

type Relayed = { event: BusEventName, payload: unknown }

export async function startClusterFeed (deps: { redisUrl: string, bus: Bus, rules: readonly RelayRule[], log: Logger, live: boolean }) {
  const { bus, log } = deps
  const rules = new Map(deps.rules.map((rule) => [rule.event, rule]))
  const feed = createBus((err, event) => log.error({ err, event }, 'live feed listener failed'))
  const pub = createRedis(deps.redisUrl, 'live feed', log, { lazyConnect: true, maxRetriesPerRequest: 3 })
  const sub = createRedis(deps.redisUrl, 'live feed', log, { lazyConnect: true })
  await Promise.all([pub.connect(), sub.connect()])
  await sub.subscribe(...(deps.live ? [LIVE, CONTROL] : [CONTROL]))

  function deliver ({ event, payload }: Relayed) {
    const rule = rules.get(event)
    // An event this node does not declare (a newer node in a rolling upgrade) is not ours to interpret.
    if (rule === undefined) return
    rule.onRemote?.(payload as never)
    feed.emit(event, payload as never)
  }

  sub.on('message', (_channel: string, message: string) => {
    let parsed: Relayed | Relayed[]
    try {
      parsed = JSON.parse(message) as typeof parsed
    } catch {
      return log.warn('ignored a malformed live-feed message')
    }
    if (Array.isArray(parsed)) for (const item of parsed) deliver(item)
    else deliver(parsed)
  })

  const relayFailed = redisErrorLogger('live feed relay', log)
  const publish = (channel: string, message: string) => {
    pub.publish(channel, message).catch(relayFailed)
  }

  let batch: Relayed[] = []
  const flush = () => {
    // stop() may have sent this turn's batch already.
    if (batch.length === 0) return
    const events = batch
    batch = []
    publish(LIVE, JSON.stringify(events))
  }
  const offs = deps.rules.map(({ event, channel, worthRelaying }) => bus.on(event, (payload: unknown) => {
    if (worthRelaying !== undefined && !worthRelaying(payload as never)) return
    if (channel === 'control') return publish(CONTROL, JSON.stringify({ event, payload }))
    if (batch.length === 0) setImmediate(flush)
    batch.push({ event, payload })
  }))

  return {
    feed,
    /** Whether both connections to Redis are up. */
    ready: () => pub.status === 'ready' && sub.status === 'ready',
    async stop () {
      for (const off of offs) off()
      flush()
      await Promise.all([closeRedis(sub), closeRedis(pub)])
    }
  }
}
