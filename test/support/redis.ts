// A throwaway Redis (Debian's redis-server) on a free loopback port, no persistence. It can be stopped and
// started again on the same port, as an outage looks to its clients.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from '../../platform/net.ts'
import { until } from './mqtt.ts'

export async function startRedis () {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'tianjian-redis-'))
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess

  async function launch () {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' })
    child = started
    await until(async () => {
      if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`)
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
      probe.on('error', () => {})
      const ok = await probe.connect().then(() => probe.ping(), () => null)
      probe.disconnect()
      return ok === 'PONG'
    }, 15_000)
  }

  async function halt () {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }

  await launch()
  return {
    url,
    /** Stops the server and keeps the port for `restart()`. */
    halt,
    restart: launch,
    async stop () {
      await halt()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
