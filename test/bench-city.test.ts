// The bench's city phase (bench/city.ts) end to end on a tiny city: the service, then the same gateways
// against a bare Aedes and Mosquitto (anonymously), then the socket floor — real processes, real sockets,
// the shared test InfluxDB. Checks that every figure the bench reports is measured (present and above
// zero) and that --city-no-raw leaves the raw keys out; never how fast anything is.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildBench } from '../bench/build.ts'
import { mosquittoVersion } from '../bench/brokers.ts'
import { citySummary, runCityPhase, type CityOptions, type CityRun } from '../bench/city.ts'
import { parseBenchArgs, type BenchOptions } from '../bench/options.ts'

let tmp: string

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tianjian-bench-city-'))
  // The bench runs compiled children (bench/build.ts); tsc emits despite type errors elsewhere.
  buildBench()
}, 300_000)
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

// 600 lifts at a 0.5 s heartbeat: ~1,200 messages a second, enough for /proc's 10 ms CPU ticks to count
// a few seconds of each broker's work.
const tinyCity = (name: string): CityOptions => ({
  lifts: 600, durationS: 5, heartbeatS: 0.5, raw: true, rawDurationS: 5, settleS: 1,
  dataDir: join(tmp, name), tmpDir: tmp, influxUrl: inject('influxUrl'), influxPid: null, profileDir: null, log: () => {}
})

describe('bench city phase', () => {
  it('parses the raw runs\' options: on by default, shorter than the service\'s window, --city-no-raw turns them off', () => {
    const city = (argv: string[]) => (parseBenchArgs(argv) as BenchOptions).city
    expect(city(['--city-only'])).toMatchObject({ raw: true, rawDurationS: 60, durationS: 300 })
    expect(city(['--city-only', '--quick'])).toMatchObject({ raw: true, rawDurationS: 30, durationS: 60 })
    expect(city(['--city-only', '--city-no-raw'])).toMatchObject({ raw: false })
    expect(city(['--city-raw-duration', '12'])).toMatchObject({ raw: true, rawDurationS: 12 })
    expect(() => parseBenchArgs(['--city-raw-duration', '2'])).toThrow('--city-raw-duration needs a whole number ≥ 5, got 2')
  })

  // One city run serves both checks below: a second seed and service start would cost another half minute.
  let run: CityRun
  beforeAll(async () => { run = await runCityPhase(tinyCity('raw')) }, 300_000)

  it('measures the service, a bare Aedes, Mosquitto and the socket floor on the same city', () => {
    const summary = citySummary(run)
    const mosquitto = mosquittoVersion() !== null

    expect(run.refused).toBe(0)
    expect(summary.city_acked_msg_s).toBeGreaterThan(0)
    expect(summary.city_service_cpu_us_per_msg).toBeGreaterThan(0)
    expect(run.raw).not.toBeNull()
    const raw = run.raw!
    expect(raw.skipped.aedes).toBeUndefined()
    expect(raw.skipped.socketFloor).toBeUndefined()

    // The bare brokers take the same gateways without their secrets: none refused, every one acknowledged.
    for (const broker of mosquitto ? [raw.aedes!, raw.mosquitto!] : [raw.aedes!]) {
      expect(broker.refused).toBe(0)
      expect(broker.failed).toBe(0)
      expect(broker.ackedMsgS).toBeGreaterThan(0)
      expect(broker.cpuUsPerMsg).toBeGreaterThan(0)
    }
    expect(summary.city_aedes_raw_cpu_us_per_msg).toBe(raw.aedes!.cpuUsPerMsg)
    expect(summary.city_service_vs_aedes_raw_cpu).toBeCloseTo(run.serviceCpuUsPerMsg! / raw.aedes!.cpuUsPerMsg!, 1)
    if (mosquitto) expect(summary.city_mosquitto_cpu_us_per_msg).toBe(raw.mosquitto!.cpuUsPerMsg)
    else {
      expect(summary.city_mosquitto_cpu_us_per_msg).toBeNull()
      expect(raw.skipped.mosquitto).toMatch(/not installed/)
    }

    // The floor: one connection per gateway, paced at the service's acknowledged rate, every message answered.
    const floor = raw.socketFloor!
    expect(floor.connections).toBe(run.gateways)
    expect(floor.rateMsgS).toBe(run.ackedMsgS)
    expect(floor.repliedMsgS).toBeGreaterThan(0)
    expect(summary.city_socket_floor_cpu_us_per_msg).toBe(floor.cpuUsPerMsg)
    expect(floor.cpuUsPerMsg).toBeGreaterThan(0)
  })

  it('leaves the raw keys null with --city-no-raw', () => {
    const summary = citySummary({ ...run, raw: null })
    expect(summary.city_service_cpu_us_per_msg).toBe(run.serviceCpuUsPerMsg)
    expect(summary).toMatchObject({
      city_aedes_raw_cpu_us_per_msg: null, city_mosquitto_cpu_us_per_msg: null, city_service_vs_aedes_raw_cpu: null, city_socket_floor_cpu_us_per_msg: null
    })
  })
})
