// CPU time and memory of the processes under test, read from /proc (Linux). CPU seconds per message is
// the figure that survives a noisy shared box: the rate moves with the neighbours, the cost much less.
import { readFileSync, readdirSync } from 'node:fs'
export { openFileLimit } from '../platform/process-limits.ts'

const TICKS_PER_S = 100 // USER_HZ: 100 on every Linux architecture Node supports

/** User + system CPU seconds a process has used so far; 0 when it is gone. */
export function cpuSeconds (pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S
  } catch {
    return 0
  }
}

export function rssBytes (pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? 0 : Number(kb) * 1024
  } catch {
    return 0
  }
}

export function openFiles (pid: number): number {
  try { return readdirSync(`/proc/${pid}/fd`).length } catch { return 0 }
}

/** The pid of the process whose command line contains `needle` (a managed influxd, by its config path). */
export function findPid (needle: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry)
    } catch {}
  }
  return null
}

