// What the shape of a batch costs InfluxDB at a city's size (issue #14): the same city-shaped batches —
// 5,000 lift states of random lifts, as a city's gateways deliver them — written to a fresh managed influxd
// per variant, in rounds that alternate the variants, and influxd's CPU per point compared:
//   arrival   the batches as the shipper sends them (log order);
//   sorted    each batch ordered by series key (measurement and tags), a series' points kept in order;
//   flags     the four booleans (moving, door_zone, door_closed, occupied) packed into one integer field,
//             9 field keys per lift instead of 12 (a layout question; the service does not write it).
// Also prints what sorting a batch costs the service per point. Not part of `npm run bench`:
//   node --import tsx bench/influx-shape.ts [lifts=30000] [batches=80] [rounds=2]
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

function cityBatches (lifts: number, batches: number) {
  let seed = 1
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const start = Date.now() - 3_600_000
  const last = new Array<number>(lifts).fill(0)
  const arrival: string[] = []
  const flags: string[] = []
  for (let b = 0; b < batches; b++) {
    let plain = ''
    let packed = ''
    for (let i = 0; i < BATCH; i++) {
      const lift = Math.floor(random() * lifts)
      last[lift]! += 1000
      const s: ElevatorState = {
        mode: 1, moving: random() < 0.5, dir: 0, floor: Math.floor(random() * 20), doorZone: random() < 0.8, doorClosed: true,
        occupied: random() < 0.3, speed: 1.5, load: 20, power: 'mains', runHours: 1234.5, trips: 100 + b, ts: start + last[lift]!
      }
      const line = elevatorStateLine(`gw-${Math.floor(lift / 3.3)}`, `3101${String(lift).padStart(16, '0')}`, s)
      plain += line
      const bits = (s.moving ? 1 : 0) | (s.doorZone ? 2 : 0) | (s.doorClosed ? 4 : 0) | (s.occupied ? 8 : 0)
      packed += line.replace(/moving=\w+,/, '').replace(/door_zone=\w+,door_closed=\w+,occupied=\w+/, `flags=${bits}i`)
    }
    arrival.push(plain)
    flags.push(packed)
  }
  return { arrival, flags }
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
const { arrival, flags } = cityBatches(lifts, batchCount)
const c0 = process.cpuUsage()
const sorted = arrival.map(sortBySeries)
const cpu = process.cpuUsage(c0)
console.log(`${lifts.toLocaleString('en-US')} lifts, ${batchCount} batches of ${BATCH}: sorting costs the service ${((cpu.user + cpu.system) / (batchCount * BATCH)).toFixed(2)} µs per point`)
for (let round = 1; round <= rounds; round++) {
  for (const [name, batches] of [['arrival', arrival], ['sorted', sorted], ['flags', flags]] as const) {
    const r = await influxdCpuPerPoint(batches)
    console.log(`round ${round}  ${name.padEnd(8)} influxd ${r.usPerPoint.toFixed(1)} µs/pt, ${Math.round(r.ptsPerS).toLocaleString('en-US')} pts/s`)
  }
}
