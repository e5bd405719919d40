// The two reference brokers the service is compared with, each in its own process on a free port:
// Mosquitto (C, single-threaded, Debian's package) and a bare Aedes (bench/aedes-raw.ts).
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { connect } from 'node:net'
import { freePort } from '../platform/net.ts'
import { childScript } from './build.ts'

export interface RunningBroker { port: number, pid: number, stop (): Promise<void> }

function stopChild (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  return exited.finally(() => clearTimeout(timer))
}

async function waitForPort (port: number, child: ChildProcess, what: string) {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true) })
      s.on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${what} did not listen on ${port} within 15 s`)
}

/** `mosquitto -h` prints its version on the first line; null when it is not installed. */
export function mosquittoVersion (): string | null {
  const result = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' })
  if (result.error !== undefined) return null
  return /version (\S+)/.exec(result.stdout)?.[1] ?? 'unknown'
}

export async function startMosquitto (dir: string): Promise<RunningBroker> {
  const port = await freePort()
  const config = join(dir, 'mosquitto.conf')
  // Loopback only, anyone may connect (the load is the same as for Aedes), nothing persisted or logged:
  // the figure is Mosquitto's pass-through, as for the bare Aedes.
  writeFileSync(config, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest none',
    'max_connections -1', 'max_queued_messages 1000', ''].join('\n'))
  const child = spawn('mosquitto', ['-c', config], { stdio: ['ignore', 'ignore', 'inherit'] })
  await waitForPort(port, child, 'mosquitto')
  return { port, pid: child.pid!, stop: () => stopChild(child) }
}

export async function startAedesRaw (): Promise<RunningBroker> {
  const child = fork(childScript('aedes-raw'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port))
    child.once('exit', (code) => reject(new Error(`aedes exited with code ${code}`)))
  })
  return { port, pid: child.pid!, stop: () => stopChild(child) }
}
