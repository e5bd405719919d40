// Fault 4: DATA_DIR runs out of space while gateways publish (a small tmpfs, filled by a file of ours), then
// the space comes back. Needs root for `mount -t tmpfs`; skipped with a message otherwise.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { open, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { ADMIN_PASSWORD, createTestDatabase } from '../support/service.ts'
import { faultsMode, sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { startServiceProcess, type ServiceProcess } from './support/service-process.ts'
import { apiClient, seedThroughApi } from './support/api.ts'
import { metricSum, scrape } from './support/metrics.ts'
import { startTelemetryLoad, type TelemetryLoad } from './support/telemetry-load.ts'
import { countStored } from './support/stored.ts'
import { tempDirs, waitFor } from './support/wait.ts'
import { LOAD_BUDGET } from './support/load-budget.ts'

const size = sized({
  short: { gateways: 2, fills: 1, failedWrites: 3 },
  full: { gateways: 4, fills: 3, failedWrites: 20 },
  long: { gateways: 8, fills: 10, failedWrites: 50 }
})
const TMPFS_MB = 16
const dirs = tempDirs()
let mountPoint: string | null = null
let mountError: string | null = null
let service: ServiceProcess | null = null
let load: TelemetryLoad | null = null

beforeAll(() => {
  const dir = dirs.make('diskfull')
  try {
    if (process.getuid?.() !== 0) throw new Error('not root')
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', dir], { stdio: 'pipe' })
    mountPoint = dir
  } catch (err) {
    mountError = (err as Error).message.split('\n')[0]!
  }
})
afterAll(async () => {
  await load?.end()
  await service?.stop()
  if (mountPoint !== null) execFileSync('umount', [mountPoint])
  dirs.removeAll()
})

/** Writes a file until the file system says ENOSPC at every size down to one byte; returns its size. */
async function fillDisk (dir: string): Promise<number> {
  const file = await open(join(dir, 'filler'), 'a')
  let bytes = 0
  try {
    for (const chunk of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1].map((n) => Buffer.alloc(n, 0x78))) {
      for (;;) {
        try {
          const { bytesWritten } = await file.write(chunk, 0, chunk.length, null)
          bytes += bytesWritten
          if (bytesWritten < chunk.length) break
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break
          throw err
        }
      }
    }
  } finally {
    await file.close()
  }
  return bytes
}

