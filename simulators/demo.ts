// `npm run demo`: the service with its embedded database (and its own InfluxDB unless INFLUX_URL is set),
// the demo city of Xining seeded on the first start, and the fleet simulator in a child process talking
// MQTT to it. Arguments after `npm run demo --` go to the simulator (see `npm run simulate -- --help`).
// Environment: the service's (HTTP_PORT, MQTT_PORT, DATA_DIR, ...) plus DEMO_LIFTS and DEMO_SEED.
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import pretty from 'pino-pretty'
import { ConfigError, loadConfig, type Config } from '../platform/config.ts'
import { startService, type Service } from '../app/service.ts'
import { DASHBOARD_DIST } from '../platform/http/dashboard.ts'
import { openFileLimit } from '../platform/process-limits.ts'
import { DEMO_USERS } from './city/demo-users.ts'
import { DEFAULT_CITY } from './city/seed-city.ts'
import { prepareFleet } from './demo/prepare-fleet.ts'
import { prepareCrews } from './demo/prepare-crews.ts'
import { startFleetProcess, type FleetProcess } from './demo/fleet-process.ts'
import { demoBanner } from './demo/banner.ts'
import { createDemoLog } from './demo/demo-log.ts'
import { prepareCylinderFleet } from './cylinders/prepare-cylinders.ts'

const FLEET_STOP_TIMEOUT_MS = 20_000
// Descriptors the demo's service needs besides the lifts' gateways: database and log files, InfluxDB and
// HTTP sockets, the filling stations' and monitored bottles' gateways.
const DEMO_FD_MARGIN = 1_500
// The inspection scan on start finds no telemetry yet for the overdue lifts the fleet keeps running: a
// second scan, once the fleet has run a while, flags them (违规使用) on the first visit, not the next day.
const RUNNING_SCAN_AFTER_MS = 90_000
// One service process at a city's shape holds ~35,000–50,000 lifts on its core, and the simulator playing
// them needs about as much again (docs/scaling.md; docs/simulators.md has a 100,000-lift run on two cores).
const ONE_PROCESS_LIFTS = 40_000

function demoSettings (env: NodeJS.ProcessEnv): { config: Config, lifts: number, seed: string } {
  const adminPassword = DEMO_USERS.find((u) => u.role === 'admin')!.password
  const raw = env.DEMO_LIFTS?.trim()
  const lifts = raw === undefined || raw === '' ? DEFAULT_CITY.lifts : Number(raw)
  if (!Number.isInteger(lifts) || lifts < 1 || lifts > 200_000) throw new ConfigError('DEMO_LIFTS', `expected a whole number 1..200000, got "${raw}"`)
  // The first start creates `admin` with the documented demo password unless ADMIN_PASSWORD says otherwise.
  // A city larger than the process holds gets overload protection: the gateways it serves are answered in
  // time and the rest retry, instead of everyone waiting seconds (README, MQTT_OVERLOAD_BUSY_PCT). A city it
  // holds connects at full speed, as it did.
  const overload = lifts > ONE_PROCESS_LIFTS ? { MQTT_OVERLOAD_BUSY_PCT: '80' } : {}
  const config = loadConfig({ ADMIN_PASSWORD: adminPassword, ...overload, ...env })
  return { config, lifts, seed: env.DEMO_SEED?.trim() || DEFAULT_CITY.seed }
}

/** A URL a person on this machine can open: a wildcard listen address is not one. */
function reachable (url: string): string {
  const u = new URL(url)
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]' || u.hostname === '::') u.hostname = 'localhost'
  return u.href
}

/** The same, for a process on this machine: a wildcard address is reached at the loopback. */
function local (url: string): string {
  const u = new URL(url)
  if (u.hostname === '0.0.0.0') u.hostname = '127.0.0.1'
  else if (u.hostname === '[::]' || u.hostname === '::') u.hostname = '[::1]'
  return u.href
}

