// Write-ahead log for telemetry. A message is acknowledged to its gateway (QoS 1 PUBACK) only after its
// lines are in this log and fdatasync'd, so a kill -9 or an InfluxDB outage loses nothing acknowledged.
// Appends are group-committed: one write + one fdatasync for everything that arrived in the last few
// milliseconds, which is what keeps durability cheap at tens of thousands of messages per second.
// The shipper reads the log back in order and sends it to InfluxDB; while InfluxDB is unreachable the
// log simply grows on disk (the spool), and it is replayed from the last checkpoint after a restart.
// Replaying a batch twice is harmless: InfluxDB keeps one point per series and timestamp.
import { open, readdir, readFile, rename, rm, stat, truncate, writeFile, mkdir, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { EventEmitter } from 'node:events'

export interface WalPosition { segment: number, offset: number }

export interface WalOptions {
  dir: string
  /** How long appends wait to share one fdatasync. 0: flush on the next tick. */
  syncIntervalMs: number
  segmentBytes: number
}

export interface WalBatch { text: string, lines: number, end: WalPosition }

type Callback = (err?: Error | null) => void

const segmentName = (n: number) => `${String(n).padStart(12, '0')}.lp`
const CHECKPOINT = 'checkpoint.json'
const READ_CHUNK = 4 * 1024 * 1024

export interface Wal extends EventEmitter {
  append (text: string, lines: number, cb: Callback): void
  /** Reads up to maxLines durable lines from `from`. Returns null when there is nothing durable to read. */
  read (from: WalPosition, maxLines: number): Promise<WalBatch | null>
  /** Everything before `to` (`lines` more lines) is in InfluxDB: remember it, drop fully shipped segments. */
  checkpoint (to: WalPosition, lines: number): Promise<void>
  readonly start: WalPosition
  /** Durable lines not yet checkpointed, counted since open (includes what was recovered). */
  readonly backlogLines: number
  readonly diskBytes: number
  close (): Promise<void>
}

export async function openWal (options: WalOptions): Promise<Wal> {
  await mkdir(options.dir, { recursive: true })
  const segments = await listSegments(options.dir)
  const start = await readCheckpoint(options.dir, segments)

  // A crash can leave a half-written last line: it was never acknowledged, so it is cut off.
  let recoveredLines = 0
  let recoveredBytes = 0
  for (const n of segments) {
    const path = join(options.dir, segmentName(n))
    if (n === segments.at(-1)) await cutTornTail(path)
    if (n < start.segment) continue
    const data = await readFile(path)
    const from = n === start.segment ? start.offset : 0
    recoveredLines += countLines(data, from)
    recoveredBytes += data.length
  }

  const emitter = new EventEmitter()
  let segment = (segments.at(-1) ?? start.segment) + 1
  let file: FileHandle = await open(join(options.dir, segmentName(segment)), 'a')
  let offset = 0
  const durableEnd: WalPosition = { segment, offset: 0 }
  let backlogLines = recoveredLines
  let diskBytes = recoveredBytes

  let pending: string[] = []
  let pendingCallbacks: Callback[] = []
  let pendingLines = 0
  let flushing = false
  let timer: NodeJS.Timeout | null = null
  let closed = false

  function schedule () {
    if (timer !== null || flushing) return
    timer = options.syncIntervalMs === 0
      ? setTimeout(flush, 0)
      : setTimeout(flush, options.syncIntervalMs)
  }

  async function flush () {
    timer = null
    if (pending.length === 0) return
    flushing = true
    const text = pending.length === 1 ? pending[0]! : pending.join('')
    const callbacks = pendingCallbacks
    const lines = pendingLines
    pending = []
    pendingCallbacks = []
    pendingLines = 0
    let error: Error | null = null
    const bytes = Buffer.from(text, 'utf8')
    try {
      await writeAll(file, bytes)
      await file.datasync()
    } catch (err) {
      error = err as Error
      // Part of this group may be on disk (a short write as the disk fills up): cut it off, so the log stays
      // whole acknowledged lines and the next write starts where the last durable one ended (reads go by offset).
      await file.truncate(offset).catch(() => {})
    }
    if (error === null) {
      offset += bytes.length
      diskBytes += bytes.length
      durableEnd.segment = segment
      durableEnd.offset = offset
      backlogLines += lines
      if (offset >= options.segmentBytes) await rotate().catch((err: Error) => { error = err })
    }
    flushing = false
    for (const cb of callbacks) cb(error)
    if (error === null) emitter.emit('durable', lines)
    else emitter.emit('error', error)
    if (pending.length > 0) schedule()
  }

  async function rotate () {
    await file.close()
    segment += 1
    file = await open(join(options.dir, segmentName(segment)), 'a')
    offset = 0
    durableEnd.segment = segment
    durableEnd.offset = 0
  }

  async function read (from: WalPosition, maxLines: number): Promise<WalBatch | null> {
    let pos = { ...from }
    // Skip past segments that are fully read (or were removed by a checkpoint).
    while (pos.segment < durableEnd.segment) {
      const size = await stat(join(options.dir, segmentName(pos.segment))).then((s) => s.size, () => -1)
      if (size > pos.offset) break
      pos = { segment: pos.segment + 1, offset: 0 }
    }
    const limit = pos.segment === durableEnd.segment ? durableEnd.offset : Infinity
    if (pos.offset >= limit) return null
    const handle = await open(join(options.dir, segmentName(pos.segment)), 'r')
    try {
      const want = Math.min(READ_CHUNK, limit - pos.offset)
      const buffer = Buffer.allocUnsafe(want)
      const { bytesRead } = await handle.read(buffer, 0, want, pos.offset)
      let end = 0
      let lines = 0
      for (let i = 0; i < bytesRead && lines < maxLines; i++) {
        if (buffer[i] === 10) { lines++; end = i + 1 }
      }
      if (lines === 0) return null
      return { text: buffer.toString('utf8', 0, end), lines, end: { segment: pos.segment, offset: pos.offset + end } }
    } finally {
      await handle.close()
    }
  }

  async function checkpoint (to: WalPosition, lines: number) {
    const tmp = join(options.dir, `${CHECKPOINT}.tmp`)
    await writeFile(tmp, JSON.stringify(to))
    await rename(tmp, join(options.dir, CHECKPOINT))
    for (const n of await listSegments(options.dir)) {
      if (n >= to.segment) break
      const path = join(options.dir, segmentName(n))
      diskBytes -= await stat(path).then((s) => s.size, () => 0)
      await rm(path, { force: true })
    }
    backlogLines -= lines
  }

  // Getters must stay live, so they are defined on the emitter rather than copied onto it.
  return Object.defineProperties(emitter, {
    start: { value: start },
    backlogLines: { get: () => backlogLines },
    diskBytes: { get: () => diskBytes },
    append: {
      value (text: string, lines: number, cb: Callback) {
        if (closed) return cb(new Error('write-ahead log is closed'))
        pending.push(text)
        pendingCallbacks.push(cb)
        pendingLines += lines
        schedule()
      }
    },
    read: { value: read },
    checkpoint: { value: checkpoint },
    close: {
      async value () {
        closed = true
        if (timer !== null) { clearTimeout(timer); await flush() }
        while (flushing) await new Promise((resolve) => setTimeout(resolve, 1))
        await file.close()
      }
    }
  }) as Wal
}

/** write(2) may take fewer bytes than asked when the disk fills up; the next call then fails with ENOSPC. */
async function writeAll (file: FileHandle, bytes: Buffer) {
  for (let at = 0; at < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, at, bytes.length - at, null)
    if (bytesWritten === 0) throw new Error('write-ahead log: the file system took no bytes')
    at += bytesWritten
  }
}

async function listSegments (dir: string): Promise<number[]> {
  return (await readdir(dir)).filter((f) => /^\d{12}\.lp$/.test(f)).map((f) => Number(f.slice(0, 12))).sort((a, b) => a - b)
}

async function readCheckpoint (dir: string, segments: number[]): Promise<WalPosition> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, CHECKPOINT), 'utf8')) as WalPosition
    if (Number.isInteger(parsed.segment) && Number.isInteger(parsed.offset)) return parsed
  } catch {}
  return { segment: segments[0] ?? 0, offset: 0 }
}

async function cutTornTail (path: string) {
  const data = await readFile(path)
  const lastNewline = data.lastIndexOf(10)
  if (lastNewline + 1 < data.length) await truncate(path, lastNewline + 1)
}

function countLines (data: Buffer, from: number): number {
  let n = 0
  for (let i = data.indexOf(10, from); i !== -1; i = data.indexOf(10, i + 1)) n++
  return n
}
