// A maintenance crew end to end: a real service (PGlite, the test InfluxDB, Aedes over TCP), the fleet
// playing the lifts over real MQTT, and the crew simulator doing a visit through the HTTP API at
// accelerated time (a visit of seconds): the record is submitted with its photos, two workers and their
// signatures, the lift's terminal verifies it (检修 seen), the use unit confirms it, a draft the crew left
// in an earlier run is finished (a person's is not), and the "检修 without a record" scan raises its notice
// for a lift put in 检修 without a visit, never for the crew's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { until } from './support/mqtt.ts'
import { createFleet, FLEET_DEFAULTS, type Fleet } from '../simulators/fleet/fleet.ts'
import { NO_INCIDENTS } from '../simulators/fleet/incidents.ts'
import { createCrewRunner, type CrewRecord, type CrewRunner } from '../simulators/crews/crew-runner.ts'
import type { CrewsFile } from '../simulators/crews/crew-file.ts'
import { createUnrecordedScan } from '../maintenance/unrecorded.ts'
import { localDate } from '../platform/calendar.ts'

let service: TestService
let fleet: Fleet
let runner: CrewRunner | null = null
let codes: string[]
let firmA: { id: number, name: string }
let useUnit: { id: number, name: string }
const records: CrewRecord[] = []

beforeAll(async () => {
  service = await startTestService({ MAINTENANCE_MIN_VISIT_MIN: '0', MAINTENANCE_PHOTOS_MIN: '4' })
  const seeded = await seedRegistry(service.registry, 6)
  codes = seeded.codes
  firmA = seeded.firmA
  useUnit = seeded.useUnit
  const { secret } = await provisionGateway(service.gateways, 'crew-gw', codes)
  await service.users.create({ username: 'crew-a', displayName: null, password: 'crew-a-password', role: 'maintainer', maintenanceFirmId: firmA.id, useUnitId: null })
  await service.users.create({ username: 'person-a', displayName: null, password: 'person-a-password', role: 'maintainer', maintenanceFirmId: firmA.id, useUnitId: null })
  await service.users.create({ username: 'unit', displayName: null, password: 'unit-password', role: 'use_unit', maintenanceFirmId: null, useUnitId: useUnit.id })
  // No passengers and no clock skew: the lift switches to 检修 the moment the crew asks, and its reports
  // carry the service's time, so a visit of seconds still holds the 检修 inside its window.
  fleet = createFleet([{ id: 'crew-gw', secret, lifts: codes.map((equipmentCode) => ({ equipmentCode, lowest: 1, landings: 12, speed: 1.75 })) }],
    { ...FLEET_DEFAULTS, brokerUrl: `mqtt://127.0.0.1:${service.mqttPort}`, seed: 'crews', tripsPerHour: 0, maxSkewMs: 0, heartbeatMs: 400, incidents: NO_INCIDENTS })
  fleet.start()
  await fleet.ready
})
afterAll(async () => {
  await runner?.stop()
  await fleet?.stop()
  await service?.stop()
})

async function as (username: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const password = username === 'admin' ? 'admin-password-for-tests' : `${username}-password`
  const login = await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  const response = await service.api!.inject({ method, url, payload, headers: { authorization: `Bearer ${login.json().token}` } })
  expect(response.statusCode, JSON.stringify(response.json())).toBeLessThan(300)
  return response.json()
}
const admin = (url: string) => as('admin', 'GET', url)

