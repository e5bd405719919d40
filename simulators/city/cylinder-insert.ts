// Writes the planned cylinders (cylinder-plan.ts) into a fresh registry inside the seed's transaction:
// units and stations, the cylinders in batches, each one's timeline — registered, its inspections, a
// refusal where a station turned it away, scrapping — through the store's recordCylinderEvents, and a
// year of fills expanded in SQL from each cylinder's cadence (hundreds of thousands of rows).
import type { Queryable } from '../../platform/db/db.ts'
import { DEFAULT_MEDIA, mediaByCode } from '../../cylinders/media.ts'
import { nextInspectionDue } from '../../cylinders/lifecycle.ts'
import { recordCylinderEvents, type CylinderEventInput } from '../../cylinders/store.ts'
import type { CylinderPlan, PlannedCylinder } from './cylinder-plan.ts'

const BATCH = 5000
const OPERATORS = ['马师傅', '李师傅', '韩师傅', '祁师傅', '赵师傅', '冶师傅']
// The demo city keeps Beijing time (Xining), as seed-city.ts's history does.
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`)

function statusOf (c: PlannedCylinder, today: string) {
  if (c.scrappedOn !== null) return 'scrapped'
  if (c.inspectionResult === 'fail') return 'failed'
  return c.nextInspectionDue < today ? 'inspection_overdue' : 'in_use'
}

function reasonsAt (c: PlannedCylinder, day: string): string[] {
  const reasons: string[] = []
  if (c.inspectionResult === 'fail') reasons.push('failed')
  else if (c.nextInspectionDue < day) reasons.push('inspection_overdue')
  if (c.endOfLife <= day) reasons.push('past_design_life')
  return reasons
}

export async function insertCylinders (tx: Queryable, plan: CylinderPlan, deps: { districtId: (code: string) => number, today: string }) {
  const unitIds: number[] = []
  const stationsOf: string[][] = []
  for (const u of plan.units) {
    const [row] = await tx.query<{ id: number }>('insert into filling_units (name, license_no, district_id, address) values ($1, $2, $3, $4) returning id',
      [u.name, u.licenseNo, deps.districtId(u.district), u.address])
    unitIds.push(row!.id)
    for (const s of u.stations) await tx.query('insert into filling_stations (code, filling_unit_id, name) values ($1, $2, $3)', [s.code, row!.id, s.name])
    stationsOf.push(u.stations.map((s) => s.code))
  }
  const media = mediaByCode(DEFAULT_MEDIA)
  let events = 0
  for (let i = 0; i < plan.cylinders.length; i += BATCH) {
    const part = plan.cylinders.slice(i, i + BATCH)
    await tx.query(`insert into cylinders (code, registration_no, filling_unit_id, manufacturer, serial, volume_l, medium, nominal_pressure_mpa, manufactured_on,
        last_inspected_on, inspection_result, next_inspection_due, end_of_life, status, empty_mass_kg, capacity_kg, scrapped_on, scrap_reason, registered_at, updated_at)
      select x.code, x.reg, x.unit, x.maker, x.serial, x.vol, x.medium, x.mpa, x.made, x.last, x.result, x.due, x.eol, x.status, x.tare, x.cap, x.scrapped,
        case when x.scrapped is not null then '达到报废条件' end, x.registered, x.registered
      from jsonb_to_recordset($1::jsonb) as x(code text, reg text, unit int, maker text, serial text, vol numeric, medium text, mpa numeric, made date,
        last date, result text, due date, eol date, status text, tare numeric, cap numeric, scrapped date, registered timestamptz)`,
    [JSON.stringify(part.map((c) => ({
      code: c.code, reg: c.registrationNo, unit: unitIds[c.unit], maker: c.manufacturer, serial: c.serial, vol: c.volumeL, medium: c.medium, mpa: c.nominalPressureMpa,
      made: c.manufacturedOn, last: c.lastInspectedOn, result: c.inspectionResult, due: c.nextInspectionDue, eol: c.endOfLife, status: statusOf(c, deps.today),
      tare: c.emptyMassKg, cap: c.capacityKg, scrapped: c.scrappedOn, registered: at(c.registeredOn, '09:00').toISOString()
    })))])

    const timeline: CylinderEventInput[] = []
    for (const c of part) {
      const unit = unitIds[c.unit]!
      const make = { manufacturedOn: c.manufacturedOn, designLifeYears: null }
      timeline.push({ cylinderCode: c.code, at: at(c.registeredOn, '09:00'), kind: 'registered', fillingUnitId: unit, stationCode: null,
        details: { registrationNo: c.registrationNo, medium: c.medium, manufacturer: c.manufacturer, serial: c.serial, manufacturedOn: c.manufacturedOn, by: 'demo' } })
      for (const i of c.inspections) {
        timeline.push({ cylinderCode: c.code, at: at(i.on), kind: 'inspected', fillingUnitId: unit, stationCode: null,
          details: { on: i.on, result: i.result, inspector: '青海省特种设备检验检测院', nextDue: i.result === 'pass' ? nextInspectionDue(make, media.get(c.medium)!, i.on) : null, source: 'demo' } })
      }
      if (c.refusedOn !== null) {
        timeline.push({ cylinderCode: c.code, at: at(c.refusedOn, '15:20'), kind: 'refused', fillingUnitId: unit, stationCode: stationsOf[c.unit]![0]!,
          details: { medium: c.medium, reasons: reasonsAt(c, c.refusedOn) } })
      }
      if (c.scrappedOn !== null) {
        timeline.push({ cylinderCode: c.code, at: at(c.scrappedOn, '11:00'), kind: 'scrapped', fillingUnitId: unit, stationCode: null, details: { on: c.scrappedOn, reason: '达到报废条件', by: 'demo' } })
      }
    }
    await recordCylinderEvents(tx, timeline)
    events += timeline.length

    // The fills: one row per cadence step, at 08:00–17:59 city time, at the unit's stations in turn, 93–100 % of the cylinder's max fill.
    const fills = part.filter((c) => c.fills.every > 0).map((c) => ({
      code: c.code, unit: unitIds[c.unit], medium: c.medium, cap: c.capacityKg, from: c.fills.from, every: c.fills.every, until: c.fills.until,
      stations: stationsOf[c.unit]
    }))
    const [filled] = await tx.query<{ n: number }>(`with inserted as (
        insert into cylinder_events (cylinder_code, at, kind, filling_unit_id, station_code, details)
        select f.code, ((f."from" + n * f.every)::timestamp + interval '8 hours' + (abs(hashtext(f.code || n::text)) % 600) * interval '1 minute') at time zone 'Asia/Shanghai',
          'filled', f.unit, f.stations ->> (n % jsonb_array_length(f.stations))::int,
          jsonb_build_object('medium', f.medium, 'massKg', round((f.cap * (0.93 + (abs(hashtext(f.code || 'm' || n::text)) % 70) / 1000.0))::numeric, 1),
            'operator', ($2::jsonb) ->> (abs(hashtext(f.code || 'o' || n::text)) % $3)::int)
        from jsonb_to_recordset($1::jsonb) as f(code text, unit int, medium text, cap numeric, "from" date, every int, until date, stations jsonb),
          generate_series(0, (f.until - f."from") / f.every) n
        where f."from" + n * f.every < f.until
        returning 1)
      select count(*) as n from inserted`, [JSON.stringify(fills), JSON.stringify(OPERATORS), OPERATORS.length])
    events += filled?.n ?? 0
  }
  return { units: unitIds, stations: stationsOf.flat().length, cylinders: plan.cylinders.length, events, firstUnitId: unitIds[0]! }
}
