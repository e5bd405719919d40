// A throwaway PostgreSQL server from Debian's package for the tests: own data folder, free port, own
// socket directory. Debian's server refuses to run as root, so as root it runs as the postgres user.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../platform/net.ts'

export interface TestPostgres { url: string, stop (): void }

function binDir (): string {
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : []
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)')
  return join(base, versions[0]!, 'bin')
}

export async function startPostgres (): Promise<TestPostgres> {
  const bin = binDir()
  const root = mkdtempSync(join(tmpdir(), 'tianjian-pg-'))
  const dataDir = join(root, 'data')
  const isRoot = process.getuid?.() === 0
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
  asOwner('pg_ctl', ['-D', dataDir, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start',
    '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop () {
      spawnSync(isRoot ? 'runuser' : join(bin, 'pg_ctl'), isRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop'] : ['-D', dataDir, '-m', 'immediate', 'stop'], { stdio: 'ignore' })
      rmSync(root, { recursive: true, force: true })
    }
  }
}
