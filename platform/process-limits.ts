// What the operating system allows a process: read from /proc on Linux, unlimited (Infinity) where there
// is no /proc to read. Every MQTT connection holds a descriptor, so the open-file limit caps the gateways a
// broker process (and a simulator process) can hold.
import { readFileSync } from 'node:fs'

/** The soft open-file limit (`ulimit -n`) of a process, this one by default. */
export function openFileLimit (pid: number | 'self' = 'self'): number {
  try {
    const line = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))
    return line === null ? Infinity : Number(line[1])
  } catch {
    return Infinity
  }
}
