// The composition root: builds every part in dependency order (config → stores → time series → broker →
// API) and tears them down in reverse. One function, no container, no globals: tests start a whole service
// on free ports with it, several in one process if they like.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { Config } from '../platform/config.ts'
import { createMetrics } from '../platform/metrics.ts'
import { generateSecret } from '../platform/secrets.ts'
import { openDb } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createRegistryStore } from '../registry/store.ts'
import { createGatewayStore } from '../gateways/store.ts'
import { createUserStore, type UserStore } from '../users/store.ts'
import { createInfluxClient } from '../platform/influx/client.ts'
import { findInfluxd, startInfluxd, type ManagedInfluxd } from '../platform/influx/influxd.ts'
import { openWal } from '../ingest/wal.ts'
import { startShipper, type Shipper } from '../ingest/shipper.ts'
import { createBus } from '../platform/events/bus.ts'
import { createLatestStates } from '../elevators/latest-state.ts'
import { createElevatorKind } from '../elevators/kind.ts'
import type { EquipmentKind, KindDeps } from '../protocol/equipment-kind.ts'
import { startClusterFeed } from '../platform/events/cluster-relay.ts'
import { startClusterPresence } from '../gateways/cluster-presence.ts'
import type { GatewayPresence } from '../gateways/presence.ts'
import { createGatewaySessions } from '../gateways/sessions.ts'
import { startBroker, type Broker } from '../ingest/broker.ts'
import { buildApi } from './api.ts'
import { buildProbeServer } from './health-routes.ts'
import { createAlertStore } from '../alerts/store.ts'
import { startAlertEngine, type AlertEngine } from '../alerts/engine.ts'
import { createRescueStore } from '../rescue/store.ts'
import { startRescueService } from '../rescue/service.ts'
import { createWebhookStore, startWebhookDispatcher } from '../notify/webhooks.ts'

const LAST_SEEN_FLUSH_MS = 30_000
// How often a broker re-reads every gateway's credentials. Without Redis this is how it learns of changes
// made through another node's API; with Redis those arrive as events at once, and the full read (a scan of
// every gateway with its equipment) is only the safety net for a lost one.
const CREDENTIALS_RELOAD_MS = { standalone: 30_000, cluster: 600_000 }

export interface ServiceOptions {
  /** Equipment kinds beyond the built-in ones (tests prove with one that ingest/ and protocol/ know no kind). */
  kinds?: (deps: KindDeps) => EquipmentKind[]
}

