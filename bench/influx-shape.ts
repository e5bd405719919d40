// What the shape of a batch costs InfluxDB at a city's size (issue #14): the same city-shaped batches —
// 5,000 lift states of random lifts, as a city's gateways deliver them — written to a fresh managed influxd
// per variant, in rounds that alternate the variants, and influxd's CPU per point compared:
//   before    the layout of versions before 0.2.0: the four booleans (moving, door_zone, door_closed,
//             occupied) as fields of their own and `power` a string, 12 field keys per lift;
//   booleans  the four booleans in one integer `flags`, `power` still a string: 9 field keys per lift (the
//             layout first measured; not written);
//   packed    what the service writes (elevators/line-protocol.ts, elevators/state-flags.ts): the booleans
//             and `power` in one integer `flags`, 8 field keys per lift;
//   sorted    the packed batches, each ordered by series key (measurement and tags), a series' points kept
//             in order (measured and not applied; not run unless named).
// Also prints what sorting a batch costs the service per point. Not part of `npm run bench`:
//   node --import tsx bench/influx-shape.ts [lifts=30000] [batches=80] [rounds=2] [variants=before,booleans,packed]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startInfluxd } from '../platform/influx/influxd.ts'
import { createInfluxClient } from '../platform/influx/client.ts'
import { elevatorStateLine } from '../elevators/line-protocol.ts'
import type { ElevatorState } from '../elevators/payloads.ts'
import { cpuSeconds, findPid } from './proc-stats.ts'

const BATCH = 5_000

/**
 * The records of a batch ordered by series key (up to the first space), a series' points kept in order (the
 * sort is stable). Lines are cut at newlines: these batches hold no string with one (the log may; a shipper
 * would cut with platform/influx/line-protocol.ts recordEnd, given the first backslash once per batch).
 */
export function sortBySeries (text: string): string {
  const records = text.split('\n').filter((line) => line !== '').map((line) => ({ key: line.slice(0, line.indexOf(' ')), line }))
  records.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  let sorted = ''
  for (const r of records) sorted += `${r.line}\n`
  return sorted
}

/** The line versions before 0.2.0 wrote (docs/measurements.md: those points keep these fields). */
function lineBefore020 (gatewayId: string, equipmentCode: string, s: ElevatorState): string {
  let fields = `mode=${s.mode}i,moving=${s.moving},dir=${s.dir}i,floor=${s.floor}i,door_zone=${s.doorZone},door_closed=${s.doorClosed},occupied=${s.occupied}`
  if (s.speed !== undefined) fields += `,speed=${s.speed}`
  if (s.load !== undefined) fields += `,load=${s.load}`
  if (s.power !== undefined) fields += `,power="${s.power}"`
  if (s.runHours !== undefined) fields += `,run_hours=${s.runHours}`
  if (s.trips !== undefined) fields += `,trips=${s.trips}i`
  return `elevator_state,equipment=${equipmentCode},gateway=${gatewayId} ${fields} ${s.ts}\n`
}

/** The booleans packed, `power` kept as a string field (its bits cleared). */
function lineBooleansOnly (gatewayId: string, equipmentCode: string, s: ElevatorState): string {
  const line = elevatorStateLine(gatewayId, equipmentCode, { ...s, power: undefined })
  return s.power === undefined ? line : line.replace(/ (\d+)\n$/, `,power="${s.power}" $1\n`)
}

function cityBatches (lifts: number, batches: number) {
  let seed = 1
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const start = Date.now() - 3_600_000
  const last = new Array<number>(lifts).fill(0)
  const before: string[] = []
  const booleans: string[] = []
  const packed: string[] = []
  for (let b = 0; b < batches; b++) {
    let old = ''
    let halfway = ''
    let now = ''
    for (let i = 0; i < BATCH; i++) {
      const lift = Math.floor(random() * lifts)
      last[lift]! += 1000
      const s: ElevatorState = {
        mode: 1, moving: random() < 0.5, dir: 0, floor: Math.floor(random() * 20), doorZone: random() < 0.8, doorClosed: true,
        occupied: random() < 0.3, speed: 1.5, load: 20, power: random() < 0.01 ? 'outage' : 'normal', runHours: 1234.5, trips: 100 + b, ts: start + last[lift]!
      }
      const gateway = `gw-${Math.floor(lift / 3.3)}`
      const code = `3101${String(lift).padStart(16, '0')}`
      old += lineBefore020(gateway, code, s)
      halfway += lineBooleansOnly(gateway, code, s)
      now += elevatorStateLine(gateway, code, s)
    }
    before.push(old)
    booleans.push(halfway)
    packed.push(now)
  }
  return { before, booleans, packed }
}

async function influxdCpuPerPoint (batches: string[]): Promise<{ usPerPoint: number, ptsPerS: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'influx-shape-'))
  const influxd = await startInfluxd({ dir })
  try {
    const pid = findPid(join(dir, 'influxdb.conf'))
    if (pid === null) throw new Error('influxd not found')
    const influx = createInfluxClient({ url: influxd.url, database: 'shape', timeoutMs: 60_000 })
    await influx.ensureDatabase()
    const before = cpuSeconds(pid)
    const t0 = performance.now()
    let next = 0
    // Two writes in flight, as the shipper keeps them.
    await Promise.all([0, 1].map(async () => { while (next < batches.length) await influx.write(batches[next++]!) }))
    const seconds = (performance.now() - t0) / 1000
    const points = batches.length * BATCH
    return { usPerPoint: (cpuSeconds(pid) - before) / points * 1e6, ptsPerS: points / seconds }
  } finally {
    await influxd.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const [lifts, batchCount, rounds] = [Number(process.argv[2] ?? 30_000), Number(process.argv[3] ?? 80), Number(process.argv[4] ?? 2)]
const names = (process.argv[5] ?? 'before,booleans,packed').split(',')
const { before, booleans, packed } = cityBatches(lifts, batchCount)
const c0 = process.cpuUsage()
const sorted = packed.map(sortBySeries)
const cpu = process.cpuUsage(c0)
console.log(`${lifts.toLocaleString('en-US')} lifts, ${batchCount} batches of ${BATCH}: sorting costs the service ${((cpu.user + cpu.system) / (batchCount * BATCH)).toFixed(2)} µs per point`)
const bytes = (batches: string[]) => batches.reduce((n, b) => n + Buffer.byteLength(b), 0) / (batchCount * BATCH)
const variants: Record<string, string[]> = { before, booleans, packed, sorted }
for (const name of names) if (variants[name] === undefined) throw new Error(`unknown variant ${name} (${Object.keys(variants).join(', ')})`)
console.log(names.map((n) => `${n} ${bytes(variants[n]!).toFixed(0)} B/pt`).join(', '))
for (let round = 1; round <= rounds; round++) {
  for (const name of names) {
    const r = await influxdCpuPerPoint(variants[name]!)
    console.log(`round ${round}  ${name.padEnd(8)} influxd ${r.usPerPoint.toFixed(1)} µs/pt, ${Math.round(r.ptsPerS).toLocaleString('en-US')} pts/s`)
  }
}
