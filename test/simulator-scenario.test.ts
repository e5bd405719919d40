// Scenario scripts: parsing with errors that name the line, and a scripted run against a real service
// whose entrapments, faults and alarms arrive in the latest state, on the live bus and in InfluxDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { until } from './support/mqtt.ts'
import { parseScenario, scenarioFrom, ScenarioError } from '../simulators/scenario/scenario.ts'
import { bindScenario } from '../simulators/scenario/bind-scenario.ts'
import { readFileSync } from 'node:fs'
import { createLift } from '../simulators/lift/lift-machine.ts'
import { planCity } from '../simulators/city/city-plan.ts'
import { createFleet, FLEET_DEFAULTS, type Fleet } from '../simulators/fleet/fleet.ts'
import { seriesRows } from '../platform/influx/client.ts'

describe('scenario files', () => {
  it('reads JSON Lines, skips blanks and comments, sorts by time', () => {
    const events = parseScenario([
      '# a lift trapped between floors, then released',
      '{"at": 9000, "lift": "L1", "do": "release"}',
      '',
      '{"at": 1000, "lift": "L1", "do": "trap_between_floors", "report": true}',
      '{"at": 1000, "gateway": "gw-1", "do": "power_off", "durationMs": 60000}'
    ].join('\n'), 'demo.jsonl')
    expect(events.map((e) => [e.at, e.do, e.where])).toEqual([
      [1000, 'trap_between_floors', 'demo.jsonl:4'], [1000, 'power_off', 'demo.jsonl:5'], [9000, 'release', 'demo.jsonl:2']
    ])
  })

  it.each([
    ['{"at": 1, "lift": "L1", "do": "go_to_floor", "floor": 3', /^s\.jsonl:2: not valid JSON/],
    ['[1, 2]', /^s\.jsonl:2: an event must be a JSON object/],
    ['{"at": 1, "lift": "L1", "do": "explode"}', /^s\.jsonl:2: "do" must be one of go_to_floor, hall_call, .*power_off, got "explode"/],
    ['{"at": -5, "lift": "L1", "do": "release"}', /^s\.jsonl:2: "at" must be milliseconds/],
    ['{"at": 1, "lift": "L1", "do": "go_to_floor"}', /^s\.jsonl:2: "go_to_floor" needs "floor"/],
    ['{"at": 1, "lift": "L1", "do": "go_to_floor", "flor": 3}', /^s\.jsonl:2: unknown field "flor" for "go_to_floor"; fields: at, do, lift, floor/],
    ['{"at": 1, "lift": "L1", "do": "go_to_floor", "floor": 2.5}', /^s\.jsonl:2: "floor" must be a whole floor number, got 2.5/],
    ['{"at": 1, "lift": "L1", "do": "fault", "code": "99"}', /^s\.jsonl:2: "code" must be one of 01, 02, .*overrun_top/],
    ['{"at": 1, "lift": "L1", "do": "fault", "code": "entrapment"}', /"code" must be one of/],
    ['{"at": 1, "lift": "L1", "do": "trap_in_door_zone", "report": "yes"}', /^s\.jsonl:2: "report" must be true or false/],
    ['{"at": 1, "gateway": "gw-1", "do": "power_off"}', /^s\.jsonl:2: "power_off" needs "durationMs"/],
    ['{"at": 1, "lift": 42, "do": "release"}', /^s\.jsonl:2: "lift" must be a lift equipment code/]
  ])('refuses %s naming the line', (line, message) => {
    expect(() => parseScenario(`# header\n${line}`, 's.jsonl')).toThrow(message)
  })

  it('binds to a fleet, turning floor labels into landings, and names the line of an unknown lift or floor', () => {
    const spec = createLift({ equipmentCode: 'L1', lowest: -2, landings: 12, speed: 1.5 }).spec
    const fleet = { liftIndex: (c: string) => (c === 'L1' ? 0 : undefined), gatewayIndex: (id: string) => (id === 'gw-1' ? 0 : undefined), spec: () => spec }
    const bind = (event: object) => bindScenario(scenarioFrom([event]), fleet)
    expect(bind({ at: 0, lift: 'L1', do: 'go_to_floor', floor: 1 })).toEqual([{ at: 0, kind: 'lift', lift: 0, input: { type: 'car_call', floor: 3 } }])
    expect(bind({ at: 5, lift: 'L1', do: 'alarm_button' })[0]).toMatchObject({ input: { type: 'alarm_button', durationMs: 3000 } })
    expect(bind({ at: 5, gateway: 'gw-1', do: 'disconnect' })[0]).toMatchObject({ kind: 'gateway', gateway: 0, network: 'drop' })
    expect(() => bind({ at: 0, lift: 'L9', do: 'release' })).toThrow(/^event 1: lift "L9" is not in this fleet/)
    expect(() => bind({ at: 0, gateway: 'gw-9', do: 'disconnect' })).toThrow(/^event 1: gateway "gw-9" is not in this fleet/)
    expect(() => bind({ at: 0, lift: 'L1', do: 'go_to_floor', floor: 0 })).toThrow(/does not serve floor 0 \("floor"\); it serves -2…10 without 0/)
    expect(() => bind({ at: 0, lift: 'L1', do: 'hall_call', floor: 3, to: 3 })).toThrow(ScenarioError)
  })

  it('the shipped demo scenario fits the default demo city', () => {
    const file = 'simulators/scenarios/xining-shift.jsonl'
    const events = parseScenario(readFileSync(file, 'utf8'), file)
    const city = planCity({ lifts: 5000, seed: 'xining', today: '2026-03-01' })
    const lifts = new Map(city.lifts.map((l, i) => [l.equipmentCode, i]))
    const gateways = new Map(city.gateways.map((g, i) => [g.id, i]))
    const actions = bindScenario(events, {
      liftIndex: (code) => lifts.get(code),
      gatewayIndex: (id) => gateways.get(id),
      spec: (i) => createLift({ equipmentCode: city.lifts[i]!.equipmentCode, lowest: city.lifts[i]!.lowest, landings: city.lifts[i]!.floors!, speed: city.lifts[i]!.speed }).spec
    })
    expect(actions.filter((a) => a.kind === 'lift' && a.input.type === 'trap')).toHaveLength(3)
  })
})

