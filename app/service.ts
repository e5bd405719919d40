// The composition root: builds every part in dependency order (config → stores → time series → broker →
// API) and tears them down in reverse. One function, no container, no globals: tests start a whole service
// on free ports with it, several in one process if they like. The role decides which halves are built:
// `all` both, `broker` the telemetry half with a probe server, `api` the HTTP half.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { Config } from '../platform/config.ts'
import { createMetrics } from '../platform/metrics.ts'
import { createPasswordHasher, generateSecret } from '../platform/secrets.ts'
import { openDb } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createInfluxClient } from '../platform/influx/client.ts'
import { findInfluxd, startInfluxd } from '../platform/influx/influxd.ts'
import { createBus, type Bus } from '../platform/events/bus.ts'
import type { EquipmentKind, KindDeps } from '../protocol/equipment-kind.ts'
import { createElevatorKind } from '../elevators/kind.ts'
import { startClusterFeed } from '../platform/events/cluster-relay.ts'
import type { EventDeclarations } from '../platform/events/declarations.ts'
import { createRegistryStore } from '../registry/store.ts'
import { createUserStore, type UserStore } from '../users/store.ts'
import { createGatewayStore } from '../gateways/store.ts'
import { startGatewayLifecycle } from '../gateways/lifecycle.ts'
import { startClusterPresence } from '../gateways/cluster-presence.ts'
import { gatewayEvents } from '../gateways/events.ts'
import type { GatewayPresence } from '../gateways/presence.ts'
import { gatewayRoutes } from '../gateways/routes.ts'
import { userRoutes } from '../users/routes.ts'
import { registryRoutes } from '../registry/routes.ts'
import { createLatestStates } from '../elevators/latest-state.ts'
import { loadRecentStates } from '../elevators/recent-states.ts'
import { elevatorEvents } from '../elevators/events.ts'
import { telemetryRoutes } from '../elevators/telemetry-routes.ts'
import { liveRoutes } from '../live/live-route.ts'
import { alertRoutes } from '../alerts/routes.ts'
import { rescueRoutes } from '../rescue/routes.ts'
import { webhookRoutes } from '../notify/routes.ts'
import { createAlertStore } from '../alerts/store.ts'
import { startAlertEngine } from '../alerts/engine.ts'
import { alertEvents } from '../alerts/events.ts'
import { createRescueStore } from '../rescue/store.ts'
import { startRescueService } from '../rescue/service.ts'
import { rescueEvents } from '../rescue/events.ts'
import { createWebhookStore } from '../notify/store.ts'
import { createAuditStore } from '../audit/store.ts'
import { auditRoutes } from '../audit/routes.ts'
import { startWebhookDispatcher } from '../notify/webhooks.ts'
import { createInspectionStore } from '../inspection/store.ts'
import { createIncidentStore } from '../inspection/incidents-store.ts'
import { createKpiQueries } from '../inspection/kpi.ts'
import { inspectionRoutes } from '../inspection/routes.ts'
import { spotCheckRoutes } from '../inspection/spot-check-routes.ts'
import { dangerRoutes } from '../inspection/danger-routes.ts'
import { noticeRoutes } from '../inspection/notice-routes.ts'
import { createNoticeStore } from '../inspection/notices-store.ts'
import { inspectionEvents } from '../inspection/events.ts'
import { createDangerStore } from '../inspection/dangers-store.ts'
import { createSpotCheckStore } from '../inspection/spot-checks-store.ts'
import { startInspectionScheduler } from '../inspection/scheduler.ts'
import { localDate } from '../platform/calendar.ts'
import { createMaintenanceStore } from '../maintenance/store.ts'
import { createVisitVerifier } from '../maintenance/verification.ts'
import { createFilePhotoStorage, photoFolder } from '../platform/photos/photo-storage.ts'
import { maintenanceRoutes } from '../maintenance/routes.ts'
import { startMaintenanceScheduler } from '../maintenance/scheduler.ts'
import { createUnrecordedScan } from '../maintenance/unrecorded.ts'
import { createCheckView, loadCheckView } from '../cylinders/check-view.ts'
import { createStationKind } from '../cylinders/station-kind.ts'
import { createCylinderKind } from '../cylinders/cylinder-kind.ts'
import { createTimelineWriter } from '../cylinders/timeline-writer.ts'
import { startMonitorAlerts } from '../cylinders/monitor-alerts.ts'
import { cylinderEvents } from '../cylinders/events.ts'
import { createCylinderRegistry } from '../cylinders/registry-store.ts'
import { createFillingUnits } from '../cylinders/units-store.ts'
import { createCylinderScan } from '../cylinders/scan-store.ts'
import { createCylinderFigureQueries } from '../cylinders/figures-query.ts'
import { cylinderRoutes } from '../cylinders/routes.ts'
import { startCylinderScheduler } from '../cylinders/scheduler.ts'
import { startIngestNode, type IngestNode } from './ingest-node.ts'
import { buildApi } from './api.ts'
import { buildProbeServer, healthRoutes } from './health-routes.ts'

