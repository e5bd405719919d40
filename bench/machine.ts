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

/** Keeps probing (a 4 KiB write + fdatasync every 20 ms) until stopped: shows disk stalls during a phase. */
export function watchFdatasync (dir: string) {
  const times: number[] = []
  let running = true
  const done = (async () => {
    const path = join(dir, 'fdatasync-watch')
    const file = await open(path, 'a')
    const block = Buffer.alloc(4096, 0x62)
    try {
      while (running) {
        const t0 = performance.now()
        await file.write(block, 0, block.length, null)
        await file.datasync()
        times.push(performance.now() - t0)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      await file.close()
      await rm(path, { force: true })
    }
  })()
  return async () => {
    running = false
    await done
    times.sort((a, b) => a - b)
    return { samples: times.length, p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 1), maxMs: round(times.at(-1) ?? NaN, 1) }
  }
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
