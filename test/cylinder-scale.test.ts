// The registry's search and paging at a city's size, on both engines: 200,000 cylinders inserted with
// generate_series, then the answers of the list queries the API runs (a page, a code prefix, a
// registration-number prefix, a unit's cylinders by status, the due list) checked against what the
// fixture holds, and the plans checked to use the indexes built for them, not a scan of the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createBus } from '../platform/events/bus.ts'
import { createCylinderRegistry } from '../cylinders/registry-store.ts'
import { createTestDatabase } from './support/service.ts'

const N = 200_000

describe.each(['pglite', 'postgres'] as const)('200,000 cylinders on %s', (engine) => {
  let db: Db
  let dir: string
  let units: number[]
  const registry = () => createCylinderRegistry({ db, bus: createBus((err) => { throw err }) })
  const plan = async (sql: string, params: unknown[]) => (await db.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n')

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tianjian-cyl-scale-'))
    db = await openDb({ url: engine === 'postgres' ? await createTestDatabase() : null, dataDir: dir })
    await migrate(db)
    const [d] = await db.query<{ id: number }>(`insert into districts (code, name, arrival_limit_min) values ('S1', '城区', 30) returning id`)
    units = (await db.query<{ id: number }>(`insert into filling_units (name, license_no, district_id)
      select '充装单位' || i, 'TS' || i, $1 from generate_series(1, 4) i returning id`, [d!.id])).map((u) => u.id)
    // Unit by i % 4; every 50th overdue, every 1,000th scrapped; next due spread over four years.
    await db.query(`insert into cylinders (code, registration_no, filling_unit_id, manufacturer, serial, volume_l, medium, nominal_pressure_mpa,
        manufactured_on, next_inspection_due, end_of_life, status, scrapped_on)
      select 'C' || lpad(i::text, 7, '0'), 'REG' || lpad((i * 7 % ${N})::text, 7, '0'), ($1::int[])[1 + i % 4], '厂', 's' || i, 35.5, 'LPG', 2.1,
        date '2020-01-01', date '2026-01-01' + (i % 1461), date '2032-01-01',
        case when i % 1000 = 0 then 'scrapped' when i % 50 = 0 then 'inspection_overdue' else 'in_use' end,
        case when i % 1000 = 0 then date '2025-01-01' end
      from generate_series(1, ${N}) i`, [units])
    await db.query('analyze cylinders')
  }, 180_000)
  afterAll(async () => {
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('pages in code order with the total', async () => {
    const page = await registry().list({}, {}, { page: 3, pageSize: 50 })
    expect(page.total).toBe(N)
    expect(page.items.map((c) => c.code)).toEqual(Array.from({ length: 50 }, (_, i) => `C${String(101 + i).padStart(7, '0')}`))
  })

  it('finds a code prefix and a registration-number prefix by index ranges', async () => {
    const byCode = await registry().list({}, { q: 'C01234' }, { page: 1, pageSize: 50 })
    expect(byCode.total).toBe(100)
    expect(byCode.items[0]!.code).toBe('C0123400')
    // REG0000070 is i * 7 = 70 → i = 10.
    const byReg = await registry().list({}, { q: 'REG0000070' }, { page: 1, pageSize: 50 })
    expect(byReg.items.map((c) => c.code)).toEqual(['C0000010'])
    const sql = `select code from cylinders c where (c.code like $1 or c.registration_no like $1) order by c.code limit 50`
    const shown = await plan(sql, ['C01234%'])
    // Either index on code serves the range (the primary key too, where the database collation is C);
    // which of two equal-cost indexes the planner picks is its business, a scan of the table is not.
    expect(shown).toMatch(/Index Cond: \(\(code ~?>=~? 'C01234'::text\) AND \(code ~?<~? 'C01235'::text\)\)/)
    expect(shown).toMatch(/Index Cond: \(\(registration_no ~?>=~? 'C01234'::text\) AND \(registration_no ~?<~? 'C01235'::text\)\)/)
    expect(shown).not.toMatch(/Seq Scan/)
  })

  it('lists one unit\'s cylinders of a status from its index', async () => {
    const overdue = await registry().list({ fillingUnitId: units[1]! }, { status: 'inspection_overdue' }, { page: 1, pageSize: 500 })
    // i % 4 = 1 and i % 50 = 0 and i % 1000 ≠ 0: i ≡ 50 (mod 100)·… — count it the plain way.
    let expected = 0
    for (let i = 1; i <= N; i++) if (i % 4 === 1 && i % 50 === 0 && i % 1000 !== 0) expected++
    expect(overdue.total).toBe(expected)
    expect(overdue.items.every((c) => c.fillingUnitId === units[1] && c.status === 'inspection_overdue')).toBe(true)
    expect(await plan(`select code from cylinders c where c.filling_unit_id = $1 and c.status = $2 order by c.code limit 50`, [units[1], 'inspection_overdue']))
      .toMatch(/cylinders_unit_status_idx/)
  })

  it('lists the cylinders due by a date from the due index', async () => {
    const due = await registry().list({}, { dueBefore: '2026-01-03' }, { page: 1, pageSize: 500 })
    // next due 2026-01-01 + i % 1461 ≤ 2026-01-03: i % 1461 ∈ {0, 1, 2}, not scrapped.
    let expected = 0
    for (let i = 1; i <= N; i++) if (i % 1461 <= 2 && i % 1000 !== 0) expected++
    expect(due.total).toBe(expected)
    expect(await plan(`select count(*) from cylinders c where c.next_inspection_due <= $1 and c.status <> 'scrapped'`, ['2026-01-03']))
      .toMatch(/cylinders_due_idx/)
  })
})