export async function startService (config: Config, log: Logger, options: ServiceOptions = {}) {
  const closers: Array<() => Promise<unknown>> = []
  const onClose = (fn: () => Promise<unknown>) => closers.unshift(fn)
  const close = async () => {
    for (const fn of closers.splice(0)) await fn().catch((err: Error) => log.error({ err }, 'shutdown step failed'))
  }

  try {
    const metrics = createMetrics()
    const db = await openDb({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pg') })
    onClose(() => db.close())
    const applied = await migrate(db)
    if (applied.length > 0) log.info({ applied }, 'database migrated')
    const users = createUserStore(db)
    const registry = createRegistryStore(db)
    await ensureAdmin(users, config, log)

    let influxUrl = config.influx.url
    let managedInflux: ManagedInfluxd | null = null
    if (influxUrl === null) {
      const binary = findInfluxd({ autoInstall: config.influx.autoInstall, log: (m) => log.info(m) })
      managedInflux = await startInfluxd({ dir: join(config.dataDir, 'influxdb'), binary, log: (m) => log.info(m) })
      onClose(() => managedInflux!.stop())
      influxUrl = managedInflux.url
    }
    const influx = createInfluxClient({ ...config.influx, url: influxUrl })
    if (!await influx.ensureDatabase()) log.warn({ url: influxUrl }, `could not create InfluxDB database "${config.influx.database}"; it must exist`)

    const bus = createBus((err, event) => log.error({ err, event }, 'live listener failed'))
    const latest = createLatestStates(influx)
    // Equipment kinds, one line each: what gateways may report for them, how it is stored and announced, and
    // which registry table says a code exists (architecture.md).
    const kinds: EquipmentKind[] = [
      createElevatorKind({ bus, latest, metrics }),
      ...options.kinds?.({ db, bus, influx, metrics }) ?? []
    ]
    const gateways = createGatewayStore(db, kinds)
    const alerts = createAlertStore(db)
    const rescues = createRescueStore(db)
    const webhooks = createWebhookStore(db)
    const dispatcher = startWebhookDispatcher({ bus, store: webhooks, log })
    onClose(() => dispatcher.stop())

    // The rules run where the telemetry arrives; the rescue desk and its clock run everywhere (its writes
    // are conditional, so two nodes never escalate a case twice).
    const alertEngine: AlertEngine | null = config.role === 'api' ? null : await startAlertEngine({ bus, alerts, thresholds: config.rules, log })
    if (alertEngine !== null) onClose(() => alertEngine.stop())
    const rescue = startRescueService({ bus, rescues, alerts, policy: config.rescue, log, forgetAlert: alertEngine?.forget })
    onClose(async () => rescue.stop())

    let shipper: Shipper | null = null
    let broker: Broker | null = null
    let sessions: ReturnType<typeof createGatewaySessions> | null = null
    if (config.role !== 'api') {
      const wal = await openWal({ dir: join(config.dataDir, 'wal'), ...config.wal })
      onClose(() => wal.close())
      wal.on('error', (err: Error) => log.error({ err }, 'write-ahead log write failed; affected messages were not acknowledged'))
      let lastErrorLog = 0
      shipper = startShipper(wal, influx, {
        batchSize: config.influx.batchSize,
        batchIntervalMs: config.influx.batchIntervalMs,
        concurrency: config.influx.writers,
        onShipped: (n) => metrics.influxPoints.inc(n),
        onError (err) {
          metrics.influxErrors.inc()
          // One line per 30 s, not one per retry: an outage must not flood the log.
          if (Date.now() - lastErrorLog > 30_000) { lastErrorLog = Date.now(); log.warn({ err: err.message, spooled: wal.backlogLines }, 'InfluxDB write failed; spooling to disk and retrying') }
        },
        onRejected (err, lines) { metrics.influxRejected.inc(lines); log.error({ err: err.message, lines }, 'InfluxDB refused a batch as malformed') }
      })
      onClose(() => shipper!.stop())
      metrics.gauge('tianjian_spool_points', 'Points durable on disk and not yet in InfluxDB', () => wal.backlogLines)

      sessions = createGatewaySessions({ gateways, bus })
      await sessions.reload()
      broker = await startBroker({ config: config.mqtt, redisUrl: config.redisUrl, log, metrics, sessions, wal, kinds })
      onClose(() => broker!.close())
      metrics.gauge('tianjian_mqtt_connections', 'Open MQTT connections', () => broker!.connections)

      let lastFlush = 0
      const flushLastSeen = async () => {
        const since = lastFlush
        lastFlush = Date.now()
        await gateways.recordLastSeen(sessions!.seenSince(since)).catch((err: Error) => log.warn({ err }, 'could not record gateway last-seen times'))
      }
      const flushTimer = setInterval(() => { void flushLastSeen() }, LAST_SEEN_FLUSH_MS)
      // A gateway disabled or re-keyed through another node's API is dropped here at the latest.
      const reloadTimer = setInterval(() => {
        sessions!.reload().then((revoked) => { for (const id of revoked) broker!.disconnectGateway(id) },
          (err: Error) => log.warn({ err }, 'could not reload gateway credentials'))
      }, config.redisUrl === null ? CREDENTIALS_RELOAD_MS.standalone : CREDENTIALS_RELOAD_MS.cluster)
      onClose(async () => { clearInterval(flushTimer); clearInterval(reloadTimer); await flushLastSeen() })
    }

    let feed = bus
    let presence: GatewayPresence | null = sessions?.presence() ?? null
    let redis: { ready (): boolean } | null = null
    if (config.redisUrl !== null) {
      const cluster = await startClusterFeed({ redisUrl: config.redisUrl, bus, latest, log, live: config.role !== 'broker' })
      onClose(() => cluster.stop())
      feed = cluster.feed
      redis = cluster
      const clusterPresence = await startClusterPresence({ redisUrl: config.redisUrl, bus, feed, local: sessions, log, mirror: config.role !== 'broker' })
      onClose(() => clusterPresence.stop())
      presence = clusterPresence.presence
    }

    // A registry change to a gateway reaches this node's broker at once and the other nodes through the feed,
    // so a disabled or re-keyed gateway loses its connections everywhere, not only where the admin clicked.
    const applyGatewayChange = async (gatewayId: string) => {
      if (sessions !== null && broker !== null && await sessions.refresh(gatewayId)) broker.disconnectGateway(gatewayId)
    }
    if (feed !== bus) {
      const off = feed.on('gateway.changed', ({ gatewayId }) => {
        applyGatewayChange(gatewayId).catch((err: Error) => log.warn({ err, gatewayId }, 'could not apply a gateway change from another node'))
      })
      onClose(async () => off())
    }
    const gatewayChanged = async (gatewayId: string) => {
      await applyGatewayChange(gatewayId)
      bus.emit('gateway.changed', { gatewayId })
    }

    let httpUrl: string | null = null
    let api: Awaited<ReturnType<typeof buildApi>> | null = null
    if (config.role !== 'broker') {
      api = await buildApi({
        log, db, users, registry, gateways, influx, latest, metrics, bus, feed, live: broker !== null || config.redisUrl !== null, shipper, broker, redis, presence, gatewayChanged,
        alerts, rescues, rescue, webhooks, forgetAlert: (code, type) => alertEngine?.forget(code, type as never),
        sessionTtlHours: config.auth.sessionTtlHours, historyMaxPoints: config.history.maxPoints
      })
      onClose(() => api!.close())
      httpUrl = await api.listen({ port: config.http.port, host: config.http.host })
    } else {
      const probe = buildProbeServer({ log, db, influx, shipper, broker, redis, metrics })
      onClose(() => probe.close())
      httpUrl = await probe.listen({ port: config.http.port, host: config.http.host })
    }

    return {
      httpUrl,
      mqttPort: broker?.ports.tcp ?? null,
      influxUrl,
      api, db, registry, gateways, users, influx, shipper, broker, sessions, bus, latest, metrics, alerts, rescues, rescue, alertEngine, webhooks, dispatcher,
      close
    }
  } catch (err) {
    await close()
    throw err
  }
}

export type Service = Awaited<ReturnType<typeof startService>>

/** A fresh installation gets one admin; a generated password goes to a private file, never to the log. */
async function ensureAdmin (users: UserStore, config: Config, log: Logger) {
  if (await users.count() > 0) return
  const password = config.auth.adminPassword ?? generateSecret().slice(0, 16)
  await users.create({ username: 'admin', displayName: '系统管理员', password, role: 'admin', maintenanceFirmId: null, useUnitId: null })
  if (config.auth.adminPassword !== null) {
    log.info('created user "admin" with the password from ADMIN_PASSWORD')
    return
  }
  const file = join(config.dataDir, 'initial-admin-password')
  await writeFile(file, `${password}\n`, { mode: 0o600 })
  log.info({ file }, 'created user "admin"; its password is in this file (readable by this user only)')
}
