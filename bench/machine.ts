// What the figures were measured on, and the one disk limit the ingest path lives by: how long a small
// write + fdatasync takes where the write-ahead log is (every QoS 1 PUBACK waits for one).
import { cpus, totalmem, release } from 'node:os'
import { open, rm } from 'node:fs/promises'
import { join } from 'node:path'

export interface Machine {
  cores: number
  cpu: string
  memoryGb: number
  kernel: string
  node: string
  influx: string
  mosquitto: string | null
  fdatasyncP50Ms: number
  fdatasyncP99Ms: number
}

export function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]!
}

/** 200 appends of 4 KiB, each followed by fdatasync, as the write-ahead log does per group commit. */
export async function probeFdatasync (dir: string): Promise<{ p50: number, p99: number }> {
  const path = join(dir, 'fdatasync-probe')
  const file = await open(path, 'a')
  const block = Buffer.alloc(4096, 0x61)
  const times: number[] = []
  try {
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now()
      await file.write(block, 0, block.length, null)
      await file.datasync()
      times.push(performance.now() - t0)
    }
  } finally {
    await file.close()
    await rm(path, { force: true })
  }
  times.sort((a, b) => a - b)
  return { p50: round(percentile(times, 50), 2), p99: round(percentile(times, 99), 2) }
}

export const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits

export async function describeMachine (dir: string, influx: string, mosquitto: string | null): Promise<Machine> {
  const sync = await probeFdatasync(dir)
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    kernel: release(),
    node: process.version,
    influx,
    mosquitto,
    fdatasyncP50Ms: sync.p50,
    fdatasyncP99Ms: sync.p99
  }
}
