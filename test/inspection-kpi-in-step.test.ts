// What the KPI statement reads beside the records (migration 021): each reign carries its lift's district,
// use unit, firm and in-use status, and the registry row its first record's date. These follow every write
// at once — the registry's upsert (API and CSV), a raw update, a deletion, a record — on both engines: a
// lift moved to another district, handed to another firm, stopped or scrapped changes the figures in the
// same breath, and a lift registered with typed dates counts from its records once it has some. The kept
// counts of lifts in use (migration 022) are checked against a count over the registry after each step.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { MIGRATIONS } from '../platform/db/migrations/index.ts'
import { createRegistryStore, type ElevatorInput } from '../registry/store.ts'
import { createInspectionStore, refreshDerived } from '../inspection/store.ts'
import { createKpiQueries, type RateGroup } from '../inspection/kpi.ts'
import { insertElevators } from '../simulators/city/bulk-insert.ts'
import { localDate } from '../platform/calendar.ts'
import { createTestDatabase } from './support/service.ts'

const TZ = 'Asia/Shanghai'
const dbs: Db[] = []
const dirs: string[] = []
afterAll(async () => {
  for (const db of dbs) await db.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const engines: Array<[string, () => Promise<string | null>]> = [['PGlite', async () => null], ['PostgreSQL', createTestDatabase]]

describe.each(engines)('the KPI figures follow the registry at once (%s)', (_engine, url) => {
  let db: Db
  const ids: Record<string, number> = {}
  const lift = (code: string, n: number, over: Partial<ElevatorInput> = {}): ElevatorInput => ({
    equipmentCode: code, rescueId: String(700000 + n), kind: 'traction', status: 'in_use', address: `测试路${n}号`, building: null, floors: 10,
    districtId: ids.d1!, useUnitId: ids.u1!, maintenanceFirmId: ids.f1!, publicPlace: false, lastInspectionDate: null, nextInspectionDate: null, ...over
  })
  const record = (equipmentCode: string, reportNo: string, inspectedOn: string, result: 'pass' | 'fail', nextDue: string | null) =>
    ({ equipmentCode, kind: 'periodic' as const, inspectedOn, body: '检验院', inspector: null, result, reportNo, nextDue })
  /** [group, in use, overdue, due soon, failed] at each date, groups by id. */
  const rates = async (dates: string[], group: RateGroup = 'district', scope = {}) =>
    (await createKpiQueries(db).rates(scope, dates, TZ, 30, group)).map((r) => [r.referenceDate, r.districtId, r.inUse, r.overdue, r.dueSoon, r.failed])
  /** The kept counts (migration 022) say what a count over the registry says: lifts in use by district, none left at zero. */
  const countsAgree = async () => {
    const kept = await createKpiQueries(db).inUse({})
    const counted = await db.query<{ districtId: number, n: number }>(`select district_id as "districtId", count(*)::int as n from elevators where status = 'in_use' group by 1`)
    const byDistrict = (rows: Array<{ districtId: number, n: number }>) => rows.map((r) => [r.districtId, r.n]).sort((a, b) => a[0]! - b[0]!)
    expect(byDistrict(kept)).toEqual(byDistrict(counted))
    expect(await db.query('select 1 from inspection_counted_lifts where n <= 0')).toEqual([])
  }
  const period = async (from: string, to: string) => (await createKpiQueries(db).period({}, from, to)).map((r) => [r.districtId, r.due, r.onTime])

  it('sets up two districts, two firms and lifts with records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-kpi-'))
    dirs.push(dir)
    db = await openDb({ url: await url(), dataDir: join(dir, 'pg') })
    dbs.push(db)
    await migrate(db)
    for (const [key, sql] of [['d1', "insert into districts (code, name) values ('A', '甲区') returning id"], ['d2', "insert into districts (code, name) values ('B', '乙区') returning id"],
      ['u1', "insert into use_units (name) values ('甲物业') returning id"], ['u2', "insert into use_units (name) values ('乙物业') returning id"],
      ['f1', "insert into maintenance_firms (name) values ('甲维保') returning id"], ['f2', "insert into maintenance_firms (name) values ('乙维保') returning id"]] as const) {
      ids[key] = (await db.query<{ id: number }>(sql))[0]!.id
    }
    const registry = createRegistryStore(db)
    const inspections = createInspectionStore(db)
    await registry.upsertElevator(lift('A', 1)) // passes, valid
    await registry.upsertElevator(lift('B', 2)) // fails on 2024-01-20, not re-inspected
    await registry.upsertElevator(lift('C', 3)) // overdue since 2024-02-01
    for (const r of [record('A', 'R1', '2023-03-01', 'pass', '2025-03-01'), record('B', 'R2', '2023-01-10', 'pass', '2024-01-10'),
      record('B', 'R3', '2024-01-20', 'fail', null), record('C', 'R4', '2023-02-01', 'pass', '2024-02-01')]) await inspections.create(r, 'api', null)
    expect(await rates(['2024-02-29'])).toEqual([['2024-02-29', ids.d1, 3, 2, 0, 1]])
    await countsAgree()
  })

  it('moves a lift\'s overdue and failed figures with it to another district, use unit and firm', async () => {
    await createRegistryStore(db).upsertElevator(lift('B', 2, { districtId: ids.d2!, useUnitId: ids.u2!, maintenanceFirmId: ids.f2! }))
    expect(await rates(['2024-01-15', '2024-02-29'])).toEqual([
      ['2024-01-15', ids.d1, 2, 0, 1, 0], ['2024-01-15', ids.d2, 1, 1, 0, 0],
      ['2024-02-29', ids.d1, 2, 1, 0, 0], ['2024-02-29', ids.d2, 1, 1, 0, 1]
    ])
    expect(await rates(['2024-02-29'], 'firm')).toEqual([['2024-02-29', ids.f1, 2, 1, 0, 0], ['2024-02-29', ids.f2, 1, 1, 0, 1]])
    expect(await rates(['2024-02-29'], 'use_unit', { useUnitId: ids.u2 })).toEqual([['2024-02-29', ids.u2, 1, 1, 0, 1]])
    expect(await rates(['2024-02-29'], 'district', { maintenanceFirmId: ids.f1 })).toEqual([['2024-02-29', ids.d1, 2, 1, 0, 0]])
    // Due in 2024: C on 02-01 (never inspected again) and B on 01-10 (its next inspection came on 01-20): none on time.
    expect(await period('2024-01-01', '2024-12-31')).toEqual([[ids.d1, 1, 0], [ids.d2, 1, 0]])
    await countsAgree()
  })

  it('drops a stopped or scrapped lift from the figures at once, and brings it back in use', async () => {
    await createRegistryStore(db).upsertElevator(lift('C', 3, { status: 'scrapped' }))
    expect(await rates(['2024-02-29'])).toEqual([['2024-02-29', ids.d1, 1, 0, 0, 0], ['2024-02-29', ids.d2, 1, 1, 0, 1]])
    expect(await period('2024-01-01', '2024-12-31')).toEqual([[ids.d2, 1, 0]])
    // Any write to the registry, not only the store's: a raw statement too.
    await db.query("update elevators set status = 'stopped' where equipment_code = 'B'")
    expect(await rates(['2024-02-29'])).toEqual([['2024-02-29', ids.d1, 1, 0, 0, 0]])
    await db.query("update elevators set status = 'in_use' where equipment_code in ('B', 'C')")
    expect(await rates(['2024-02-29'])).toEqual([['2024-02-29', ids.d1, 2, 1, 0, 0], ['2024-02-29', ids.d2, 1, 1, 0, 1]])
    await countsAgree()
  })

  it('counts a lift registered with typed dates from them, then from its records once it has some', async () => {
    // D: typed last 2023-05-01, next 2024-02-01, no record — overdue at 02-29, due soon at 01-15, counted from 2023-05-01.
    await createRegistryStore(db).upsertElevator(lift('D', 4, { lastInspectionDate: '2023-05-01', nextInspectionDate: '2024-02-01' }))
    expect(await rates(['2023-04-30', '2024-01-15', '2024-02-29'])).toEqual([
      ['2023-04-30', ids.d1, 2, 0, 0, 0], ['2023-04-30', ids.d2, 1, 0, 0, 0],
      ['2024-01-15', ids.d1, 3, 0, 2, 0], ['2024-01-15', ids.d2, 1, 1, 0, 0],
      ['2024-02-29', ids.d1, 3, 2, 0, 0], ['2024-02-29', ids.d2, 1, 1, 0, 1]
    ])
    expect(await period('2024-01-01', '2024-12-31')).toEqual([[ids.d1, 2, 0], [ids.d2, 1, 0]])
    // Its first record (2024-02-10): from then on the records speak — valid at 02-29, and not counted before 02-10.
    await createInspectionStore(db).create(record('D', 'R5', '2024-02-10', 'pass', '2025-02-10'), 'api', null)
    expect(await rates(['2024-01-15', '2024-02-29'])).toEqual([
      ['2024-01-15', ids.d1, 2, 0, 1, 0], ['2024-01-15', ids.d2, 1, 1, 0, 0],
      ['2024-02-29', ids.d1, 3, 1, 0, 0], ['2024-02-29', ids.d2, 1, 1, 0, 1]
    ])
    expect(await period('2024-01-01', '2024-12-31')).toEqual([[ids.d1, 1, 0], [ids.d2, 1, 0]])
    await countsAgree()
  })

  it('forgets a deleted lift (one entered by mistake, without records)', async () => {
    await createRegistryStore(db).upsertElevator(lift('E', 5, { districtId: ids.d2!, lastInspectionDate: '2023-01-01', nextInspectionDate: '2024-01-01' }))
    expect(await rates(['2024-02-29'])).toEqual([['2024-02-29', ids.d1, 3, 1, 0, 0], ['2024-02-29', ids.d2, 2, 2, 0, 1]])
    expect(await createRegistryStore(db).deleteElevator('E')).toBe('deleted')
    expect(await rates(['2024-02-29'])).toEqual([['2024-02-29', ids.d1, 3, 1, 0, 0], ['2024-02-29', ids.d2, 1, 1, 0, 1]])
    await countsAgree()
  })

  it('counts lifts inserted in bulk (the simulators\' batches), from their typed dates', async () => {
    // F and G in one statement, 乙区: F last 2023-06-01 next 2024-06-01 (valid, counted from 2023-06-01), G with no dates (counted from today).
    await insertElevators(db, [lift('F', 6, { districtId: ids.d2!, lastInspectionDate: '2023-06-01', nextInspectionDate: '2024-06-01' }), lift('G', 7, { districtId: ids.d2!, maintenanceFirmId: null })])
    expect(await rates(['2023-05-31', '2024-02-29'])).toEqual([
      ['2023-05-31', ids.d1, 2, 0, 0, 0], ['2023-05-31', ids.d2, 1, 0, 0, 0],
      ['2024-02-29', ids.d1, 3, 1, 0, 0], ['2024-02-29', ids.d2, 2, 1, 0, 1]
    ])
    expect((await createKpiQueries(db).inUse({})).find((r) => r.districtId === ids.d2)?.n).toBe(3)
    // Today: 甲维保's A, C, D and F are all past their dates, 乙维保's B failed; G, kept by no firm, counts from
    // its registration today, with no date to be overdue by — the breakdown's "no firm" group, last.
    const today = localDate(Date.now(), TZ)
    expect(await rates([today], 'firm')).toEqual([[today, ids.f1, 4, 4, 0, 0], [today, ids.f2, 1, 1, 0, 1], [today, null, 1, 0, 0, 0]])
    await countsAgree()
  })
})

