// Prometheus metrics, one registry per service instance (no process-wide default registry, so tests and
// several instances in one process never collide). Exposed at GET /metrics.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * One label set of a counter that the ingest hot path adds to per message. prom-client's `inc()`, even
 * on a child from `labels()`, builds the label set's key string, checks the labels and looks the key up on
 * every call (~0.1–0.3 µs, several per message at a city's rate); a tally is a plain number added to, handed
 * to its prom-client counter whenever the registry is read (scrape, /metrics, `get()`), so what is read is
 * the same.
 */
export class Tally {
  count = 0
  constructor (readonly labels: Record<string, string>) {}
  inc (by = 1) { this.count += by }
}

export function createMetrics () {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] })
  const gauge = (name: string, help: string, collect: () => number) =>
    new Gauge({ name, help, registers: [registry], collect () { this.set(collect()) } })
  /** A counter for the hot path: `tally(labels)` gives the one label set's Tally (the same one for equal labels). */
  const tallied = <L extends string>(name: string, help: string, labelNames: L[] = []) => {
    const tallies = new Map<string, Tally>()
    const counter = new Counter<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      collect () {
        for (const t of tallies.values()) {
          if (t.count === 0) continue
          this.inc(t.labels as Partial<Record<L, string>>, t.count)
          t.count = 0
        }
      }
    })
    return Object.assign(counter, {
      tally (labels: Partial<Record<L, string>> = {}): Tally {
        // Checked here, where the mistake is, rather than when the registry is read (a scrape would fail).
        for (const label of Object.keys(labels)) if (!labelNames.includes(label as L)) throw new Error(`"${label}" is not a label of ${name}`)
        const key = labelNames.map((n) => labels[n] ?? '').join('\n')
        let t = tallies.get(key)
        if (t === undefined) tallies.set(key, t = new Tally(labels as Record<string, string>))
        return t
      }
    })
  }

  return {
    registry,
    gauge,
    /** A capability's own counter, on this instance's registry. */
    counter,
    /** A capability's own counter for a per-message path: `.tally(labels).inc()` is a plain addition. */
    tallied,
    mqttMessages: tallied('tianjian_mqtt_messages_total', 'Telemetry messages accepted (at least one item stored)', ['kind']),
    mqttItems: tallied('tianjian_mqtt_items_total', 'Telemetry items stored', ['kind']),
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
