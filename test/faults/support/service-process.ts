// Runs the service as a child process the test can kill: either the production entry point
// (app/main.ts, `npm start`'s code with its own logger) or ./service-child.ts (the same service, with an
// IPC channel for drain and internal counts). Logs go to a file, appended across restarts, so a scenario
// can read the whole run's log afterwards; a SIGKILL loses nothing already written.
import { fork, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ChildRequest, ChildStatus } from './service-child.ts'

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface ServiceProcessOptions {
  /** 'main': app/main.ts; 'child': ./service-child.ts (IPC). */
  entry: 'main' | 'child'
  env: Record<string, string>
  logFile: string
  /** Node flags for the service, e.g. --expose-gc. */
  nodeFlags?: string[]
  startTimeoutMs?: number
}

export interface ServiceProcess {
  pid: number
  httpUrl: string
  mqttPort: number
  /** IPC (entry 'child' only). */
  status (): Promise<ChildStatus>
  drain (): Promise<boolean>
  /** Sends a signal and waits for the process to exit. */
  kill (signal: NodeJS.Signals): Promise<number | null>
  /** Graceful stop (SIGTERM for 'main', IPC stop for 'child'); SIGKILL after 30 s. */
  stop (): Promise<void>
  readonly exited: boolean
}

export async function startServiceProcess (options: ServiceProcessOptions): Promise<ServiceProcess> {
  const out = openSync(options.logFile, 'a')
  const script = options.entry === 'main' ? 'app/main.ts' : 'test/faults/support/service-child.ts'
  let child: ChildProcess
  try {
    child = fork(script, [], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      stdio: ['ignore', out, out, 'ipc']
    })
  } finally {
    closeSync(out)
  }
  let exitCode: number | null | undefined
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => { exitCode = code ?? (signal === null ? null : -1); resolve(exitCode) }))
  child.on('error', () => {})

  const timeoutMs = options.startTimeoutMs ?? 120_000
  let httpUrl: string
  let mqttPort: number
  if (options.entry === 'child') {
    const ready = await Promise.race([
      new Promise<{ httpUrl: string, mqttPort: number }>((resolve) => child.once('message', resolve as never)),
      exited.then((code) => { throw new Error(`the service exited with code ${code} while starting; see ${options.logFile}`) }),
      timeout(timeoutMs, `the service did not start within ${timeoutMs} ms; see ${options.logFile}`)
    ])
    httpUrl = ready.httpUrl
    mqttPort = ready.mqttPort
  } else {
    const http = options.env.HTTP_PORT
    const mqtt = options.env.MQTT_PORT
    if (http === undefined || http === '0' || mqtt === undefined || mqtt === '0') throw new Error('app/main.ts needs fixed HTTP_PORT and MQTT_PORT')
    httpUrl = `http://127.0.0.1:${http}`
    mqttPort = Number(mqtt)
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the service exited with code ${exitCode} while starting; see ${options.logFile}`)
      if (await fetch(`${httpUrl}/api/health`).then((r) => r.status > 0, () => false)) break
      if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`the service did not answer within ${timeoutMs} ms; see ${options.logFile}`) }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  let nextId = 1
  const waiting = new Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()
  child.on('message', (m: { id?: number, value?: unknown, error?: string }) => {
    const w = m.id === undefined ? undefined : waiting.get(m.id)
    if (w === undefined) return
    waiting.delete(m.id!)
    if (m.error !== undefined) w.reject(new Error(`service: ${m.error}`))
    else w.resolve(m.value)
  })
  void exited.then((code) => { for (const w of waiting.values()) w.reject(new Error(`the service exited with code ${code}`)) })
  const request = <T>(cmd: ChildRequest['cmd']) => new Promise<T>((resolve, reject) => {
    if (options.entry !== 'child') return reject(new Error(`${cmd} needs entry 'child'`))
    if (!child.connected) return reject(new Error(`the service is not running (cannot ${cmd})`))
    const id = nextId++
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
    child.send({ id, cmd } satisfies ChildRequest)
  })

  return {
    pid: child.pid!,
    httpUrl,
    mqttPort,
    get exited () { return exitCode !== undefined },
    status: () => request<ChildStatus>('status'),
    drain: () => request<boolean>('drain'),
    async kill (signal) {
      if (exitCode !== undefined) return exitCode
      child.kill(signal)
      return exited
    },
    async stop () {
      if (exitCode !== undefined) return
      if (options.entry === 'child') await request('stop').catch(() => {})
      else child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
    }
  }
}

function timeout (ms: number, message: string): Promise<never> {
  return new Promise((_resolve, reject) => setTimeout(() => reject(new Error(message)), ms).unref())
}
