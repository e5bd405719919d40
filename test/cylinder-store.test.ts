// The cylinder tables and the store functions the station kind builds on, on both engines: the check
// view's paged load, timeline writes in batches, one code never registered twice, and the filling-unit role;
// migrations 021 (cylinder_alerts into the common alerts) and 022 (one timeline entry per fill) on old data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { MIGRATIONS } from '../platform/db/migrations/index.ts'
import { createBus } from '../platform/events/bus.ts'
import { announceChanges, checkFieldsOf, loadCheckFieldPages, loadMedia, loadStations, recordCylinderEvents, type CylinderEventInput } from '../cylinders/store.ts'
import type { CylindersChanged } from '../cylinders/events.ts'
import { DEFAULT_MEDIA } from '../cylinders/media.ts'
import { createTestDatabase } from './support/service.ts'

describe.each(['pglite', 'postgres'] as const)('cylinder tables on %s', (engine) => {
  let db: Db
  let dir: string
  let unitId: number
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tianjian-cyl-'))
    db = await openDb({ url: engine === 'postgres' ? await createTestDatabase() : null, dataDir: dir })
    await migrate(db)
    const [d] = await db.query<{ id: number }>(`insert into districts (code, name, arrival_limit_min) values ('C1', '城区', 30) returning id`)
    const [u] = await db.query<{ id: number }>(`insert into filling_units (name, license_no, district_id) values ('甲充装站', 'TS-1', $1) returning id`, [d!.id])
    unitId = u!.id
    // 2,501 cylinders: pages of 1,000 end with a short one.
    await db.query(`insert into cylinders (code, filling_unit_id, manufacturer, serial, volume_l, medium, nominal_pressure_mpa, manufactured_on, next_inspection_due, end_of_life, status, scrapped_on, capacity_kg)
      select 'LPG' || lpad(i::text, 7, '0'), $1, '厂', 's' || i, 35.5, 'LPG', 2.1, date '2020-01-01', date '2024-01-01', date '2028-01-01',
        case when i = 7 then 'scrapped' else 'in_use' end, case when i = 7 then date '2025-01-01' end, 14.5
      from generate_series(1, 2501) i`, [unitId])
  })
  afterAll(async () => {
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('loads every cylinder\'s check fields in pages, scrapped ones too', async () => {
    const pages: number[] = []
    const codes: string[] = []
    for await (const page of loadCheckFieldPages(db, 1000)) {
      pages.push(page.length)
      codes.push(...page.map((c) => c.code))
    }
    expect(pages).toEqual([1000, 1000, 501])
    expect(new Set(codes).size).toBe(2501)
    expect([...codes].sort()).toEqual(codes)
    const [scrapped] = await checkFieldsOf(db, ['LPG0000007', 'NOPE'])
    expect(scrapped).toMatchObject({ code: 'LPG0000007', medium: 'LPG', fillingUnitId: unitId, status: 'scrapped', nextInspectionDue: '2024-01-01', endOfLife: '2028-01-01', capacityKg: 14.5, emptyMassKg: null })
    expect(typeof scrapped!.updatedAt).toBe('number')
  })

  it('starts with the default media table, as cylinders/media.ts says it', async () => {
    const byCode = (a: { code: string }, b: { code: string }) => a.code < b.code ? -1 : 1
    expect(await loadMedia(db)).toEqual([...DEFAULT_MEDIA].sort(byCode))
  })

  it('lists the stations with their units', async () => {
    await db.query(`insert into filling_stations (code, filling_unit_id, name) values ('ST-2', $1, '二号枪'), ('ST-1', $1, '一号枪')`, [unitId])
    expect(await loadStations(db)).toEqual([{ code: 'ST-1', fillingUnitId: unitId }, { code: 'ST-2', fillingUnitId: unitId }])
  })

  it('never takes one code twice, scrapped or not', async () => {
    await expect(db.query(`insert into cylinders (code, filling_unit_id, manufacturer, serial, volume_l, medium, nominal_pressure_mpa, manufactured_on, next_inspection_due, end_of_life)
      values ('LPG0000007', $1, 'x', 'y', 1, 'LPG', 2.1, '2024-01-01', '2028-01-01', '2032-01-01')`, [unitId])).rejects.toThrow()
  })

  it('writes timeline events in batches, unregistered codes too', async () => {
    const at = new Date('2026-03-01T02:00:00Z')
    const events: CylinderEventInput[] = Array.from({ length: 4100 }, (_, i) => ({
      cylinderCode: i === 0 ? 'UNKNOWN01' : `LPG${String(1 + (i % 2500)).padStart(7, '0')}`,
      at: new Date(at.getTime() + i * 1000), kind: i === 0 ? 'refused' : 'filled', fillingUnitId: unitId, stationCode: 'ST-1',
      details: i === 0 ? { reasons: ['unregistered'] } : { massKg: 14.2 }
    }))
    await recordCylinderEvents(db, events)
    const [count] = await db.query<{ n: number }>(`select count(*) as n from cylinder_events`)
    expect(count!.n).toBe(4100)
    // The same fills again (a gateway's resend): written once (migration 022).
    await recordCylinderEvents(db, events.slice(1, 300))
    expect((await db.query<{ n: number }>(`select count(*) as n from cylinder_events`))[0]!.n).toBe(4100)
    const [refused] = await db.query<{ details: unknown, at: Date }>(`select details, at from cylinder_events where cylinder_code = 'UNKNOWN01'`)
    expect(refused!.details).toEqual({ reasons: ['unregistered'] })
    expect(new Date(refused!.at).toISOString()).toBe(at.toISOString())
    await expect(recordCylinderEvents(db, [{ ...events[1]!, kind: 'lost' as never }])).rejects.toThrow()
  })

  it('announces changes on the bus, nothing for no change', () => {
    const bus = createBus((err) => { throw err })
    const seen: CylindersChanged[] = []
    bus.on('cylinder.changed', (e) => seen.push(e))
    announceChanges(bus, [])
    expect(seen).toEqual([])
    announceChanges(bus, [{ code: 'A1234', medium: 'LPG', fillingUnitId: 1, status: 'in_use', nextInspectionDue: '2027-01-01', endOfLife: '2030-01-01', capacityKg: null, emptyMassKg: null, updatedAt: 1 }])
    expect(seen.map((e) => e.cylinders.map((c) => c.code))).toEqual([['A1234']])
  })

  it('needs a filling unit for a filling-unit user', async () => {
    await expect(db.query(`insert into users (username, password_hash, role) values ('fu1', 'x', 'filling_unit')`)).rejects.toThrow()
    await db.query(`insert into users (username, password_hash, role, filling_unit_id) values ('fu1', 'x', 'filling_unit', $1)`, [unitId])
    await expect(db.query(`insert into users (username, password_hash, role) values ('fu2', 'x', 'welder')`)).rejects.toThrow()
  })
})

