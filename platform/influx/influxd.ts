// Runs a private InfluxDB 1.x (`influxd` from PATH) as a child process with its own config and data under
// a folder of ours, on a free loopback port. Used when INFLUX_URL is unset, and by the tests.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort } from '../net.ts'

export interface ManagedInfluxd {
  url: string
  port: number
  dir: string
  version: string
  /** SIGTERM (or SIGKILL) and wait for exit. */
  stop (signal?: NodeJS.Signals): Promise<void>
  /** Start again on the same port and data (tests use this to simulate an outage). */
  restart (): Promise<void>
}

export class InfluxdUnavailableError extends Error {
  constructor (detail: string) {
    super(`${detail}. Get an InfluxDB in one of three ways: install Debian's package (sudo apt-get install influxdb), ` +
      'run the production stack (docker compose up -d influxdb), or point INFLUX_URL at a running InfluxDB (1.x, 2.x or 3.x).')
    this.name = 'InfluxdUnavailableError'
  }
}

function which (cmd: string): string | null {
  const result = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' })
  return result.status === 0 ? result.stdout.trim() : null
}

/** Finds influxd, installing Debian's package when allowed and possible. */
export function findInfluxd (options: { autoInstall: boolean, log?: (msg: string) => void }): string {
  const found = which('influxd')
  if (found !== null) return found
  const isRoot = process.getuid?.() === 0
  if (!options.autoInstall) throw new InfluxdUnavailableError('influxd is not on PATH and INFLUX_AUTO_INSTALL is off')
  if (which('apt-get') === null || (!isRoot && which('sudo') === null)) {
    throw new InfluxdUnavailableError('influxd is not on PATH and this machine cannot install Debian packages')
  }
  options.log?.('influxd not found: installing Debian package influxdb')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (args: string[]) => isRoot
    ? execFileSync(args[0]!, args.slice(1), { stdio: 'ignore', env })
    : execFileSync('sudo', ['-n', ...args], { stdio: 'ignore', env })
  try {
    run(['apt-get', 'update', '-q'])
    run(['apt-get', 'install', '-y', '-q', 'influxdb'])
  } catch (err) {
    throw new InfluxdUnavailableError(`installing influxdb failed (${(err as Error).message})`)
  }
  const installed = which('influxd')
  if (installed === null) throw new InfluxdUnavailableError('the influxdb package installed no influxd')
  return installed
}

function configFor (dir: string, httpPort: number, rpcPort: number): string {
  // Every listener on loopback and on our ports: the Debian defaults (8086, 8088) may be taken.
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  cache-max-memory-size = 1073741824
  # A city's shape (docs/performance.md, issue #14): tens of thousands of lifts, each its own series. The
  # default 25 MB cache snapshot is written every few seconds at that cardinality, each snapshot a new TSM
  # file to compact: snapshot larger, compact one at a time (two cores shared with the service).
  cache-snapshot-memory-size = 268435456
  max-concurrent-compactions = 1
  # The defaults refuse the 100,001st value of a tag (equipment codes) and the millionth series: a province.
  max-values-per-tag = 0
  max-series-per-database = 0
[coordinator]
  query-timeout = "60s"
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  max-body-size = 0
[logging]
  level = "warn"
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
`
}

export async function startInfluxd (options: { dir: string, binary?: string, port?: number, log?: (msg: string) => void }): Promise<ManagedInfluxd> {
  const binary = options.binary ?? findInfluxd({ autoInstall: false })
  await mkdir(options.dir, { recursive: true })
  const port = options.port ?? await freePort()
  const rpcPort = await freePort()
  const configPath = join(options.dir, 'influxdb.conf')
  await writeFile(configPath, configFor(options.dir, port, rpcPort))
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  let stderr = ''

  const pidFile = join(options.dir, 'influxd.pid')

  async function launch (): Promise<string> {
    stderr = ''
    await stopLeftover(pidFile)
    // Its own process group: Ctrl-C in the terminal reaches only us, and we stop influxd after the shipper
    // has finished writing to it. The pid file lets the next start stop one that a SIGKILL of ours left.
    const proc = spawn(binary, ['-config', configPath], { stdio: ['ignore', 'ignore', 'pipe'], detached: true })
    child = proc
    await writeFile(pidFile, String(proc.pid))
    proc.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000) })
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new InfluxdUnavailableError(`influxd exited with code ${proc.exitCode}: ${stderr.trim().slice(-500)}`)
      try {
        const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) })
        if (response.status === 204) return response.headers.get('x-influxdb-version') ?? 'unknown'
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    proc.kill('SIGKILL')
    throw new InfluxdUnavailableError(`influxd did not answer on ${url} within 30 s`)
  }

  async function stop (signal: NodeJS.Signals = 'SIGTERM') {
    const proc = child
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill(signal)
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
    await rm(pidFile, { force: true })
  }

  const version = await launch()
  options.log?.(`started influxd ${version} on ${url} (data in ${options.dir})`)
  return { url, port, dir: options.dir, version, stop, restart: async () => { await stop(); await launch() } }
}

/** Stops an influxd left running on this data folder by a previous run that was killed. */
async function stopLeftover (pidFile: string) {
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''))
  if (!Number.isInteger(pid) || pid <= 0) return
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
  if (!command.includes('influxd')) return
  process.kill(pid, 'SIGTERM')
  for (let i = 0; i < 100 && await readFile(`/proc/${pid}/cmdline`, 'utf8').then(() => true, () => false); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
