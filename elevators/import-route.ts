// CSV import of elevators: every good row is imported (inserted or updated by equipment code), every bad
// row is reported with its line number and reason. Districts must exist; use units and maintenance firms
// named in the file are created when new, as a bureau's registry export names them rather than our ids.
// The report is for a person: its reasons are in the importer's language.
import { parse } from 'csv-parse/sync'
import { mapHeader, validateElevatorRow, type ElevatorCsvRow } from './csv.ts'
import type { RegistryStore } from '../registry/store.ts'
import { msg, renderAll, type Message } from '../platform/messages/message.ts'
import type { Locale } from '../platform/messages/text.ts'
import { HttpError } from '../platform/http/errors.ts'
import './messages.ts'

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