describe('migrations 014 and 021–023 on a database with records already stored (PGlite)', () => {
  it('fill what the KPIs read as the records would have written it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-kpi-'))
    dirs.push(dir)
    const db = await openDb({ url: null, dataDir: join(dir, 'pg') })
    dbs.push(db)
    await migrate(db, MIGRATIONS.filter((m) => m.name < '014'))
    await db.query("insert into districts (code, name) values ('A', '甲区'), ('B', '乙区')")
    await db.query("insert into use_units (name) values ('甲物业')")
    await db.query(`insert into elevators (equipment_code, rescue_id, kind, status, address, district_id, use_unit_id, last_inspection_date, next_inspection_date)
      select 'M' || g, lpad(g::text, 6, '0'), 'traction', case when g = 5 then 'scrapped' else 'in_use' end, '路' || g, 1 + g % 2, 1,
        case when g = 6 then date '2023-05-01' end, case when g = 6 then date '2024-02-01' end from generate_series(1, 6) g`)
    await db.query(`insert into inspection_records (elevator_id, kind, inspected_on, body, result, report_no, next_due, source)
      select e.id, 'periodic', date '2022-03-01' + e.id * 40 + k * 365, '检验院', case when e.id = 2 and k = 1 then 'fail' else 'pass' end, 'X' || e.id || '-' || k,
        case when e.id = 2 and k = 1 then null else date '2022-03-01' + e.id * 40 + k * 365 + 365 end, 'demo'
      from elevators e, generate_series(0, 1) k where e.id <= 5`)
    // The registry's dates as the records' writes left them (before migration 014, no reigns yet).
    await db.query(`update elevators e set last_inspection_date = l.d, next_inspection_date = l.v from (select distinct on (elevator_id) elevator_id, inspected_on as d,
      case when result = 'fail' then inspected_on else next_due end as v from inspection_records order by elevator_id, inspected_on desc) l where l.elevator_id = e.id`)
    await db.query("update elevators set created_at = '2024-06-01T00:00:00Z' where id in (1, 6)") // registered after some records
    await migrate(db)
    const kpi = createKpiQueries(db)
    const dates = ['2022-12-31', '2023-06-30', '2023-12-31', '2024-06-30', '2024-12-31']
    const migrated = { rates: await kpi.rates({}, dates, TZ, 30), byFirm: await kpi.rates({}, dates, TZ, 30, 'firm'), period: await kpi.period({}, '2023-01-01', '2024-12-31'), inUse: await kpi.inUse({}) }
    expect(migrated.rates.length).toBeGreaterThan(0)
    await refreshDerived(db, null)
    await db.query('delete from inspection_counted_lifts')
    await db.query(`insert into inspection_counted_lifts (district_id, registered_slot, known_from, n)
      select district_id, inspection_counted_slot(created_at, least(first_inspected_on, last_inspection_date)), inspection_counted_known(created_at, least(first_inspected_on, last_inspection_date)), count(*)
      from elevators where status = 'in_use' group by 1, 2, 3`)
    expect({ rates: await kpi.rates({}, dates, TZ, 30), byFirm: await kpi.rates({}, dates, TZ, 30, 'firm'), period: await kpi.period({}, '2023-01-01', '2024-12-31'), inUse: await kpi.inUse({}) }).toEqual(migrated)
  })
})
