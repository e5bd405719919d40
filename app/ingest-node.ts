// The telemetry half of a node (ROLE=all or broker): the write-ahead log, its shipper to InfluxDB, the
// gateways' sessions, the MQTT broker, and the lifecycle that keeps the sessions in step with the registry.
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { Config } from '../platform/config.ts'
import type { Metrics } from '../platform/metrics.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { InfluxClient } from '../platform/influx/client.ts'
import { openWal } from '../ingest/wal.ts'
import { startShipper } from '../ingest/shipper.ts'
import { createSpool } from '../ingest/spool.ts'
import { startBroker } from '../ingest/broker.ts'
import { createGatewaySessions } from '../gateways/sessions.ts'
import type { GatewayStore } from '../gateways/store.ts'
import type { EquipmentKind } from '../protocol/equipment-kind.ts'

export interface IngestNodeDeps {
  config: Config
  log: Logger
  metrics: Metrics
  bus: Bus
  influx: InfluxClient
  gateways: GatewayStore
  /** The registered equipment kinds: what the broker's hot path dispatches each message to. */
  kinds: readonly EquipmentKind[]
  onClose: (fn: () => Promise<unknown>) => void
}

export async function startIngestNode (deps: IngestNodeDeps) {
  const { config, log, metrics, bus, onClose } = deps
  const wal = await openWal({ dir: join(config.dataDir, 'wal'), ...config.wal })
  onClose(() => wal.close())
  wal.on('error', (err: Error) => {
    metrics.walWriteErrors.inc()
    log.error({ err }, 'write-ahead log write failed; affected messages were not acknowledged')
  })

  let lastErrorLog = 0
  const shipper = startShipper(wal, deps.influx, {
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
  onClose(() => shipper.stop())
  metrics.gauge('tianjian_spool_points', 'Points durable on disk and not yet in InfluxDB', () => wal.backlogLines)
  const spool = createSpool({ wal, maxBytes: config.spool.maxBytes, metrics, log })
  onClose(async () => spool.close())

  const sessions = createGatewaySessions({ gateways: deps.gateways, bus })
  await sessions.reload()
  const broker = await startBroker({ config: config.mqtt, redisUrl: config.redisUrl, log, metrics, sessions, spool, kinds: deps.kinds })
  onClose(() => broker.close())
  metrics.gauge('tianjian_mqtt_connections', 'Open MQTT connections', () => broker.connections)
  if (config.mqtt.overload !== null) {
    metrics.gauge('tianjian_event_loop_busy_ratio', 'Busy share of the event loop over the overload window (MQTT_OVERLOAD_WINDOW_MS)', () => broker.loopBusy ?? 0)
    metrics.gauge('tianjian_mqtt_admission_ceiling', 'Connections this node admits at most for now under overload protection (+Inf until its loop first reaches the line)', () => broker.admissionCeiling ?? Infinity)
  }

  return { wal, shipper, spool, sessions, broker }
}

export type IngestNode = Awaited<ReturnType<typeof startIngestNode>>
