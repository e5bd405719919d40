// The inspection KPIs at a city's size (issue #11): PostgreSQL (Debian's server, as the tests start it)
// seeded with 100,000 lifts and 1,000,000 inspection records by set-based inserts, then 定检率 for the
// city by district at a reference date and its 12-month trend, each timed over many calls through the
// very queries the API runs (inspection/kpi.ts). Targets: p95 < 100 ms and < 500 ms.
//
// The seed: 12 districts, 2,000 use units, 200 firms; 2% of the lifts stopped, 1% scrapped. Each lift has
// ten yearly records (2016–2025) due on its anniversary; most are done up to 30 days early, 1 in 25 up to
// two months late (overdue meanwhile), and the last of 1 in 40 failed and was not re-inspected.
import { openDb, type Db } from '../platform/db/db.ts'
import { migrate } from '../platform/db/migrate.ts'
import { addDays, addMonths, trendDates } from '../platform/calendar.ts'
import { createKpiQueries } from '../inspection/kpi.ts'
import { refreshDerived } from '../inspection/store.ts'
import { startPostgres } from '../test/support/postgres.ts'
import { round } from './machine.ts'
import type { Row } from './report.ts'
import { fmt } from './report.ts'

export interface KpiRun {
  lifts: number
  records: number
  seedS: number
  referenceDate: string
  calls: number
  rate: { p50Ms: number, p95Ms: number, maxMs: number }
  trend: { p50Ms: number, p95Ms: number, maxMs: number, dates: number }
  /** What the endpoint adds beside them: 定检率 by use unit and by firm at the date, and the period form over 12 months. */
  breakdowns: { p50Ms: number, p95Ms: number, maxMs: number }
  /** 定检率 of the city at the reference date, as a check that the seed has the intended shape. */
  cityRate: number | null
}

const TIME_ZONE = 'Asia/Shanghai'
const DUE_SOON_DAYS = 30

export async function seed (db: Db, lifts: number, perLift: number, log: (line: string) => void) {
  await db.query(`insert into districts (code, name) select 'D' || g, '区' || g from generate_series(1, 12) g`)
  await db.query(`insert into use_units (name) select '使用单位' || g from generate_series(1, 2000) g`)
  await db.query(`insert into maintenance_firms (name) select '维保单位' || g from generate_series(1, 200) g`)
  await db.query(`
    insert into elevators (equipment_code, rescue_id, kind, status, address, district_id, use_unit_id, maintenance_firm_id, created_at)
    select 'K' || lpad(g::text, 8, '0'), lpad(g::text, 6, '0'), 'traction',
      case when g % 50 = 0 then 'stopped' when g % 97 = 0 then 'scrapped' else 'in_use' end,
      '测试路' || g || '号', 1 + g % 12, 1 + g % 2000, 1 + g % 200, timestamptz '2015-06-01 00:00+08'
    from generate_series(1, $1::int) g`, [lifts])
  // One batch per year of records: ten inserts of 100,000 rows.
  for (let k = 0; k < perLift; k++) {
    await db.query(`
      with base as (
        select e.id, date '2016-01-01' + (e.id * 7) % 365 + $1::int * 365 as due_prev, (e.id * 7919 + $1::int * 104729) % 1000 as h from elevators e)
      insert into inspection_records (elevator_id, kind, inspected_on, body, inspector, result, report_no, next_due, source)
      select b.id, case when $1::int in (0, 3, 6, 8) then 'periodic' else 'self_test' end,
        case when b.h % 25 = 0 then b.due_prev + 20 + b.h % 40 else b.due_prev - b.h % 30 end,
        '检验院', null, case when $1::int = $2::int - 1 and b.id % 40 = 0 then 'fail' else 'pass' end,
        'R' || b.id || '-' || $1::int,
        case when $1::int = $2::int - 1 and b.id % 40 = 0 then null else b.due_prev + 365 end, 'demo'
      from base b`, [k, perLift])
    log(`  records: year ${k + 1}/${perLift}`)
  }
  await refreshDerived(db, null)
  // What autovacuum does to freshly written tables, at once: statistics, and the visibility map that lets the
  // KPI's reign lookups count from their covering indexes alone (migration 023).
  await db.query('vacuum analyze')
}

