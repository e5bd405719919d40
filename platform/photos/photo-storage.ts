// Where photos' bytes live (maintenance records, hidden-danger evidence), behind a small interface an
// S3-compatible store can replace: put, get and has by key. The key is the photo's SHA-256, so a photo stored twice is stored once and a stored
// photo is checked against the hash the record's chain covers. The default keeps them under DATA_DIR.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

export interface PhotoStorage {
  put (key: string, bytes: Buffer): Promise<void>
  get (key: string): Promise<Buffer | undefined>
  has (key: string): Promise<boolean>
}

/** Where the service keeps each kind of photo under DATA_DIR; `npm run backup` copies the same folders. */
export const PHOTO_FOLDERS = { maintenance: join('maintenance', 'photos'), dangers: join('dangers', 'photos') } as const
export type PhotoFolder = keyof typeof PHOTO_FOLDERS
export const photoFolder = (dataDir: string, which: PhotoFolder) => join(dataDir, PHOTO_FOLDERS[which])

export const isPhotoKey = (key: string) => /^[0-9a-f]{64}$/.test(key)

/** A photo's file under `dir`: fanned out by the key's first two hex digits. */
export function photoPath (dir: string, key: string): string {
  if (!isPhotoKey(key)) throw new Error(`not a photo key: ${key}`)
  return join(dir, key.slice(0, 2), key)
}

/** Files under `dir` (see photoPath); written whole (temp file, then rename). */
export function createFilePhotoStorage (dir: string): PhotoStorage {
  const pathOf = (key: string) => photoPath(dir, key)
  return {
    async put (key, bytes) {
      const path = pathOf(key)
      if (await this.has(key)) return
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true })
      const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
      await writeFile(temp, bytes)
      await rename(temp, path)
    },
    async get (key) {
      try {
        return await readFile(pathOf(key))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw err
      }
    },
    async has (key) {
      try {
        await stat(pathOf(key))
        return true
      } catch {
        return false
      }
    }
  }
}
