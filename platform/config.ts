// The one configuration object: read once from the environment at boot, validated, documented in the
// README's table. A bad value stops start-up with a message that names the variable.
import { isIP } from 'node:net'
import { resolve } from 'node:path'

export type Role = 'all' | 'broker' | 'api'

export interface Config {
  role: Role
  dataDir: string
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  http: {
    host: string
    port: number
    /** Whole request (headers and body) must arrive within this, or 408 and the connection is closed. */
    requestTimeoutMs: number
    /** Request headers must arrive within this. */
    headersTimeoutMs: number
    /** A connection with no traffic either way for this long is closed (a live stream's heartbeat keeps it busy). */
    idleTimeoutMs: number
    /** An idle keep-alive connection between two requests is closed after this. */
    keepAliveTimeoutMs: number
    /** Fastify's trustProxy: whose X-Forwarded-For to believe for the caller's address (the sign-in throttle, the audit log). */
    trustProxy: boolean | number | string[]
  }
  mqtt: {
    host: string
    port: number
    tls: { port: number, certFile: string, keyFile: string } | null
    wsPort: number | null
    maxPayloadBytes: number
    maxItemsPerMessage: number
    maxFutureSkewMs: number
    /** A CONNECT asking for keep-alive 0 (never time out) or more than this is refused. */
    maxKeepAliveS: number
    /** Connections one gateway may hold at once on one broker node. */
    maxConnectionsPerGateway: number
    /** Each gateway's message-rate budget (ingest/rate-budget.ts). */
    rate: { perSecond: number, burst: number, overBudgetMs: number }
    /**
     * New connections are turned away while the event loop was busy at least `busyShare` of the last
     * `windowMs`, paced above half of it and held to a ceiling (ingest/admission.ts); null: never.
     */
    overload: { busyShare: number, windowMs: number } | null
  }
  influx: {
    /** null: start and manage a local influxd under dataDir. */
    url: string | null
    database: string
    username: string | null
    password: string | null
    token: string | null
    batchSize: number
    batchIntervalMs: number
    /** Batches in flight to InfluxDB at once. */
    writers: number
    autoInstall: boolean
  }
  wal: { syncIntervalMs: number, segmentBytes: number }
  /** What may wait for InfluxDB in the write-ahead log; beyond it acknowledgements wait (ingest/spool.ts). */
  spool: { maxBytes: number }
  /** null: embedded PGlite under dataDir. */
  databaseUrl: string | null
  /** Set: broker nodes share subscriptions, sessions and the live feed through this Redis. */
  redisUrl: string | null
  auth: {
    sessionTtlHours: number
    adminPassword: string | null
    /** Password hashes (scrypt) computed at once, each on one of libuv's threads; the rest stay free for disk syncs. */
    hashConcurrency: number
    /** Password checks that may wait for a turn; beyond them a sign-in is answered 503 at once. */
    hashQueue: number
  }
  history: { maxPoints: number }
  /** A lift's unchanged state (a heartbeat repeating the last point) gets a point at most this often; 0: every state. */
  telemetry: { unchangedPointMs: number }
  live: { streamsPerUser: number, maxBufferBytes: number, heartbeatMs: number, ticketTtlSeconds: number }
  rules: { betweenFloorsMs: number, atLandingMs: number, offlineMs: number, staffModes: number[], serviceAlarmSeverity: 'critical' | 'major' | 'minor' | 'warning' }
  rescue: { acceptTimeoutMs: number, warnBeforeMs: number, undispatchedWarnMs: number, repeatWarnMs: number, onSiteWarnMs: number, closeRemindMs: number }
  webhooks: { logRetentionDays: number }
  /** The city's IANA time zone: its local date decides what is due, overdue, and in which month (not UTC). */
  cityTimeZone: string
  inspection: {
    /** Local time of day (HH:MM, city time) of the daily scan that raises inspection alerts; it also runs at start. */
    scanAt: string
    /** A lift due within this many days raises a due-soon reminder (the use unit applies ≥ 1 month before). */
    dueSoonDays: number
    /** 定检率 target line, percent (Xining: 90% in 2020 → ≥ 96% by 2025). */
    rateTarget: number
    /** Days a use unit gets to rectify a hidden danger a spot check finds (an inspector opening a case sets its own). */
    dangerDeadlineDays: number
  }
  cylinders: {
    /** Local time of day (HH:MM, city time) of the daily cylinder scan (overdue statuses, per-unit alerts); it also runs at start. */
    scanAt: string
    /** Public look-ups by code per client address and minute (the phone scan page needs no sign-in). */
    publicLookupsPerMinute: number
  }
  maintenance: {
    /** Local time of day (HH:MM, city time) of the daily scan that raises maintenance-overdue alerts; it also runs at start. */
    scanAt: string
    /** An interval due within this many days is listed as due soon on the firm's work list. */
    dueSoonDays: number
    /** Photos a visit needs before it can be submitted (common practice: 4). */
    photosMin: number
    /** Largest photo accepted, bytes. */
    photoMaxBytes: number
    /** A visit shorter than this is not verified by the lift's terminal, ms. */
    minVisitMs: number
    /** How far (m, plus the phone's stated accuracy) a visit may start from the lift's registered place and still be vouched for. */
    gpsRadiusM: number
  }
}