describe('fault: disk full in DATA_DIR', () => {
  it('stops acknowledging (never drops), says why in the log and metrics, and stores everything acknowledged once space is back', async (context) => {
    if (mountPoint === null) return context.skip(`disk-full scenario skipped: it mounts a ${TMPFS_MB} MB tmpfs and needs root (${mountError})`)
    const report = reportScenario({
      id: 'disk-full',
      title: 'Disk full in DATA_DIR',
      proves: 'When the write-ahead log cannot be written (a tmpfs DATA_DIR filled while gateways publish), QoS 1 messages are not acknowledged — the connection is closed and the gateway resends; only what still fits in the last, partly written page of the log file is acknowledged, durably — the log says why and `tianjian_wal_write_errors_total` counts it; once space is back the held messages are acknowledged, every acknowledged message is in InfluxDB exactly once, InfluxDB refused no malformed line, and the service restarts cleanly on the same folder.'
    })
    const database = `diskfull_${randomBytes(4).toString('hex')}`
    const logFile = join(dirs.make('diskfull-log'), 'service.log')
    // The log's segment is larger than the disk, so no shipped segment is deleted to free space meanwhile.
    const env = {
      DATA_DIR: mountPoint, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_HOST: '127.0.0.1', MQTT_PORT: '0',
      INFLUX_URL: inject('influxUrl'), INFLUX_DB: database, ADMIN_PASSWORD, LOG_LEVEL: 'info', DATABASE_URL: await createTestDatabase(), WAL_SEGMENT_MB: '64', ...LOAD_BUDGET
    }
    service = await startServiceProcess({ entry: 'child', env, logFile })
    const api = apiClient(service.httpUrl)
    const gateways = await seedThroughApi(api, await api.login('admin', ADMIN_PASSWORD), size.gateways, 1, 'S')
    load = await startTelemetryLoad({ port: service.mqttPort, gateways, t0: Date.now() - 3_600_000, window: 8, reconnectPeriodMs: 50 })

    let heldAtFull = 0
    let ackedWhileFull = 0
    let fillerBytes = 0
    for (let k = 0; k < size.fills; k++) {
      await load.untilAcked(load.acked + 500)
      const errorsBefore = metricSum(await scrape(service.httpUrl), 'tianjian_wal_write_errors_total')
      fillerBytes = Math.max(fillerBytes, await fillDisk(mountPoint))
      const first = await waitFor('a failed write-ahead log write is counted', async () => {
        const n = metricSum(await scrape(service!.httpUrl), 'tianjian_wal_write_errors_total')
        return n > errorsBefore && n
      })
      const ackedAtFirstError = load.acked
      // Gateways resend and are refused again: wait for several more failed writes.
      await waitFor(`${size.failedWrites} more failed writes`, async () => metricSum(await scrape(service!.httpUrl), 'tianjian_wal_write_errors_total') >= first + size.failedWrites)
      ackedWhileFull += load.acked - ackedAtFirstError
      heldAtFull = Math.max(heldAtFull, load.sent - load.acked)
      expect(load.sent - load.acked, 'messages held unacknowledged while the disk is full').toBeGreaterThan(0)
      await rm(join(mountPoint, 'filler'))
    }
    await load.settle(180_000)
    // Everything acknowledged is counted as durable: the shipper must get all of it out of the log.
    const drained = await waitFor('the spool is empty', async () => (await service!.status()).backlogLines === 0, 60_000).then(() => true, () => false)
    const counts = await countStored(inject('influxUrl'), database, load)
    const samples = await scrape(service.httpUrl)
    const log = await readFile(logFile, 'utf8')
    const walErrorLines = log.split('\n').filter((l) => l.includes('write-ahead log write failed'))
    Object.assign(report.figures, counts, {
      fills: size.fills, tmpfsMb: TMPFS_MB, fillerMb: Math.round(fillerBytes / 1048576 * 10) / 10,
      walWriteErrors: metricSum(samples, 'tianjian_wal_write_errors_total'), heldUnackedAtFull: heldAtFull,
      ackedWhileFullIntoLastPage: ackedWhileFull, reconnects: load.disconnects, drained, influxRejectedPoints: metricSum(samples, 'tianjian_influx_rejected_points_total')
    })

    expect(counts).toMatchObject({ lost: 0, duplicated: 0, foreign: 0 })
    expect(drained, 'every line of the write-ahead log is shipped').toBe(true)
    expect(walErrorLines.length).toBeGreaterThan(0)
    expect(JSON.parse(walErrorLines[0]!)).toMatchObject({ level: 50, err: { code: 'ENOSPC' } })
    expect(counts.acked).toBe(counts.sent)
    expect(counts.stored).toBe(counts.acked)
    expect(metricSum(samples, 'tianjian_influx_rejected_points_total')).toBe(0)

    // Nothing corrupt: every line left in the log is a whole point, and the service starts again on it.
    await load.end()
    load = null
    await service.stop()
    const walDir = join(mountPoint, 'wal')
    for (const f of (await readdir(walDir)).filter((n) => n.endsWith('.lp'))) {
      const text = await readFile(join(walDir, f), 'utf8')
      for (const line of text.split('\n').slice(0, -1)) expect(line).toMatch(/^elevator_state,equipment=S-\d+-0,gateway=gw-s-\d+ mode=1i,\S+ \d{19}$/)
      expect(text === '' || text.endsWith('\n')).toBe(true)
    }
    // Starting again on that folder is a second start of a child process: full runs only, to keep npm test short.
    if (faultsMode() === 'short') return
    service = await startServiceProcess({ entry: 'child', env, logFile })
    await waitFor('the restarted service has nothing left to ship', async () => (await service!.status()).backlogLines === 0)
    expect((await apiClient(service.httpUrl).call('GET', '/api/health')).status).toBe(200)
  }, 300_000)
})
