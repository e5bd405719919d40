// Command-line options of `npm run bench -- …`. The full run sizes follow the targets; --quick
// keeps every phase but shrinks it so the whole bench takes under a minute.

export interface BenchOptions {
  quick: boolean
  /** Write a V8 CPU profile of the service child into bench-results/profiles/. */
  profile: boolean
  /** Seconds each broker is loaded for. */
  durationS: number
  /** Gateways (one connection each) driving the throughput runs, and QoS 1 messages in flight on each. */
  loadGateways: number
  window: number
  influxPoints: number
  alertSamples: number
  connections: number
  holdS: number
  /** Lifts in the seeded city: enough gateways for the connections phase. */
  cityLifts: number
  keep: boolean
  /** Run the service as a cluster node (REDIS_URL to a private redis-server): the per-node cost of scaling out. */
  redis: boolean
  /** The city-shaped phase: lifts, measured seconds, heartbeat; 0 lifts skips it. `raw`: after the service,
   *  the same city against a bare Aedes and Mosquitto and the socket floor, each measured `rawDurationS`. */
  city: { lifts: number, durationS: number, heartbeatS: number, raw: boolean, rawDurationS: number }
  /** Only the city phase (InfluxDB and the service, no throughput runs). */
  cityOnly: boolean
  /** The inspection KPI phase: lifts (0 skips it; ten records each), timed calls, reference date. */
  kpi: { lifts: number, recordsPerLift: number, calls: number, referenceDate: string }
  /** Only the KPI phase (PostgreSQL, no InfluxDB, no service). */
  kpiOnly: boolean
  /** The pre-fill check phase: cylinders registered (0 skips it) and checks timed. */
  fillCheck: { cylinders: number, samples: number }
  /** Only the fill-check phase (InfluxDB and the service, with a short maximum run of its own). */
  fillCheckOnly: boolean
}

export const HELP = `npm run bench [-- options]

Measures, on this machine, InfluxDB's own ingest, Mosquitto's and a bare Aedes' QoS 1 pass-through, the
service end to end (messages verified in InfluxDB), entrapment alert latency at half load, and the memory
of many held gateway connections. Prints a table and, last, one JSON line; writes bench-results/<time>.json.

  --quick               every phase, smaller (under a minute)
  --profile             CPU-profile the service (bench-results/profiles/*.cpuprofile; summary printed)
  --duration <s>        seconds per throughput run            (full 30, quick 5)
  --gateways <n>        load connections (one per gateway)    (200)
  --window <n>          QoS 1 messages in flight per connection (32)
  --connections <n>     gateways held at once                 (full 20000, quick 2000)
  --hold <s>            how long they are held                (full 60, quick 5)
  --redis               run the service as a cluster node (REDIS_URL, Debian's redis-server)
  --city <lifts>        lifts in the city-shaped phase, 0 to skip (full 100000, quick 30000)
  --city-duration <s>   its measured seconds, after all gateways connected (full 300, quick 60)
  --city-raw-duration <s>  then the same city against a bare Aedes and Mosquitto, and the socket
                        floor: measured seconds of each                (full 60, quick 30)
  --city-no-raw         skip those raw runs (profiling runs)
  --city-only           only the city-shaped phase
  --kpi <lifts>         lifts in the inspection-KPI phase, ten records each, 0 to skip (full 100000, quick 10000)
  --kpi-calls <n>       timed calls of each KPI query        (full 50, quick 20)
  --kpi-only            only the inspection-KPI phase (PostgreSQL)
  --fill-check <n>      cylinders registered in the pre-fill check phase, 0 to skip (full 1000000, quick 50000)
  --fill-check-samples <n>  checks timed in it                  (full 3000, quick 600)
  --fill-check-only     only the pre-fill check phase (InfluxDB and the service)
  --keep                keep the temporary data folder
  --help`

