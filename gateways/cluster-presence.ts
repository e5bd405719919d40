// Presence across broker nodes through Redis. A gateway is connected to one node, but the dashboard may
// ask any node (an API-only node has no broker at all), so every node with a broker keeps its connected
// gateways in a Redis hash of its own, rewritten every few seconds and set to expire: a node that dies
// takes its gateways offline with it after PRESENCE_TTL_MS. Every node mirrors all those hashes in memory —
// the API reads presence synchronously, for every row of a list — and applies the relayed `gateway.presence`
// events between two reads, so a gateway coming or going shows at once.
import { randomBytes } from 'node:crypto'
import { closeRedis, createRedis, redisErrorLogger } from '../platform/redis.ts'
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import type { GatewayPresence, PresenceView } from './presence.ts'
import type { GatewaySession } from './sessions.ts'

const PREFIX = 'tianjian:presence:'
const REFRESH_MS = 5_000
const PRESENCE_TTL_MS = 15_000

export interface LocalSessions {
  all (): Iterable<GatewaySession>
  view (session: GatewaySession): PresenceView
  get (id: string): GatewaySession | undefined
}

/** `mirror`: read the other nodes' presence too (a node serving the API); a broker-only node only publishes its own. */
export async function startClusterPresence (deps: { redisUrl: string, bus: Bus, feed: Bus, local: LocalSessions | null, log: Logger, mirror: boolean, refreshMs?: number }) {
  const { bus, feed, local, log } = deps
  const refreshMs = deps.refreshMs ?? REFRESH_MS
  const redis = createRedis(deps.redisUrl, 'gateway presence', log, { lazyConnect: true, maxRetriesPerRequest: 3 })
  await redis.connect()
  const key = `${PREFIX}${randomBytes(6).toString('hex')}`
  const exchangeFailed = redisErrorLogger('gateway presence exchange', log)
  let mirror = new Map<string, PresenceView>()

  async function publishLocal () {
    if (local === null) return
    const fields: string[] = []
    for (const session of local.all()) {
      if (session.connections > 0) fields.push(session.id, JSON.stringify(local.view(session)))
    }
    const tx = redis.multi().del(key)
    if (fields.length > 0) tx.hset(key, ...fields).pexpire(key, PRESENCE_TTL_MS)
    await tx.exec()
  }

  async function readAll () {
    const next = new Map<string, PresenceView>()
    let cursor = '0'
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 100)
      cursor = nextCursor
      for (const nodeKey of keys) {
        for (const [id, json] of Object.entries(await redis.hgetall(nodeKey))) {
          // A gateway briefly on two nodes (moving over) counts once, as the busier connection.
          const view = JSON.parse(json) as PresenceView
          const seen = next.get(id)
          if (seen === undefined || view.messages > seen.messages) next.set(id, view)
        }
      }
    } while (cursor !== '0')
    mirror = next
  }

  async function refresh () {
    try {
      await publishLocal()
      if (deps.mirror) await readAll()
    } catch (err) {
      exchangeFailed(err as Error)
    }
  }

  // This node's own comings and goings go to its hash at once, so that another node reading the hashes
  // before the next rewrite does not bring a gateway that just left back online.
  const offLocal = bus.on('gateway.presence', ({ gatewayId }) => {
    const session = local?.get(gatewayId)
    if (session === undefined) return
    const write = session.connections > 0
      ? redis.multi().hset(key, gatewayId, JSON.stringify(local!.view(session))).pexpire(key, PRESENCE_TTL_MS).exec()
      : redis.hdel(key, gatewayId)
    write.catch(exchangeFailed)
  })

  // Comings and goings from every node, between two reads of the hashes.
  const offPresence = feed.on('gateway.presence', ({ gatewayId, online, at }) => {
    const known = mirror.get(gatewayId)
    const localView = local?.get(gatewayId)
    if (localView !== undefined) mirror.set(gatewayId, local!.view(localView))
    else mirror.set(gatewayId, { ...(known ?? { firmware: null, messages: 0, ratePerMinute: 0, rejected: 0, recentRejections: [] }), online, lastSeenAt: at })
  })

  await refresh()
  const timer = setInterval(() => { void refresh() }, refreshMs)

  const presence: GatewayPresence = {
    get: (id) => {
      // This node's own gateways are read live; the others as of the last exchange.
      const session = local?.get(id)
      return session !== undefined && session.connections > 0 ? local!.view(session) : mirror.get(id)
    },
    // This node's own gateways count even when Redis could not tell the mirror about them (an outage).
    onlineIds: () => {
      const ids = new Set<string>()
      for (const [id, view] of mirror) if (view.online) ids.add(id)
      if (local !== null) for (const session of local.all()) if (session.connections > 0) ids.add(session.id)
      return [...ids]
    }
  }

  return {
    presence,
    refresh,
    async stop () {
      clearInterval(timer)
      offPresence()
      offLocal()
      if (redis.status === 'ready') await redis.del(key).catch(() => 0)
      await closeRedis(redis)
    }
  }
}
