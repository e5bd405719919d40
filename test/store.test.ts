// The same registry queries on both engines: embedded PGlite and a PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { MIGRATIONS } from '../platform/db/migrations/index.ts'
import { createRegistryStore } from '../registry/store.ts'
import { createGatewayStore, EquipmentConflictError } from '../gateways/store.ts'
import { ELEVATOR } from '../elevators/payloads.ts'
import { unknownElevatorCodes } from '../elevators/kind.ts'
import { createUserStore } from '../users/store.ts'
import { createRescueStore } from '../rescue/store.ts'
import { verifySecret } from '../platform/secrets.ts'
import { createTestDatabase } from './support/service.ts'
import { seedRegistry } from './support/fixtures.ts'

// The elevator kind's registry check, as the service registers it.
const kinds = [{ segment: ELEVATOR, unknownCodes: unknownElevatorCodes }]

describe.each(['pglite', 'postgres'] as const)('stores on %s', (engine) => {
  let db: Db
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tianjian-store-'))
    db = await openDb({ url: engine === 'postgres' ? await createTestDatabase() : null, dataDir: dir })
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.name))
    expect(MIGRATIONS.map((m) => m.name).slice(0, 3)).toEqual(['001-registry', '002-alerts-rescue', '003-stored-messages'])
    expect(await migrate(db)).toEqual([])
  })
  afterAll(async () => {
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps the registry with scoped, filtered, sorted and paged reads', async () => {
    const registry = createRegistryStore(db)
    const seed = await seedRegistry(registry, 6)
    const all = await registry.listElevators({}, {}, { limit: 4, offset: 0, sort: 'equipmentCode', order: 'desc' })
    expect(all.total).toBe(6)
    expect(all.items.map((e) => e.equipmentCode)).toEqual([...seed.codes].reverse().slice(0, 4))
    expect(all.items[0]).toMatchObject({ districtName: '大通县', useUnitName: '青海大学附属医院', maintenanceFirmName: '西宁奥的斯维保', lastInspectionDate: '2026-01-10' })

    const firmA = await registry.listElevators({ maintenanceFirmId: seed.firmA.id }, {}, { limit: 50, offset: 0, sort: 'equipmentCode', order: 'asc' })
    expect(firmA.items.map((e) => e.maintenanceFirmId)).toEqual([seed.firmA.id, seed.firmA.id, seed.firmA.id])
    expect(await registry.getElevator({ maintenanceFirmId: seed.firmA.id }, seed.codes[1]!)).toBeUndefined()
    expect(await registry.getElevator({ maintenanceFirmId: seed.firmB.id }, seed.codes[1]!)).toMatchObject({ rescueId: '100002' })

    const overdue = await registry.listElevators({}, { overdue: true }, { limit: 50, offset: 0, sort: 'equipmentCode', order: 'asc' })
    expect(overdue.items.map((e) => e.equipmentCode)).toEqual([seed.codes[0]])
    const byRescueId = await registry.listElevators({}, { q: '100003' }, { limit: 50, offset: 0, sort: 'equipmentCode', order: 'asc' })
    expect(byRescueId.items.map((e) => e.equipmentCode)).toEqual([seed.codes[2]])
    const byAddress = await registry.listElevators({}, { q: '八一路5号', districtId: seed.cityDistrict.id }, { limit: 50, offset: 0, sort: 'address', order: 'asc' })
    expect(byAddress.total).toBe(1)
    const wildcard = await registry.listElevators({}, { q: '%' }, { limit: 50, offset: 0, sort: 'address', order: 'asc' })
    expect(wildcard.total).toBe(0)

    const updated = await registry.upsertElevator({ ...(await registry.getElevator({}, seed.codes[0]!))!, status: 'stopped' })
    expect(updated.created).toBe(false)
    expect((await registry.getElevator({}, seed.codes[0]!))!.status).toBe('stopped')
    await expect(registry.upsertElevator({ ...(await registry.getElevator({}, seed.codes[1]!))!, equipmentCode: 'NEW-1' }))
      .rejects.toMatchObject({ code: '23505' }) // the rescue ID is unique
  })

  it('provisions gateways with hashed secrets and exclusive equipment', async () => {
    const registry = createRegistryStore(db)
    const gateways = createGatewayStore(db, kinds)
    const [a, b] = (await registry.listElevators({}, {}, { limit: 2, offset: 0, sort: 'equipmentCode', order: 'asc' })).items
    const { gateway, secret } = await gateways.create({ id: 'gw-store', name: 'A', useUnitId: null, equipmentCodes: [a!.equipmentCode] })
    expect(gateway.equipmentCodes).toEqual([a!.equipmentCode])
    const credentials = (await gateways.credentials('gw-store'))!
    expect(credentials.secretHash).not.toContain(secret)
    expect(await verifySecret(secret, credentials.secretHash)).toBe(true)
    expect(await verifySecret(`${secret}x`, credentials.secretHash)).toBe(false)

    await expect(gateways.create({ id: 'gw-other', name: null, useUnitId: null, equipmentCodes: [a!.equipmentCode] })).rejects.toBeInstanceOf(EquipmentConflictError)
    expect(await gateways.get('gw-other')).toBeUndefined()
    await expect(gateways.update('gw-store', { equipmentCodes: ['NOPE'] })).rejects.toThrow(/unknown equipment code/)
    expect((await gateways.update('gw-store', { equipmentCodes: [a!.equipmentCode, b!.equipmentCode], enabled: false }))).toMatchObject({ enabled: false, equipmentCodes: [a!.equipmentCode, b!.equipmentCode].sort() })

    const rotated = (await gateways.rotateSecret('gw-store'))!
    expect(await verifySecret(secret, (await gateways.credentials('gw-store'))!.secretHash)).toBe(false)
    expect(await verifySecret(rotated, (await gateways.credentials('gw-store'))!.secretHash)).toBe(true)
    await gateways.recordLastSeen(new Map([['gw-store', Date.parse('2026-11-22T08:00:00Z')]]))
    expect((await gateways.get('gw-store'))!.lastSeenAt!.toISOString()).toBe('2026-11-22T08:00:00.000Z')
  })

  it('drops the gateway assignment of a deleted lift, so that a lift registered again under its code starts unassigned', async () => {
    const registry = createRegistryStore(db)
    const gateways = createGatewayStore(db, kinds)
    const [lift] = (await registry.listElevators({}, {}, { limit: 1, offset: 0, sort: 'equipmentCode', order: 'desc' })).items
    await gateways.create({ id: 'gw-delete', name: null, useUnitId: null, equipmentCodes: [lift!.equipmentCode] })
    expect(await registry.deleteElevator(lift!.equipmentCode)).toBe('deleted')
    expect(await gateways.get('gw-delete')).toMatchObject({ equipmentCodes: [] })
    expect((await gateways.credentials('gw-delete'))!.equipment).toEqual([])
    await registry.upsertElevator(lift!)
    expect(await registry.getElevator({}, lift!.equipmentCode)).toMatchObject({ gatewayId: null })
    expect(await registry.deleteElevator('NO-SUCH-LIFT')).toBe('not_found')
  })

  it('moves the lift assignments made before there were kinds to (elevator, code) pairs', async () => {
    const oldDir = mkdtempSync(join(tmpdir(), 'tianjian-store-old-'))
    const old = await openDb({ url: engine === 'postgres' ? await createTestDatabase() : null, dataDir: oldDir })
    try {
      const before = MIGRATIONS.findIndex((m) => m.name === '006-gateway-equipment-kinds')
      await migrate(old, MIGRATIONS.slice(0, before))
      // The schema of that time, written as it was: today's store writes columns added since.
      const [d] = await old.query<{ id: number }>("insert into districts (code, name, arrival_limit_min) values ('CD', '城东区', 30) returning id")
      const [u] = await old.query<{ id: number }>("insert into use_units (name) values ('青海大学附属医院') returning id")
      const seed = { codes: ['31106300002024000001', '31106300002024000002', '31106300002024000003'] }
      for (const [i, code] of seed.codes.entries()) {
        await old.query("insert into elevators (equipment_code, rescue_id, kind, address, district_id, use_unit_id) values ($1, $2, 'traction', '西宁市', $3, $4)", [code, String(100001 + i), d!.id, u!.id])
      }
      await old.query("insert into gateways (id, secret_hash) values ('gw-old', 'x'), ('gw-none', 'y')")
      await old.query(`insert into gateway_equipment (gateway_id, elevator_id)
        select 'gw-old', id from elevators where equipment_code = any($1::text[])`, [[seed.codes[0], seed.codes[2]]])
      expect(await migrate(old, MIGRATIONS.slice(0, before + 1))).toEqual(['006-gateway-equipment-kinds'])
      expect(await old.query('select gateway_id as "gatewayId", kind, code from gateway_equipment order by code'))
        .toEqual([{ gatewayId: 'gw-old', kind: ELEVATOR, code: seed.codes[0] }, { gatewayId: 'gw-old', kind: ELEVATOR, code: seed.codes[2] }])
      const gateways = createGatewayStore(old, kinds)
      expect(await gateways.get('gw-old')).toMatchObject({ equipmentCodes: [seed.codes[0], seed.codes[2]] })
      // Still one gateway per piece of equipment.
      await expect(gateways.update('gw-none', { equipmentCodes: [seed.codes[0]!] })).rejects.toBeInstanceOf(EquipmentConflictError)
      await expect(old.query("insert into gateway_equipment (gateway_id, kind, code) values ('gw-none', 'elevator', $1)", [seed.codes[2]]))
        .rejects.toMatchObject({ code: '23505' })
    } finally {
      await old.close()
      rmSync(oldDir, { recursive: true, force: true })
    }
  })

  it('signs users in and out with expiring, revocable sessions', async () => {
    const users = createUserStore(db)
    const user = await users.create({ username: 'dispatcher1', displayName: '调度员', password: 'correct horse', role: 'dispatcher', maintenanceFirmId: null, useUnitId: null })
    expect(await users.verifyLogin('dispatcher1', 'wrong')).toBeUndefined()
    expect(await users.verifyLogin('nobody', 'correct horse')).toBeUndefined()
    expect(await users.verifyLogin('dispatcher1', 'correct horse')).toMatchObject({ id: user.id, role: 'dispatcher' })
    const { token } = await users.createSession(user.id, 1)
    expect(await users.userForToken(token)).toMatchObject({ username: 'dispatcher1' })
    await users.update(user.id, { password: 'another secret' })
    expect(await users.userForToken(token)).toBeUndefined()
    await expect(users.create({ username: 'm1', displayName: null, password: 'password1', role: 'maintainer', maintenanceFirmId: null, useUnitId: null }))
      .rejects.toMatchObject({ code: '23514' })
  })

  // Issue #10, defect 3, on both engines: the lift's row lock makes two racing reports one case.
  it('files two racing reports of one lift into one rescue case', async () => {
    const rescues = createRescueStore(db)
    const actor = { id: null, name: 'desk' }
    const report = (caller: string) => rescues.report({ rescueId: '100003', alertId: null, source: 'phone', caller, reportedAt: Date.now(), actor })
    const [a, b] = await Promise.all([report('13800000001'), report('13800000002')])
    expect([a?.outcome, b?.outcome].sort()).toEqual(['created', 'joined'])
    expect(a?.case.id).toBe(b?.case.id)
    expect((await rescues.events(a!.case.id)).map((e) => e.action)).toEqual(['reported', 'call'])
    expect(await rescues.report({ rescueId: '999999', alertId: null, source: 'phone', caller: null, reportedAt: Date.now(), actor })).toBeUndefined()
  })
})
