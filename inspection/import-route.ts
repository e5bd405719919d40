// CSV import of inspection records (an inspection body's report register, 检验报告台账): every good row is
// stored, every bad row reported with its line number and reasons in the importer's language. Like the
// elevator import, its text/csv parser lives in this route's own context and the role check runs before a
// byte of the body is read (elevators/import-route.ts says why).
import { parse } from 'csv-parse/sync'
import { Type } from 'typebox'
import { checkRecord, type InspectionKind, type InspectionResult } from './schedule.ts'
import { RecordRefused, type InspectionStore } from './store.ts'
import { CSV_IMPORT_MAX_BYTES } from '../elevators/import-route.ts'
import { msg, renderAll, type Message } from '../platform/messages/message.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { requireRole } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import type { ApiApp } from '../platform/http/route-plugin.ts'
import type { Metrics } from '../platform/metrics.ts'
import './messages.ts'
import '../elevators/messages.ts'

type Field = 'equipmentCode' | 'kind' | 'inspectedOn' | 'body' | 'inspector' | 'result' | 'reportNo' | 'nextDue'

export const INSPECTION_CSV_COLUMNS: Record<string, Field> = {
  equipment_code: 'equipmentCode', 设备代码: 'equipmentCode',
  kind: 'kind', 检验类别: 'kind', 检验类型: 'kind',
  inspected_on: 'inspectedOn', 检验日期: 'inspectedOn',
  body: 'body', 检验机构: 'body',
  inspector: 'inspector', 检验人员: 'inspector', 检验员: 'inspector',
  result: 'result', 检验结论: 'result', 结论: 'result',
  report_no: 'reportNo', 报告编号: 'reportNo',
  next_due: 'nextDue', 下次检验日期: 'nextDue'
}
const REQUIRED: Field[] = ['equipmentCode', 'kind', 'inspectedOn', 'body', 'result', 'reportNo']
const KIND_NAMES: Record<string, InspectionKind> = { 定期检验: 'periodic', 定检: 'periodic', 自行检测: 'self_test', 自检: 'self_test', 验收检验: 'acceptance', 验收: 'acceptance' }
const RESULT_NAMES: Record<string, InspectionResult> = { 合格: 'pass', 不合格: 'fail', 复检合格: 'pass_after_retest' }

const ImportAnswer = Type.Object({
  imported: Type.Integer(), rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })), ignoredColumns: Type.Array(Type.String())
})

interface ImportDeps { inspections: InspectionStore, metrics: Metrics, today: () => string, sync: () => Promise<void> }

export async function registerInspectionImportRoute (app: ApiApp, deps: ImportDeps): Promise<void> {
  await app.register(async (context) => {
    context.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body))
    context.post('/api/inspections/import', {
      schema: {
        tags: ['inspection'],
        summary: 'Import inspection records from CSV (inspector, admin): good rows are stored, bad rows reported by line',
        description: 'Body: text/csv, UTF-8, first line a header. Columns (English or Chinese): equipment_code/设备代码, kind/检验类别 (periodic 定期检验, self_test 自行检测, acceptance 验收检验), inspected_on/检验日期, body/检验机构, inspector/检验人员, result/检验结论 (pass 合格, fail 不合格, pass_after_retest 复检合格), report_no/报告编号, next_due/下次检验日期.',
        response: { 200: ImportAnswer, ...errorResponses(400, 401, 403) }
      },
      onRequest: requireRole('admin', 'inspector')
    }, async (request) => {
      if (typeof request.body !== 'string') throw new HttpError(400, msg('registry.csv_as_text'))
      const locale = localeOf(request)
      const report = await importRecords(request.body, deps.inspections, deps.today(), request.user!.id, (problems) => renderAll(problems, locale))
      if (report.imported > 0) await deps.sync()
      deps.metrics.csvRowsRejected.inc(report.rejected)
      noteAudit(request, { action: 'inspection.import', detail: { imported: report.imported, rejected: report.rejected, bytes: Buffer.byteLength(request.body) } })
      return report
    })
  })
}

export async function importRecords (text: string, inspections: InspectionStore, today: string, actorId: number | null, say: (problems: Message[]) => string) {
  let records: Array<{ record: string[], info: { lines: number } }>
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never
  } catch (err) {
    throw new HttpError(400, msg('csv.unreadable', { detail: (err as Error).message }))
  }
  const [header, ...rows] = records
  if (header === undefined) throw new HttpError(400, msg('csv.empty'))
  const fields = header.record.map((h) => INSPECTION_CSV_COLUMNS[h.trim()] ?? INSPECTION_CSV_COLUMNS[h.trim().toLowerCase()] ?? null)
  const missing = REQUIRED.filter((f) => !fields.includes(f))
  if (missing.length > 0) {
    throw new HttpError(400, msg('inspection.csv_missing_columns', { fields: missing }), [{ line: 1, message: msg('csv.columns_found', { columns: header.record }) }])
  }
  const report = { imported: 0, rejected: 0, errors: [] as Array<{ line: number, message: string }>, ignoredColumns: header.record.filter((_, i) => fields[i] === null) }
  const fail = (line: number, problems: Message[]) => { report.rejected++; report.errors.push({ line, message: say(problems) }) }
  const seen = new Map<string, number>()

  for (const { record, info } of rows) {
    const line = info.lines
    if (record.length !== header.record.length) { fail(line, [msg('csv.field_count', { found: record.length, expected: header.record.length })]); continue }
    const v: Partial<Record<Field, string>> = {}
    fields.forEach((f, i) => { if (f !== null) v[f] = (record[i] ?? '').trim() })
    const empty = REQUIRED.filter((f) => (v[f] ?? '') === '').map((f) => msg('inspection.field_empty', { field: f }))
    if (empty.length > 0) { fail(line, empty); continue }
    const input = {
      equipmentCode: v.equipmentCode!, kind: KIND_NAMES[v.kind!] ?? v.kind!, inspectedOn: v.inspectedOn!, body: v.body!, inspector: v.inspector || null,
      result: RESULT_NAMES[v.result!] ?? v.result!, reportNo: v.reportNo!, nextDue: v.nextDue || null
    }
    const problems = checkRecord(input, today).map((p) => p.message)
    const earlier = seen.get(input.reportNo)
    if (earlier !== undefined) problems.push(msg('inspection.duplicate_report_in_file', { reportNo: input.reportNo, line: earlier }))
    if (problems.length > 0) { fail(line, problems); continue }
    seen.set(input.reportNo, line)
    try {
      await inspections.create({ ...input, kind: input.kind as InspectionKind, result: input.result as InspectionResult }, 'csv', actorId)
      report.imported++
    } catch (err) {
      if (!(err instanceof RecordRefused)) throw err
      fail(line, [err.reason === 'unknown_equipment' ? msg('inspection.unknown_equipment', { code: input.equipmentCode }) : msg('inspection.duplicate_report', { reportNo: input.reportNo })])
    }
  }
  return report
}

