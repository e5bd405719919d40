// A private PostgreSQL server (Debian's package) a scenario may stop and start again on the same port and
// data, as a restart or a crash of the database server looks to its clients. The shared test server
// (test/support/postgres.ts) must not be touched: other test files use it at the same time.
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../../platform/net.ts'

const run = promisify(execFile)

function binDir (): string {
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : []
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)')
  return join(base, versions[0]!, 'bin')
}

export interface PostgresServer {
  /** postgres://…/postgres on this server. */
  url: string
  /** Stops the server: 'fast' disconnects clients politely, 'immediate' is a crash (recovery at next start). */
  stop (mode: 'fast' | 'immediate'): Promise<void>
  start (): Promise<void>
  /** Stops for good and removes the data. */
  destroy (): void
}

export async function startPostgresServer (): Promise<PostgresServer> {
  const bin = binDir()
  const root = mkdtempSync(join(tmpdir(), 'tianjian-faults-pg-'))
  const dataDir = join(root, 'data')
  const isRoot = process.getuid?.() === 0
  // Debian's server refuses to run as root: as root, run it as the postgres user.
  const asOwner = (cmd: string, args: string[]) => isRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
    : execFileSync(join(bin, cmd), args, { stdio: 'pipe' })
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(root, uid, gid)
  }
  asOwner('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const port = await freePort()
  // Stop and start run asynchronously: a service in this process must keep running meanwhile.
  const pgCtl = async (args: string[]) => {
    if (isRoot) await run('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args])
    else await run(join(bin, 'pg_ctl'), args)
  }
  const start = () => pgCtl(['-D', dataDir, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start',
    '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`])
  const stop = (mode: 'fast' | 'immediate') => pgCtl(['-D', dataDir, '-m', mode, '-w', 'stop'])
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy () {
      spawnSync(isRoot ? 'runuser' : join(bin, 'pg_ctl'), isRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop'] : ['-D', dataDir, '-m', 'immediate', 'stop'], { stdio: 'ignore' })
      rmSync(root, { recursive: true, force: true })
    }
  }
}
