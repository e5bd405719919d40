// The spool's bound (ingest/spool.ts) on a real write-ahead log: held when full, written in order when
// shipped data makes room, refused after waiting too long, forgotten when its connection closed.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWal, type Wal } from '../ingest/wal.ts'
import { createSpool, SpoolFullError } from '../ingest/spool.ts'
import { createMetrics } from '../platform/metrics.ts'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

const line = (n: number) => `m,k=a v=${n}i ${1_700_000_000_000 + n}000000\n`
/** Bytes of one line (n < 10). */
const L = line(0).length
const silent = { error: () => {}, warn: () => {} }

async function setup (maxBytes: number, holdMaxMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tianjian-spool-'))
  const wal = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 1 << 20 })
  const metrics = createMetrics()
  const spool = createSpool({ wal, maxBytes, metrics, log: silent, ...(holdMaxMs === undefined ? {} : { holdMaxMs }) })
  shipped = wal.start
  cleanups.push(async () => { spool.close(); await wal.close(); rmSync(dir, { recursive: true, force: true }) })
  return { wal, spool, metrics }
}

function send (spool: ReturnType<typeof createSpool>, n: number, sender = { closed: false }) {
  const answer = { settled: false, error: null as Error | null }
  const done = new Promise<void>((resolve) => spool.append(line(n), 1, sender, (err) => { answer.settled = true; answer.error = err ?? null; resolve() }))
  return Object.assign(answer, { done })
}

/** Ships everything durable: what the shipper does once InfluxDB has it. */
async function ship (wal: Wal) {
  const batch = await wal.read(shipped, 1000)
  await wal.checkpoint(batch!.end, batch!.lines)
  shipped = batch!.end
}
let shipped = { segment: 1, offset: 0 }

const tick = () => new Promise((resolve) => setTimeout(resolve, 20))
async function until (check: () => boolean) { while (!check()) await tick() }

describe('spool bound', () => {
  it('holds what would pass the bound and writes it, in order, once shipping makes room', async () => {
    const { wal, spool, metrics } = await setup(3 * L)
    const first = [send(spool, 1), send(spool, 2), send(spool, 3)]
    await Promise.all(first.map((a) => a.done))
    const held = [send(spool, 4), send(spool, 5)]
    await tick()
    expect(held.map((a) => a.settled)).toEqual([false, false])
    expect(spool.status()).toEqual({ full: true, limitBytes: 3 * L, held: 2 })
    expect(await metrics.registry.getSingleMetricAsString('tianjian_spool_full')).toMatch(/ 1$/m)
    expect(wal.backlogBytes).toBe(3 * L)

    await ship(wal)
    await Promise.all(held.map((a) => a.done))
    expect(held.map((a) => a.error)).toEqual([null, null])
    expect(spool.status()).toMatchObject({ full: false, held: 0 })
    const batch = await wal.read({ segment: 1, offset: 3 * L }, 10)
    expect(batch!.text).toBe(line(4) + line(5))
    expect(batch!.precision).toBe('ns')
  })

  it('lets nothing overtake a held message, even one that would fit', async () => {
    const { wal, spool } = await setup(2 * L + 10)
    await send(spool, 1).done
    const big = { settled: false }
    spool.append(line(2) + line(3), 2, { closed: false }, () => { big.settled = true })
    const small = send(spool, 4)
    await tick()
    expect([big.settled, small.settled]).toEqual([false, false])
    await ship(wal)
    await until(() => big.settled)
    expect(small.settled).toBe(false)
    await ship(wal)
    await small.done
    expect(small.error).toBeNull()
  })

  it('refuses a message held too long (its gateway resends it) and forgets one whose connection closed', async () => {
    const { spool, metrics } = await setup(L, 100)
    await send(spool, 1).done
    const gone = { closed: false }
    const orphan = send(spool, 2, gone)
    const waiting = send(spool, 3)
    gone.closed = true
    await waiting.done
    expect(waiting.error).toBeInstanceOf(SpoolFullError)
    expect(orphan.settled).toBe(false)
    const refused = await metrics.registry.getSingleMetricAsString('tianjian_spool_full_refused_total')
    expect(refused).toMatch(/reason="disconnected"} 1/)
    expect(refused).toMatch(/reason="timeout"} 1/)
    expect(spool.status()).toMatchObject({ full: false, held: 0 })
  })

  it('takes a message larger than the whole bound once the log is empty', async () => {
    const { spool } = await setup(10)
    const answer = send(spool, 1)
    await answer.done
    expect(answer.error).toBeNull()
  })

  it('counts the bytes waiting for InfluxDB across segments and a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-spool-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const wal = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 100 })
    for (let n = 0; n < 6; n++) await new Promise<void>((resolve, reject) => wal.append(line(n), 1, (err) => err ? reject(err) : resolve()))
    expect(wal.backlogBytes).toBe(6 * L)
    const first = (await wal.read(wal.start, 4))!
    const second = (await wal.read(first.end, 1))!
    await wal.checkpoint(second.end, first.lines + second.lines)
    expect(wal.backlogBytes).toBe(6 * L - (first.text.length + second.text.length))
    await wal.close()
    const reopened = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 100 })
    expect(reopened.backlogBytes).toBe(6 * L - (first.text.length + second.text.length))
    expect(reopened.backlogLines).toBe(6 - first.lines - second.lines)
    await reopened.close()
  })
})