async function main () {
  let settings: ReturnType<typeof demoSettings>
  try {
    settings = demoSettings(process.env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(`demo: configuration error: ${err.message}`)
    process.exit(2)
  }
  const { config, lifts, seed } = settings
  const log: Logger = createDemoLog(config.logLevel, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }))
  await mkdir(config.dataDir, { recursive: true })
  if (lifts > ONE_PROCESS_LIFTS) {
    log.warn(`${lifts.toLocaleString('en-US')} lifts are more than one service process holds beside its simulator (~${ONE_PROCESS_LIFTS.toLocaleString('en-US')}): ` +
      'expect the gateways it has no time for to wait and retry; a city this size runs on several broker processes (docs/scaling.md)')
  }

  let service: Service | null = null
  let fleet: FleetProcess | null = null
  let cylinders: FleetProcess | null = null
  let stopping = false
  let runningScan: NodeJS.Timeout | null = null
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    if (runningScan !== null) clearTimeout(runningScan)
    log.info('stopping the demo')
    await Promise.all([fleet?.stop(FLEET_STOP_TIMEOUT_MS), cylinders?.stop(FLEET_STOP_TIMEOUT_MS)])
    await service?.close()
    process.exit(code)
  }
  process.on('SIGINT', () => { void shutdown(0) })
  process.on('SIGTERM', () => { void shutdown(0) })

  // A real city of 5,000 lifts has an entrapment every day or two; a demo needs the dispatcher's board to
  // come alive at once: the first passenger is trapped 20 s after the fleet starts (on the board some 15 s
  // later), then 12 an hour. Maintenance: the firms' crews do 30 visits an hour through the API, each
  // putting its lift in 检修 (the terminal verifies the record), and one lift an hour or two is switched to
  // 检修 with no record, so the "检修 without a record" notice still has something to find. Options after
  // `npm run demo --` override these (the last value wins).
  const DEMO_INCIDENTS = ['--entrapments-per-hour', '12', '--first-entrapment', '20', '--alarms-per-hour', '12', '--faults-per-hour', '30',
    '--crew-visits-per-hour', '30', '--visits-per-hour', '1.5']

  try {
    service = await startService(config, log)
    const fleetFile = join(config.dataDir, 'demo-fleet.json')
    const prepared = await prepareFleet(service.db, fleetFile, { lifts, seed, maxGateways: openFileLimit() - DEMO_FD_MARGIN }, log)
    // The scans ran at start on an empty registry: a freshly seeded city gets its overdue alerts now, not tomorrow.
    if (prepared.how === 'seeded') await Promise.all([service.inspectionScheduler?.scan(), service.maintenanceScheduler?.scan()])
    const mqttHost = config.mqtt.host === '0.0.0.0' || config.mqtt.host === '::' ? '127.0.0.1' : config.mqtt.host
    const mqttUrl = `mqtt://${mqttHost}:${service.mqttPort}`
    const crewsFile = join(config.dataDir, 'demo-crews.json')
    const crews = prepared.fleet === null || service.httpUrl === null ? null : await prepareCrews(service.db, service.users, crewsFile, log)
    if (prepared.fleet === null) {
      log.warn('the registry holds lifts that are not the demo city\'s and no fleet file: running the service without the simulator')
    } else if (service.mqttPort === null) {
      log.warn(`ROLE=${config.role} runs no broker here: running the service without the simulator`)
    } else if (!stopping) {
      // `node simulators/demo.ts -- --x` keeps the "--" that `npm run demo -- --x` strips.
      const extra = process.argv.slice(2)
      if (extra[0] === '--') extra.shift()
      const crewArgs = crews === null ? [] : ['--crews', crewsFile, '--api', local(service.httpUrl!)]
      fleet = startFleetProcess(['--credentials', fleetFile, '--broker', mqttUrl, '--stats-every', '30', ...crewArgs, ...DEMO_INCIDENTS, ...extra], {
        onLine: (line, stream) => (stream === 'stderr' ? console.error : console.log)(`[fleet] ${line}`),
        onExit (code, signal) {
          if (stopping) return
          // Exit code 2: the options given after `npm run demo --` were refused; nothing to demo then.
          if (code === 2) {
            log.error('the fleet simulator refused its options (see above); stopping')
            void shutdown(2)
          } else {
            log.warn({ code, signal }, 'the fleet simulator stopped; the service keeps running')
          }
        }
      })
    }
    // Filling stations and monitored bottles, from whatever cylinders the registry holds: a refused
    // overdue cylinder within a second, a forced fill now and then, a leak 30 s after the start.
    const cylinderFile = join(config.dataDir, 'demo-cylinders.json')
    // The lifts' demo runs whatever happens here: a registry the cylinder side cannot use is a warning.
    // The seeding wrote cylinders and stations straight into the tables: the check view reads them again.
    if (prepared.how === 'seeded') await service.reloadCylinderView()
    const cylinderFleet = service.mqttPort === null || stopping ? null
      : await prepareCylinderFleet(service.db, service.gateways, cylinderFile, log).catch((err: Error) => { log.warn({ err }, 'could not prepare the cylinder gateways'); return null })
    if (cylinderFleet === null) {
      log.info('no filling stations or cylinders in the registry: running without the cylinder simulator')
    } else {
      await service.sessions?.reload()
      const extra = (process.env.DEMO_CYLINDER_ARGS ?? '').split(/\s+/).filter((a) => a !== '')
      cylinders = startFleetProcess(['--credentials', cylinderFile, '--broker', mqttUrl, '--stats-every', '30', '--first-leak', '30', '--leaks-per-hour', '6',
        '--fills-per-minute', '4', '--forced-fill-chance', '0.1', ...extra], {
        onLine: (line, stream) => (stream === 'stderr' ? console.error : console.log)(`[cylinders] ${line}`),
        onExit (code, signal) { if (!stopping) log.warn({ code, signal }, 'the cylinder simulator stopped; the service keeps running') }
      }, 'cylinders-cli.ts')
    }
    if (fleet !== null) {
      runningScan = setTimeout(() => {
        runningScan = null
        service?.inspectionScheduler?.scan().catch((err: Error) => log.warn({ err }, 'the demo\'s second inspection scan failed'))
      }, RUNNING_SCAN_AFTER_MS)
    }
    const logins = await Promise.all(DEMO_USERS.map(async (user) => ({ user, works: await service!.users.verifyLogin(user.username, user.password) !== undefined })))
    console.log(demoBanner({
      httpUrl: reachable(service.httpUrl!),
      mqttUrl,
      dashboardBuilt: existsSync(join(DASHBOARD_DIST, 'index.html')),
      dataDir: config.dataDir,
      fleetFile: prepared.fleet === null ? null : fleetFile,
      crewsFile: crews === null ? null : crewsFile,
      crews: crews?.crews.length ?? 0,
      lifts: prepared.fleet?.gateways.reduce((sum, g) => sum + g.lifts.length, 0) ?? 0,
      gateways: prepared.fleet?.gateways.length ?? 0,
      logins
    }))
  } catch (err) {
    log.fatal({ err }, `demo failed: ${(err as Error).message}`)
    await shutdown(1)
  }
}

await main()
