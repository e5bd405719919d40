// CSV import of cylinders (a filling unit's cylinder register, 气瓶档案): every good line is registered,
// every bad one reported with its line number and reasons in the importer's language. Lines are
// registered a thousand at a time (an onboarding brings tens of thousands). As with the other imports,
// the text/csv parser lives in this route's own context and the role check runs before the body is read.
import { parse } from 'csv-parse/sync'
import { CSV_IMPORT_MAX_BYTES } from '../elevators/import-route.ts'
import { msg, renderAll, type Message } from '../platform/messages/message.ts'
import { HttpError, localeOf } from '../platform/http/errors.ts'
import { requireRole, type SessionUser } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import type { ApiApp } from '../platform/http/route-plugin.ts'
import type { Metrics } from '../platform/metrics.ts'
import { checkRegistration, type RegistrationInput } from './registration.ts'
import type { CylinderRegistry } from './registry-store.ts'
import type { FillingUnits } from './units-store.ts'
import { ImportAnswer } from './schemas.ts'
import './messages.ts'
import '../registry/messages.ts'

type Field = 'code' | 'registrationNo' | 'fillingUnit' | 'manufacturer' | 'serial' | 'volumeL' | 'medium' | 'nominalPressureMpa' |
  'manufacturedOn' | 'designLifeYears' | 'lastInspectedOn' | 'emptyMassKg' | 'capacityKg'

export const CYLINDER_CSV_COLUMNS: Record<string, Field> = {
  code: 'code', 气瓶编码: 'code', 气瓶编号: 'code',
  registration_no: 'registrationNo', 使用登记证编号: 'registrationNo', 登记证编号: 'registrationNo',
  filling_unit: 'fillingUnit', 充装单位: 'fillingUnit', 产权单位: 'fillingUnit',
  manufacturer: 'manufacturer', 制造单位: 'manufacturer',
  serial: 'serial', 出厂编号: 'serial',
  volume_l: 'volumeL', '容积(L)': 'volumeL', 容积: 'volumeL',
  medium: 'medium', 充装介质: 'medium', 介质: 'medium',
  nominal_pressure_mpa: 'nominalPressureMpa', '公称工作压力(MPa)': 'nominalPressureMpa', 公称工作压力: 'nominalPressureMpa',
  manufactured_on: 'manufacturedOn', 制造日期: 'manufacturedOn',
  design_life_years: 'designLifeYears', 设计使用年限: 'designLifeYears',
  last_inspected_on: 'lastInspectedOn', 上次检验日期: 'lastInspectedOn',
  empty_mass_kg: 'emptyMassKg', '皮重(kg)': 'emptyMassKg', 皮重: 'emptyMassKg',
  capacity_kg: 'capacityKg', '最大充装量(kg)': 'capacityKg', 最大充装量: 'capacityKg'
}
const REQUIRED: Field[] = ['code', 'manufacturer', 'serial', 'volumeL', 'medium', 'nominalPressureMpa', 'manufacturedOn']
const BATCH = 1000

interface ImportDeps { registry: CylinderRegistry, units: FillingUnits, metrics: Metrics, today: () => string }

export async function registerCylinderImportRoute (app: ApiApp, deps: ImportDeps): Promise<void> {
  await app.register(async (context) => {
    context.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body))
    context.post('/api/cylinders/import', {
      schema: {
        tags: ['cylinders'],
        summary: 'Import cylinders from CSV (admin, inspector, a filling unit for itself): good lines are registered, bad lines reported by line',
        description: 'Body: text/csv, UTF-8, first line a header. Columns (English or Chinese): code/气瓶编码, registration_no/使用登记证编号, filling_unit/充装单位 (name or id; a filling unit\'s own import may leave it out), manufacturer/制造单位, serial/出厂编号, volume_l/容积(L), medium/充装介质 (a code of the media table: LPG, CNG, O2, …), nominal_pressure_mpa/公称工作压力(MPa), manufactured_on/制造日期, design_life_years/设计使用年限, last_inspected_on/上次检验日期 (taken as passed), empty_mass_kg/皮重(kg), capacity_kg/最大充装量(kg). A code already registered (even scrapped) is refused: never reused.',
        response: { 200: ImportAnswer, ...errorResponses(400, 401, 403) }
      },
      onRequest: requireRole('admin', 'inspector', 'filling_unit')
    }, async (request) => {
      if (typeof request.body !== 'string') throw new HttpError(400, msg('registry.csv_as_text'))
      const locale = localeOf(request)
      const report = await importCylinders(request.body, deps, request.user!, (problems) => renderAll(problems, locale))
      deps.metrics.csvRowsRejected.inc(report.rejected)
      noteAudit(request, { action: 'cylinder.import', detail: { imported: report.imported, rejected: report.rejected, bytes: Buffer.byteLength(request.body) } })
      return report
    })
  })
}

