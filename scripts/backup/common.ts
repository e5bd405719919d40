// What the backup and restore commands share: the manifest that describes a backup folder, the one error
// type they print (a sentence for the operator, never a stack), running the databases' own tools, and
// moving existing data aside instead of deleting it.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { rename } from 'node:fs/promises'
import { connect } from 'node:net'

export const MANIFEST = 'manifest.json'
export const FORMAT = 'tianjian-backup/1'

// A part added later is an optional key of the same format: a backup made before it lacks the key, which
// restore reads as null (that backup has no such part), and an older restore ignores a key it does not know.
export interface Manifest {
  format: typeof FORMAT
  createdAt: string
  relational: { engine: 'pglite', file: string, migrations: string[] } | { engine: 'postgres', file: string, migrations: string[] } | null
  wal: { dir: string, files: Array<{ name: string, bytes: number }> } | null
  influx: { dir: string, database: string } | null
  /** Since the photos part: absent in older backups. */
  photos: { dir: string, files: number, bytes: number } | null
}

export type Part = 'relational' | 'wal' | 'influx' | 'photos'
export const PARTS: readonly Part[] = ['relational', 'wal', 'influx', 'photos']

export class BackupError extends Error {
  override name = 'BackupError'
}

export const say = (line: string) => process.stderr.write(`${line}\n`)

/** Runs one of the databases' tools; a failure carries the tool's last words. */
export function run (command: string, args: string[], options: { env?: NodeJS.ProcessEnv, timeoutMs?: number, what: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: options.env ?? process.env, timeout: options.timeoutMs ?? 3_600_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err === null) return resolve(`${stdout}${stderr}`)
      const e = err as NodeJS.ErrnoException & { killed?: boolean }
      if (e.code === 'ENOENT') return reject(new BackupError(`${options.what}: \`${command}\` is not installed or not on PATH`))
      const detail = `${stderr}${stdout}`.trim().split('\n').slice(-5).join('\n  ')
      reject(new BackupError(`${options.what} failed${e.killed === true ? ' (timed out)' : ''}: ${detail || e.message}`))
    })
  })
}

/** True when something accepts TCP connections at host:port within 3 s. */
export function canConnect (address: string): Promise<boolean> {
  const { host, port } = splitAddress(address)
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 })
    const done = (ok: boolean) => { socket.destroy(); resolve(ok) }
    socket.once('connect', () => done(true))
    socket.once('timeout', () => done(false))
    socket.once('error', () => done(false))
  })
}

export function splitAddress (address: string): { host: string, port: number } {
  const match = /^(.*):(\d{1,5})$/.exec(address)
  if (match === null) throw new BackupError(`expected host:port, got "${address}"`)
  return { host: match[1]!.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(match[2]) }
}

export const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0

/** Makes room for restored data: refuses, or with `force` renames what is there (never deletes it). */
export async function makeRoom (dir: string, force: boolean, what: string): Promise<string | null> {
  if (isEmptyDir(dir)) return null
  if (!force) throw new BackupError(`${what}: ${dir} is not empty. Restore into an empty DATA_DIR, or pass --force to move the current data aside`)
  const aside = `${dir}.before-restore-${stamp()}`
  await rename(dir, aside)
  say(`  moved the current ${what} aside to ${aside}`)
  return aside
}

export const stamp = (date = new Date()) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')

/** `--name value` and `--flag` arguments; the rest are positional. */
export function parseArgs (argv: string[], known: { values: string[], flags: string[] }) {
  const values: Record<string, string> = {}
  const flags = new Set<string>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) { positional.push(arg); continue }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (known.flags.includes(name)) { flags.add(name); continue }
    if (!known.values.includes(name)) throw new BackupError(`unknown option --${name}`)
    const value = inline ?? argv[++i]
    if (value === undefined || value.startsWith('--')) throw new BackupError(`--${name} needs a value`)
    values[name] = value
  }
  return { values, flags, positional }
}

export function parseParts (value: string | undefined): Set<Part> {
  if (value === undefined) return new Set(PARTS)
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean)
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new BackupError(`--only: expected a list of ${PARTS.join(', ')}, got "${p}"`)
  return new Set(parts as Part[])
}
