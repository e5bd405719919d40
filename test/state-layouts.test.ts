// Lift states in both layouts of elevator_state, on a whole service with a real InfluxDB: points written
// before 0.2.0 (the four booleans as fields of their own and `power` a string, put into InfluxDB as line
// protocol over HTTP, as an existing database holds them) and points the service writes today (one integer
// `flags`, through MQTT). Every reader answers the same values for both: the history (raw and downsampled),
// the latest state after a restart, the recent states the alert rules resume from, and a flag filter in
// InfluxQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { MqttClient } from 'mqtt'
import { ADMIN_PASSWORD, startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway } from './support/mqtt.ts'
import { seriesRows } from '../platform/influx/client.ts'
import { decodeFlags, flagIsSet, powerIs } from '../elevators/state-flags.ts'
import { loadRecentStates } from '../elevators/recent-states.ts'
import type { ElevatorState } from '../elevators/payloads.ts'
import { seedMemory } from '../alerts/seed.ts'
import { DEFAULT_THRESHOLDS } from '../alerts/rules.ts'

const GATEWAY = 'gw-layout'
const STEP_MS = 50_000
// 19 states 50 s apart (950 s: one raw history page at the default 1,000 points), starting on a 5-minute
// boundary so that a day's downsampled history (300 s buckets) puts states 6k…6k+5 in bucket k.
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / 300_000) * 300_000
// States 0…15 take every combination of the four booleans (state i has flags i); 16…18 are a car stopped
// between floors with its doors closed and a passenger inside (closed + occupied), the load changing so
// that each is a point of its own. Power takes turns: outage, not sent, normal.
const POWER = ['outage', undefined, 'normal'] as const
const states: ElevatorState[] = Array.from({ length: 19 }, (_, i) => ({
  ts: t0 + i * STEP_MS, mode: 1, dir: 0, floor: i < 16 ? i : 5, ...decodeFlags(i < 16 ? i : 12),
  speed: i / 10, load: 60 + i, power: POWER[i % 3], runHours: 100 + i, trips: 1000 + i
}))
// The mixed lift was upgraded between its 8th and 9th state: 0…7 stored before 0.2.0, 8…18 by the service.
const SPLIT = 8

/** A line as versions before 0.2.0 wrote it (their elevators/line-protocol.ts). */
const lineBefore020 = (code: string, s: ElevatorState) =>
  `elevator_state,equipment=${code},gateway=${GATEWAY} mode=${s.mode}i,moving=${s.moving},dir=${s.dir}i,floor=${s.floor}i,door_zone=${s.doorZone},` +
  `door_closed=${s.doorClosed},occupied=${s.occupied},speed=${s.speed},load=${s.load}${s.power === undefined ? '' : `,power="${s.power}"`},` +
  `run_hours=${s.runHours},trips=${s.trips}i ${s.ts}`

const influxDb = `test_${randomBytes(6).toString('hex')}`
let service: TestService
let codes: string[]
let secret: string
let oldLift: string, newLift: string, mixedLift: string
let client: MqttClient
let token: string

async function get (url: string) {
  const response = await service.api!.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
  expect(response.statusCode, response.body).toBe(200)
  return response.json()
}
async function signIn () {
  token = (await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })).json().token
}
async function publish (code: string, list: ElevatorState[]) {
  for (const s of list) await client.publishAsync(`se/v1/${GATEWAY}/elevator/${code}/state`, JSON.stringify(s), { qos: 1 })
}

beforeAll(async () => {
  service = await startTestService({ INFLUX_DB: influxDb }, { keepDataDir: true })
  codes = (await seedRegistry(service.registry, 4)).codes
  ;[oldLift, newLift, mixedLift] = codes as [string, string, string]
  secret = (await provisionGateway(service.gateways, GATEWAY, [newLift, mixedLift])).secret
  await service.influx.write([...states.map((s) => lineBefore020(oldLift, s)), ...states.slice(0, SPLIT).map((s) => lineBefore020(mixedLift, s))].join('\n'))
  client = await connectGateway(service.mqttPort!, GATEWAY, secret)
  await publish(newLift, states)
  await publish(mixedLift, states.slice(SPLIT))
  await service.shipper!.drain()
  await signIn()
})
afterAll(async () => {
  client?.end(true)
  await service?.stop()
  // The first service kept its folder for the restart; gone already when the restart ran.
  if (service !== undefined) rmSync(service.dataDir, { recursive: true, force: true })
})

const historyPoint = (s: ElevatorState) =>
  ({ t: s.ts, floor: s.floor, mode: s.mode, moving: s.moving, occupied: s.occupied, doorClosed: s.doorClosed, speed: s.speed, load: s.load })
const iso = (ms: number) => new Date(ms).toISOString()