function percentiles (samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
  return { p50Ms: round(at(0.5), 1), p95Ms: round(at(0.95), 1), maxMs: round(sorted[sorted.length - 1]!, 1) }
}

async function time (calls: number, fn: () => Promise<unknown>) {
  await fn() // warm: plans cached, pages in memory
  const samples: number[] = []
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now()
    await fn()
    samples.push(performance.now() - t0)
  }
  return percentiles(samples)
}

export async function runKpiPhase (options: { lifts: number, recordsPerLift: number, calls: number, referenceDate: string, log: (line: string) => void }): Promise<KpiRun> {
  const { log } = options
  const server = await startPostgres()
  const db = await openDb({ url: server.url, dataDir: '' })
  try {
    await migrate(db)
    const t0 = performance.now()
    log(`seeding PostgreSQL: ${options.lifts.toLocaleString('en-US')} lifts, ${(options.lifts * options.recordsPerLift).toLocaleString('en-US')} inspection records…`)
    await seed(db, options.lifts, options.recordsPerLift, log)
    const seedS = round((performance.now() - t0) / 1000, 1)
    const kpi = createKpiQueries(db)
    const reference = options.referenceDate
    const dates = trendDates(reference, 12)
    // What GET /api/figures/inspection asks the database for the rate at a date, for the whole city.
    const rate = await time(options.calls, () => Promise.all([kpi.districts(), kpi.rates({}, [reference], TIME_ZONE, DUE_SOON_DAYS), kpi.inUse({})]))
    const trend = await time(options.calls, () => kpi.rates({}, dates, TIME_ZONE, DUE_SOON_DAYS))
    const from = addDays(addMonths(reference, -12), 1)
    const breakdowns = await time(options.calls, () => Promise.all([kpi.rates({}, [reference], TIME_ZONE, DUE_SOON_DAYS, 'use_unit'), kpi.rates({}, [reference], TIME_ZONE, DUE_SOON_DAYS, 'firm'), kpi.period({}, from, reference)]))
    const rows = await kpi.rates({}, [reference], TIME_ZONE, DUE_SOON_DAYS)
    const inUse = rows.reduce((s, r) => s + r.inUse, 0)
    const overdue = rows.reduce((s, r) => s + r.overdue, 0)
    const [count] = await db.query<{ n: number }>('select count(*) as n from inspection_records')
    return {
      lifts: options.lifts, records: count!.n, seedS, referenceDate: reference, calls: options.calls, rate, trend: { ...trend, dates: dates.length }, breakdowns,
      cityRate: inUse === 0 ? null : round((1 - overdue / inUse) * 100, 2)
    }
  } finally {
    await db.close()
    server.stop()
  }
}

export function kpiRows (run: KpiRun): Row[] {
  return [
    { label: 'seeded', value: `${fmt(run.seedS, 1)} s`, note: `${fmt(run.lifts)} lifts, ${fmt(run.records)} inspection records (PostgreSQL, bulk inserts)` },
    { label: '定检率 by district', value: `${fmt(run.rate.p95Ms, 1)} ms`, note: `p95 over ${run.calls} calls (p50 ${fmt(run.rate.p50Ms, 1)}, max ${fmt(run.rate.maxMs, 1)}) at ${run.referenceDate}; city ${run.cityRate}%; target < 100 ms` },
    { label: 'by use unit, firm; period', value: `${fmt(run.breakdowns.p95Ms, 1)} ms`, note: `p95 (p50 ${fmt(run.breakdowns.p50Ms, 1)}): the endpoint's other 定检率 queries, together; no target` },
    { label: '12-month trend', value: `${fmt(run.trend.p95Ms, 1)} ms`, note: `p95 over ${run.calls} calls (p50 ${fmt(run.trend.p50Ms, 1)}, max ${fmt(run.trend.maxMs, 1)}), ${run.trend.dates} reference dates by district; target < 500 ms` }
  ]
}

export const kpiSummary = (run: KpiRun | null) => ({
  kpi_inspection_rate_p95_ms: run?.rate.p95Ms ?? null,
  kpi_inspection_trend_p95_ms: run?.trend.p95Ms ?? null
})
