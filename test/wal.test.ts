import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, appendFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWal, type Wal } from '../ingest/wal.ts'

const dirs: string[] = []
const newDir = () => { const d = mkdtempSync(join(tmpdir(), 'tianjian-wal-')); dirs.push(d); return d }
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })

const append = (wal: Wal, text: string, lines = 1) => new Promise<void>((resolve, reject) => wal.append(text, lines, (err) => err ? reject(err) : resolve()))

async function readAll (wal: Wal, from = wal.start, max = 1000) {
  let pos = from
  let text = ''
  for (;;) {
    const batch = await wal.read(pos, max)
    if (batch === null) return { text, pos }
    text += batch.text
    pos = batch.end
  }
}

describe('write-ahead log', () => {
  it('group-commits concurrent appends and reads them back in order', async () => {
    const wal = await openWal({ dir: newDir(), syncIntervalMs: 5, segmentBytes: 1 << 20 })
    await Promise.all(Array.from({ length: 100 }, (_, i) => append(wal, `line ${i}\n`)))
    expect(wal.backlogLines).toBe(100)
    const { text } = await readAll(wal)
    expect(text.split('\n').filter(Boolean)).toEqual(Array.from({ length: 100 }, (_, i) => `line ${i}`))
    await wal.close()
  })

  it('reads in batches of at most maxLines and across segments', async () => {
    const wal = await openWal({ dir: newDir(), syncIntervalMs: 0, segmentBytes: 64 })
    for (let i = 0; i < 30; i++) await append(wal, `point-${String(i).padStart(3, '0')}\n`)
    expect((await wal.read(wal.start, 5))!.lines).toBe(5)
    // A batch never crosses a segment: the first segment rolled over after its 7th 10-byte line.
    expect((await wal.read(wal.start, 100))!.lines).toBe(7)
    const { text } = await readAll(wal, wal.start, 7)
    expect(text.split('\n').filter(Boolean)).toHaveLength(30)
    await wal.close()
  })

  it('replays from the checkpoint after a restart and drops shipped segments', async () => {
    const dir = newDir()
    const wal = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 40 })
    for (let i = 0; i < 10; i++) await append(wal, `p${i} v=1 ${i}\n`)
    const batch = await wal.read(wal.start, 4)
    await wal.checkpoint(batch!.end, batch!.lines)
    await wal.close()

    const reopened = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 40 })
    expect(reopened.backlogLines).toBe(10 - batch!.lines)
    const { text } = await readAll(reopened)
    expect(text.split('\n').filter(Boolean)).toEqual(Array.from({ length: 10 }, (_, i) => `p${i} v=1 ${i}`).slice(batch!.lines))
    const { pos } = await readAll(reopened)
    await reopened.checkpoint(pos, reopened.backlogLines)
    expect(reopened.backlogLines).toBe(0)
    const left = readdirSync(dir).filter((f) => f.endsWith('.lp')).map((f) => Number(f.slice(0, 12)))
    expect(Math.min(...left)).toBe(pos.segment)
    await reopened.close()
  })

  it('cuts a torn last line left by a crash (it was never acknowledged)', async () => {
    const dir = newDir()
    const wal = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 1 << 20 })
    await append(wal, 'a v=1 1\nb v=1 2\n', 2)
    await wal.close()
    const segment = readdirSync(dir).filter((f) => f.endsWith('.lp')).sort().at(-1)!
    appendFileSync(join(dir, segment), 'c v=1')
    const reopened = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 1 << 20 })
    expect(reopened.backlogLines).toBe(2)
    expect((await readAll(reopened)).text).toBe('a v=1 1\nb v=1 2\n')
    await reopened.close()
  })

  it('reads a record whose string holds newlines as one record, never ending a batch inside it', async () => {
    const dir = newDir()
    const wal = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 1 << 20 })
    const hostile = 'gateway_status,gateway=gw-inj online=true,fw="\\"\nelevator_state,equipment=V,gateway=v trips=666i 1\n" 1000000\n'
    await append(wal, hostile + 'm v=1 2000000\n', 2)
    const first = (await wal.read(wal.start, 1))!
    expect(first).toMatchObject({ text: hostile, lines: 1, precision: 'ns' })
    expect((await wal.read(first.end, 10))!.text).toBe('m v=1 2000000\n')
    // A crash inside the string leaves a torn record: cut off whole, newline or not.
    await wal.close()
    const segment = readdirSync(dir).filter((f) => f.endsWith('.lp')).sort().at(-1)!
    appendFileSync(join(dir, segment), 'gateway_status,gateway=gw online=true,fw="a\nm v=1 3\n')
    const reopened = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 1 << 20 })
    expect(reopened.backlogLines).toBe(2)
    expect((await readAll(reopened)).text).toBe(hostile + 'm v=1 2000000\n')
    await reopened.close()
  })

  it('replays a segment written before nanosecond times as milliseconds', async () => {
    const dir = newDir()
    writeFileSync(join(dir, '000000000000.lp'), 'm v=1 1700000000000\n')
    const wal = await openWal({ dir, syncIntervalMs: 0, segmentBytes: 1 << 20 })
    await append(wal, 'm v=2 1700000000001000000\n')
    const old = (await wal.read(wal.start, 10))!
    expect(old).toMatchObject({ text: 'm v=1 1700000000000\n', precision: 'ms' })
    expect((await wal.read(old.end, 10))!).toMatchObject({ text: 'm v=2 1700000000001000000\n', precision: 'ns' })
    expect(wal.backlogLines).toBe(2)
    await wal.close()
  })

  it('refuses appends after close instead of losing them', async () => {
    const wal = await openWal({ dir: newDir(), syncIntervalMs: 0, segmentBytes: 1 << 20 })
    await wal.close()
    await expect(append(wal, 'x v=1 1\n')).rejects.toThrow(/closed/)
  })
})
