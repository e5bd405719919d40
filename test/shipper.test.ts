// Batching of the write-ahead log into a real InfluxDB, by size and by time.
import { afterEach, describe, expect, inject, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { openWal, type Wal } from '../ingest/wal.ts'
import { startShipper, type Shipper } from '../ingest/shipper.ts'
import { createInfluxClient, seriesRows, type InfluxClient } from '../platform/influx/client.ts'
import { until } from './support/mqtt.ts'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

async function setup (batchSize: number, batchIntervalMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tianjian-ship-'))
  const wal = await openWal({ dir, syncIntervalMs: 1, segmentBytes: 1 << 20 })
  const real = createInfluxClient({ url: inject('influxUrl'), database: `ship_${randomBytes(4).toString('hex')}` })
  await real.ensureDatabase()
  // Every write still goes to InfluxDB; the wrapper only records batch sizes.
  const writes: number[] = []
  const influx: InfluxClient = { ...real, write: async (lines, precision) => { await real.write(lines, precision); writes.push(lines.split('\n').filter(Boolean).length) } }
  const shipper = startShipper(wal, influx, { batchSize, batchIntervalMs })
  cleanups.push(async () => { await shipper.stop(); await wal.close(); rmSync(dir, { recursive: true, force: true }) })
  return { wal, shipper, influx: real, writes }
}

const append = (wal: Wal, from: number, n: number) => new Promise<void>((resolve, reject) => {
  const text = Array.from({ length: n }, (_, i) => `m,k=a v=${from + i}i ${1_700_000_000_000 + from + i}000000\n`).join('')
  wal.append(text, n, (err) => err ? reject(err) : resolve())
})
const stored = async (influx: InfluxClient) => (seriesRows((await influx.query('SELECT count(v) FROM m'))[0])[0]?.count as number | undefined) ?? 0

describe('shipper', () => {
  it('sends full batches at once and holds a partial batch for the interval', async () => {
    const { wal, shipper, influx, writes } = await setup(100, 3_600_000)
    await append(wal, 0, 250)
    await until(async () => (await stored(influx)) === 200)
    // The checkpoint follows the write: wait for it before reading the backlog.
    await until(() => shipper.status().backlogLines === 50)
    expect(writes).toEqual([100, 100])
    expect(await shipper.drain()).toBe(true)
    expect(writes).toEqual([100, 100, 50])
    expect(await stored(influx)).toBe(250)
  })

  it('sends a partial batch once its oldest point has waited the interval', async () => {
    const { wal, influx, writes } = await setup(10_000, 100)
    await append(wal, 0, 7)
    await until(async () => (await stored(influx)) === 7)
    // InfluxDB has the points before the write's answer reaches the wrapper that counts it.
    await until(() => writes.length > 0)
    expect(writes).toEqual([7])
  })

  it('keeps two writes in flight and checkpoints only what is shipped without a gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-ship-'))
    const wal = await openWal({ dir, syncIntervalMs: 1, segmentBytes: 1 << 20 })
    const real = createInfluxClient({ url: inject('influxUrl'), database: `ship_${randomBytes(4).toString('hex')}` })
    await real.ensureDatabase()
    // The first write is held back until released; the second goes through meanwhile.
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const started: number[] = []
    const influx: InfluxClient = {
      ...real,
      write: async (lines, precision) => {
        started.push(started.length)
        if (started.length === 1) await held
        await real.write(lines, precision)
      }
    }
    const shipper = startShipper(wal, influx, { batchSize: 100, batchIntervalMs: 3_600_000, checkpointIntervalMs: 0 })
    cleanups.push(async () => { release(); await shipper.stop(); await wal.close(); rmSync(dir, { recursive: true, force: true }) })
    await append(wal, 0, 200)
    await until(async () => (await stored(influx)) === 100)
    expect(started).toHaveLength(2)
    // The second batch is in InfluxDB, the first is not: a crash now must replay from the start.
    expect(shipper.status().backlogLines).toBe(200)
    expect(existsSync(join(dir, 'checkpoint.json'))).toBe(false)
    release()
    await until(() => shipper.status().backlogLines === 0)
    expect(await stored(real)).toBe(200)
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'))).toMatchObject({ offset: expect.any(Number) })
  })

  it('reports InfluxDB as down while writes fail, and catches up in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-ship-'))
    const wal = await openWal({ dir, syncIntervalMs: 1, segmentBytes: 1 << 20 })
    const database = `ship_${randomBytes(4).toString('hex')}`
    const unreachable = createInfluxClient({ url: 'http://127.0.0.1:9', database, timeoutMs: 500 })
    const failing = startShipper(wal, unreachable, { batchSize: 10, batchIntervalMs: 10 })
    await append(wal, 0, 30)
    await until(() => failing.status().up === false)
    expect(failing.status()).toMatchObject({ backlogLines: 30, lastError: expect.any(String) })
    await failing.stop()
    const influx = createInfluxClient({ url: inject('influxUrl'), database })
    await influx.ensureDatabase()
    const shipper: Shipper = startShipper(wal, influx, { batchSize: 10, batchIntervalMs: 10 })
    cleanups.push(async () => { await shipper.stop(); await wal.close(); rmSync(dir, { recursive: true, force: true }) })
    await until(async () => (await stored(influx)) === 30)
    const values = seriesRows((await influx.query('SELECT v FROM m'))[0]).map((r) => r.v)
    expect(values).toEqual(Array.from({ length: 30 }, (_, i) => i))
  })
})