const number = (text: string | undefined) => text === undefined || text === '' ? null : Number(text)

export async function importCylinders (text: string, deps: ImportDeps, user: SessionUser, say: (problems: Message[]) => string) {
  let records: Array<{ record: string[], info: { lines: number } }>
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never
  } catch (err) {
    throw new HttpError(400, msg('csv.unreadable', { detail: (err as Error).message }))
  }
  const [header, ...rows] = records
  if (header === undefined) throw new HttpError(400, msg('csv.empty'))
  const fields = header.record.map((h) => CYLINDER_CSV_COLUMNS[h.trim()] ?? CYLINDER_CSV_COLUMNS[h.trim().toLowerCase()] ?? null)
  const required = user.role === 'filling_unit' ? REQUIRED : [...REQUIRED, 'fillingUnit' as const]
  const missing = required.filter((f) => !fields.includes(f))
  if (missing.length > 0) {
    throw new HttpError(400, msg('cylinder.csv_missing_columns', { fields: missing }), [{ line: 1, message: msg('csv.columns_found', { columns: header.record }) as never }])
  }
  const report = { imported: 0, rejected: 0, errors: [] as Array<{ line: number, message: string }>, ignoredColumns: header.record.filter((_, i) => fields[i] === null) }
  const fail = (line: number, problems: Message[]) => { report.rejected++; report.errors.push({ line, message: say(problems) }) }

  const units = await deps.units.list({})
  const unitByKey = new Map<string, number>()
  for (const u of units) { unitByKey.set(u.name, u.id); unitByKey.set(String(u.id), u.id) }
  const media = new Set((await deps.registry.media()).map((m) => m.code))
  const today = deps.today()
  const seen = new Map<string, number>()
  let batch: Array<{ line: number, input: RegistrationInput }> = []

  const flush = async () => {
    if (batch.length === 0) return
    const { taken } = await deps.registry.register(batch.map((b) => b.input), { id: user.id, name: user.username })
    const refused = new Set(taken)
    for (const b of batch) {
      if (refused.has(b.input.code)) fail(b.line, [msg('cylinder.code_taken', { code: b.input.code })])
      else report.imported++
    }
    batch = []
  }

  for (const { record, info } of rows) {
    const line = info.lines
    if (record.length !== header.record.length) { fail(line, [msg('csv.field_count', { found: record.length, expected: header.record.length })]); continue }
    const v: Partial<Record<Field, string>> = {}
    fields.forEach((f, i) => { if (f !== null) v[f] = (record[i] ?? '').trim() })
    const empty = required.filter((f) => (v[f] ?? '') === '').map((f) => msg('cylinder.field_empty', { field: f }))
    if (empty.length > 0) { fail(line, empty); continue }
    const problems: Message[] = []
    let fillingUnitId = user.role === 'filling_unit' ? user.fillingUnitId! : 0
    if ((v.fillingUnit ?? '') !== '') {
      const id = unitByKey.get(v.fillingUnit!)
      if (id === undefined) problems.push(msg('cylinder.unknown_unit', { unit: v.fillingUnit! }))
      else if (user.role === 'filling_unit' && id !== user.fillingUnitId) problems.push(msg('cylinder.other_unit'))
      else fillingUnitId = id
    }
    const input: RegistrationInput = {
      code: v.code!, registrationNo: v.registrationNo || null, fillingUnitId, manufacturer: v.manufacturer!, serial: v.serial!,
      volumeL: number(v.volumeL)!, medium: v.medium!.toUpperCase(), nominalPressureMpa: number(v.nominalPressureMpa)!, manufacturedOn: v.manufacturedOn!,
      designLifeYears: number(v.designLifeYears), lastInspectedOn: v.lastInspectedOn || null, emptyMassKg: number(v.emptyMassKg), capacityKg: number(v.capacityKg)
    }
    problems.push(...checkRegistration(input, today, media).map((p) => p.message))
    const earlier = seen.get(input.code)
    if (earlier !== undefined) problems.push(msg('cylinder.duplicate_in_file', { code: input.code, line: earlier }))
    if (problems.length > 0) { fail(line, problems); continue }
    seen.set(input.code, line)
    batch.push({ line, input })
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  report.errors.sort((a, b) => a.line - b.line)
  return report
}