describe.each(['pglite', 'postgres'] as const)('migrations 024 and 025 on a database with cylinder alerts and resent fills, on %s', (engine) => {
  it('moves the per-unit alerts into the common alerts with their lifecycle and note, and keeps one entry per fill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-cyl-old-'))
    const old = await openDb({ url: engine === 'postgres' ? await createTestDatabase() : null, dataDir: dir })
    try {
      const at = MIGRATIONS.findIndex((m) => m.name === '024-cylinder-alerts-common')
      await migrate(old, MIGRATIONS.slice(0, at))
      const [d] = await old.query<{ id: number }>(`insert into districts (code, name, arrival_limit_min) values ('C1', '城区', 30) returning id`)
      const [u] = await old.query<{ id: number }>(`insert into filling_units (name, license_no, district_id, address) values ('甲充装站', 'TS-1', $1, '东路 1 号') returning id`, [d!.id])
      const note = { key: 'note.cylinder_overdue', params: { count: 4, earliest: '2019-01-01' } }
      await old.query(`insert into cylinder_alerts (filling_unit_id, type, severity, status, cylinders, earliest, note, raised_at, closed_at) values
        ($1, 'cylinder_inspection_overdue', 'major', 'raised', 4, '2019-01-01', $2::jsonb, '2026-11-01T00:00:00Z', null),
        ($1, 'cylinder_past_life', 'critical', 'closed', 2, '2023-01-01', null, '2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z')`, [u!.id, JSON.stringify(note)])
      const fill = [u!.id, 'ST-1', '2026-11-02T03:04:05.678Z']
      for (const kind of ['filled', 'filled', 'forced_fill', 'forced_fill', 'refused', 'refused']) {
        await old.query(`insert into cylinder_events (cylinder_code, at, kind, filling_unit_id, station_code) values ('LPG-1', $3, $4, $1, $2)`, [...fill, kind])
      }
      expect(await migrate(old)).toEqual(MIGRATIONS.slice(at).map((m) => m.name))
      const rows = await old.query<Record<string, unknown>>(`select subject_kind as "subjectKind", subject_code as "subjectCode", type, severity, status, code, details
        from alerts order by raised_at`)
      expect(rows).toEqual([
        { subjectKind: 'filling_unit', subjectCode: String(u!.id), type: 'cylinder_past_life', severity: 'critical', status: 'closed', code: '2023-01-01',
          details: { cylinders: 2, earliest: '2023-01-01', place: { fillingUnitId: u!.id, unitName: '甲充装站', districtId: d!.id, address: '东路 1 号' } } },
        { subjectKind: 'filling_unit', subjectCode: String(u!.id), type: 'cylinder_inspection_overdue', severity: 'major', status: 'raised', code: '2019-01-01',
          details: { cylinders: 4, earliest: '2019-01-01', place: { fillingUnitId: u!.id, unitName: '甲充装站', districtId: d!.id, address: '东路 1 号' } } }
      ])
      const history = await old.query<{ type: string, action: string, note: unknown }>(`select a.type, h.action, h.comment_message as note
        from alert_history h join alerts a on a.id = h.alert_id order by a.type, h.at`)
      expect(history).toEqual([
        { type: 'cylinder_inspection_overdue', action: 'raised', note },
        { type: 'cylinder_past_life', action: 'raised', note: null },
        { type: 'cylinder_past_life', action: 'closed', note: null }
      ])
      expect(await old.query(`select 1 from information_schema.tables where table_name = 'cylinder_alerts'`)).toEqual([])
      // The resent fill's duplicates are gone; refusals are not fills and stay as they were.
      const kinds = (await old.query<{ kind: string }>(`select kind from cylinder_events order by id`)).map((r) => r.kind)
      expect(kinds).toEqual(['filled', 'forced_fill', 'refused', 'refused'])
      await recordCylinderEvents(old, [{ cylinderCode: 'LPG-1', at: new Date(fill[2] as string), kind: 'filled', fillingUnitId: u!.id, stationCode: 'ST-1', details: {} }])
      expect(await old.query(`select count(*)::int as n from cylinder_events where kind = 'filled'`)).toEqual([{ n: 1 }])
    } finally {
      await old.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
