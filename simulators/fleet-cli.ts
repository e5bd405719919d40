// `npm run simulate -- --credentials fleet.json [options]`: plays a fleet of lifts and their gateways
// against a Tianjian broker until --duration or Ctrl-C, printing counters as it goes. Exit code 2 means
// bad options or a bad fleet or scenario file (nothing was sent), 1 a failure while running.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { helpText, OptionError, parseFleetArgs, resolveCrewOptions, resolveFleetOptions, type ParsedArgs } from './cli/fleet-options.ts'
import { FleetFileError, isShared, readFleetFile } from './credentials.ts'
import { createFleet } from './fleet/fleet.ts'
import { CrewsFileError, readCrewsFile } from './crews/crew-file.ts'
import { createCrewRunner, type CrewRunner, type CrewStats } from './crews/crew-runner.ts'
import { formatStats, type FleetStats } from './fleet/fleet-stats.ts'
import { parseScenario, ScenarioError } from './scenario/scenario.ts'

const COMMAND = 'npm run simulate --'

async function main (argv: string[]): Promise<number> {
  let args: ParsedArgs
  try {
    args = parseFleetArgs(argv)
  } catch (err) {
    if (!(err instanceof OptionError)) throw err
    console.error(`simulate: ${err.message}\nRun "${COMMAND} --help" for the options.`)
    return 2
  }
  if (args.help) {
    console.log(helpText(COMMAND))
    return 0
  }

  let fleet: ReturnType<typeof createFleet>
  let crews: CrewRunner | null = null
  let lifts: number
  let seed: string
  try {
    const file = await readFleetFile(args.credentials)
    if (await isShared(args.credentials)) console.warn(`simulate: warning: ${args.credentials} holds gateway secrets and others may read it (chmod 600)`)
    let gateways = file.gateways
    if (args.lifts !== null) {
      let count = 0
      gateways = gateways.filter((gw) => (count += gw.lifts.length) - gw.lifts.length < args.lifts!)
    }
    lifts = gateways.reduce((n, gw) => n + gw.lifts.length, 0)
    const scenario = args.scenario === null ? [] : parseScenario(await readScenario(args.scenario), args.scenario)
    seed = args.seed ?? randomBytes(4).toString('hex')
    const brokerUrl = args.broker ?? file.broker ?? 'mqtt://127.0.0.1:1883'
    const options = resolveFleetOptions(args, { lifts, brokerUrl, seed, scenario })
    fleet = createFleet(gateways, options, { log: (line) => console.log(line) })
    if (args.crews !== null) {
      const file = await readCrewsFile(args.crews)
      if (await isShared(args.crews)) console.warn(`simulate: warning: ${args.crews} holds the crews' passwords and others may read it (chmod 600)`)
      const crewOptions = resolveCrewOptions(args, { lifts, seed, fileApi: file.api })!
      crews = createCrewRunner(file, crewOptions, { fleet, log: (line) => console.log(line) })
      console.log(`simulate: ${file.crews.length} maintenance crews → ${crewOptions.apiUrl}, ${crewOptions.visitsPerHour.toFixed(1)} visits an hour of ${crewOptions.minutes.join('-')} min` +
        `${file.confirmer == null ? '' : `; ${file.confirmer.username} confirms for ${file.confirmer.useUnitName}`}`)
    }
    console.log(`simulate: ${lifts.toLocaleString('en-US')} lifts behind ${gateways.length.toLocaleString('en-US')} gateways → ${brokerUrl}, ` +
      `QoS ${options.qos}, heartbeat ${(options.heartbeatMs / 1000).toFixed(2)} s (${Math.round(lifts * 1000 / options.heartbeatMs).toLocaleString('en-US')} msg/s), ` +
      `seed ${seed}${scenario.length > 0 ? `, scenario ${args.scenario} (${scenario.length} events)` : ''}`)
  } catch (err) {
    if (err instanceof FleetFileError || err instanceof ScenarioError || err instanceof CrewsFileError) {
      console.error(`simulate: ${err.message}`)
      return 2
    }
    throw err
  }

  fleet.start()
  // Crews sign in and read their work lists while the gateways connect; a refused login is logged, not fatal.
  void crews?.start()
  let previous: FleetStats | null = null
  const statsTimer = args.statsEveryS > 0
    ? setInterval(() => {
      const now = fleet.stats()
      console.log(formatStats(now, previous))
      if (crews !== null) console.log(formatCrewStats(crews.stats()))
      previous = now
    }, args.statsEveryS * 1000)
    : null

  // Ctrl-C in a terminal reaches the demo and this child alike, and the demo then sends SIGTERM: later
  // signals are ignored while stopping, which the fleet's close timeout bounds anyway.
  let requestStop = () => {}
  const stopRequested = new Promise<void>((resolve) => { requestStop = resolve })
  const durationTimer = args.durationS === null ? null : setTimeout(requestStop, args.durationS * 1000)
  process.on('SIGINT', requestStop)
  process.on('SIGTERM', requestStop)
  // Started by the demo: its IPC channel closes when the demo exits, even when it is killed.
  if (process.send !== undefined) process.once('disconnect', requestStop)
  await stopRequested
  if (durationTimer !== null) clearTimeout(durationTimer)
  if (statsTimer !== null) clearInterval(statsTimer)
  console.log('simulate: stopping; waiting for the last acknowledgements')
  // Visits under way are abandoned first (their drafts stay on the server, as a phone's would).
  const crewFinal = await crews?.stop()
  const final = await fleet.stop()
  console.log(formatStats(final, null))
  if (crewFinal !== undefined) console.log(formatCrewStats(crewFinal))
  // The connection errors gateways met, once each with how many had it: "connack timeout" means a slow broker.
  const errors = new Map<string, number>()
  for (const { error } of fleet.errors()) errors.set(error, (errors.get(error) ?? 0) + 1)
  for (const [error, count] of [...errors].sort((a, b) => b[1] - a[1])) console.log(`simulate: ${count.toLocaleString('en-US')} gateway(s) last saw: ${error}`)
  console.log(`simulate: done. ${final.acked.toLocaleString('en-US')} of ${final.sent.toLocaleString('en-US')} messages acknowledged; seed ${seed}`)
  process.off('SIGINT', requestStop)
  process.off('SIGTERM', requestStop)
  process.off('disconnect', requestStop)
  return 0
}

function formatCrewStats (s: CrewStats): string {
  return `crews: ${s.started} visits started, ${s.inProgress} under way, ${s.submitted} submitted (${s.verified} verified by the lift's terminal), ` +
    `${s.failedItems} items 不合格, ${s.confirmed} confirmed by the use unit, ${s.resumed} drafts of an earlier run finished, ${s.errors} failed calls`
}

async function readScenario (file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    throw new ScenarioError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err: Error) => {
  console.error(`simulate: failed: ${err.stack ?? err.message}`)
  process.exitCode = 1
}).finally(() => {
  // An open IPC channel (started by the demo) would keep the process alive.
  if (process.connected) process.disconnect()
})
