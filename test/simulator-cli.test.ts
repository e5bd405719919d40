// The simulator's command line: options checked with errors that name them, and a real run of the CLI as a
// child process against a real service, the way the demo starts it.
import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseFleetArgs, resolveFleetOptions } from '../simulators/cli/fleet-options.ts'
import { scenarioFrom } from '../simulators/scenario/scenario.ts'
import { writeFleetFile } from '../simulators/credentials.ts'
import { createIncidentPlanner, NO_INCIDENTS } from '../simulators/fleet/incidents.ts'
import { createLift } from '../simulators/lift/lift-machine.ts'
import { createRng } from '../platform/prng.ts'
import { startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'

const run = promisify(execFile)

describe('options', () => {
  it.each([
    [['--heartbeat', '2'], /^--credentials: required/],
    [['--credentials', 'f', '--rate', '10', '--heartbeat', '5'], /^--rate: give --heartbeat or --rate, not both/],
    [['--credentials', 'f', '--qos', '2'], /^--qos: expected 0\.\.1, got 2/],
    [['--credentials', 'f', '--duration', 'soon'], /^--duration: expected a number, got "soon"/],
    [['--credentials', 'f', '--lifts', '2.5'], /^--lifts: expected a whole number, got "2.5"/],
    [['--credentials', 'f', '--false-alarm-share', '1.5'], /^--false-alarm-share: expected 0\.\.1, got 1.5/],
    [['--credentials', 'f', '--rescue-minutes', '30'], /^--rescue-minutes: expected min-max minutes such as 8-25, got "30"/],
    [['--credentials', 'f', '--broker', 'http://x'], /^--broker: expected an mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/ URL/],
    [['--credentials', 'f', '--entrapments'], /^--entrapments: Unknown option '--entrapments'/]
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parseFleetArgs(argv)).toThrow(message)
  })

  it('takes the heartbeat from --rate and the fleet size', () => {
    const options = resolveFleetOptions(parseFleetArgs(['--credentials', 'f', '--rate', '400']), { lifts: 2000, brokerUrl: 'mqtt://x', seed: 's', scenario: [] })
    expect(options.heartbeatMs).toBe(5000)
  })

  it('runs random incidents without a scenario, none with one unless asked, and passes the scenario on', () => {
    const random = resolveFleetOptions(parseFleetArgs(['--credentials', 'f']), { lifts: 3600, brokerUrl: 'mqtt://x', seed: 's', scenario: [] })
    expect(random.incidents).toMatchObject({ entrapmentsPerHour: 2, alarmsPerHour: 4, faultsPerHour: 6, visitsPerHour: 10 })
    const scenario = scenarioFrom([{ at: 0, lift: 'L1', do: 'release' }])
    const scripted = resolveFleetOptions(parseFleetArgs(['--credentials', 'f', '--scenario', 's.jsonl', '--faults-per-hour', '3']),
      { lifts: 3600, brokerUrl: 'mqtt://x', seed: 's', scenario })
    expect(scripted.incidents).toMatchObject({ entrapmentsPerHour: 0, alarmsPerHour: 0, faultsPerHour: 3, visitsPerHour: 0 })
    expect(scripted.scenario).toBe(scenario)
  })

  // Issue #10 part 5: the demo's first entrapment comes at a fixed time, then at the rate.
  it('plans the first entrapment at --first-entrapment seconds, then at the rate', () => {
    expect(parseFleetArgs(['--credentials', 'f', '--first-entrapment', '20']).incidents).toEqual({ firstEntrapmentAfterMs: 20_000 })
    expect(() => parseFleetArgs(['--credentials', 'f', '--first-entrapment', '99999'])).toThrow(/^--first-entrapment: expected 0\.\.86400/)
    const lift = createLift({ equipmentCode: 'L1', lowest: 1, landings: 10, speed: 1.5 })
    const fleet = { size: 1, state: () => lift }
    const planner = createIncidentPlanner({ ...NO_INCIDENTS, entrapmentsPerHour: 0.001, firstEntrapmentAfterMs: 20_000 }, createRng('first'), 1000)
    expect(planner.due(20_999, fleet)).toEqual([])
    expect(planner.due(21_000, fleet)[0]).toMatchObject({ at: 21_000, lift: 0, input: { type: 'trap' } })
  })
})

