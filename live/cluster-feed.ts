// The live feed behind GET /api/live. On one node it is the local bus. With REDIS_URL, every node publishes
// what its own gateways caused (visible state changes, presence, alerts, rescue changes) to one Redis
// channel and feeds its SSE clients from that channel only, so a dashboard on node A sees lifts whose
// gateways are connected to node B, each event exactly once. The rescue desk and webhooks keep listening
// to the local bus, so a relayed event is never acted on twice.
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { createBus, type Bus, type BusEvents } from './bus.ts'
import type { LatestStates } from './latest-state.ts'

const CHANNEL = 'tianjian:live'
const RELAYED = ['elevator.state', 'gateway.presence', 'gateway.changed', 'alert.raised', 'alert.updated', 'rescue.changed'] as const

export async function startClusterFeed (deps: { redisUrl: string, bus: Bus, latest: LatestStates, log: Logger }) {
  const { bus, log } = deps
  const feed = createBus((err, event) => log.error({ err, event }, 'live feed listener failed'))
  const pub = new Redis(deps.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 })
  const sub = new Redis(deps.redisUrl, { lazyConnect: true })
  for (const conn of [pub, sub]) conn.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error (live feed)'))
  await Promise.all([pub.connect(), sub.connect()])
  await sub.subscribe(CHANNEL)

  sub.on('message', (_channel: string, message: string) => {
    let parsed: { event: keyof BusEvents, payload: unknown }
    try {
      parsed = JSON.parse(message) as typeof parsed
    } catch {
      return log.warn('ignored a malformed live-feed message')
    }
    if (parsed.event === 'elevator.state') {
      // States from other nodes keep this node's latest-state cache (lists, lift pages) current too.
      const s = parsed.payload as BusEvents['elevator.state']
      deps.latest.update(s.equipmentCode, s.gatewayId, s.state, Date.now())
    }
    feed.emit(parsed.event, parsed.payload as never)
  })

  const offs = RELAYED.map((event) => bus.on(event, (payload: BusEvents[typeof event]) => {
    if (event === 'elevator.state' && !(payload as BusEvents['elevator.state']).changed) return
    pub.publish(CHANNEL, JSON.stringify({ event, payload })).catch((err: Error) => log.warn({ err: err.message, event }, 'could not relay a live event'))
  }))

  return {
    feed,
    async stop () {
      for (const off of offs) off()
      await Promise.allSettled([sub.quit(), pub.quit()])
    }
  }
}
