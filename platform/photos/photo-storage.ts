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

/** Files under `dir`, fanned out by the first two hex digits; written whole (temp file, then rename). */
export function createFilePhotoStorage (dir: string): PhotoStorage {
  const pathOf = (key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a photo key: ${key}`)
    return join(dir, key.slice(0, 2), key)
  }
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
