// The TCP connections a process holds on one local port, as the kernel sees them (Linux /proc): file
// descriptors that are sockets, matched with /proc/net/tcp{,6} by inode. Unlike the process's own handle
// count it ignores the HTTP, InfluxDB and PostgreSQL pools, which grow and shrink as they like.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** Established connections of `pid` whose local port is `port`; null where /proc cannot say. */
export function connectionsOnPort (pid: number, port: number): number | null {
  let inodes: Set<string>
  try {
    inodes = new Set(readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try { return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '' } catch { return '' }
    }).filter(Boolean))
  } catch {
    return null
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  let n = 0
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try { text = readFileSync(table, 'utf8') } catch { continue }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      // local_address is ip:port in hex; st 01 is ESTABLISHED; inode is the tenth field.
      if (f.length > 9 && f[1]!.endsWith(`:${hexPort}`) && f[3] === '01' && inodes.has(f[9]!)) n++
    }
  }
  return n
}