export class ConfigError extends Error {
  constructor (public readonly variable: string, message: string) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

function readers (env: Env) {
  const raw = (name: string): string | undefined => {
    const value = env[name]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const value = raw(name)
    if (value === undefined) return fallback
    if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `expected a whole number, got "${value}"`)
    const n = Number(value)
    if (n < min || n > max) throw new ConfigError(name, `expected ${min}..${max}, got ${n}`)
    return n
  }
  const port = (name: string, fallback: number): number => int(name, fallback, 0, 65535)
  const optionalPort = (name: string): number | null => raw(name) === undefined ? null : port(name, 0)
  const bool = (name: string, fallback: boolean): boolean => {
    const value = raw(name)
    if (value === undefined) return fallback
    if (/^(1|true|yes|on)$/i.test(value)) return true
    if (/^(0|false|no|off)$/i.test(value)) return false
    throw new ConfigError(name, `expected true or false, got "${value}"`)
  }
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = raw(name)
    if (value === undefined) return fallback
    if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${value}"`)
    return value as T
  }
  const url = (name: string, protocols: string[]): string | null => {
    const value = raw(name)
    if (value === undefined) return null
    let parsed: URL
    try { parsed = new URL(value) } catch { throw new ConfigError(name, `expected a URL, got "${value.replace(/\/\/[^@/]*@/, '//***@')}"`) }
    if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL`)
    return value.replace(/\/+$/, '')
  }
  const intList = (name: string, fallback: number[], min: number, max: number): number[] => {
    const value = raw(name)
    if (value === undefined) return fallback
    const items = value.split(',').map((v) => v.trim())
    const bad = items.find((v) => !/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    if (bad !== undefined) throw new ConfigError(name, `expected comma-separated whole numbers ${min}..${max}, got "${value}"`)
    return [...new Set(items.map(Number))]
  }
  /** TRUST_PROXY: true/false, a number of proxy hops, or the proxies' addresses and CIDR ranges, comma-separated. */
  const trustProxy = (name: string): boolean | number | string[] => {
    const value = raw(name)
    if (value === undefined || /^(0|false|no|off)$/i.test(value)) return false
    if (/^(true|yes|on)$/i.test(value)) return true
    if (/^\d+$/.test(value)) return int(name, 0, 1, 100)
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean)
    for (const entry of entries) {
      const [address = '', bits, ...rest] = entry.split('/')
      const family = isIP(address)
      const max = family === 6 ? 128 : 32
      if (family === 0 || rest.length > 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
        throw new ConfigError(name, `expected true, false, a number of proxies, or IP addresses / CIDR ranges separated by commas; "${entry}" is none of these`)
      }
    }
    return entries
  }
  const timeZone = (name: string, fallback: string): string => {
    const value = raw(name) ?? fallback
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone
    } catch {
      throw new ConfigError(name, `expected an IANA time zone such as Asia/Shanghai, got "${value}"`)
    }
  }
  const timeOfDay = (name: string, fallback: string): string => {
    const value = raw(name) ?? fallback
    const m = /^(\d{1,2}):(\d{2})$/.exec(value)
    if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) throw new ConfigError(name, `expected a time of day HH:MM (00:00-23:59), got "${value}"`)
    return `${m[1]!.padStart(2, '0')}:${m[2]}`
  }
  return { raw, int, port, optionalPort, bool, oneOf, url, intList, trustProxy, timeZone, timeOfDay }
}

export function loadConfig (env: Env = process.env): Config {
  const r = readers(env)
  const dataDir = resolve(r.raw('DATA_DIR') ?? 'data')

  const tlsPort = r.optionalPort('MQTT_TLS_PORT')
  let tls: Config['mqtt']['tls'] = null
  if (tlsPort !== null) {
    const certFile = r.raw('MQTT_TLS_CERT')
    const keyFile = r.raw('MQTT_TLS_KEY')
    if (certFile === undefined) throw new ConfigError('MQTT_TLS_CERT', 'required when MQTT_TLS_PORT is set (PEM certificate file)')
    if (keyFile === undefined) throw new ConfigError('MQTT_TLS_KEY', 'required when MQTT_TLS_PORT is set (PEM private key file)')
    tls = { port: tlsPort, certFile: resolve(certFile), keyFile: resolve(keyFile) }
  }

  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:'])
  const role = r.oneOf('ROLE', ['all', 'broker', 'api'] as const, 'all')
  if (role !== 'all' && databaseUrl === null) {
    throw new ConfigError('DATABASE_URL', `ROLE=${role} shares the registry with other processes: it needs a PostgreSQL server`)
  }
  const http = {
    host: r.raw('HTTP_HOST') ?? '0.0.0.0',
    port: r.port('HTTP_PORT', 8080),
    requestTimeoutMs: r.int('HTTP_REQUEST_TIMEOUT_S', 60, 1, 3600) * 1000,
    headersTimeoutMs: r.int('HTTP_HEADERS_TIMEOUT_S', 10, 1, 300) * 1000,
    idleTimeoutMs: r.int('HTTP_IDLE_TIMEOUT_S', 120, 2, 3600) * 1000,
    keepAliveTimeoutMs: r.int('HTTP_KEEP_ALIVE_TIMEOUT_S', 72, 1, 3600) * 1000,
    trustProxy: r.trustProxy('TRUST_PROXY')
  }
  // Node refuses a headers timeout longer than the request's (http.createServer).
  if (http.headersTimeoutMs > http.requestTimeoutMs) throw new ConfigError('HTTP_HEADERS_TIMEOUT_S', `must not exceed HTTP_REQUEST_TIMEOUT_S (${http.requestTimeoutMs / 1000} s)`)
  // scrypt runs on libuv's thread pool, which the write-ahead log's fdatasync shares: hashing must leave it a thread.
  const threadPool = r.int('UV_THREADPOOL_SIZE', 4, 1, 1024)
  const hashConcurrency = r.int('PASSWORD_HASH_CONCURRENCY', 1, 1, 64)
  if (hashConcurrency >= threadPool) throw new ConfigError('PASSWORD_HASH_CONCURRENCY', `must be less than UV_THREADPOOL_SIZE (${threadPool}), so disk syncs always find a free thread`)

  const overloadBusyPct = r.int('MQTT_OVERLOAD_BUSY_PCT', 0, 0, 100)
  if (overloadBusyPct > 0 && overloadBusyPct < 50) throw new ConfigError('MQTT_OVERLOAD_BUSY_PCT', `expected 0 (off) or 50-100, got ${overloadBusyPct}: below half busy a node is not overloaded`)

  const influxDb = r.raw('INFLUX_DB') ?? 'tianjian'
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(influxDb)) throw new ConfigError('INFLUX_DB', 'expected 1-64 of A-Z a-z 0-9 _ -')

  const config: Config = {
    role,
    dataDir,
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    http,
    mqtt: {
      host: r.raw('MQTT_HOST') ?? '0.0.0.0',
      port: r.port('MQTT_PORT', 1883),
      tls,
      wsPort: r.optionalPort('MQTT_WS_PORT'),
      maxPayloadBytes: r.int('MQTT_MAX_PAYLOAD_BYTES', 64 * 1024, 256, 16 * 1024 * 1024),
      maxItemsPerMessage: r.int('MQTT_MAX_ITEMS', 500, 1, 100_000),
      maxFutureSkewMs: r.int('MQTT_MAX_CLOCK_SKEW_S', 300, 0, 86_400 * 7) * 1000,
      // MQTT 3.1.1 §3.1.2.10: at most 65,535 s.
      maxKeepAliveS: r.int('MQTT_MAX_KEEPALIVE_S', 300, 1, 65_535),
      maxConnectionsPerGateway: r.int('MQTT_GATEWAY_MAX_CONNECTIONS', 8, 1, 10_000),
      rate: {
        perSecond: r.int('MQTT_GATEWAY_RATE', 50, 1, 1_000_000),
        burst: r.int('MQTT_GATEWAY_BURST', 100, 1, 10_000_000),
        overBudgetMs: r.int('MQTT_GATEWAY_OVER_BUDGET_S', 10, 1, 3600) * 1000
      },
      overload: overloadBusyPct === 0 ? null : { busyShare: overloadBusyPct / 100, windowMs: r.int('MQTT_OVERLOAD_WINDOW_MS', 3000, 300, 60_000) }
    },
    influx: {
      url: r.url('INFLUX_URL', ['http:', 'https:']),
      database: influxDb,
      username: r.raw('INFLUX_USERNAME') ?? null,
      password: r.raw('INFLUX_PASSWORD') ?? null,
      token: r.raw('INFLUX_TOKEN') ?? null,
      batchSize: r.int('INFLUX_BATCH_SIZE', 5000, 1, 100_000),
      batchIntervalMs: r.int('INFLUX_BATCH_INTERVAL_MS', 200, 1, 60_000),
      writers: r.int('INFLUX_WRITERS', 2, 1, 16),
      autoInstall: r.bool('INFLUX_AUTO_INSTALL', true)
    },
    wal: {
      syncIntervalMs: r.int('WAL_SYNC_INTERVAL_MS', 2, 0, 1000),
      segmentBytes: r.int('WAL_SEGMENT_MB', 64, 1, 4096) * 1024 * 1024
    },
    spool: { maxBytes: r.int('SPOOL_MAX_MB', 10_240, 1, 16 * 1024 * 1024) * 1024 * 1024 },
    databaseUrl,
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    auth: {
      sessionTtlHours: r.int('SESSION_TTL_HOURS', 12, 1, 24 * 30),
      adminPassword: r.raw('ADMIN_PASSWORD') ?? null,
      hashConcurrency,
      hashQueue: r.int('PASSWORD_HASH_QUEUE', 32, 0, 10_000)
    },
    history: { maxPoints: r.int('HISTORY_MAX_POINTS', 1000, 10, 100_000) },
    telemetry: { unchangedPointMs: r.int('TELEMETRY_UNCHANGED_POINT_S', 60, 0, 3600) * 1000 },
    live: {
      streamsPerUser: r.int('LIVE_STREAMS_PER_USER', 8, 1, 100),
      maxBufferBytes: r.int('LIVE_BUFFER_KB', 1024, 16, 65_536) * 1024,
      heartbeatMs: r.int('LIVE_HEARTBEAT_S', 15, 1, 300) * 1000,
      ticketTtlSeconds: r.int('LIVE_TICKET_TTL_S', 30, 5, 600)
    },
    rules: {
      betweenFloorsMs: r.int('ENTRAPMENT_BETWEEN_FLOORS_S', 15, 1, 3600) * 1000,
      atLandingMs: r.int('ENTRAPMENT_AT_LANDING_S', 90, 1, 3600) * 1000,
      offlineMs: r.int('TERMINAL_OFFLINE_S', 300, 10, 86_400) * 1000,
      // GB/T 24476 service modes: 2 检修, 3 消防返回, 4 消防员运行.
      staffModes: r.intList('STAFF_SERVICE_MODES', [2, 3, 4], 0, 7),
      serviceAlarmSeverity: r.oneOf('ALARM_IN_SERVICE_SEVERITY', ['critical', 'major', 'minor', 'warning'] as const, 'minor')
    },
    rescue: {
      acceptTimeoutMs: r.int('RESCUE_ACCEPT_TIMEOUT_S', 300, 1, 86_400) * 1000,
      warnBeforeMs: r.int('RESCUE_WARN_BEFORE_S', 300, 0, 86_400) * 1000,
      undispatchedWarnMs: r.int('RESCUE_UNDISPATCHED_WARN_S', 120, 1, 86_400) * 1000,
      repeatWarnMs: r.int('RESCUE_REPEAT_WARN_S', 300, 10, 86_400) * 1000,
      onSiteWarnMs: r.int('RESCUE_ON_SITE_WARN_S', 1800, 60, 86_400) * 1000,
      closeRemindMs: r.int('RESCUE_CLOSE_REMIND_S', 14_400, 60, 7 * 86_400) * 1000
    },
    webhooks: { logRetentionDays: r.int('WEBHOOK_LOG_RETENTION_DAYS', 30, 1, 3650) },
    cityTimeZone: r.timeZone('CITY_TIMEZONE', 'Asia/Shanghai'),
    inspection: {
      scanAt: r.timeOfDay('INSPECTION_SCAN_AT', '06:00'),
      dueSoonDays: r.int('INSPECTION_DUE_SOON_DAYS', 30, 0, 366),
      rateTarget: r.int('INSPECTION_RATE_TARGET', 96, 0, 100),
      dangerDeadlineDays: r.int('INSPECTION_DANGER_DEADLINE_DAYS', 30, 1, 365)
    },
    cylinders: {
      scanAt: r.timeOfDay('CYLINDER_SCAN_AT', '06:20'),
      publicLookupsPerMinute: r.int('CYLINDER_PUBLIC_LOOKUPS_PER_MIN', 60, 1, 100_000)
    },
    maintenance: {
      scanAt: r.timeOfDay('MAINTENANCE_SCAN_AT', '06:10'),
      dueSoonDays: r.int('MAINTENANCE_DUE_SOON_DAYS', 3, 0, 60),
      photosMin: r.int('MAINTENANCE_PHOTOS_MIN', 4, 0, 50),
      photoMaxBytes: r.int('MAINTENANCE_PHOTO_MAX_KB', 8192, 16, 65_536) * 1024,
      minVisitMs: r.int('MAINTENANCE_MIN_VISIT_MIN', 15, 0, 600) * 60_000,
      gpsRadiusM: r.int('MAINTENANCE_GPS_RADIUS_M', 300, 10, 100_000)
    }
  }
  // A live stream is quiet between heartbeats: the idle timeout must not cut it.
  if (config.http.idleTimeoutMs <= config.live.heartbeatMs) {
    throw new ConfigError('HTTP_IDLE_TIMEOUT_S', `must be longer than LIVE_HEARTBEAT_S (${config.live.heartbeatMs / 1000} s), or live streams are cut between heartbeats`)
  }
  return config
}
