// Reads the V8 CPU profiles `--profile` wrote (node --cpu-prof) and prints where the service spent its CPU:
// by area (our modules, Aedes, MQTT parsing, GC, …) and the hottest functions by self time.
// Also a CLI: `node --import tsx bench/profile-summary.ts <dir-or-file> [top]`.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

interface ProfileNode { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, hitCount?: number }
interface Profile { nodes: ProfileNode[], startTime: number, endTime: number, samples: number[] }

/** Which part of the system a frame belongs to, from its script URL. */
function areaOf (url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg !== null) return pkg[1]!
  if (url.startsWith('node:')) return 'node core'
  const own = /\/(ingest|gateways|elevators|cylinders|protocol|platform|live|alerts|rescue|notify|registry|inspection|maintenance|audit|users|app)\//.exec(url)
  return own === null ? url : `${own[1]}/`
}

export function summariseProfiles (path: string, top = 25): string {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f))
    : [path]
  const byFunction = new Map<string, number>()
  const byArea = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
    const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length)
    for (const node of profile.nodes) {
      const ms = (node.hitCount ?? 0) * msPerSample
      if (ms === 0) continue
      const { functionName, url, lineNumber } = node.callFrame
      if (functionName === '(idle)') { idle += ms; continue }
      total += ms
      const where = url === '' ? '' : ` ${url.replace(/^file:\/\/.*?\/(node_modules|bench-results\/\.build)\//, '')}:${lineNumber + 1}`
      const key = `${functionName || '(anonymous)'}${where}`
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms)
      const area = areaOf(url, functionName)
      byArea.set(area, (byArea.get(area) ?? 0) + ms)
    }
  }
  const pct = (ms: number) => `${(ms / total * 100).toFixed(1).padStart(5)}%`
  const lines = [`  busy ${(total / 1000).toFixed(1)} s, idle ${(idle / 1000).toFixed(1)} s (${files.length} profile${files.length === 1 ? '' : 's'})`, '  by area:']
  for (const [area, ms] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 14)) lines.push(`    ${pct(ms)}  ${area}`)
  lines.push('  by function (self time):')
  for (const [fn, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(ms)}  ${fn}`)
  return lines.join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(summariseProfiles(process.argv[2]!, Number(process.argv[3] ?? 40)))
}
