// CSV import of elevators: every good row is imported (inserted or updated by equipment code), every bad
// row is reported with its line number and reason. Districts must exist; use units and maintenance firms
// named in the file are created when new, as a bureau's registry export names them rather than our ids.
// The report is for a person: its reasons are in the importer's language.
//
// The only route that reads a text body, and a large one: its text/csv parser lives in this route's own
// Fastify context, so no other route reads such a body, and the admin check runs on the request's arrival
// (onRequest), before a byte of the body is read: an anonymous 50 MB upload is refused and its connection
// closed at once (platform/http/errors.ts), instead of being buffered first and refused after.
import { parse } from 'csv-parse/sync'
import { Type } from 'typebox'
import { mapHeader, validateElevatorRow, type ElevatorCsvRow } from './csv.ts'
import type { RegistryStore } from '../registry/store.ts'
import { msg, renderAll, type Message } from '../platform/messages/message.ts'
import type { Locale } from '../platform/messages/text.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { requireRole } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import type { ApiApp } from '../platform/http/route-plugin.ts'
import type { Metrics } from '../platform/metrics.ts'
import './messages.ts'
import '../registry/messages.ts'

/** A bureau's export of a whole province is a few MB; this leaves room without letting one upload fill memory. */
export const CSV_IMPORT_MAX_BYTES = 50 * 1024 * 1024

const ImportAnswer = Type.Object({
  imported: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })), ignoredColumns: Type.Array(Type.String())
})

export async function registerElevatorImportRoute (app: ApiApp, deps: { registry: RegistryStore, metrics: Metrics, afterChange?: (equipmentCodes: string[] | null) => Promise<void> }): Promise<void> {
  await app.register(async (context) => {
    context.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body))
    context.post('/api/elevators/import', {
      schema: {
        tags: ['elevators'],
        summary: 'Import elevators from CSV (admin): good rows are stored, bad rows reported by line',
        description: 'Body: text/csv, UTF-8, first line a header, at most 50 MB. Columns (English or Chinese): equipment_code/设备代码, rescue_id/救援识别码, kind/设备类别, status/状态, address/地址, building/楼栋, floors/层数, district/区县 (code or name), use_unit/使用单位, maintenance_firm/维保单位, public_place/公众聚集场所, last_inspection_date/上次检验日期, next_inspection_date/下次检验日期.',
        response: { 200: ImportAnswer, ...errorResponses(400, 401, 403) }
      },
      onRequest: requireRole('admin')
    }, async (request) => {
      if (typeof request.body !== 'string') throw new HttpError(400, msg('registry.csv_as_text'))
      const report = await importElevatorsCsv(request.body, deps.registry, localeOf(request))
      if (report.imported > 0) await deps.afterChange?.(null)
      deps.metrics.csvRowsRejected.inc(report.rejected)
      noteAudit(request, {
        action: 'elevator.import',
        detail: { imported: report.imported, created: report.created, updated: report.updated, rejected: report.rejected, bytes: Buffer.byteLength(request.body) }
      })
      return report
    })
  })
}

export interface ImportReport {
  imported: number
  created: number
  updated: number
  rejected: number
  errors: Array<{ line: number, message: string }>
  ignoredColumns: string[]
}

export async function importElevatorsCsv (text: string, registry: RegistryStore, locale: Locale): Promise<ImportReport> {
  let records: Array<{ record: string[], info: { lines: number } }>
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never
  } catch (err) {
    throw new HttpError(400, msg('csv.unreadable', { detail: (err as Error).message }))
  }
  const [header, ...rows] = records
  if (header === undefined) throw new HttpError(400, msg('csv.empty'))
  const { fields, missing, unknown } = mapHeader(header.record)
  if (missing.length > 0) {
    throw new HttpError(400, msg('csv.missing_columns', { fields: missing }), [{ line: 1, message: msg('csv.columns_found', { columns: header.record }) }])
  }

  const districts = new Map<string, number>()
  for (const d of await registry.listDistricts()) { districts.set(d.code, d.id); districts.set(d.name, d.id) }
  const useUnits = new Map((await registry.listUseUnits()).map((u) => [u.name, u.id]))
  const firms = new Map((await registry.listFirms()).map((f) => [f.name, f.id]))

  const report: ImportReport = { imported: 0, created: 0, updated: 0, rejected: 0, errors: [], ignoredColumns: unknown }
  const seen = new Map<string, number>()
  const fail = (line: number, ...problems: Message[]) => { report.rejected++; report.errors.push({ line, message: renderAll(problems, locale) }) }

  for (const { record, info } of rows) {
    const line = info.lines
    if (record.length !== header.record.length) {
      fail(line, msg('csv.field_count', { found: record.length, expected: header.record.length }))
      continue
    }
    const values: Partial<Record<keyof ElevatorCsvRow, string>> = {}
    fields.forEach((field, i) => { if (field !== null) values[field] = record[i] })
    const result = validateElevatorRow(values)
    if ('problems' in result) { fail(line, ...result.problems); continue }
    const row = result.row
    const earlier = seen.get(row.equipmentCode)
    if (earlier !== undefined) { fail(line, msg('csv.duplicate_code', { code: row.equipmentCode, line: earlier })); continue }
    const districtId = districts.get(row.district)
    if (districtId === undefined) { fail(line, msg('csv.unknown_district', { district: row.district })); continue }
    try {
      let useUnitId = useUnits.get(row.useUnit)
      if (useUnitId === undefined) {
        useUnitId = (await registry.createUseUnit({ name: row.useUnit, creditCode: null, contact: null, phone: null, address: null })).id
        useUnits.set(row.useUnit, useUnitId)
      }
      let firmId: number | null = null
      if (row.maintenanceFirm !== null) {
        firmId = firms.get(row.maintenanceFirm) ?? null
        if (firmId === null) {
          firmId = (await registry.createFirm({ name: row.maintenanceFirm, licenseNo: null, phone24h: null, contact: null })).id
          firms.set(row.maintenanceFirm, firmId)
        }
      }
      const { created } = await registry.upsertElevator({ ...row, districtId, useUnitId, maintenanceFirmId: firmId })
      seen.set(row.equipmentCode, line)
      report.imported++
      if (created) report.created++
      else report.updated++
    } catch (err) {
      const e = err as { code?: string, constraint?: string, message: string }
      fail(line, e.code === '23505' ? msg('csv.rescue_id_taken', { rescueId: row.rescueId }) : msg('csv.not_stored', { detail: e.message }))
    }
  }
  return report
}
