// `npm run simulate-cylinders -- --credentials cylinders.json [options]`: plays filling stations and monitored
// installations against a Tianjian broker until --duration or Ctrl-C, printing counters as it goes. Exit
// code 2 means bad options or a bad file (nothing was sent), 1 a failure while running.
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { readCylinderFleetFile } from './cylinders/cylinder-fleet-file.ts'
import { createCylinderSim, formatCylinderStats } from './cylinders/cylinder-sim.ts'
import { DEFAULT_STATION_BEHAVIOUR } from './cylinders/station-plan.ts'
import { createRng } from '../platform/prng.ts'

const HELP = `npm run simulate-cylinders -- --credentials FILE [options]
  --broker URL                 mqtt://host:port (default: the file's, else mqtt://127.0.0.1:1883)
  --fills-per-minute N         fills each station attempts a minute (default 6)
  --unregistered-chance P      share of cylinders with a code the registry does not know (default ${DEFAULT_STATION_BEHAVIOUR.unregisteredChance})
  --forced-fill-chance P       share of refused cylinders filled anyway (default ${DEFAULT_STATION_BEHAVIOUR.forcedFillChance})
  --overdue-chance P           share of cylinders brought that are overdue for inspection (default ${DEFAULT_STATION_BEHAVIOUR.overdueChance})
  --read-every S               each monitored bottle reports this often (default 10)
  --leaks-per-hour N           leaks over all installations (default 4)
  --first-leak S               the first leak this many seconds after the start (default: as the rate says)
  --duration S                 stop after this long (default: until Ctrl-C)
  --stats-every S              print counters this often (default 30; 0: never)
  --seed TEXT                  repeat a run exactly`

function number (name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > max) throw new Error(`--${name} must be a number 0..${max}, got "${raw}"`)
  return n
}

async function main (argv: string[]): Promise<number> {
  let values: Record<string, unknown>
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } }
  for (const o of ['credentials', 'broker', 'fills-per-minute', 'unregistered-chance', 'forced-fill-chance', 'overdue-chance', 'read-every', 'leaks-per-hour', 'first-leak', 'duration', 'stats-every', 'seed']) options[o] = { type: 'string' }
  try {
    values = parseArgs({ args: argv, options, strict: true }).values
  } catch (err) {
    console.error(`simulate-cylinders: ${(err as Error).message}\n${HELP}`)
    return 2
  }
  if (values.help === true) { console.log(HELP); return 0 }
  let sim: ReturnType<typeof createCylinderSim>
  let durationS: number | null
  let statsEveryS: number
  try {
    if (typeof values.credentials !== 'string') throw new Error('--credentials FILE is required')
    const file = await readCylinderFleetFile(values.credentials)
    const str = (k: string) => values[k] as string | undefined
    const seed = str('seed') ?? randomBytes(4).toString('hex')
    const brokerUrl = str('broker') ?? file.broker ?? 'mqtt://127.0.0.1:1883'
    durationS = str('duration') === undefined ? null : number('duration', str('duration'), 0, 1e7)
    statsEveryS = number('stats-every', str('stats-every'), 30, 86_400)
    sim = createCylinderSim(file.stations, file.installations, {
      brokerUrl,
      fillsPerMinute: Math.max(0.01, number('fills-per-minute', str('fills-per-minute'), 6, 6000)),
      behaviour: {
        unregisteredChance: number('unregistered-chance', str('unregistered-chance'), DEFAULT_STATION_BEHAVIOUR.unregisteredChance, 1),
        forcedFillChance: number('forced-fill-chance', str('forced-fill-chance'), DEFAULT_STATION_BEHAVIOUR.forcedFillChance, 1),
        overdueChance: number('overdue-chance', str('overdue-chance'), DEFAULT_STATION_BEHAVIOUR.overdueChance!, 1)
      },
      readEveryMs: Math.max(0.1, number('read-every', str('read-every'), 10, 86_400)) * 1000,
      leaksPerHour: number('leaks-per-hour', str('leaks-per-hour'), 4, 100_000),
      firstLeakMs: str('first-leak') === undefined ? null : number('first-leak', str('first-leak'), 0, 1e7) * 1000,
      rng: createRng(seed),
      log: (line) => console.log(line)
    })
    const bottles = file.installations.reduce((n, i) => n + i.cylinders.length, 0)
    console.log(`simulate-cylinders: ${file.stations.length} filling stations, ${file.installations.length} installations with ${bottles} monitored bottles → ${brokerUrl}, seed ${seed}`)
  } catch (err) {
    console.error(`simulate-cylinders: ${(err as Error).message}`)
    return 2
  }

  sim.start()
  const statsTimer = statsEveryS > 0 ? setInterval(() => console.log(formatCylinderStats(sim.stats())), statsEveryS * 1000) : null
  let requestStop = () => {}
  const stopRequested = new Promise<void>((resolve) => { requestStop = resolve })
  const durationTimer = durationS === null ? null : setTimeout(requestStop, durationS * 1000)
  process.on('SIGINT', requestStop)
  process.on('SIGTERM', requestStop)
  if (process.send !== undefined) process.once('disconnect', requestStop)
  await stopRequested
  if (durationTimer !== null) clearTimeout(durationTimer)
  if (statsTimer !== null) clearInterval(statsTimer)
  await sim.stop()
  console.log(formatCylinderStats(sim.stats()))
  process.off('SIGINT', requestStop)
  process.off('SIGTERM', requestStop)
  process.off('disconnect', requestStop)
  return 0
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (err: Error) => {
  console.error(`simulate-cylinders: failed: ${err.stack ?? err.message}`)
  process.exitCode = 1
}).finally(() => {
  if (process.connected) process.disconnect()
})