describe('a crew of the fleet simulator', () => {
  it('does a visit through the API that the lift\'s terminal verifies and the use unit confirms', async () => {
    const crews: CrewsFile = {
      version: 1,
      crews: [{ firmId: firmA.id, firmName: firmA.name, username: 'crew-a', password: 'crew-a-password', workers: [{ name: '张建国', certificateNo: 'TS-T0630001' }, { name: '李海燕', certificateNo: null }] }],
      confirmer: { username: 'unit', password: 'unit-password', name: '王经理', useUnitName: useUnit.name }
    }
    // Drafts of four hours ago: the crew's own, left when the simulator stopped, and one of a person of the firm.
    const fourHoursAgo = new Date(Date.now() - 4 * 3_600_000).toISOString()
    const left = await as('crew-a', 'POST', '/api/maintenance/visits', { equipmentCode: codes[0], startedAt: fourHoursAgo })
    const persons = await as('person-a', 'POST', '/api/maintenance/visits', { equipmentCode: codes[2], startedAt: fourHoursAgo })
    runner = createCrewRunner(crews, {
      apiUrl: service.httpUrl!, seed: 'crew-test', visitsPerHour: 0, minutes: [0.06, 0.08],
      shares: { late: 0, forget: 0, tooShort: 0, fail: 1, confirm: 1, preferConfirmer: 0 }
    }, { fleet, onRecord: (r) => records.push(r), log: (line) => { throw new Error(line) } })
    await runner.start()
    await runner.visitNow(firmA.id)

    expect(runner.stats()).toMatchObject({ started: 1, submitted: 1, verified: 1, confirmed: 1, errors: 0, inProgress: 0, resumed: 1 })
    // The crew's own stale draft is finished as the visit it was (ended minutes after its start); the person's is left alone.
    const finished = await admin(`/api/maintenance/visits/${left.id}`)
    expect(finished).toMatchObject({ status: 'submitted', problems: [] })
    expect(finished.workers).toHaveLength(2)
    expect(new Date(finished.endedAt).getTime() - new Date(finished.startedAt).getTime()).toBeLessThan(5 * 60_000)
    expect(await admin(`/api/maintenance/visits/${persons.id}`)).toMatchObject({ status: 'draft' })
    const [record] = records
    expect(record!.equipmentCode).toBe(codes[4]) // firm A's lift never maintained; the others are done or in someone's hands
    expect(fleet.lift(record!.equipmentCode)).toMatchObject({ phase: 'idle', mode: 1 }) // handed back in normal service

    const visit = await admin(`/api/maintenance/visits/${record!.id}`)
    expect(visit).toMatchObject({ status: 'submitted', firmId: firmA.id, equipmentCode: record!.equipmentCode, problems: [] })
    expect(visit.verification).toMatchObject({ verified: true, reason: 'inspection_mode_seen' })
    expect(visit.verification.inspectionModePoints).toBeGreaterThan(0)
    // Photos: at least the minimum, PNG, each one's bytes its own.
    expect(visit.photos.length).toBeGreaterThanOrEqual(4)
    expect(new Set(visit.photos.map((p: { sha256: string }) => p.sha256)).size).toBe(visit.photos.length)
    expect(visit.photos.every((p: { mime: string }) => p.mime === 'image/png')).toBe(true)
    // Two workers, one certified, both signed with distinct PNG signatures.
    expect(visit.workers).toHaveLength(2)
    expect(visit.workers.filter((w: { certificateNo: string | null }) => w.certificateNo !== null)).toHaveLength(1)
    expect(visit.workers.every((w: { signature: string }) => w.signature.startsWith('data:image/png;base64,'))).toBe(true)
    expect(visit.workers[0].signature).not.toBe(visit.workers[1].signature)
    // Every item answered; the 不合格 ones carry a note (fail share 1 here).
    expect(visit.items.every((i: { result: string | null }) => i.result !== null)).toBe(true)
    const failed = visit.items.filter((i: { result: string }) => i.result === 'fail')
    expect(failed.length).toBeGreaterThan(0)
    expect(failed.every((i: { note: string | null }) => (i.note ?? '').length > 0)).toBe(true)
    expect(visit.confirmation).toMatchObject({ name: '王经理', username: 'unit' })

    // A photo served back is the PNG that was uploaded.
    const login = await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'crew-a', password: 'crew-a-password' } })
    const photo = await service.api!.inject({ method: 'GET', url: `/api/maintenance/photos/${visit.photos[0].id}`, headers: { authorization: `Bearer ${login.json().token}` } })
    expect(photo.headers['content-type']).toBe('image/png')
    expect(photo.rawPayload.subarray(1, 4).toString()).toBe('PNG')
  })

  it('leaves no "检修 without a record" notice for the crew\'s visit, while a lift in 检修 with no visit gets one', async () => {
    const record = records[0]!
    const other = codes[1]! // firm B's: no visit
    expect(fleet.perform(other, { type: 'start_inspection', durationMs: 1500 })).toBe(true)
    await until(() => fleet.lift(other)?.phase === 'inspection')
    await until(() => fleet.lift(other)?.phase === 'idle', 10_000)
    const lastPoint = async (code: string) => (await service.influx.query(`SELECT last(mode) FROM elevator_state WHERE equipment = '${code}'`))[0]
    await until(async () => (await lastPoint(other)) !== undefined, 10_000)
    await new Promise((resolve) => setTimeout(resolve, 500)) // the shipper's last batch of the other lift's 检修

    // The scan looks until two hours ago (a visit may still be being entered): it runs here as if it were later.
    const scan = createUnrecordedScan({ influx: service.influx, store: service.maintenance, timeZone: 'Asia/Shanghai', now: () => Date.now() + 3 * 3_600_000 })
    const result = await scan.scan(localDate(Date.now(), 'Asia/Shanghai'))
    expect(result?.raised.length).toBeGreaterThan(0)
    const notices = await service.db.query<{ code: string }>(`select e.equipment_code as code from alerts a join elevators e on e.id = a.elevator_id where a.type = 'maintenance_unrecorded'`)
    expect(notices.map((n) => n.code)).toEqual([other])
  })
})