export interface ServiceOptions {
  /** Equipment kinds beyond the built-in ones (tests prove with one that ingest/ and protocol/ know no kind). */
  kinds?: (deps: KindDeps) => EquipmentKind[]
}

const SLOW_STEP_MS = 10_000

export async function startService (config: Config, log: Logger, options: ServiceOptions = {}) {
  const closers: Array<() => Promise<unknown>> = []
  const onClose = (fn: () => Promise<unknown>) => closers.unshift(fn)
  const close = async () => {
    for (const fn of closers.splice(0)) {
      // A step that never ends keeps the process up (its data is safe in the log, but a supervisor must kill
      // it): say which. After the 100,000-lift demo ran overloaded it was the maintenance scan's stop, whose
      // work is now cancelled (platform/daily-job.ts); whether that was the whole cause is not proven.
      const slow = setTimeout(() => log.warn({ step: fn.toString().slice(0, 160) }, 'a shutdown step is still running after 10 s'), SLOW_STEP_MS)
      slow.unref()
      await fn().catch((err: Error) => log.error({ err }, 'shutdown step failed'))
      clearTimeout(slow)
    }
  }

  try {
    const metrics = createMetrics()
    const db = await openDb({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pg') })
    onClose(() => db.close())
    const applied = await migrate(db)
    if (applied.length > 0) log.info({ applied }, 'database migrated')
    const hasher = createPasswordHasher({ concurrency: config.auth.hashConcurrency, queue: config.auth.hashQueue })
    metrics.gauge('tianjian_password_hashes_waiting', 'Password checks waiting for a turn on the bounded hashing pool (PASSWORD_HASH_QUEUE)', () => hasher.load().queued)
    const users = createUserStore(db, hasher)
    const audit = createAuditStore(db)
    const registry = createRegistryStore(db)
    await ensureAdmin(users, config, log)

    const { influx, influxUrl } = await openInflux(config, log, onClose)
    const bus = createBus((err, event) => log.error({ err, event }, 'live listener failed'))
    const latest = createLatestStates(influx)
    const alerts = createAlertStore(db)
    // The pre-fill checks are answered where the stations' gateways connect, from every cylinder in memory.
    const cylinderView = config.role === 'api' ? { view: createCheckView(), async reload () {}, stop () {} } : await loadCheckView({ db, bus })
    onClose(async () => cylinderView.stop())
    const cylinderTimeline = createTimelineWriter({ db, log, metrics })
    onClose(() => cylinderTimeline.stop())
    // Equipment kinds, one line each: what gateways may report for them, how it is stored and announced, and
    // which registry table says a code exists (architecture.md).
    const kinds: EquipmentKind[] = [
      createElevatorKind({ bus, latest, metrics, unchangedPointMs: config.telemetry.unchangedPointMs }),
      createStationKind({ db, bus, view: cylinderView.view, alerts, timeline: cylinderTimeline, metrics, log, today: () => localDate(Date.now(), config.cityTimeZone) }),
      createCylinderKind({ bus }),
      ...options.kinds?.({ db, bus, influx, metrics }) ?? []
    ]
    const gateways = createGatewayStore(db, kinds)
    const rescues = createRescueStore(db)
    const webhooks = createWebhookStore(db)
    const inspections = createInspectionStore(db)
    const incidents = createIncidentStore(db)
    const dangers = createDangerStore(db)
    const cityToday = () => localDate(Date.now(), config.cityTimeZone)
    const dispatcher = startWebhookDispatcher({ bus, store: webhooks, log, retentionDays: config.webhooks.logRetentionDays })
    onClose(() => dispatcher.stop())
    const events: EventDeclarations[] = [elevatorEvents({ latest }), gatewayEvents, alertEvents, rescueEvents, inspectionEvents, cylinderEvents({
      onRemote: ({ cylinders }) => cylinderView.view.apply(cylinders),
      onRemoteStations: ({ stations }) => cylinderView.view.applyStations(stations),
      onRemoteMedia: ({ media }) => cylinderView.view.applyMedia(media)
    })]

    // The rules run where the telemetry arrives; the rescue desk and its clock run everywhere (its writes
    // are conditional, so two nodes never escalate a case twice).
    const alertEngine = config.role === 'api' ? null : await startAlertEngine({ bus, alerts, thresholds: config.rules, log })
    if (alertEngine !== null) onClose(() => alertEngine.stop())
    const monitorAlerts = config.role === 'api' ? null : await startMonitorAlerts({ db, bus, alerts, view: cylinderView.view, log })
    if (monitorAlerts !== null) onClose(() => monitorAlerts.stop())
    const rescue = startRescueService({ bus, rescues, alerts, policy: config.rescue, log, forgetAlert: alertEngine?.forget })
    onClose(async () => rescue.stop())
    // The inspection scan runs where people are served; its lock lets one node scan at a time.
    const inspectionPolicy = { timeZone: config.cityTimeZone, ...config.inspection }
    const inspectionScheduler = config.role === 'broker' ? null : startInspectionScheduler({ inspections, dangers, alerts, bus, influx, policy: inspectionPolicy, log })
    if (inspectionScheduler !== null) onClose(() => inspectionScheduler.stop())
    const maintenance = createMaintenanceStore(db)
    const maintenancePolicy = { timeZone: config.cityTimeZone, ...config.maintenance }
    const maintenanceScheduler = config.role === 'broker' ? null : startMaintenanceScheduler({
      store: maintenance, alerts, bus, policy: maintenancePolicy, log, unrecorded: createUnrecordedScan({ influx, store: maintenance, timeZone: config.cityTimeZone })
    })
    if (maintenanceScheduler !== null) onClose(() => maintenanceScheduler.stop())
    const cylinders = createCylinderRegistry({ db, bus })
    const fillingUnits = createFillingUnits({ db, bus })
    const cylinderScan = createCylinderScan(db)
    const cylinderPolicy = { timeZone: config.cityTimeZone, scanAt: config.cylinders.scanAt }
    const cylinderScheduler = config.role === 'broker' ? null : startCylinderScheduler({ db, scan: cylinderScan, alerts, bus, policy: cylinderPolicy, log })
    if (cylinderScheduler !== null) onClose(() => cylinderScheduler.stop())

    const node: IngestNode | null = config.role === 'api' ? null : await startIngestNode({ config, log, metrics, bus, influx, gateways, kinds, onClose })
    // A lone broker resumes the lifts from their last stored states, once the write-ahead log has shipped
    // what the last run left (bounded: InfluxDB may be down). In a cluster a lift's telemetry may arrive at
    // another node, whose rules would judge it on stale states: there the rules start blank.
    if (alertEngine !== null && node !== null && config.redisUrl === null) {
      const closing = new AbortController()
      const closed = new Promise((resolve) => closing.signal.addEventListener('abort', resolve))
      const resuming = Promise.race([node.shipper.drain(10_000), closed])
        .then(async () => { if (!closing.signal.aborted) await alertEngine.resume(await loadRecentStates(influx)) })
        .catch((err: Error) => log.warn({ err }, 'could not resume the lifts from their last states; the alert rules start without them'))
      onClose(async () => { closing.abort(); await resuming })
    }

    // With Redis, what the dashboards watch comes from the whole cluster, and so does presence.
    let feed: Bus | null = node === null ? null : bus
    let clusterFeed: Bus | null = null
    let presence: GatewayPresence | null = node?.sessions.presence() ?? null
    let redis: { ready (): boolean } | null = null
    if (config.redisUrl !== null) {
      const cluster = await startClusterFeed({ redisUrl: config.redisUrl, bus, rules: events.flatMap((e) => e.relay ?? []), log, live: config.role !== 'broker' })
      onClose(() => cluster.stop())
      feed = clusterFeed = cluster.feed
      redis = cluster
      const clusterPresence = await startClusterPresence({ redisUrl: config.redisUrl, bus, feed: cluster.feed, local: node?.sessions ?? null, log, mirror: config.role !== 'broker' })
      onClose(() => clusterPresence.stop())
      presence = clusterPresence.presence
    }

    const lifecycle = node === null ? null : startGatewayLifecycle({ gateways, sessions: node.sessions, broker: node.broker, bus, clusterFeed, sharedRegistry: config.databaseUrl !== null, log })
    if (lifecycle !== null) onClose(() => lifecycle.stop())
    // An API-only node has no connections to drop: it tells the broker nodes through the relay.
    const gatewayChanged = lifecycle?.changed ?? (async (gatewayId: string) => { bus.emit('gateway.changed', { gatewayId }) })

    const health = { db, influx, shipper: node?.shipper ?? null, spool: node?.spool ?? null, broker: node?.broker ?? null, redis, metrics }
    let httpUrl: string
    let api: Awaited<ReturnType<typeof buildApi>> | null = null
    if (config.role !== 'broker') {
      const app = api = await buildApi({
        log, metrics, http: config.http, userForToken: users.userForToken, recordAudit: audit.record,
        routes: [
          userRoutes({ users, sessionTtlHours: config.auth.sessionTtlHours, metrics }),
          registryRoutes({ registry, metrics, latest, presence, today: () => localDate(Date.now(), config.cityTimeZone), afterChange: async (codes) => { await inspections.rederive(codes) }, gatewayChanged }),
          gatewayRoutes({ gateways, presence, changed: gatewayChanged }),
          telemetryRoutes({ registry, latest, influx, maxPoints: config.history.maxPoints }),
          liveRoutes({
            feed,
            streams: events.flatMap((e) => e.stream ?? []),
            scopeOfViewer: async (scope) => {
              const [equipment, ids] = await Promise.all([registry.equipmentCodesInScope(scope), registry.gatewaysInScope(scope)])
              return { equipment, gateways: ids }
            },
            tickets: {
              issue: (token) => users.issueLiveTicket(token, config.live.ticketTtlSeconds),
              redeem: users.redeemLiveTicket,
              stands: users.sessionStands
            },
            limits: config.live,
            metrics
          }),
          healthRoutes(health),
          alertRoutes({ alerts, bus, forget: (code, type) => { alertEngine?.forget(code, type); monitorAlerts?.forget(code, type) } }),
          rescueRoutes({ rescues, service: rescue }),
          inspectionRoutes({ inspections, incidents, kpi: createKpiQueries(db), alerts, bus, metrics, policy: inspectionPolicy }),
          spotCheckRoutes({ spotChecks: createSpotCheckStore(db), dangers, today: cityToday, timeZone: config.cityTimeZone, dangerDeadlineDays: config.inspection.dangerDeadlineDays }),
          noticeRoutes({ notices: createNoticeStore(db), inspections, bus, today: cityToday, dueSoonDays: config.inspection.dueSoonDays }),
          dangerRoutes({ dangers, photos: createFilePhotoStorage(photoFolder(config.dataDir, 'dangers')), alerts, bus, today: cityToday, policy: config.maintenance }),
          maintenanceRoutes({
            store: maintenance, alerts, bus, policy: maintenancePolicy,
            verifier: createVisitVerifier({ db, influx, store: maintenance, minVisitMs: config.maintenance.minVisitMs, gpsRadiusM: config.maintenance.gpsRadiusM }),
            photos: createFilePhotoStorage(photoFolder(config.dataDir, 'maintenance'))
          }),
          cylinderRoutes({
            registry: cylinders, units: fillingUnits, scan: cylinderScan, alerts, bus, figures: createCylinderFigureQueries(db), metrics,
            policy: cylinderPolicy, publicLookupsPerMinute: config.cylinders.publicLookupsPerMinute
          }),
          webhookRoutes({ webhooks }),
          auditRoutes({ audit })
        ]
      })
      onClose(() => app.close())
      httpUrl = await app.listen({ port: config.http.port, host: config.http.host })
    } else {
      const probe = buildProbeServer({ ...health, log, userForToken: users.userForToken })
      onClose(() => probe.close())
      httpUrl = await probe.listen({ port: config.http.port, host: config.http.host })
    }

    return {
      httpUrl,
      mqttPort: node?.broker.ports.tcp ?? null,
      influxUrl,
      api, db, registry, gateways, users, audit, influx, bus, latest, metrics, alerts, rescues, rescue, alertEngine, webhooks, dispatcher, inspections, incidents, inspectionScheduler, maintenance, maintenanceScheduler,
      cylinderView: cylinderView.view, reloadCylinderView: cylinderView.reload, cylinderTimeline, monitorAlerts, cylinders, fillingUnits, cylinderScan, cylinderScheduler,
      shipper: node?.shipper ?? null,
      broker: node?.broker ?? null,
      sessions: node?.sessions ?? null,
      close
    }
  } catch (err) {
    await close()
    throw err
  }
}

export type Service = Awaited<ReturnType<typeof startService>>

/** InfluxDB at INFLUX_URL, or an `influxd` this process starts and stops under DATA_DIR. */
async function openInflux (config: Config, log: Logger, onClose: (fn: () => Promise<unknown>) => void) {
  let influxUrl = config.influx.url
  if (influxUrl === null) {
    const binary = findInfluxd({ autoInstall: config.influx.autoInstall, log: (m) => log.info(m) })
    const managed = await startInfluxd({ dir: join(config.dataDir, 'influxdb'), binary, log: (m) => log.info(m) })
    onClose(() => managed.stop())
    influxUrl = managed.url
  }
  const influx = createInfluxClient({ ...config.influx, url: influxUrl })
  if (!await influx.ensureDatabase()) log.warn({ url: influxUrl }, `could not create InfluxDB database "${config.influx.database}"; it must exist`)
  return { influx, influxUrl }
}

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
