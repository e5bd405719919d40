// The cylinder registry's reads and writes: paged search at a million rows, one cylinder with its
// timeline, registration (one or a CSV's worth), inspections, transfers between filling units, scrapping,
// and the media table. Each write keeps the row's derived dates as cylinders/lifecycle.ts says, appends
// to the timeline and announces the rows on the bus (store.ts's announceChanges). A filling unit's scope
// limits every read to its own cylinders.
import type { Db, Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { Scope } from '../platform/http/scope.ts'
import { createWhere, escapeLike } from '../platform/db/where.ts'
import { deriveDates, EXTENSION_WINDOW_MONTHS, type CylinderInspectionResult, type CylinderStatus, type InspectionFact } from './lifecycle.ts'
import { mediaByCode, type Medium } from './media.ts'
import type { RegistrationInput } from './registration.ts'
import { announceChanges, CHECK_FIELDS, loadMedia, recordCylinderEvents, type CylinderEventInput, type CylinderEventKind } from './store.ts'
import type { CylinderCheckFields } from './events.ts'

export interface CylinderRow {
  code: string
  registrationNo: string | null
  fillingUnitId: number
  fillingUnitName: string
  districtId: number
  manufacturer: string
  serial: string
  volumeL: number
  medium: string
  nominalPressureMpa: number
  manufacturedOn: string
  designLifeYears: number | null
  lastInspectedOn: string | null
  inspectionResult: CylinderInspectionResult | null
  nextInspectionDue: string
  endOfLife: string
  status: CylinderStatus
  emptyMassKg: number | null
  capacityKg: number | null
  scrappedOn: string | null
  scrapReason: string | null
  registeredAt: Date
  updatedAt: Date
}

export interface CylinderEvent {
  id: number
  cylinderCode: string
  at: Date
  kind: CylinderEventKind
  fillingUnitId: number | null
  fillingUnitName: string | null
  stationCode: string | null
  details: Record<string, unknown>
}

export interface CylinderFilter {
  /** A prefix of the code or of the registration number. */
  q?: string
  fillingUnitId?: number
  status?: CylinderStatus
  medium?: string
  districtId?: number
  /** Next inspection due on or before this date (the due and overdue list). */
  dueBefore?: string
}

/** What the public lookup shows a phone that scanned the cylinder's mark: nothing about people. */
export interface PublicCylinder {
  code: string
  medium: string
  mediumNameZh: string
  mediumNameEn: string
  ownerUnitName: string
  lastInspectedOn: string | null
  nextInspectionDue: string
  status: CylinderStatus
}

const ROW_SELECT = `select c.code, c.registration_no as "registrationNo", c.filling_unit_id as "fillingUnitId", u.name as "fillingUnitName",
  u.district_id as "districtId", c.manufacturer, c.serial, c.volume_l as "volumeL", c.medium, c.nominal_pressure_mpa as "nominalPressureMpa",
  c.manufactured_on as "manufacturedOn", c.design_life_years as "designLifeYears", c.last_inspected_on as "lastInspectedOn",
  c.inspection_result as "inspectionResult", c.next_inspection_due as "nextInspectionDue", c.end_of_life as "endOfLife", c.status,
  c.empty_mass_kg as "emptyMassKg", c.capacity_kg as "capacityKg", c.scrapped_on as "scrappedOn", c.scrap_reason as "scrapReason",
  c.registered_at as "registeredAt", c.updated_at as "updatedAt"
  from cylinders c join filling_units u on u.id = c.filling_unit_id`

/** Why a write was refused, for the routes to say in the caller's language. */
export class CylinderRefused extends Error {
  constructor (readonly reason: 'not_found' | 'scrapped' | 'same_unit' | 'unknown_unit', readonly scrappedOn: string | null = null) {
    super(reason)
  }
}

type Actor = { id: number | null, name: string }

export function createCylinderRegistry (deps: { db: Db, bus: Bus }) {
  const { db, bus } = deps
  const media = async () => mediaByCode(await loadMedia(db))

  function whereOf (scope: Scope, filter: CylinderFilter) {
    const where = createWhere()
    if (scope.fillingUnitId != null) where.add('c.filling_unit_id = ?', scope.fillingUnitId)
    if (filter.fillingUnitId !== undefined) where.add('c.filling_unit_id = ?', filter.fillingUnitId)
    if (filter.status !== undefined) where.add('c.status = ?', filter.status)
    if (filter.medium !== undefined) where.add('c.medium = ?', filter.medium)
    if (filter.districtId !== undefined) where.add('c.filling_unit_id in (select id from filling_units where district_id = ?)', filter.districtId)
    if (filter.dueBefore !== undefined) where.add(`c.next_inspection_due <= ? and c.status <> 'scrapped'`, filter.dueBefore)
    if (filter.q !== undefined && filter.q !== '') {
      // Two prefix scans (code, registration number), each an index range (text_pattern_ops).
      const p = where.param(`${escapeLike(filter.q)}%`)
      where.raw(`(c.code like ${p} or c.registration_no like ${p})`)
    }
    return where
  }

  async function inScope (scope: Scope, code: string, q: Queryable = db): Promise<CylinderRow | undefined> {
    const [row] = await q.query<CylinderRow>(`${ROW_SELECT} where c.code = $1 and ($2::int is null or c.filling_unit_id = $2)`, [code, scope.fillingUnitId ?? null])
    return row
  }

  /** The rows after a write, announced: what a station's check view must now know. */
  async function announce (q: Queryable, codes: readonly string[]): Promise<CylinderCheckFields[]> {
    if (codes.length === 0) return []
    return q.query<CylinderCheckFields>(`select ${CHECK_FIELDS} from cylinders c where c.code = any($1::text[])`, [codes])
  }

  /** Runs a write in a transaction and announces the rows it changed once it has committed (never a row that was rolled back). */
  async function write<T> (fn: (tx: Queryable, changed: (codes: readonly string[]) => Promise<void>) => Promise<T>): Promise<T> {
    const rows: CylinderCheckFields[] = []
    const result = await db.transaction(async (tx) => fn(tx, async (codes) => { rows.push(...await announce(tx, codes)) }))
    announceChanges(bus, rows)
    return result
  }

  /** A cylinder's inspections from its timeline (the 'inspected' entries), for lifecycle.ts's deriveDates. */
  const inspectionsOf = (q: Queryable, code: string) => q.query<InspectionFact>(
    `select details->>'on' as on, details->>'result' as result from cylinder_events where cylinder_code = $1 and kind = 'inspected'`, [code])

  return {
    media: async () => loadMedia(db),

    async list (scope: Scope, filter: CylinderFilter, page: { page: number, pageSize: number }) {
      const where = whereOf(scope, filter)
      const offset = (page.page - 1) * page.pageSize
      const items = await db.query<CylinderRow>(`${ROW_SELECT} ${where.sql} order by c.code limit ${page.pageSize} offset ${offset}`, where.params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from cylinders c ${where.sql}`, where.params)
      return { items, total: count?.total ?? 0 }
    },

    get: (scope: Scope, code: string) => inScope(scope, code),

    /** A cylinder's timeline, latest first; undefined when the cylinder is not in the scope. */
    async timeline (scope: Scope, code: string, limit: number): Promise<CylinderEvent[] | undefined> {
      if (await inScope(scope, code) === undefined) return undefined
      return db.query<CylinderEvent>(`select e.id, e.cylinder_code as "cylinderCode", e.at, e.kind, e.filling_unit_id as "fillingUnitId",
        u.name as "fillingUnitName", e.station_code as "stationCode", e.details
        from cylinder_events e left join filling_units u on u.id = e.filling_unit_id
        where e.cylinder_code = $1 order by e.at desc, e.id desc limit $2`, [code, limit])
    },

    /** The safe subset by code, for anyone: no registration number, serial, people or history. */
    async lookupPublic (code: string): Promise<PublicCylinder | undefined> {
      const [row] = await db.query<PublicCylinder>(`select c.code, c.medium, m.name_zh as "mediumNameZh", m.name_en as "mediumNameEn",
        u.name as "ownerUnitName", c.last_inspected_on as "lastInspectedOn", c.next_inspection_due as "nextInspectionDue", c.status
        from cylinders c join filling_units u on u.id = c.filling_unit_id join cylinder_media m on m.code = c.medium where c.code = $1`, [code])
      return row
    },

    /**
     * Registers cylinders (checked beforehand: registration.ts). A code already registered — in use or
     * scrapped — is not taken again: it comes back in `taken`. Dates follow from the media table.
     */
    async register (inputs: readonly RegistrationInput[], actor: Actor, at = new Date()): Promise<{ created: string[], taken: string[] }> {
      if (inputs.length === 0) return { created: [], taken: [] }
      const table = await media()
      const rows = inputs.map((i) => {
        const m = table.get(i.medium)!
        const dates = deriveDates(i, m, i.lastInspectedOn === null ? [] : [{ on: i.lastInspectedOn, result: 'pass' }])
        return { ...i, ...dates }
      })
      return write(async (tx, changed) => {
        const created = (await tx.query<{ code: string }>(`insert into cylinders (code, registration_no, filling_unit_id, manufacturer, serial, volume_l, medium,
            nominal_pressure_mpa, manufactured_on, design_life_years, last_inspected_on, inspection_result, next_inspection_due, end_of_life, empty_mass_kg, capacity_kg, registered_at)
          select x."code", x."registrationNo", x."fillingUnitId", x."manufacturer", x."serial", x."volumeL", x."medium", x."nominalPressureMpa", x."manufacturedOn",
            x."designLifeYears", x."lastInspectedOn", x."inspectionResult", x."nextInspectionDue", x."endOfLife", x."emptyMassKg", x."capacityKg", $2::timestamptz
          from jsonb_to_recordset($1::jsonb) as x("code" text, "registrationNo" text, "fillingUnitId" int, "manufacturer" text, "serial" text, "volumeL" numeric,
            "medium" text, "nominalPressureMpa" numeric, "manufacturedOn" date, "designLifeYears" int, "lastInspectedOn" date, "inspectionResult" text,
            "nextInspectionDue" date, "endOfLife" date, "emptyMassKg" numeric, "capacityKg" numeric)
          on conflict (code) do nothing returning code`, [JSON.stringify(rows), at.toISOString()])).map((r) => r.code)
        const made = new Set(created)
        const events: CylinderEventInput[] = []
        for (const r of rows) {
          if (!made.has(r.code)) continue
          events.push({ cylinderCode: r.code, at, kind: 'registered', fillingUnitId: r.fillingUnitId, stationCode: null,
            details: { registrationNo: r.registrationNo, medium: r.medium, manufacturer: r.manufacturer, serial: r.serial, manufacturedOn: r.manufacturedOn, by: actor.name } })
          if (r.lastInspectedOn !== null) {
            events.push({ cylinderCode: r.code, at, kind: 'inspected', fillingUnitId: r.fillingUnitId, stationCode: null,
              details: { on: r.lastInspectedOn, result: 'pass', nextDue: r.nextInspectionDue, source: 'registration', by: actor.name } })
          }
        }
        await recordCylinderEvents(tx, events)
        await changed(created)
        return { created, taken: rows.filter((r) => !made.has(r.code)).map((r) => r.code) }
      })
    },

    /** Records a periodic inspection; the row's dates and status follow from all its inspections. */
    async inspect (scope: Scope, code: string, inspection: { on: string, result: CylinderInspectionResult, inspector: string | null, notes: string | null }, actor: Actor, today: string) {
      const table = await media()
      return write(async (tx, changed) => {
        const [row] = await tx.query<CylinderRow>(`${ROW_SELECT} where c.code = $1 and ($2::int is null or c.filling_unit_id = $2) for update of c`, [code, scope.fillingUnitId ?? null])
        if (row === undefined) throw new CylinderRefused('not_found')
        if (row.status === 'scrapped') throw new CylinderRefused('scrapped', row.scrappedOn)
        const facts = [...await inspectionsOf(tx, code), { on: inspection.on, result: inspection.result }]
        const dates = deriveDates(row, table.get(row.medium)!, facts)
        const status: CylinderStatus = dates.inspectionResult === 'fail' ? 'failed' : dates.nextInspectionDue < today ? 'inspection_overdue' : 'in_use'
        await tx.query(`update cylinders set last_inspected_on = $2, inspection_result = $3, next_inspection_due = $4, end_of_life = $5, status = $6, updated_at = now()
          where code = $1`, [code, dates.lastInspectedOn, dates.inspectionResult, dates.nextInspectionDue, dates.endOfLife, status])
        await recordCylinderEvents(tx, [{ cylinderCode: code, at: new Date(), kind: 'inspected', fillingUnitId: row.fillingUnitId, stationCode: null,
          details: { on: inspection.on, result: inspection.result, inspector: inspection.inspector, notes: inspection.notes, nextDue: dates.nextInspectionDue, by: actor.name } }])
        await changed([code])
        return (await inScope({}, code, tx))!
      })
    },

    /** Hands a cylinder to another filling unit (its code and history go with it). */
    async transfer (scope: Scope, code: string, toFillingUnitId: number, actor: Actor) {
      return write(async (tx, changed) => {
        const [row] = await tx.query<CylinderRow>(`${ROW_SELECT} where c.code = $1 and ($2::int is null or c.filling_unit_id = $2) for update of c`, [code, scope.fillingUnitId ?? null])
        if (row === undefined) throw new CylinderRefused('not_found')
        if (row.status === 'scrapped') throw new CylinderRefused('scrapped', row.scrappedOn)
        if (row.fillingUnitId === toFillingUnitId) throw new CylinderRefused('same_unit')
        const [unit] = await tx.query('select id from filling_units where id = $1', [toFillingUnitId])
        if (unit === undefined) throw new CylinderRefused('unknown_unit')
        await tx.query('update cylinders set filling_unit_id = $2, updated_at = now() where code = $1', [code, toFillingUnitId])
        await recordCylinderEvents(tx, [{ cylinderCode: code, at: new Date(), kind: 'transferred', fillingUnitId: toFillingUnitId, stationCode: null,
          details: { fromFillingUnitId: row.fillingUnitId, fromFillingUnitName: row.fillingUnitName, toFillingUnitId, by: actor.name } }])
        await changed([code])
        return (await inScope({}, code, tx))!
      })
    },

    /** Scraps a cylinder: its row stays (the code is never reused), closed for every further write. */
    async scrap (scope: Scope, code: string, scrapping: { on: string, reason: string }, actor: Actor) {
      return write(async (tx, changed) => {
        const [row] = await tx.query<CylinderRow>(`${ROW_SELECT} where c.code = $1 and ($2::int is null or c.filling_unit_id = $2) for update of c`, [code, scope.fillingUnitId ?? null])
        if (row === undefined) throw new CylinderRefused('not_found')
        if (row.status === 'scrapped') throw new CylinderRefused('scrapped', row.scrappedOn)
        await tx.query(`update cylinders set status = 'scrapped', scrapped_on = $2, scrap_reason = $3, updated_at = now() where code = $1`, [code, scrapping.on, scrapping.reason])
        await recordCylinderEvents(tx, [{ cylinderCode: code, at: new Date(), kind: 'scrapped', fillingUnitId: row.fillingUnitId, stationCode: null,
          details: { on: scrapping.on, reason: scrapping.reason, by: actor.name } }])
        await changed([code])
        return (await inScope({}, code, tx))!
      })
    },

    /**
     * Replaces media rows (an admin's edit) and moves the dates of every cylinder of an edited medium (a
     * mixture of it too) as the new rules say, in SQL, a page of codes at a time; announces the media and the rows.
     */
    async updateMedia (edited: readonly Medium[]): Promise<{ media: Medium[], moved: number }> {
      const moved = await db.transaction(async (tx) => {
        for (const m of edited) {
          await tx.query(`insert into cylinder_media (code, name_zh, name_en, "group", inspection_interval_years, first_inspection_years, design_life_years,
              life_extension_years, max_working_pressure_mpa, components, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
            on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en, "group" = excluded."group",
              inspection_interval_years = excluded.inspection_interval_years, first_inspection_years = excluded.first_inspection_years,
              design_life_years = excluded.design_life_years, life_extension_years = excluded.life_extension_years,
              max_working_pressure_mpa = excluded.max_working_pressure_mpa, components = excluded.components, updated_at = now()`,
          [m.code, m.nameZh, m.nameEn, m.group, m.inspectionIntervalYears, m.firstInspectionYears, m.designLifeYears, m.lifeExtensionYears, m.maxWorkingPressureMpa, m.components])
        }
        const table = mediaByCode(await loadMedia(tx))
        const touched = new Set(edited.map((m) => m.code))
        const affected = [...table.values()].filter((m) => touched.has(m.code) || (m.components ?? []).some((c) => touched.has(c)))
        const rules = affected.map((m) => ({ code: m.code, i: m.inspectionIntervalYears, f: m.firstInspectionYears ?? m.inspectionIntervalYears, l: m.designLifeYears, x: m.lifeExtensionYears }))
        if (rules.length === 0) return []
        // lifecycle.ts's nextInspectionDue and endOfLife in SQL (date + interval 'n years' keeps 29 Feb → 28 Feb as addMonths does).
        return (await tx.query<{ code: string }>(`
          with r as (select * from jsonb_to_recordset($1::jsonb) as r(code text, i int, f int, l int, x int)),
          d as (select c.code, r.i, r.f, r.x, (c.manufactured_on + make_interval(years => coalesce(c.design_life_years, r.l)))::date as design_end
                from cylinders c join r on r.code = c.medium where c.status <> 'scrapped')
          update cylinders c set
            next_inspection_due = case when c.last_inspected_on is null then (c.manufactured_on + make_interval(years => d.f))::date
              else (c.last_inspected_on + make_interval(years => d.i))::date end,
            end_of_life = case when d.x > 0 and exists (select 1 from cylinder_events e where e.cylinder_code = c.code and e.kind = 'inspected'
                and e.details->>'result' = 'pass' and (e.details->>'on')::date >= (d.design_end - interval '${EXTENSION_WINDOW_MONTHS} months')::date)
              then (d.design_end + make_interval(years => d.x))::date else d.design_end end,
            updated_at = now()
          from d where d.code = c.code
          returning c.code`, [JSON.stringify(rules)])).map((r) => r.code)
      })
      const all = await loadMedia(db)
      bus.emit('cylinder_media.changed', { media: all })
      for (let i = 0; i < moved.length; i += 10_000) announceChanges(bus, await announce(db, moved.slice(i, i + 10_000)))
      return { media: all, moved: moved.length }
    }
  }
}

export type CylinderRegistry = ReturnType<typeof createCylinderRegistry>
