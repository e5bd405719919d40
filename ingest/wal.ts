// Write-ahead log for telemetry. A message is acknowledged to its gateway (QoS 1 PUBACK) only after its
// lines are in this log and fdatasync'd, so a kill -9 or an InfluxDB outage loses nothing acknowledged.
// Appends are group-committed: one synced write (O_DSYNC, see below) for everything that arrived in the last few
// milliseconds, which is what keeps durability cheap at tens of thousands of messages per second.
// The shipper reads the log back in order and sends it to InfluxDB; while InfluxDB is unreachable the
// log simply grows on disk (the spool), and it is replayed from the last checkpoint after a restart.
// Replaying a batch twice is harmless: InfluxDB keeps one point per series and timestamp, and each point's
// time (nanoseconds, ./point-time.ts) is in the log.
//
// The log is InfluxDB line protocol, cut into records as InfluxDB reads them (a newline inside a quoted
// string does not end a record), never by counting newlines: a gateway's string cannot end a batch early
// and turn its remainder into a point. Segments named `N.ns.lp` hold nanosecond times; `N.lp` ones, written
// before points had nanosecond times, hold milliseconds and are still replayed as such.
import { open, readdir, readFile, rename, rm, truncate, writeFile, mkdir, type FileHandle } from 'node:fs/promises'
import { constants } from 'node:fs'
import { join } from 'node:path'
import { EventEmitter } from 'node:events'
import { scanRecords } from '../platform/influx/line-protocol.ts'

export interface WalPosition { segment: number, offset: number }

export interface WalOptions {
  dir: string
  /** How long appends wait to share one fdatasync. 0: flush on the next tick. */
  syncIntervalMs: number
  segmentBytes: number
}

export type WalPrecision = 'ms' | 'ns'

export interface WalBatch { text: string, lines: number, end: WalPosition, precision: WalPrecision }

type Callback = (err?: Error | null) => void

const segmentName = (n: number) => `${String(n).padStart(12, '0')}.ns.lp`
const CHECKPOINT = 'checkpoint.json'
const READ_CHUNK = 4 * 1024 * 1024
// Segments are opened O_DSYNC where the platform has it: each write returns once its data is on disk, as a
// write followed by fdatasync would, in one trip to libuv's thread pool per group instead of two (at a
// city's rate a group is a few messages, so the trip is paid per few messages). Elsewhere: fdatasync.
const WRITES_SYNC = constants.O_DSYNC !== undefined
const APPEND_SYNCED = WRITES_SYNC ? constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC : 'a'

export interface Wal extends EventEmitter {
  /** `bytes`: `text`'s UTF-8 length, when the caller knows it already. */
  append (text: string, lines: number, cb: Callback, bytes?: number): void
  /** Reads up to maxLines durable lines from `from`. Returns null when there is nothing durable to read. */
  read (from: WalPosition, maxLines: number): Promise<WalBatch | null>
  /** Everything before `to` (`lines` more lines) is in InfluxDB: remember it, drop fully shipped segments. */
  checkpoint (to: WalPosition, lines: number): Promise<void>
  readonly start: WalPosition
  /** Durable lines not yet checkpointed, counted since open (includes what was recovered). */
  readonly backlogLines: number
  /** Bytes not yet checkpointed: durable ones and those waiting for the next sync (the spool's size). */
  readonly backlogBytes: number
  /** Size of the segments on disk; a segment is removed once wholly shipped. */
  readonly diskBytes: number
  close (): Promise<void>
}

