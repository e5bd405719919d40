// The write-ahead log (DATA_DIR/wal): telemetry acknowledged to gateways and not yet in InfluxDB, plus the
// checkpoint that says how far InfluxDB has it. It is copied while the service runs, and before InfluxDB is
// backed up: whatever was acknowledged before the copy is then either in the copied log after its
// checkpoint, or was shipped before that checkpoint was written — so before the InfluxDB backup began.
// Replaying a line InfluxDB already has stores nothing twice (docs/measurements.md).
//
// Copying a live log: the checkpoint first (it only moves forward, so the copy may replay more, never skip);
// then the segments, oldest first. A segment removed meanwhile was wholly shipped (so it is in InfluxDB); only
// the newest segment is being appended to, and the log's own recovery cuts a torn last record on open. If a
// new segment appears during the copy, the one before it was finished after we started: copy again.
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BackupError } from './common.ts'

const CHECKPOINT = 'checkpoint.json'

export async function copyWal (from: string, to: string): Promise<Array<{ name: string, bytes: number }>> {
  if (!existsSync(from)) throw new BackupError(`no write-ahead log at ${from} (an API-only node has none: pass --only relational,influx,photos)`)
  for (let round = 1; round <= 5; round++) {
    await rm(to, { recursive: true, force: true })
    await mkdir(to, { recursive: true })
    const copied: Array<{ name: string, bytes: number }> = []
    const copy = async (name: string) => {
      try {
        await copyFile(join(from, name), join(to, name))
        copied.push({ name, bytes: (await stat(join(to, name))).size })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      }
    }
    await copy(CHECKPOINT)
    const before = (await readdir(from)).filter((f) => f !== CHECKPOINT && !f.endsWith('.tmp')).sort()
    for (const name of before) await copy(name)
    const after = (await readdir(from)).filter((f) => f !== CHECKPOINT && !f.endsWith('.tmp'))
    if (after.every((f) => before.includes(f))) return copied
  }
  throw new BackupError(`the write-ahead log at ${from} kept rotating during the copy (5 tries); try again when the load is lower`)
}

export async function restoreWal (from: string, to: string): Promise<number> {
  await mkdir(to, { recursive: true })
  const files = await readdir(from)
  for (const name of files) await copyFile(join(from, name), join(to, name))
  return files.length
}
