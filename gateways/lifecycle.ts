// What keeps a broker node's view of its gateways in step with the registry:
// - last-seen times, kept in memory by the sessions, are written back every 30 s (one statement);
// - credentials are re-read periodically: without Redis this is how a node learns of changes made
//   through another node's API; with Redis those arrive at once on the control channel, and the full read
//   (a scan of every gateway with its equipment) is only the safety net for a lost one. An embedded
//   database (PGlite, no DATABASE_URL) has no other node: every change is this process's own and applied
//   at once (the gateway routes, and the registry's lift delete), so it is never re-read (at 2,990 gateways
//   a re-read cost 130–560 ms of CPU, every 30 s, growing with the city);
// - a registry change applies at once: a disabled, re-keyed or deleted gateway loses its connections on
//   this node, and through the `gateway.changed` event on every other node too.
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import type { GatewayStore } from './store.ts'
import type { GatewaySessions } from './sessions.ts'

const LAST_SEEN_FLUSH_MS = 30_000
const CREDENTIALS_RELOAD_MS = { standalone: 30_000, cluster: 600_000 }

export interface GatewayLifecycleDeps {
  gateways: GatewayStore
  sessions: GatewaySessions
  broker: { disconnectGateway (gatewayId: string): void }
  /** This node's bus: its own registry changes go out on it (and through the relay to the others). */
  bus: Bus
  /** The cluster feed when there is one: other nodes' registry changes arrive on it. */
  clusterFeed: Bus | null
  /** Whether other processes can change the registry (a shared PostgreSQL); false for the embedded PGlite. */
  sharedRegistry: boolean
  log: Logger
}

export function startGatewayLifecycle (deps: GatewayLifecycleDeps) {
  const { gateways, sessions, broker, log } = deps

  let lastFlush = 0
  const flushLastSeen = async () => {
    const since = lastFlush
    lastFlush = Date.now()
    await gateways.recordLastSeen(sessions.seenSince(since)).catch((err: Error) => log.warn({ err }, 'could not record gateway last-seen times'))
  }
  const flushTimer = setInterval(() => { void flushLastSeen() }, LAST_SEEN_FLUSH_MS)

  const reloadTimer = !deps.sharedRegistry
    ? null
    : setInterval(() => {
      sessions.reload().then((revoked) => { for (const id of revoked) broker.disconnectGateway(id) },
        (err: Error) => log.warn({ err }, 'could not reload gateway credentials'))
    }, deps.clusterFeed === null ? CREDENTIALS_RELOAD_MS.standalone : CREDENTIALS_RELOAD_MS.cluster)

  const apply = async (gatewayId: string) => {
    if (await sessions.refresh(gatewayId)) broker.disconnectGateway(gatewayId)
  }
  const offRemote = deps.clusterFeed?.on('gateway.changed', ({ gatewayId }) => {
    apply(gatewayId).catch((err: Error) => log.warn({ err, gatewayId }, 'could not apply a gateway change from another node'))
  })

  return {
    /** The registry changed this gateway through this node's API. */
    async changed (gatewayId: string) {
      await apply(gatewayId)
      deps.bus.emit('gateway.changed', { gatewayId })
    },
    async stop () {
      clearInterval(flushTimer)
      if (reloadTimer !== null) clearInterval(reloadTimer)
      offRemote?.()
      await flushLastSeen()
    }
  }
}

export type GatewayLifecycle = ReturnType<typeof startGatewayLifecycle>
