// The photos of maintenance visits and of hidden-danger evidence (platform/photos/photo-storage.ts: one
// folder of each under DATA_DIR). Each file is named by the SHA-256 of its bytes, and the maintenance
// records' hash chains cover those hashes: a record restored without its photos has lost its evidence.
//  - Copied while the service runs: a photo is written to a temp file and renamed into place, and never
//    changed or deleted after, so a file is either whole or absent. `*.tmp` files are uploads in flight.
//  - Hashed while copied, both ways. A file whose bytes do not match its name is named and not copied: on
//    backup a warning (the rest of the backup stands, an older backup may hold the good bytes), on restore an
//    error once everything else is done.
//  - A restore is a merge: a name is a content, so a file already there under the same name, once its own
//    bytes are checked, is the same photo. One that fails the check is moved aside (not deleted) and replaced.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { PHOTO_FOLDERS, isPhotoKey, photoFolder, photoPath, type PhotoFolder } from '../../platform/photos/photo-storage.ts'
import { stamp } from './common.ts'

const FOLDERS = Object.keys(PHOTO_FOLDERS) as PhotoFolder[]
/** Files at once: enough to keep a disk busy, few enough for a shared box. */
const PARALLEL = 4

/** A file whose bytes do not match its name, or that is no photo at all. */
export interface BadPhoto { path: string, reason: string }

async function eachLimited<T> (items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!)
  }))
}

async function hashFile (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Copies `from` to a new file `to`, hashing the bytes on the way. */
async function copyHashed (from: string, to: string): Promise<{ sha256: string, bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform (chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    }
  })
  await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx' }))
  return { sha256: hash.digest('hex'), bytes }
}

const mismatch = (sha256: string) => `its bytes do not match its name (their SHA-256 is ${sha256}): damaged or altered`

/** The photo keys in one folder (fanned out as photoPath does), uploads in flight left out; anything else apart. */
async function listPhotos (dir: string): Promise<{ keys: string[], strays: string[] }> {
  const keys: string[] = []
  const strays: string[] = []
  if (!existsSync(dir)) return { keys, strays }
  for (const fan of await readdir(dir, { withFileTypes: true })) {
    if (!fan.isDirectory() || !/^[0-9a-f]{2}$/.test(fan.name)) { strays.push(join(dir, fan.name)); continue }
    for (const name of await readdir(join(dir, fan.name))) {
      if (name.endsWith('.tmp')) continue
      if (isPhotoKey(name) && name.startsWith(fan.name)) keys.push(name)
      else strays.push(join(dir, fan.name, name))
    }
  }
  return { keys: keys.sort(), strays }
}

/** Copies every photo under `dataDir` into `to` (one folder per kind of photo). */
export async function backupPhotos (dataDir: string, to: string) {
  let files = 0
  let bytes = 0
  const bad: BadPhoto[] = []
  const strays: string[] = []
  await mkdir(to, { recursive: true })
  for (const folder of FOLDERS) {
    const from = photoFolder(dataDir, folder)
    const listed = await listPhotos(from)
    strays.push(...listed.strays)
    await eachLimited(listed.keys, async (key) => {
      const target = photoPath(join(to, folder), key)
      await mkdir(dirname(target), { recursive: true })
      let copied: { sha256: string, bytes: number }
      try {
        copied = await copyHashed(photoPath(from, key), target)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return // photos are never deleted; if one is, it is not ours to keep
        throw err
      }
      if (copied.sha256 !== key) {
        await rm(target, { force: true })
        bad.push({ path: photoPath(from, key), reason: mismatch(copied.sha256) })
        return
      }
      files++
      bytes += copied.bytes
    })
  }
  return { files, bytes, bad, strays }
}

/** Merges the photos of a backup (`from`, as backupPhotos wrote it) into the photo folders under `dataDir`. */
export async function restorePhotos (from: string, dataDir: string) {
  let copied = 0
  let present = 0
  const bad: BadPhoto[] = []
  const movedAside: string[] = []
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (!entry.isDirectory() || !(FOLDERS as string[]).includes(entry.name)) {
      bad.push({ path: join(from, entry.name), reason: `not one of the photo folders (${FOLDERS.join(', ')})` })
    }
  }
  for (const folder of FOLDERS) {
    const source = join(from, folder)
    const into = photoFolder(dataDir, folder)
    const listed = await listPhotos(source)
    bad.push(...listed.strays.map((path) => ({ path, reason: 'not a photo\'s name (64 hexadecimal digits, in the folder of its first two)' })))
    await eachLimited(listed.keys, async (key) => {
      const file = photoPath(source, key)
      const target = photoPath(into, key)
      const there = existsSync(target)
      if (there && await hashFile(target) === key) {
        const sha256 = await hashFile(file)
        if (sha256 === key) present++
        else bad.push({ path: file, reason: mismatch(sha256) })
        return
      }
      await mkdir(dirname(target), { recursive: true })
      const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`
      const result = await copyHashed(file, temp)
      if (result.sha256 !== key) {
        await rm(temp, { force: true })
        bad.push({ path: file, reason: mismatch(result.sha256) })
        return
      }
      if (there) {
        const aside = `${target}.damaged-before-restore-${stamp()}`
        await rename(target, aside)
        movedAside.push(aside)
      }
      await rename(temp, target)
      copied++
    })
  }
  return { copied, present, bad, movedAside }
}

/** Which of the photos the relational store references are not under `dataDir`, as their would-be paths. */
export async function findMissingPhotos (dataDir: string, references: Record<PhotoFolder, string[]>): Promise<{ referenced: number, missing: string[] }> {
  const missing: string[] = []
  let referenced = 0
  for (const folder of FOLDERS) {
    const dir = photoFolder(dataDir, folder)
    const keys = references[folder]
    referenced += keys.length
    await eachLimited(keys, async (key) => {
      const path = photoPath(dir, key)
      if (!await stat(path).then((s) => s.isFile(), () => false)) missing.push(path)
    })
  }
  return { referenced, missing: missing.sort() }
}

/** Up to `max` lines of a list, then how many more. */
export function someOf (lines: string[], max = 20): string {
  const shown = lines.slice(0, max).map((l) => `\n    ${l}`).join('')
  return lines.length > max ? `${shown}\n    … and ${lines.length - max} more` : shown
}
