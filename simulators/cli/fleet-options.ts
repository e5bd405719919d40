// Command-line options of the fleet simulator: one table gives the parser, the checks and the --help text.
// A bad value stops the run with a message naming the option, before any connection opens.
import { parseArgs } from 'node:util'
import { FLEET_DEFAULTS, type FleetOptions } from '../fleet/fleet.ts'
import { NO_INCIDENTS, type IncidentRates } from '../fleet/incidents.ts'
import type { ScenarioEvent } from '../scenario/scenario.ts'
import { CREW_DEFAULTS, type CrewOptions } from '../crews/crew-runner.ts'
import type { CrewShares } from '../crews/crew-plan.ts'

export class OptionError extends Error {
  constructor (public readonly option: string, message: string) {
    super(`${option}: ${message}`)
    this.name = 'OptionError'
  }
}

export const OPTIONS = {
  credentials: { arg: '<file>', help: 'fleet file: gateways, their secrets and lifts (the demo writes DATA_DIR/demo-fleet.json); required' },
  broker: { arg: '<url>', help: 'broker URL, mqtt://host:port (default: the fleet file\'s, else mqtt://127.0.0.1:1883)' },
  heartbeat: { arg: '<s>', help: 'seconds between two heartbeat states of one lift (default 5)' },
  rate: { arg: '<msg/s>', help: 'heartbeat messages per second for the whole fleet; sets the heartbeat to lifts / rate' },
  qos: { arg: '<0|1>', help: 'MQTT QoS of every message (default 1: acknowledged, counted)' },
  duration: { arg: '<s>', help: 'stop after this many seconds (default: run until Ctrl-C)' },
  seed: { arg: '<text>', help: 'seed of the random parts, to repeat a run exactly (default: random, printed)' },
  scenario: { arg: '<file>', help: 'JSON Lines script of timed events; random incidents default to 0 with it' },
  lifts: { arg: '<n>', help: 'simulate only the first n lifts of the fleet file (whole gateways)' },
  'trips-per-hour': { arg: '<n>', help: 'passenger trips per lift per hour (default 12; 0 = nobody rides)' },
  'entrapments-per-hour': { arg: '<n>', help: 'entrapments across the fleet per hour (default 2)' },
  'between-floors-share': { arg: '<0..1>', help: 'share of entrapments between floors, 非平层 (default 0.5); the rest at a landing' },
  'reported-share': { arg: '<0..1>', help: 'share of entrapments the terminal reports with code "entrapment" (default 0.5)' },
  'rescue-minutes': { arg: '<min-max>', help: 'minutes until trapped passengers are released (default 8-25)' },
  'first-entrapment': { arg: '<s>', help: 'the first entrapment this many seconds after the start, then at the rate (default: at the rate)' },
  'alarms-per-hour': { arg: '<n>', help: 'alarm-button presses (code 90) across the fleet per hour, besides entrapments (default 4)' },
  'false-alarm-share': { arg: '<0..1>', help: 'share of those presses with nobody in the car (default 0.4)' },
  'faults-per-hour': { arg: '<n>', help: 'faults (codes 01-08, overrun_top, ...) across the fleet per hour (default 6)' },
  'visits-per-hour': { arg: '<n>', help: 'maintenance visits in inspection mode (2, 检修) per hour (default: lifts / 360, every 15 days)' },
  crews: { arg: '<file>', help: 'crews file: a login per maintenance firm and its workers (the demo writes DATA_DIR/demo-crews.json); crews then do visits through the API' },
  api: { arg: '<url>', help: 'the Tianjian API the crews call, http://host:port (default: the crews file\'s, else http://127.0.0.1:8080)' },
  'crew-visits-per-hour': { arg: '<n>', help: 'visits the crews start across the city per hour (default: lifts / 360, every 15 days)' },
  'crew-visit-minutes': { arg: '<min-max>', help: 'minutes a visit takes, start to submission (default 35-80)' },
  'crew-late-share': { arg: '<0..1>', help: 'share of visits to a lift already overdue: a late record (default 0.1)' },
  'crew-forget-share': { arg: '<0..1>', help: 'share of visits whose crew never switches the lift to 检修: not verified (default 0.06)' },
  'crew-short-share': { arg: '<0..1>', help: 'share of visits far too short (default 0.04)' },
  'crew-fail-share': { arg: '<0..1>', help: 'share of visits that find an item 不合格 (default 0.12)' },
  'crew-confirm-share': { arg: '<0..1>', help: 'share of the crews file\'s use unit\'s records its safety manager confirms (default 0.7)' },
  'max-skew': { arg: '<ms>', help: 'largest gateway clock error, either way (default 3000)' },
  'connect-rate': { arg: '<n/s>', help: 'new gateway connections per second at start (default 200)' },
  'stats-every': { arg: '<s>', help: 'print counters every s seconds (default 10; 0 = only at the end)' },
  help: { arg: '', help: 'show this help' }
} as const

type Name = keyof typeof OPTIONS