export function parseBenchArgs (argv: string[]): BenchOptions | 'help' {
  const quick = argv.includes('--quick')
  const options: BenchOptions = {
    quick,
    profile: false,
    durationS: quick ? 5 : 30,
    loadGateways: 200,
    window: 32,
    influxPoints: quick ? 300_000 : 1_500_000,
    alertSamples: quick ? 30 : 60,
    connections: quick ? 2_000 : 20_000,
    holdS: quick ? 5 : 60,
    cityLifts: 0,
    keep: false,
    redis: false,
    city: { lifts: quick ? 30_000 : 100_000, durationS: quick ? 60 : 300, heartbeatS: 5, raw: true, rawDurationS: quick ? 30 : 60 },
    cityOnly: false,
    kpi: { lifts: quick ? 10_000 : 100_000, recordsPerLift: 10, calls: quick ? 20 : 50, referenceDate: '2025-12-31' },
    kpiOnly: false,
    fillCheck: { cylinders: quick ? 50_000 : 1_000_000, samples: quick ? 600 : 3000 },
    fillCheckOnly: false
  }
  const number = (name: string, value: string | undefined, min: number) => {
    const n = Number(value)
    if (value === undefined || !Number.isInteger(n) || n < min) throw new Error(`${name} needs a whole number ≥ ${min}, got ${value ?? 'nothing'}`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--help' || arg === '-h') return 'help'
    else if (arg === '--quick') continue
    else if (arg === '--profile') options.profile = true
    else if (arg === '--keep') options.keep = true
    else if (arg === '--redis') options.redis = true
    else if (arg === '--city-only') options.cityOnly = true
    else if (arg === '--kpi-only') options.kpiOnly = true
    else if (arg === '--fill-check-only') options.fillCheckOnly = true
    else if (arg === '--fill-check') options.fillCheck.cylinders = number(arg, argv[++i], 0)
    else if (arg === '--fill-check-samples') options.fillCheck.samples = number(arg, argv[++i], 10)
    else if (arg === '--kpi') options.kpi.lifts = number(arg, argv[++i], 0)
    else if (arg === '--kpi-calls') options.kpi.calls = number(arg, argv[++i], 1)
    else if (arg === '--city') options.city.lifts = number(arg, argv[++i], 0)
    else if (arg === '--city-duration') options.city.durationS = number(arg, argv[++i], 10)
    else if (arg === '--city-raw-duration') options.city.rawDurationS = number(arg, argv[++i], 5)
    else if (arg === '--city-no-raw') options.city.raw = false
    else if (arg === '--duration') options.durationS = number(arg, argv[++i], 1)
    else if (arg === '--gateways') options.loadGateways = number(arg, argv[++i], 1)
    else if (arg === '--window') options.window = number(arg, argv[++i], 1)
    else if (arg === '--connections') options.connections = number(arg, argv[++i], 1)
    else if (arg === '--hold') options.holdS = number(arg, argv[++i], 1)
    else throw new Error(`unknown option ${arg}`)
  }
  // The seeded city plans ~0.3 gateways per lift (simulators/city/city-plan.ts); 3.4 lifts per wanted
  // gateway leaves a little over, and the load and alert gateways come out of the same city.
  options.cityLifts = Math.ceil(Math.max(options.connections, options.loadGateways + options.alertSamples) * 3.4)
  if (options.cityOnly && options.city.lifts === 0) throw new Error('--city-only needs --city above 0')
  if (options.kpiOnly && options.kpi.lifts === 0) throw new Error('--kpi-only needs --kpi above 0')
  if (options.kpiOnly && options.cityOnly) throw new Error('--kpi-only and --city-only are two separate runs')
  if (options.fillCheckOnly && options.fillCheck.cylinders === 0) throw new Error('--fill-check-only needs --fill-check above 0')
  if (options.fillCheckOnly && (options.kpiOnly || options.cityOnly)) throw new Error('--fill-check-only is a run of its own')
  return options
}