describe('the two layouts in InfluxDB', () => {
  it('the service writes flags and none of the old boolean or power fields; the old points have only those', async () => {
    const fields = async (code: string) => {
      const rows = seriesRows((await service.influx.query(`SELECT * FROM elevator_state WHERE equipment = '${code}'`))[0])
      return rows.map((r) => ({ flags: r.flags, moving: r.moving, door_zone: r.door_zone, door_closed: r.door_closed, occupied: r.occupied, power: r.power }))
    }
    // Bits 0-3 the booleans (state i < 16 has i), bit 4 power sent, bit 5 outage.
    const powerBits = { outage: 48, normal: 16, none: 0 }
    const packed = (s: ElevatorState, i: number) =>
      ({ flags: (i < 16 ? i : 12) + powerBits[s.power ?? 'none'], moving: null, door_zone: null, door_closed: null, occupied: null, power: null })
    const old = (s: ElevatorState) => ({ flags: null, moving: s.moving, door_zone: s.doorZone, door_closed: s.doorClosed, occupied: s.occupied, power: s.power ?? null })
    expect(await fields(newLift)).toEqual(states.map(packed))
    expect(await fields(oldLift)).toEqual(states.map(old))
    expect(await fields(mixedLift)).toEqual(states.map((s, i) => (i < SPLIT ? old(s) : packed(s, i))))
  })
})

describe('history through the API', () => {
  it.each([['before 0.2.0', 0], ['packed', 1], ['upgraded halfway', 2]])('raw points, %s: the same booleans', async (_name, lift) => {
    const history = await get(`/api/elevators/${codes[lift]}/history?from=${iso(t0)}&to=${iso(t0 + states.length * STEP_MS)}`)
    expect(history.intervalS).toBeNull()
    expect(history.points).toEqual(states.map(historyPoint))
  })

  it.each([['before 0.2.0', 0], ['packed', 1], ['upgraded halfway', 2]])('a day downsampled, %s: the last state of each 5 minutes', async (_name, lift) => {
    const history = await get(`/api/elevators/${codes[lift]}/history?from=${iso(t0)}&to=${iso(t0 + 86_400_000)}`)
    expect(history.intervalS).toBe(300)
    // Bucket k holds states 6k…6k+5; its booleans are those of the last. For the upgraded lift bucket 1
    // holds old states 6, 7 and packed 8…11: the packed (later) point's flags win over state 7's booleans.
    const expected = [5, 11, 17, 18].map((i) => {
      const s = states[i]!
      return { t: t0 + Math.floor(i / 6) * 300_000, floor: s.floor, mode: s.mode, moving: s.moving, occupied: s.occupied, doorClosed: s.doorClosed }
    })
    expect(history.points.map(({ speed, load, ...rest }: Record<string, unknown>) => rest)).toEqual(expected)
    expect(states[7]!.occupied).not.toBe(states[11]!.occupied)
  })
})

describe('the recent states the alert rules resume from', () => {
  it('reads the whole stop of a trapped car, newest first, in either layout', async () => {
    const recent = await loadRecentStates(service.influx)
    const expected = [...states].reverse().map(({ speed, load, runHours, trips, ...rest }) => rest)
    for (const code of [oldLift, newLift, mixedLift]) {
      expect(recent.get(code), code).toEqual(expected)
      // And the rules' memory: stopped, closed, occupied since state 16, between floors.
      const memory = seedMemory(recent.get(code)!, [], null, DEFAULT_THRESHOLDS)
      expect(memory).toMatchObject({ stillSince: states[16]!.ts, stillInDoorZone: false, occupied: true, doorZone: false })
    }
  })
})

describe('a flag in InfluxQL', () => {
  it('filters both layouts with one condition, and bitwise & reads a flag of a packed point', async () => {
    const count = async (code: string, where: string) =>
      seriesRows((await service.influx.query(`SELECT count(mode) AS n FROM elevator_state WHERE equipment = '${code}' AND ${where}`))[0])[0]?.n ?? 0
    for (const flag of ['moving', 'doorZone', 'doorClosed', 'occupied'] as const) {
      const expected = states.filter((s) => s[flag]).length
      for (const code of [oldLift, newLift, mixedLift]) expect(await count(code, flagIsSet(flag)), `${flag} ${code}`).toBe(expected)
    }
    for (const power of ['normal', 'outage'] as const) {
      const expected = states.filter((s) => s.power === power).length
      for (const code of [oldLift, newLift, mixedLift]) expect(await count(code, powerIs(power)), `${power} ${code}`).toBe(expected)
    }
    // As docs/measurements.md shows it: the occupied bit of each packed point.
    const rows = seriesRows((await service.influx.query(`SELECT flags & 8 AS occupied FROM elevator_state WHERE equipment = '${newLift}'`))[0])
    expect(rows.map((r) => r.occupied)).toEqual(states.map((s) => (s.occupied ? 8 : 0)))
    // Several bits at once: closed and occupied, not moving (mask 1 + 4 + 8, value 4 + 8).
    const still = seriesRows((await service.influx.query(`SELECT floor, flags FROM elevator_state WHERE (flags & 13) = 12 AND equipment = '${newLift}'`))[0])
    expect(still.map((r) => r.time)).toEqual(states.filter((s) => !s.moving && s.doorClosed && s.occupied).map((s) => s.ts))
  })
})

describe('the latest state after a restart', () => {
  it('is read back from either layout with the same booleans', async () => {
    client.end(true)
    const dataDir = service.dataDir
    await service.stop()
    service = await startTestService({ INFLUX_DB: influxDb }, { dataDir })
    await signIn()
    const last = states.at(-1)!
    for (const code of [oldLift, newLift, mixedLift]) {
      expect(service.latest.peek(code), `${code} not yet in memory`).toBeUndefined()
      expect(await get(`/api/elevators/${code}/state`)).toEqual({ equipmentCode: code, gatewayId: GATEWAY, ...last })
    }
  })
})
