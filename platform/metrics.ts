// Prometheus metrics, one registry per service instance (no process-wide default registry, so tests and
// several instances in one process never collide). Exposed at GET /metrics.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'

export function createMetrics () {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] })
  const gauge = (name: string, help: string, collect: () => number) =>
    new Gauge({ name, help, registers: [registry], collect () { this.set(collect()) } })

  return {
    registry,
    gauge,
    /** A capability's own counter, on this instance's registry. */
    counter,
    mqttMessages: counter('tianjian_mqtt_messages_total', 'Telemetry messages accepted (at least one item stored)', ['kind']),
    mqttItems: counter('tianjian_mqtt_items_total', 'Telemetry items stored', ['kind']),
    mqttRejected: counter('tianjian_mqtt_rejected_total', 'Messages or items rejected, by reason', ['reason']),
    mqttRateDelayed: counter('tianjian_mqtt_rate_delayed_total', 'QoS 1 messages over their gateway\'s rate budget: stored and acknowledged late, never dropped'),
    mqttAuthFailures: counter('tianjian_mqtt_auth_failures_total', 'Refused gateway connections, by reason', ['reason']),
    walWriteErrors: counter('tianjian_wal_write_errors_total', 'Write-ahead log writes that failed (disk full, I/O error): their messages were not acknowledged'),
    influxPoints: counter('tianjian_influx_points_written_total', 'Points written to InfluxDB'),
    influxErrors: counter('tianjian_influx_write_errors_total', 'Failed InfluxDB write attempts (retried)'),
    influxRejected: counter('tianjian_influx_rejected_points_total', 'Points InfluxDB refused as malformed'),
    apiBadRequests: counter('tianjian_api_bad_requests_total', 'API requests refused as invalid, by route', ['route']),
    apiRefused: counter('tianjian_api_refused_total', 'API requests answered 4xx, by status and route', ['status', 'route']),
    csvRowsRejected: counter('tianjian_csv_rows_rejected_total', 'CSV import rows refused'),
    loginFailures: counter('tianjian_login_failures_total', 'Refused sign-ins, by reason (wrong_credentials, throttled_user, throttled_address, busy)', ['reason']),
    auditFailures: counter('tianjian_audit_failures_total', 'Changes made through the API whose audit log entry could not be stored'),
    liveDropped: counter('tianjian_live_streams_closed_total', 'Live streams the server closed, by reason (slow_reader, session_ended, too_many_streams)', ['reason'])
  }
}

export type Metrics = ReturnType<typeof createMetrics>