export async function openWal (options: WalOptions): Promise<Wal> {
  await mkdir(options.dir, { recursive: true })
  const found = await listSegments(options.dir)
  const segments = [...found.keys()]
  const start = await readCheckpoint(options.dir, segments)
  // By segment number: file name and size, for the segments on disk.
  const files = new Map<number, { name: string, bytes: number }>()
  const pathOf = (n: number) => join(options.dir, files.get(n)?.name ?? segmentName(n))

  // A crash can leave a half-written last record: it was never acknowledged, so it is cut off.
  let recoveredLines = 0
  let recoveredBytes = 0
  let backlogBytes = 0
  for (const [n, name] of found) {
    const path = join(options.dir, name)
    let data: Buffer = await readFile(path)
    if (n === segments.at(-1)) data = await cutTornTail(path, data)
    files.set(n, { name, bytes: data.length })
    recoveredBytes += data.length
    if (n < start.segment) continue
    const from = n === start.segment ? Math.min(start.offset, data.length) : 0
    recoveredLines += scanRecords(data, from, data.length, Infinity).records
    backlogBytes += data.length - from
  }
  let checkpointed: WalPosition = { ...start }

  const emitter = new EventEmitter()
  let segment = (segments.at(-1) ?? start.segment) + 1
  let file: FileHandle = await open(join(options.dir, segmentName(segment)), APPEND_SYNCED)
  files.set(segment, { name: segmentName(segment), bytes: 0 })
  let offset = 0
  const durableEnd: WalPosition = { segment, offset: 0 }
  let backlogLines = recoveredLines
  let diskBytes = recoveredBytes

  let pending: string[] = []
  let pendingCallbacks: Callback[] = []
  let pendingLines = 0
  let pendingBytes = 0
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
    const counted = pendingBytes
    pending = []
    pendingCallbacks = []
    pendingLines = 0
    pendingBytes = 0
    let error: Error | null = null
    const bytes = Buffer.from(text, 'utf8')
    try {
      await writeAll(file, bytes)
      if (!WRITES_SYNC) await file.datasync()
    } catch (err) {
      error = err as Error
      // Part of this group may be on disk (a short write as the disk fills up): cut it off, so the log stays
      // whole acknowledged lines and the next write starts where the last durable one ended (reads go by offset).
      await file.truncate(offset).catch(() => {})
    }
    // A failed group is no longer waiting: its senders were not acknowledged and will send again.
    backlogBytes -= counted
    if (error === null) {
      offset += bytes.length
      diskBytes += bytes.length
      backlogBytes += bytes.length
      files.get(segment)!.bytes = offset
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
    file = await open(join(options.dir, segmentName(segment)), APPEND_SYNCED)
    files.set(segment, { name: segmentName(segment), bytes: 0 })
    offset = 0
    durableEnd.segment = segment
    durableEnd.offset = 0
  }

  async function read (from: WalPosition, maxLines: number): Promise<WalBatch | null> {
    let pos = { ...from }
    // Skip past segments that are fully read (or were removed by a checkpoint).
    while (pos.segment < durableEnd.segment) {
      const size = files.get(pos.segment)?.bytes ?? -1
      if (size > pos.offset) break
      pos = { segment: pos.segment + 1, offset: 0 }
    }
    const limit = pos.segment === durableEnd.segment ? durableEnd.offset : files.get(pos.segment)!.bytes
    if (pos.offset >= limit) return null
    const precision: WalPrecision = files.get(pos.segment)!.name.endsWith('.ns.lp') ? 'ns' : 'ms'
    const handle = await open(pathOf(pos.segment), 'r')
    try {
      const want = Math.min(READ_CHUNK, limit - pos.offset)
      const buffer = Buffer.allocUnsafe(want)
      const { bytesRead } = await handle.read(buffer, 0, want, pos.offset)
      const { records, end } = scanRecords(buffer, 0, bytesRead, maxLines)
      if (records === 0) return null
      return { text: buffer.toString('utf8', 0, end), lines: records, end: { segment: pos.segment, offset: pos.offset + end }, precision }
    } finally {
      await handle.close()
    }
  }

  async function checkpoint (to: WalPosition, lines: number) {
    const tmp = join(options.dir, `${CHECKPOINT}.tmp`)
    await writeFile(tmp, JSON.stringify(to))
    await rename(tmp, join(options.dir, CHECKPOINT))
    backlogBytes -= bytesBetween(checkpointed, to)
    checkpointed = { ...to }
    for (const [n, { name, bytes }] of [...files]) {
      if (n >= to.segment) continue
      await rm(join(options.dir, name), { force: true })
      files.delete(n)
      diskBytes -= bytes
    }
    backlogLines -= lines
    emitter.emit('checkpoint')
  }

  function bytesBetween (from: WalPosition, to: WalPosition): number {
    if (from.segment === to.segment) return to.offset - from.offset
    let n = (files.get(from.segment)?.bytes ?? from.offset) - from.offset
    for (let s = from.segment + 1; s < to.segment; s++) n += files.get(s)?.bytes ?? 0
    return n + to.offset
  }

  // Getters must stay live, so they are defined on the emitter rather than copied onto it.
  return Object.defineProperties(emitter, {
    start: { value: start },
    backlogLines: { get: () => backlogLines },
    backlogBytes: { get: () => backlogBytes },
    diskBytes: { get: () => diskBytes },
    append: {
      value (text: string, lines: number, cb: Callback, bytes = Buffer.byteLength(text)) {
        if (closed) return cb(new Error('write-ahead log is closed'))
        pending.push(text)
        pendingCallbacks.push(cb)
        pendingLines += lines
        pendingBytes += bytes
        backlogBytes += bytes
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

/** Segment number → file name, in order. */
async function listSegments (dir: string): Promise<Map<number, string>> {
  const names = (await readdir(dir)).filter((f) => /^\d{12}(\.ns)?\.lp$/.test(f))
  return new Map(names.map((f) => [Number(f.slice(0, 12)), f] as const).sort((a, b) => a[0] - b[0]))
}

async function readCheckpoint (dir: string, segments: number[]): Promise<WalPosition> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, CHECKPOINT), 'utf8')) as WalPosition
    if (Number.isInteger(parsed.segment) && Number.isInteger(parsed.offset)) return parsed
  } catch {}
  return { segment: segments[0] ?? 0, offset: 0 }
}

async function cutTornTail (path: string, data: Buffer): Promise<Buffer> {
  const { end } = scanRecords(data, 0, data.length, Infinity)
  if (end === data.length) return data
  await truncate(path, end)
  return data.subarray(0, end)
}
