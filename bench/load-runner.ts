// Starts load-generator children (bench/load-gen.ts) and turns their IPC messages into promises.
import { fork, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { childScript } from './build.ts'
import type { HoldJob, HoldProgress, LoadMessage, PublishJob, PublishResult } from './load-job.ts'


function start (job: PublishJob | HoldJob, tmpDir: string, name: string) {
  const file = join(tmpDir, `${name}.json`)
  writeFileSync(file, JSON.stringify(job))
  const child = fork(childScript('load-gen'), [file], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return { child, exited }
}

function failed (child: ChildProcess, what: string): Promise<never> {
  return new Promise((_resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`load generator (${what}) exited with code ${code} before answering`)))
  })
}

/** Runs one publish job to the end: its duration, or until `signal` aborts. */
export async function runPublishJob (job: PublishJob, tmpDir: string, name: string, onProgress?: (acked: number) => void, signal?: AbortSignal) {
  const { child, exited } = start(job, tmpDir, name)
  signal?.addEventListener('abort', () => { if (child.connected) child.send('stop') }, { once: true })
  const answer = new Promise<PublishResult>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'progress') onProgress?.(m.acked)
      else if (m.type === 'result') resolve(m.result)
      else if (m.type === 'error') reject(new Error(`load generator: ${m.message}`))
    })
  })
  const result = await Promise.race([answer, failed(child, name)])
  await exited
  return { result, pid: child.pid! }
}

/** Starts a hold job; `held` resolves once every gateway had its try, `release()` closes them all. */
export function startHoldJob (job: HoldJob, tmpDir: string, name: string) {
  const { child, exited } = start(job, tmpDir, name)
  const next = (type: 'held' | 'released') => Promise.race([new Promise<HoldProgress>((resolve, reject) => {
    const listen = (m: LoadMessage) => {
      if (m.type === type) { child.off('message', listen); resolve(m.progress) } else if (m.type === 'error') reject(new Error(`load generator: ${m.message}`))
    }
    child.on('message', listen)
  }), failed(child, name)])
  const held = next('held')
  return {
    pid: child.pid!,
    held,
    async release (): Promise<HoldProgress> {
      const released = next('released')
      child.send('release')
      const progress = await released
      await exited
      return progress
    }
  }
}