export interface ParsedArgs {
  help: boolean
  credentials: string
  broker: string | null
  heartbeatS: number | null
  rate: number | null
  qos: 0 | 1
  durationS: number | null
  seed: string | null
  scenario: string | null
  lifts: number | null
  tripsPerHour: number
  statsEveryS: number
  maxSkewMs: number
  connectPerSecond: number
  /** Rates given on the command line; the others take their defaults (or 0 with a scenario). */
  incidents: Partial<IncidentRates>
  crews: string | null
  api: string | null
  crewVisitsPerHour: number | null
  crewMinutes: [number, number] | null
  crewShares: Partial<CrewShares>
}

export function helpText (command: string): string {
  const width = Math.max(...Object.entries(OPTIONS).map(([name, o]) => name.length + o.arg.length))
  const lines = Object.entries(OPTIONS).map(([name, o]) => `  --${`${name} ${o.arg}`.padEnd(width + 2)} ${o.help}`)
  return `Simulates a city's lifts behind their gateways, over MQTT, as the gateway protocol says.\n\n` +
    `usage: ${command} --credentials <file> [options]\n\n${lines.join('\n')}\n\nSee docs/simulators.md.`
}

export function parseFleetArgs (argv: string[]): ParsedArgs {
  let values: Partial<Record<Name, string | boolean>>
  try {
    const options = Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: name === 'help' ? 'boolean' : 'string' }]))
    values = parseArgs({ args: argv, options: options as never, strict: true, allowPositionals: false }).values as typeof values
  } catch (err) {
    const message = (err as Error).message
    const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'arguments'
    throw new OptionError(option, message.replace(/\. To specify a positional argument.*$/, ''))
  }
  const raw = (name: Name): string | undefined => values[name] as string | undefined
  const num = (name: Name, min: number, max: number, integer = false): number | undefined => {
    const text = raw(name)
    if (text === undefined) return undefined
    const value = Number(text)
    if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw new OptionError(`--${name}`, `expected ${integer ? 'a whole number' : 'a number'}, got "${text}"`)
    }
    if (value < min || value > max) throw new OptionError(`--${name}`, `expected ${min}..${max}, got ${value}`)
    return value
  }
  const share = (name: Name) => num(name, 0, 1)

  if (values.help === true) return { ...emptyArgs(), help: true }
  const credentials = raw('credentials')
  if (credentials === undefined) throw new OptionError('--credentials', 'required: the fleet file with gateway ids, secrets and lifts')

  const broker = raw('broker') ?? null
  if (broker !== null) {
    let url: URL
    try { url = new URL(broker) } catch { throw new OptionError('--broker', `expected a URL such as mqtt://127.0.0.1:1883, got "${broker}"`) }
    if (!['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:'].includes(url.protocol)) throw new OptionError('--broker', `expected an mqtt://, mqtts://, ws:// or wss:// URL, got "${broker}"`)
  }
  const heartbeatS = num('heartbeat', 0.1, 3600) ?? null
  const rate = num('rate', 0.01, 1_000_000) ?? null
  if (heartbeatS !== null && rate !== null) throw new OptionError('--rate', 'give --heartbeat or --rate, not both')
  const qos = num('qos', 0, 1, true) ?? 1

  const minutes = (name: Name, example: string): [number, number] | undefined => {
    const text = raw(name)
    if (text === undefined) return undefined
    const m = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(text)
    if (m === null || Number(m[1]) > Number(m[2])) throw new OptionError(`--${name}`, `expected min-max minutes such as ${example}, got "${text}"`)
    return [Number(m[1]), Number(m[2])]
  }
  const rescueMinutes = minutes('rescue-minutes', '8-25')
  const firstEntrapmentS = num('first-entrapment', 0, 86_400)
  const incidents: Partial<IncidentRates> = {
    entrapmentsPerHour: num('entrapments-per-hour', 0, 1_000_000),
    betweenFloorsShare: share('between-floors-share'),
    reportedShare: share('reported-share'),
    rescueMinutes,
    firstEntrapmentAfterMs: firstEntrapmentS === undefined ? undefined : firstEntrapmentS * 1000,
    alarmsPerHour: num('alarms-per-hour', 0, 1_000_000),
    falseAlarmShare: share('false-alarm-share'),
    faultsPerHour: num('faults-per-hour', 0, 1_000_000),
    visitsPerHour: num('visits-per-hour', 0, 1_000_000)
  }
  for (const key of Object.keys(incidents) as Array<keyof IncidentRates>) if (incidents[key] === undefined) delete incidents[key]

  const api = raw('api') ?? null
  if (api !== null) {
    let url: URL
    try { url = new URL(api) } catch { throw new OptionError('--api', `expected a URL such as http://127.0.0.1:8080, got "${api}"`) }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OptionError('--api', `expected an http:// or https:// URL, got "${api}"`)
  }
  const crews = raw('crews') ?? null
  const crewVisitsPerHour = num('crew-visits-per-hour', 0, 1_000_000) ?? null
  const crewMinutes = minutes('crew-visit-minutes', '35-80') ?? null
  if (crewMinutes !== null && crewMinutes[0] <= 0) throw new OptionError('--crew-visit-minutes', `a visit takes some time: expected a minimum above 0, got "${raw('crew-visit-minutes')}"`)
  const crewShares: Partial<CrewShares> = {
    late: share('crew-late-share'), forget: share('crew-forget-share'), tooShort: share('crew-short-share'), fail: share('crew-fail-share'), confirm: share('crew-confirm-share')
  }
  for (const key of Object.keys(crewShares) as Array<keyof CrewShares>) if (crewShares[key] === undefined) delete crewShares[key]
  if ((crewShares.forget ?? 0) + (crewShares.tooShort ?? 0) > 1) throw new OptionError('--crew-short-share', 'with --crew-forget-share, more than all the visits')
  if (crews === null) {
    const stray = (['api', 'crew-visits-per-hour', 'crew-visit-minutes', 'crew-late-share', 'crew-forget-share', 'crew-short-share', 'crew-fail-share', 'crew-confirm-share'] as const).find((name) => raw(name) !== undefined)
    if (stray !== undefined) throw new OptionError(`--${stray}`, 'needs --crews, the file with the crews\' logins')
  }

  return {
    help: false,
    credentials,
    broker,
    heartbeatS,
    rate,
    qos: qos as 0 | 1,
    durationS: num('duration', 0.1, 366 * 86_400) ?? null,
    seed: raw('seed') ?? null,
    scenario: raw('scenario') ?? null,
    lifts: num('lifts', 1, 10_000_000, true) ?? null,
    tripsPerHour: num('trips-per-hour', 0, 3600) ?? FLEET_DEFAULTS.tripsPerHour,
    statsEveryS: num('stats-every', 0, 86_400) ?? 10,
    maxSkewMs: num('max-skew', 0, 250_000, true) ?? FLEET_DEFAULTS.maxSkewMs,
    connectPerSecond: num('connect-rate', 1, 1_000_000) ?? FLEET_DEFAULTS.connectPerSecond,
    incidents,
    crews,
    api,
    crewVisitsPerHour,
    crewMinutes,
    crewShares
  }
}

