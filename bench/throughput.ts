// One QoS 1 throughput run: the same publish job against a broker, with the CPU each side used. For the
// service the run continues until InfluxDB has everything, and only messages found there are counted.
import type { InfluxClient } from '../platform/influx/client.ts'
import type { JobGateway, PublishJob, PublishResult } from './load-job.ts'
import { runPublishJob } from './load-runner.ts'
import { cpuSeconds } from './proc-stats.ts'
import { verifyStored, type StoredCheck } from './verify-stored.ts'
import type { ServiceProcess } from './service-process.ts'

export interface LoadShape { gateways: JobGateway[], window: number, durationMs: number }

export interface BrokerRun {
  acked: number
  elapsedMs: number
  ackedPerS: number
  disconnects: number
  refused: number
  /** CPU µs per acknowledged message, per process, in the measured window only (bench/load-gen.ts opens it
   *  at the first publish and closes it at the last acknowledgement; for the service, InfluxDB having it all). */
  cpuUsPerMsg: Record<string, number | null>
  result: PublishResult
}

export interface IngestRun extends BrokerRun {
  drainMs: number
  check: StoredCheck
  /** Messages verified in InfluxDB per second, from the first publish until InfluxDB had them all. */
  storedPerS: number
  rejected: number
}

/** µs per message from CPU seconds; null for a process that was not watched or had gone (/proc read 0). */
const perMessage = (cpuS: Record<string, number | null>, acked: number) =>
  Object.fromEntries(Object.entries(cpuS).map(([k, v]) => [k, v === null || acked === 0 ? null : Math.round(v / acked * 1e7) / 10]))

const used = (start: number | undefined, end: number) => start === undefined || start === 0 || end === 0 ? null : end - start

export async function runBroker (name: string, port: number, pids: Record<string, number | null>, shape: LoadShape, tmpDir: string,
  options: { auth: boolean, tsBase: number, rate?: number | null, log: (line: string) => void, signal?: AbortSignal }): Promise<BrokerRun> {
  const watch = Object.fromEntries(Object.entries(pids).filter((e): e is [string, number] => e[1] !== null))
  const job: PublishJob = {
    mode: 'publish', host: '127.0.0.1', port, gateways: shape.gateways, window: shape.window, durationMs: shape.durationMs,
    rate: options.rate ?? null, tsBase: options.tsBase, auth: options.auth, watch
  }
  let ticks = 0
  const { result } = await runPublishJob(job, tmpDir, name, (acked) => {
    if (++ticks % 5 === 0) options.log(`  ${name}: ${acked.toLocaleString('en-US')} acknowledged after ${ticks} s`)
  }, options.signal)
  const { start, end } = result.watchedCpuS
  const cpu = { ...Object.fromEntries(Object.keys(pids).map((k) => [k, end[k] === undefined ? null : used(start[k], end[k])])), 'load generator': result.cpuS }
  return {
    acked: result.acked,
    elapsedMs: result.elapsedMs,
    ackedPerS: result.acked / result.elapsedMs * 1000,
    disconnects: result.disconnects,
    refused: result.refused,
    cpuUsPerMsg: perMessage(cpu, result.acked),
    result
  }
}

export async function runIngest (service: ServiceProcess, influx: InfluxClient, pids: Record<string, number | null>, shape: LoadShape, tmpDir: string,
  options: { tsBase: number, rate?: number | null, log: (line: string) => void, signal?: AbortSignal }): Promise<IngestRun> {
  const run = await runBroker('service', service.mqttPort, pids, shape, tmpDir, { ...options, auth: true })
  const t0 = performance.now()
  if (!await service.drain()) throw new Error('the service did not ship its backlog to InfluxDB within 120 s')
  const drainMs = performance.now() - t0
  // The service's and influxd's window stays open until InfluxDB has everything: shipping is part of a
  // message's cost. Read now, before the status request and the verifying queries add their own.
  const start = run.result.watchedCpuS.start
  const cpu = { ...Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, pid === null ? null : used(start[k], cpuSeconds(pid))])), 'load generator': run.result.cpuS }
  const status = await service.status()
  const check = await verifyStored(influx, shape.gateways, run.result, options.tsBase)
  return {
    ...run,
    cpuUsPerMsg: perMessage(cpu, run.acked),
    drainMs,
    check,
    storedPerS: check.stored / (run.elapsedMs + drainMs) * 1000,
    rejected: status.rejected
  }
}
