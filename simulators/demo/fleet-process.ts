// The demo's fleet simulator runs as a child process, so it reaches the service only over MQTT like real
// gateways do. Its output is prefixed and passed through; an IPC channel lets it notice when the demo
// dies without saying goodbye, so it never lingers reconnecting to a broker that is gone.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { PROJECT_ROOT } from '../../platform/paths.ts'

export interface FleetProcessOptions {
  onLine: (line: string, stream: 'stdout' | 'stderr') => void
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void
}

/** `script`: the simulator under simulators/ (the lifts' fleet-cli.ts, or cylinders-cli.ts). */
export function startFleetProcess (args: string[], options: FleetProcessOptions, script = 'fleet-cli.ts') {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'simulators', script), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream]! }).on('line', (line) => options.onLine(line, stream))
  }
  let exited = false
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true
      options.onExit(code, signal)
      resolve()
    })
  })
  return {
    pid: child.pid,
    /** Asks the simulator to stop (it waits for its last PUBACKs), and kills it if it takes too long. */
    async stop (timeoutMs: number): Promise<void> {
      if (exited) return
      child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), timeoutMs) })
      if (await Promise.race([exit, late]) === 'late') {
        child.kill('SIGKILL')
        await exit
      }
      clearTimeout(timer)
    }
  }
}

export type FleetProcess = ReturnType<typeof startFleetProcess>