function emptyArgs (): ParsedArgs {
  return {
    help: false, credentials: '', broker: null, heartbeatS: null, rate: null, qos: 1, durationS: null, seed: null, scenario: null,
    lifts: null, tripsPerHour: FLEET_DEFAULTS.tripsPerHour, statsEveryS: 10, maxSkewMs: FLEET_DEFAULTS.maxSkewMs,
    connectPerSecond: FLEET_DEFAULTS.connectPerSecond, incidents: {}, crews: null, api: null, crewVisitsPerHour: null, crewMinutes: null, crewShares: {}
  }
}

/** Random incidents when no scenario is given: enough for a dispatcher to have something to do. */
export const RANDOM_INCIDENTS = { entrapmentsPerHour: 2, alarmsPerHour: 4, faultsPerHour: 6 } as const

/**
 * The fleet's options once the fleet file and the scenario are read: the heartbeat from --rate needs the
 * lift count, and so does the default rate of maintenance visits.
 */
export function resolveFleetOptions (args: ParsedArgs, fleet: { lifts: number, brokerUrl: string, seed: string, scenario: ScenarioEvent[] }): FleetOptions {
  const heartbeatMs = args.rate !== null ? fleet.lifts * 1000 / args.rate : (args.heartbeatS ?? 5) * 1000
  const scripted = args.scenario !== null || fleet.scenario.length > 0
  // With crews the visits are theirs, recorded; a twentieth as many 检修 periods stay unrecorded.
  const random = scripted ? {} : { ...RANDOM_INCIDENTS, visitsPerHour: fleet.lifts / 360 / (args.crews === null ? 1 : 20) }
  return {
    ...FLEET_DEFAULTS,
    brokerUrl: fleet.brokerUrl,
    seed: fleet.seed,
    scenario: fleet.scenario,
    qos: args.qos,
    heartbeatMs,
    tripsPerHour: args.tripsPerHour,
    maxSkewMs: args.maxSkewMs,
    connectPerSecond: args.connectPerSecond,
    incidents: { ...NO_INCIDENTS, ...random, ...args.incidents }
  }
}

/** The crews' options once the crews file is read (its API URL is the default), or null without --crews. */
export function resolveCrewOptions (args: ParsedArgs, fleet: { lifts: number, seed: string, fileApi: string | undefined }): CrewOptions | null {
  if (args.crews === null) return null
  return {
    apiUrl: args.api ?? fleet.fileApi ?? 'http://127.0.0.1:8080',
    seed: fleet.seed,
    visitsPerHour: args.crewVisitsPerHour ?? fleet.lifts / 360,
    minutes: args.crewMinutes ?? CREW_DEFAULTS.minutes,
    shares: { ...CREW_DEFAULTS.shares, ...args.crewShares }
  }
}