describe('the CLI against a real service', () => {
  let service: TestService
  let dir: string
  let codes: string[]
  let fleetFile: string

  beforeAll(async () => {
    service = await startTestService()
    codes = (await seedRegistry(service.registry, 3)).codes
    const { secret } = await provisionGateway(service.gateways, 'cli-gw', codes)
    dir = mkdtempSync(join(tmpdir(), 'tianjian-cli-'))
    fleetFile = join(dir, 'fleet.json')
    await writeFleetFile(fleetFile, { version: 1, gateways: [{ id: 'cli-gw', secret, lifts: codes.map((equipmentCode) => ({ equipmentCode, lowest: 1, landings: 18, speed: 1.75 })) }] })
  })
  afterAll(async () => {
    await service?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  const simulate = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'simulators/fleet-cli.ts', ...args], { cwd: process.cwd() })
    .then((r) => ({ code: 0, ...r }), (err: { code: number, stdout: string, stderr: string }) => err)

  it('plays a scenario over MQTT, stops after --duration and reports every message acknowledged', async () => {
    const scenario = join(dir, 'trap.jsonl')
    writeFileSync(scenario, `# one entrapment\n{"at": 300, "lift": "${codes[0]}", "do": "trap_between_floors", "report": true}\n`)
    const result = await simulate(['--credentials', fleetFile, '--broker', `mqtt://127.0.0.1:${service.mqttPort}`, '--scenario', scenario,
      '--duration', '8', '--stats-every', '0', '--trips-per-hour', '0', '--heartbeat', '1', '--seed', 'cli'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const done = /done\. ([\d,]+) of ([\d,]+) messages acknowledged; seed cli/.exec(result.stdout)
    expect(done?.[1]).toBe(done?.[2])
    expect(Number(done![1]!.replace(/,/g, ''))).toBe(service.sessions!.get('cli-gw')!.messages)
    expect(service.latest.peek(codes[0]!)).toMatchObject({ moving: false, doorZone: false, doorClosed: true, occupied: true })
  })

  it('refuses a bad scenario line before connecting, with exit code 2', async () => {
    const scenario = join(dir, 'bad.jsonl')
    writeFileSync(scenario, `{"at": 0, "lift": "${codes[0]}", "do": "go_to_floor", "floor": 40}\n`)
    const before = service.sessions!.get('cli-gw')?.messages ?? 0
    const result = await simulate(['--credentials', fleetFile, '--broker', `mqtt://127.0.0.1:${service.mqttPort}`, '--scenario', scenario])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`bad.jsonl:1: lift ${codes[0]} does not serve floor 40 ("floor"); it serves 1…18`)
    expect(service.sessions!.get('cli-gw')?.messages ?? 0).toBe(before)
  })

  it('refuses a fleet file with a bad value, naming its path, and warns about one others can read', async () => {
    const bad = join(dir, 'bad-fleet.json')
    writeFileSync(bad, JSON.stringify({ version: 1, gateways: [{ id: 'g', secret: 's', lifts: [{ equipmentCode: 'L', lowest: 1, landings: 1, speed: 1 }] }] }))
    const refused = await simulate(['--credentials', bad])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('/gateways/0/lifts/0/landings must be >= 2')

    chmodSync(fleetFile, 0o644)
    const shared = await simulate(['--credentials', fleetFile, '--broker', `mqtt://127.0.0.1:${service.mqttPort}`, '--duration', '0.5', '--stats-every', '0'])
    chmodSync(fleetFile, 0o600)
    expect(shared.stderr).toContain('holds gateway secrets and others may read it (chmod 600)')
  })
})
