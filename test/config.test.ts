import { describe, expect, it } from 'vitest'
import { loadConfig, ConfigError } from '../platform/config.ts'

describe('configuration', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({})
    expect(config.mqtt.port).toBe(1883)
    expect(config.http.port).toBe(8080)
    expect(config.influx.url).toBeNull()
    expect(config.influx.database).toBe('tianjian')
    expect(config.influx.writers).toBe(2)
    expect(config.databaseUrl).toBeNull()
    expect(config.role).toBe('all')
    expect(config.mqtt).toMatchObject({ maxKeepAliveS: 300, maxConnectionsPerGateway: 8, rate: { perSecond: 50, burst: 100, overBudgetMs: 10_000 } })
    expect(config.http).toMatchObject({ requestTimeoutMs: 60_000, headersTimeoutMs: 10_000, idleTimeoutMs: 120_000, keepAliveTimeoutMs: 72_000, trustProxy: false })
    expect(config.auth).toMatchObject({ hashConcurrency: 1, hashQueue: 32 })
    expect(config.spool.maxBytes).toBe(10_240 * 1024 * 1024)
    expect(loadConfig({ SPOOL_MAX_MB: '1' }).spool.maxBytes).toBe(1024 * 1024)
  })

  it.each([
    ['true', true],
    ['off', false],
    ['2', 2],
    ['10.0.0.1, 10.1.0.0/16,::1, fd00::/8', ['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8']]
  ])('reads TRUST_PROXY=%s', (value, trustProxy) => {
    expect(loadConfig({ TRUST_PROXY: value }).http.trustProxy).toEqual(trustProxy)
  })

  it.each([
    [{ MQTT_PORT: 'abc' }, 'MQTT_PORT'],
    [{ HTTP_PORT: '70000' }, 'HTTP_PORT'],
    [{ INFLUX_URL: 'not a url' }, 'INFLUX_URL'],
    [{ INFLUX_URL: 'ftp://x' }, 'INFLUX_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ INFLUX_DB: 'bad name;' }, 'INFLUX_DB'],
    [{ ROLE: 'worker' }, 'ROLE'],
    [{ ROLE: 'broker' }, 'DATABASE_URL'],
    [{ MQTT_TLS_PORT: '8883' }, 'MQTT_TLS_CERT'],
    [{ INFLUX_AUTO_INSTALL: 'maybe' }, 'INFLUX_AUTO_INSTALL'],
    [{ INFLUX_WRITERS: '0' }, 'INFLUX_WRITERS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUST_PROXY: 'the load balancer' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ HTTP_REQUEST_TIMEOUT_S: '0' }, 'HTTP_REQUEST_TIMEOUT_S'],
    [{ HTTP_HEADERS_TIMEOUT_S: '30', HTTP_REQUEST_TIMEOUT_S: '20' }, 'HTTP_HEADERS_TIMEOUT_S'],
    [{ HTTP_IDLE_TIMEOUT_S: '10', LIVE_HEARTBEAT_S: '15' }, 'HTTP_IDLE_TIMEOUT_S'],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_S: 'soon' }, 'HTTP_KEEP_ALIVE_TIMEOUT_S'],
    [{ MQTT_MAX_KEEPALIVE_S: '0' }, 'MQTT_MAX_KEEPALIVE_S'],
    [{ MQTT_MAX_KEEPALIVE_S: '65536' }, 'MQTT_MAX_KEEPALIVE_S'],
    [{ MQTT_GATEWAY_MAX_CONNECTIONS: '0' }, 'MQTT_GATEWAY_MAX_CONNECTIONS'],
    [{ MQTT_GATEWAY_RATE: '0' }, 'MQTT_GATEWAY_RATE'],
    [{ MQTT_GATEWAY_BURST: 'lots' }, 'MQTT_GATEWAY_BURST'],
    [{ MQTT_GATEWAY_OVER_BUDGET_S: '0' }, 'MQTT_GATEWAY_OVER_BUDGET_S'],
    [{ MQTT_OVERLOAD_BUSY_PCT: '30' }, 'MQTT_OVERLOAD_BUSY_PCT'],
    [{ MQTT_OVERLOAD_BUSY_PCT: '101' }, 'MQTT_OVERLOAD_BUSY_PCT'],
    [{ MQTT_OVERLOAD_BUSY_PCT: '90', MQTT_OVERLOAD_WINDOW_MS: '100' }, 'MQTT_OVERLOAD_WINDOW_MS'],
    [{ PASSWORD_HASH_CONCURRENCY: '4' }, 'PASSWORD_HASH_CONCURRENCY'],
    [{ PASSWORD_HASH_CONCURRENCY: '6', UV_THREADPOOL_SIZE: '6' }, 'PASSWORD_HASH_CONCURRENCY'],
    [{ PASSWORD_HASH_QUEUE: '-1' }, 'PASSWORD_HASH_QUEUE'],
    [{ SPOOL_MAX_MB: '0' }, 'SPOOL_MAX_MB'],
    [{ SPOOL_MAX_MB: 'unlimited' }, 'SPOOL_MAX_MB']
  ])('names the variable of a bad value %o', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`))
  })

  it('reads overload protection: off unless a busy share is set', () => {
    expect(loadConfig({}).mqtt.overload).toBeNull()
    expect(loadConfig({ MQTT_OVERLOAD_BUSY_PCT: '90' }).mqtt.overload).toEqual({ busyShare: 0.9, windowMs: 3000 })
    expect(loadConfig({ MQTT_OVERLOAD_BUSY_PCT: '75', MQTT_OVERLOAD_WINDOW_MS: '6000' }).mqtt.overload).toEqual({ busyShare: 0.75, windowMs: 6000 })
  })

  it('reads the emergency center\'s rule and clock settings (issue #10)', () => {
    const config = loadConfig({})
    expect(config.rules).toMatchObject({ staffModes: [2, 3, 4], serviceAlarmSeverity: 'minor' })
    expect(config.rescue).toEqual({ acceptTimeoutMs: 300_000, warnBeforeMs: 300_000, undispatchedWarnMs: 120_000, repeatWarnMs: 300_000, onSiteWarnMs: 1_800_000, closeRemindMs: 14_400_000 })
    expect(loadConfig({ STAFF_SERVICE_MODES: '2, 4', ALARM_IN_SERVICE_SEVERITY: 'warning' }).rules).toMatchObject({ staffModes: [2, 4], serviceAlarmSeverity: 'warning' })
    for (const [env, variable] of [[{ STAFF_SERVICE_MODES: '2,9' }, 'STAFF_SERVICE_MODES'], [{ ALARM_IN_SERVICE_SEVERITY: 'loud' }, 'ALARM_IN_SERVICE_SEVERITY'], [{ RESCUE_REPEAT_WARN_S: '0' }, 'RESCUE_REPEAT_WARN_S']] as const) {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`))
    }
  })

  it('reads the city\'s time zone and the inspection scan\'s settings (issue #11)', () => {
    const config = loadConfig({})
    expect(config.cityTimeZone).toBe('Asia/Shanghai')
    expect(config.inspection).toEqual({ scanAt: '06:00', dueSoonDays: 30, rateTarget: 96, dangerDeadlineDays: 30 })
    expect(loadConfig({ CITY_TIMEZONE: 'Asia/Urumqi', INSPECTION_SCAN_AT: '7:30', INSPECTION_DUE_SOON_DAYS: '45', INSPECTION_RATE_TARGET: '90', INSPECTION_DANGER_DEADLINE_DAYS: '15' }))
      .toMatchObject({ cityTimeZone: 'Asia/Urumqi', inspection: { scanAt: '07:30', dueSoonDays: 45, rateTarget: 90, dangerDeadlineDays: 15 } })
    for (const [env, variable] of [[{ CITY_TIMEZONE: 'Mars/Olympus' }, 'CITY_TIMEZONE'], [{ INSPECTION_SCAN_AT: '25:00' }, 'INSPECTION_SCAN_AT'],
      [{ INSPECTION_SCAN_AT: 'dawn' }, 'INSPECTION_SCAN_AT'], [{ INSPECTION_RATE_TARGET: '101' }, 'INSPECTION_RATE_TARGET'], [{ INSPECTION_DANGER_DEADLINE_DAYS: '0' }, 'INSPECTION_DANGER_DEADLINE_DAYS']] as const) {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`))
    }
  })

  it('never echoes a password from a bad URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:secret@' })).not.toThrow(/secret/)
    expect(() => loadConfig({ INFLUX_URL: 'http//u:secret@host' })).not.toThrow(/secret/)
  })
})
