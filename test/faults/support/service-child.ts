// The real service (app/service.ts) in a process of its own, for scenarios where the process must die
// (SIGKILL), run out of disk, or have its memory and handles counted apart from the test runner's.
// Configured from the environment like `npm start`; logs go to stdout (the parent points it at a file).
// Answers over IPC: where it listens, its internals for leak checks, drain the shipper, stop.
import pino from 'pino'
import { loadConfig } from '../../../platform/config.ts'
import { startService } from '../../../app/service.ts'

export type ChildRequest = { id: number, cmd: 'status' | 'drain' | 'stop' }

export interface ChildStatus {
  rssBytes: number
  /** After a full garbage collection when the child runs with --expose-gc. */
  heapUsedBytes: number
  connections: number
  /** Aedes' own client table, and the listeners on the broker object. */
  aedesClients: number
  aedesListeners: number
  /** Gateways the sessions think are connected. */
  gatewaysOnline: number
  /** Offline sessions and subscriptions Aedes' persistence keeps. */
  offlineClients: number
  offlineSubscriptions: number
  /** Handles and requests keeping the event loop busy (sockets, timers, files), by type. */
  resources: Record<string, number>
  backlogLines: number
}

const config = loadConfig()
const log = pino({ level: config.logLevel })
const service = await startService(config, log).catch((err: Error) => {
  log.fatal({ err }, `start-up failed: ${err.message}`)
  process.exit(1)
})

async function status (): Promise<ChildStatus> {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const memory = process.memoryUsage()
  const aedes = service.broker?.broker as unknown as (import('node:events').EventEmitter & { clients: Record<string, unknown>, persistence: { countOffline (cb: (err: Error | null, subs: number, clients: number) => void): void } }) | undefined
  const offline = aedes === undefined
    ? { subs: 0, clients: 0 }
    : await new Promise<{ subs: number, clients: number }>((resolve, reject) => aedes.persistence.countOffline((err, subs, clients) => err ? reject(err) : resolve({ subs, clients })))
  const resources: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    connections: service.broker?.connections ?? 0,
    aedesClients: aedes === undefined ? 0 : Object.keys(aedes.clients).length,
    aedesListeners: aedes === undefined ? 0 : aedes.eventNames().reduce((n, e) => n + aedes.listenerCount(e), 0),
    gatewaysOnline: service.sessions?.onlineIds().length ?? 0,
    offlineClients: offline.clients,
    offlineSubscriptions: offline.subs,
    resources,
    backlogLines: service.shipper?.status().backlogLines ?? 0
  }
}

async function answer (request: ChildRequest): Promise<unknown> {
  if (request.cmd === 'status') return status()
  if (request.cmd === 'drain') return await service.shipper?.drain(120_000) ?? true
  await service.close()
  return true
}

process.on('message', (request: ChildRequest) => {
  answer(request).then((value) => {
    process.send!({ id: request.id, value })
    if (request.cmd === 'stop') process.disconnect()
  }, (err: Error) => process.send!({ id: request.id, error: err.message }))
})
process.send!({ ready: true, httpUrl: service.httpUrl, mqttPort: service.mqttPort })
