// A throwaway Redis (Debian's redis-server) on a free loopback port, no persistence.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from '../../server/net.ts'
import { until } from './mqtt.ts'

export async function startRedis () {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'tianjian-redis-'))
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`)
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
    probe.on('error', () => {})
    const ok = await probe.connect().then(() => probe.ping(), () => null)
    probe.disconnect()
    return ok === 'PONG'
  }, 15_000)
  return {
    url,
    async stop () {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