describe('a scripted run against a real service', () => {
  let service: TestService
  let fleet: Fleet
  let codes: string[]
  const states: Array<{ equipmentCode: string, state: Record<string, unknown> }> = []
  const events: Array<{ equipmentCode: string, code: string, active: boolean }> = []

  beforeAll(async () => {
    service = await startTestService()
    codes = (await seedRegistry(service.registry, 4)).codes
    const [a, b, c, d] = codes as [string, string, string, string]
    const gw1 = await provisionGateway(service.gateways, 'scn-1', [a, b])
    const gw2 = await provisionGateway(service.gateways, 'scn-2', [c, d])
    const lift = (equipmentCode: string) => ({ equipmentCode, lowest: 1, landings: 18, speed: 1.75 })
    service.bus.on('elevator.state', (e) => states.push({ equipmentCode: e.equipmentCode, state: e.state }))
    service.bus.on('elevator.event', (e) => events.push({ equipmentCode: e.equipmentCode, code: e.event.code, active: e.event.active }))
    fleet = createFleet([
      { id: 'scn-1', secret: gw1.secret, lifts: [lift(a), lift(b)] },
      { id: 'scn-2', secret: gw2.secret, lifts: [lift(c), lift(d)] }
    ], {
      ...FLEET_DEFAULTS,
      brokerUrl: `mqtt://127.0.0.1:${service.mqttPort}`,
      seed: 'scenario-test',
      tripsPerHour: 0, // nobody else uses these lifts: only the script moves them
      heartbeatMs: 1000,
      scenario: scenarioFrom([
        { at: 200, lift: a, do: 'trap_between_floors', report: true },
        { at: 200, lift: b, do: 'trap_in_door_zone' },
        { at: 400, lift: c, do: 'fault', code: '02', durationMs: 1500 },
        { at: 400, lift: d, do: 'alarm_button', durationMs: 1000 },
        { at: 6000, lift: b, do: 'release' }
      ])
    })
    fleet.start()
    await fleet.ready
  })
  afterAll(async () => {
    await fleet?.stop()
    await service?.stop()
  })

  it('a lift trapped between floors reports stopped, outside the door zone, doors closed, occupied, and says so', async () => {
    const a = codes[0]!
    const trapped = { moving: false, doorZone: false, doorClosed: true, occupied: true }
    await until(() => service.latest.peek(a) !== undefined && expect.objectContaining(trapped).asymmetricMatch(service.latest.peek(a)), 20_000)
    expect(service.latest.peek(a)).toMatchObject({ ...trapped, mode: 1, gatewayId: 'scn-1' })
    // the short trip before it stopped was seen too
    expect(states.some((s) => s.equipmentCode === a && s.state.moving === true)).toBe(true)
    await until(() => events.find((e) => e.equipmentCode === a && e.code === 'entrapment' && e.active))
    await service.shipper!.drain()
    const rows = seriesRows((await service.influx.query(`SELECT * FROM elevator_event WHERE equipment = '${a}'`))[0])
    expect(rows).toEqual([expect.objectContaining({ code: 'entrapment', active: true, known: true, gateway: 'scn-1' })])
  })

  it('a lift trapped at a landing keeps its doors closed in the door zone, without a terminal code, until released', async () => {
    const b = codes[1]!
    await until(() => states.find((s) => s.equipmentCode === b && s.state.doorZone === true && s.state.doorClosed === true && s.state.occupied === true), 20_000)
    await until(() => service.latest.peek(b)?.occupied === false && service.latest.peek(b)?.doorClosed === true, 20_000)
    const afterTrap = states.filter((s) => s.equipmentCode === b).map((s) => s.state)
    // released: the doors opened at the landing and the passenger left
    expect(afterTrap).toContainEqual(expect.objectContaining({ doorZone: true, doorClosed: false, moving: false }))
    expect(events.filter((e) => e.equipmentCode === b)).toEqual([])
  })

  it('a fault goes active then inactive, and an alarm press in an empty car is a false alarm', async () => {
    const [, , c, d] = codes as [string, string, string, string]
    await until(() => events.some((e) => e.equipmentCode === c && e.code === '02' && !e.active), 20_000)
    expect(events.filter((e) => e.equipmentCode === c).map((e) => [e.code, e.active])).toEqual([['02', true], ['02', false]])
    await until(() => events.some((e) => e.equipmentCode === d && e.code === '90' && !e.active), 20_000)
    expect(events.filter((e) => e.equipmentCode === d).map((e) => [e.code, e.active])).toEqual([['90', true], ['90', false]])
    expect(service.latest.peek(d)).toMatchObject({ occupied: false })
  })
})
