// Fault 9: who may do what. Every operation of the OpenAPI document is tried by every role and by nobody,
// with a valid request, against the table below — written down here, not read from the code, so that a
// route whose guard changes, or a new route nobody put in the table, fails this test. Then the scoped roles
// (a maintenance firm, a use unit) read lifts, alerts and rescue cases of others, and must see none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_PASSWORD, createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { reportScenario } from './support/report.ts'
import { apiClient, type ApiClient } from './support/api.ts'

type Role = 'admin' | 'dispatcher' | 'maintainer' | 'inspector' | 'use_unit'
type Identity = Role | 'anonymous'
const IDENTITIES: Identity[] = ['anonymous', 'use_unit', 'inspector', 'maintainer', 'dispatcher', 'admin']

/** Who may call each operation: 'public' (anyone, signed in or not), 'signed-in' (any role), or the roles. */
type Access = 'public' | 'signed-in' | Role[]
const DESK: Role[] = ['admin', 'dispatcher']
const OPERATORS: Role[] = ['admin', 'dispatcher', 'inspector']
const ADMIN: Role[] = ['admin']
export const ACCESS: Record<string, Access> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'signed-in',
  'GET /api/auth/me': 'signed-in',
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/{id}': ADMIN,
  'GET /api/districts': 'signed-in',
  'POST /api/districts': ADMIN,
  'PUT /api/districts/{id}': ADMIN,
  'GET /api/use-units': 'signed-in',
  'POST /api/use-units': ADMIN,
  'GET /api/use-units/{id}': 'signed-in',
  'PUT /api/use-units/{id}': ADMIN,
  'GET /api/maintenance-firms': 'signed-in',
  'POST /api/maintenance-firms': ADMIN,
  'PUT /api/maintenance-firms/{id}': ADMIN,
  'GET /api/elevators': 'signed-in',
  'GET /api/elevators/{code}': 'signed-in',
  'PUT /api/elevators/{code}': ADMIN,
  'DELETE /api/elevators/{code}': ADMIN,
  'POST /api/elevators/import': ADMIN,
  'GET /api/elevators/{code}/state': 'signed-in',
  'GET /api/elevators/{code}/history': 'signed-in',
  'GET /api/gateways': OPERATORS,
  'POST /api/gateways': ADMIN,
  'PATCH /api/gateways/{id}': ADMIN,
  'DELETE /api/gateways/{id}': ADMIN,
  'POST /api/gateways/{id}/rotate-secret': ADMIN,
  'GET /api/gateways/{id}/rejections': OPERATORS,
  'POST /api/live/ticket': 'signed-in',
  // Opened with a single-use ticket (EventSource sends no header): nobody has one, so nobody gets a stream.
  'GET /api/live': 'signed-in',
  'GET /api/health': 'public',
  'GET /health': 'public',
  'GET /metrics': 'public',
  'GET /api/alerts': 'signed-in',
  'GET /api/alerts/{id}': 'signed-in',
  'POST /api/alerts/{id}/acknowledge': DESK,
  'POST /api/alerts/{id}/assign': DESK,
  'POST /api/alerts/{id}/close': DESK,
  'POST /api/alerts/{id}/comments': DESK,
  'GET /api/rescues': ['admin', 'dispatcher', 'maintainer'],
  'POST /api/rescues': DESK,
  'GET /api/rescues/{id}': ['admin', 'dispatcher', 'maintainer'],
  'POST /api/rescues/{id}/actions': ['admin', 'dispatcher', 'maintainer'],
  'GET /api/figures/rescue': OPERATORS,
  'GET /api/elevators/{code}/inspections': 'signed-in',
  'POST /api/inspections': ['admin', 'inspector'],
  'GET /api/inspections/lifts': 'signed-in',
  'GET /api/incidents': 'signed-in',
  'POST /api/incidents': ['admin', 'inspector'],
  'GET /api/figures/inspection': 'signed-in',
  'POST /api/inspections/import': ['admin', 'inspector'],
  'POST /api/spot-checks': ['admin', 'inspector'],
  'GET /api/spot-checks': ['admin', 'inspector'],
  'GET /api/spot-checks/{id}': ['admin', 'inspector'],
  'PUT /api/spot-checks/{id}/items/{itemId}': ['admin', 'inspector'],
  'GET /api/public/spot-checks': 'public',
  'GET /api/cylinders': ['admin', 'dispatcher', 'inspector'],
  'POST /api/cylinders': ['admin', 'inspector'],
  'GET /api/cylinders/{code}': ['admin', 'dispatcher', 'inspector'],
  'GET /api/cylinders/{code}/timeline': ['admin', 'dispatcher', 'inspector'],
  'POST /api/cylinders/{code}/inspections': ['admin', 'inspector'],
  'POST /api/cylinders/{code}/transfer': ADMIN,
  'POST /api/cylinders/{code}/scrap': ['admin', 'inspector'],
  'POST /api/cylinders/import': ['admin', 'inspector'],
  'GET /api/cylinder-media': ['admin', 'dispatcher', 'inspector'],
  'PUT /api/cylinder-media': ADMIN,
  'GET /api/filling-units': ['admin', 'dispatcher', 'inspector'],
  'POST /api/filling-units': ADMIN,
  'GET /api/filling-units/{id}': ['admin', 'dispatcher', 'inspector'],
  'POST /api/filling-units/{id}/stations': ADMIN,
  'GET /api/filling-units/{id}/today': ['admin', 'dispatcher', 'inspector'],
  'GET /api/figures/cylinders': ['admin', 'dispatcher', 'inspector'],
  'GET /api/cylinder-alerts': ['admin', 'dispatcher', 'inspector'],
  'POST /api/cylinder-alerts/{id}/close': ['admin', 'inspector'],
  'GET /api/public/cylinders/{code}': 'public',
  'POST /api/dangers': ['admin', 'inspector'],
  'POST /api/inspections/notices': ['admin', 'inspector'],
  'GET /api/inspections/notices': 'signed-in',
  'POST /api/inspections/notices/{id}/acknowledge': ['admin', 'use_unit'],
  'GET /api/dangers': 'signed-in',
  'GET /api/figures/dangers': 'signed-in',
  'GET /api/dangers/{id}': 'signed-in',
  'POST /api/dangers/{id}/{step}': ['admin', 'inspector'],
  'GET /api/dangers/photos/{id}': 'signed-in',
  'POST /api/dangers/{id}/photos': ['admin', 'use_unit'],
  'GET /api/webhooks': ADMIN,
  'POST /api/webhooks': ADMIN,
  'PATCH /api/webhooks/{id}': ADMIN,
  'DELETE /api/webhooks/{id}': ADMIN,
  'GET /api/webhooks/{id}/deliveries': ADMIN,
  'GET /api/audit': ADMIN,
  'GET /api/maintenance/checklists': 'signed-in',
  'GET /api/maintenance/checklists/{id}': 'signed-in',
  'POST /api/maintenance/checklists': ADMIN,
  'GET /api/maintenance/due': 'signed-in',
  'POST /api/maintenance/visits': ['maintainer'],
  'GET /api/maintenance/visits/{id}': 'signed-in',
  'PATCH /api/maintenance/visits/{id}': ['maintainer'],
  'POST /api/maintenance/visits/{id}/submit': ['maintainer'],
  'POST /api/maintenance/visits/{id}/confirm': ['use_unit'],
  'GET /api/elevators/{code}/maintenance': 'signed-in',
  'GET /api/maintenance/chain': 'signed-in',
  'GET /api/figures/maintenance': OPERATORS,
  'POST /api/maintenance/visits/{id}/photos': ['maintainer'],
  'DELETE /api/maintenance/visits/{id}/photos/{photoId}': ['maintainer'],
  'GET /api/maintenance/photos/{id}': 'signed-in'
}

const allowed = (access: Access, who: Identity) => access === 'public' || (who !== 'anonymous' && (access === 'signed-in' || access.includes(who)))

let service: TestService
let api: ApiClient
const tokens = {} as Record<Identity, string | null>
/** A second session per role, for POST /api/auth/logout (the first one stays signed in). */
const spare = {} as Record<Identity, string | null>
let world: Awaited<ReturnType<typeof buildWorld>>

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase() })
  api = apiClient(service.httpUrl)
  world = await buildWorld()
})
afterAll(async () => {
  await service?.stop()
})

const PASSWORD = 'role-table-password'
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46])
const SIGNATURE = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64')}`
const elevatorBody = (districtId: number, useUnitId: number, firmId: number | null, n: number) => ({
  rescueId: String(700000 + n), kind: 'traction', address: `西宁市城西区${n}号`, districtId, useUnitId, maintenanceFirmId: firmId, building: null, floors: 10, publicPlace: false
})

/**
 * Two firms (A, B) and two use units (U1, U2) with one lift for each pair, an alert and a rescue case per
 * lift (A's cases dispatched to A, B's to B), a user per role (and per firm and use unit), and things the
 * admin may delete or change.
 */
async function buildWorld () {
  const admin = await api.login('admin', ADMIN_PASSWORD)
  const district = await api.ok('POST', '/api/districts', admin, { code: 'RT', name: '角色区', arrivalLimitMin: 30 })
  const u1 = await api.ok('POST', '/api/use-units', admin, { name: '使用单位一', contact: '张三', phone: '0971-1111111' })
  const u2 = await api.ok('POST', '/api/use-units', admin, { name: '使用单位二', contact: '李四', phone: '0971-2222222' })
  const firmA = await api.ok('POST', '/api/maintenance-firms', admin, { name: '维保甲' })
  const firmB = await api.ok('POST', '/api/maintenance-firms', admin, { name: '维保乙' })
  const lifts = { 'R-A1': [firmA.id, u1.id], 'R-B1': [firmB.id, u1.id], 'R-A2': [firmA.id, u2.id], 'R-B2': [firmB.id, u2.id] } as const
  let n = 0
  for (const [code, [firm, unit]] of Object.entries(lifts)) await api.ok('PUT', `/api/elevators/${code}`, admin, elevatorBody(district.id, unit, firm, n++))
  for (const code of ['R-DEL', 'R-PUT']) await api.ok('PUT', `/api/elevators/${code}`, admin, elevatorBody(district.id, u1.id, null, n++))
  for (const id of ['gw-rt', 'gw-rt-patch', 'gw-rt-rotate', 'gw-rt-delete']) await api.ok('POST', '/api/gateways', admin, { id, equipmentCodes: id === 'gw-rt' ? ['R-A1'] : [] })
  const alerts: Record<string, number> = {}
  for (const code of Object.keys(lifts)) alerts[code] = (await service.alerts.raise({ equipmentCode: code, type: 'fault.02', severity: 'minor', at: Date.now() }))!.id
  const cases: Record<string, number> = {}
  for (const [i, code] of Object.keys(lifts).entries()) {
    const c = await api.ok('POST', '/api/rescues', admin, { rescueId: String(700000 + i) })
    await api.ok('POST', `/api/rescues/${c.id}/actions`, admin, { action: 'dispatch', firmId: lifts[code as keyof typeof lifts][0] })
    cases[code] = c.id
  }
  const users: Record<string, { id: number, username: string }> = {}
  const makeUser = async (username: string, role: Role, extra: object = {}) => { users[username] = await api.ok('POST', '/api/users', admin, { username, password: PASSWORD, role, ...extra }) }
  await makeUser('rt-dispatcher', 'dispatcher')
  await makeUser('rt-inspector', 'inspector')
  await makeUser('rt-maint-a', 'maintainer', { maintenanceFirmId: firmA.id })
  await makeUser('rt-maint-b', 'maintainer', { maintenanceFirmId: firmB.id })
  await makeUser('rt-unit-1', 'use_unit', { useUnitId: u1.id })
  await makeUser('rt-unit-2', 'use_unit', { useUnitId: u2.id })
  await makeUser('rt-patch-me', 'inspector')
  const webhook = await api.ok('POST', '/api/webhooks', admin, { url: 'http://127.0.0.1:9/hook', secret: 'a-webhook-secret-of-16+' })
  const webhookToDelete = await api.ok('POST', '/api/webhooks', admin, { url: 'http://127.0.0.1:9/other', secret: 'a-webhook-secret-of-16+' })
  const usernames: Record<Identity, string | null> = { anonymous: null, admin: 'admin', dispatcher: 'rt-dispatcher', inspector: 'rt-inspector', maintainer: 'rt-maint-a', use_unit: 'rt-unit-1' }
  for (const who of IDENTITIES) {
    const name = usernames[who]
    tokens[who] = name === null ? null : await api.login(name, name === 'admin' ? ADMIN_PASSWORD : PASSWORD)
    spare[who] = name === null ? null : await api.login(name, name === 'admin' ? ADMIN_PASSWORD : PASSWORD)
  }
  // A visit of firm A on R-A1 (use unit 1) in progress, with a photo.
  const maintA = await api.login('rt-maint-a', PASSWORD)
  const visit = await api.ok('POST', '/api/maintenance/visits', maintA, { equipmentCode: 'R-A1' })
  const photo = await (await fetch(`${service.httpUrl}/api/maintenance/visits/${visit.id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${maintA}`, 'content-type': 'image/jpeg' }, body: JPEG })).json() as { id: number }
  const checklist = (await api.ok('GET', '/api/maintenance/checklists', admin))[0] as { id: number }
  const spotCheck = await api.ok('POST', '/api/spot-checks', admin, { title: '角色抽查', sampleSize: 3 }) as { plan: { id: number }, items: Array<{ id: number }> }
  const danger = await api.ok('POST', '/api/dangers', admin, { equipmentCode: 'R-A1', source: 'report', level: 'general', description: '底坑积水', measure: '排水', deadline: '2099-01-01' }) as { id: number }
  const dangerPhoto = await (await fetch(`${service.httpUrl}/api/dangers/${danger.id}/photos`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'image/jpeg' }, body: JPEG })).json() as { id: number }
  // Overdue by its registered dates (no record, so no alert until the next scan): a lift to send notices about.
  await api.ok('PUT', '/api/elevators/R-NOTICE', admin, { ...elevatorBody(district.id, u1.id, firmA.id, n++), lastInspectionDate: '2020-01-01', nextInspectionDate: '2021-01-01' })
  const notice = (await api.ok('POST', '/api/inspections/notices', admin, { equipmentCodes: ['R-NOTICE'] }) as { sent: Array<{ id: number }> }).sent[0]!
  const fillingUnit = await api.ok('POST', '/api/filling-units', admin, { name: '角色充装站', licenseNo: 'TS-RT-1', districtId: district.id }) as { id: number }
  const otherUnit = await api.ok('POST', '/api/filling-units', admin, { name: '另一充装站', licenseNo: 'TS-RT-2', districtId: district.id }) as { id: number }
  const cylinder = (code: string) => ({ code, fillingUnitId: fillingUnit.id, manufacturer: '某钢瓶厂', serial: code, volumeL: 35.5, medium: 'LPG', nominalPressureMpa: 2.1, manufacturedOn: '2022-03-01' })
  for (const code of ['RT-CYL-1', 'RT-CYL-2']) await api.ok('POST', '/api/cylinders', admin, cylinder(code))
  const media = await api.ok('GET', '/api/cylinder-media', admin) as unknown[]
  return { district, u1, u2, firmA, firmB, lifts, alerts, cases, users, webhook, webhookToDelete, visit, photo, checklist, spotCheck, danger, dangerPhoto, notice, fillingUnit, otherUnit, cylinder, media }
}

/** A valid request for each operation (path, body); `n` makes created names unique per try. */
function requestFor (operation: string, n: number): { path: string, body?: unknown, contentType?: string } {
  const w = world
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString()
  const table: Record<string, () => { path: string, body?: unknown, contentType?: string }> = {
    'POST /api/auth/login': () => ({ path: '/api/auth/login', body: { username: 'admin', password: ADMIN_PASSWORD } }),
    'POST /api/users': () => ({ path: '/api/users', body: { username: `rt-new-${n}`, password: PASSWORD, role: 'inspector' } }),
    'PATCH /api/users/{id}': () => ({ path: `/api/users/${w.users['rt-patch-me']!.id}`, body: { displayName: `改名 ${n}` } }),
    'POST /api/districts': () => ({ path: '/api/districts', body: { code: `RT${n}`, name: `区 ${n}`, arrivalLimitMin: 30 } }),
    'PUT /api/districts/{id}': () => ({ path: `/api/districts/${w.district.id}`, body: { code: 'RT', name: '角色区', arrivalLimitMin: 30 } }),
    'POST /api/use-units': () => ({ path: '/api/use-units', body: { name: `单位 ${n}` } }),
    'GET /api/use-units/{id}': () => ({ path: `/api/use-units/${w.u1.id}` }),
    'PUT /api/use-units/{id}': () => ({ path: `/api/use-units/${w.u1.id}`, body: { name: '使用单位一', contact: '张三', phone: '0971-1111111' } }),
    'POST /api/maintenance-firms': () => ({ path: '/api/maintenance-firms', body: { name: `维保 ${n}` } }),
    'PUT /api/maintenance-firms/{id}': () => ({ path: `/api/maintenance-firms/${w.firmA.id}`, body: { name: '维保甲' } }),
    'GET /api/elevators/{code}': () => ({ path: '/api/elevators/R-A1' }),
    'PUT /api/elevators/{code}': () => ({ path: '/api/elevators/R-PUT', body: elevatorBody(w.district.id, w.u1.id, null, 99) }),
    'DELETE /api/elevators/{code}': () => ({ path: '/api/elevators/R-DEL' }),
    'POST /api/elevators/import': () => ({ path: '/api/elevators/import', contentType: 'text/csv', body: `equipment_code,rescue_id,kind,address,district,use_unit\nR-CSV-${n},${800000 + n},traction,西宁市,RT,使用单位一\n` }),
    'GET /api/elevators/{code}/state': () => ({ path: '/api/elevators/R-A1/state' }),
    'GET /api/elevators/{code}/history': () => ({ path: `/api/elevators/R-A1/history?from=${encodeURIComponent(day(-1))}` }),
    'POST /api/gateways': () => ({ path: '/api/gateways', body: { id: `gw-rt-new-${n}`, equipmentCodes: [] } }),
    'PATCH /api/gateways/{id}': () => ({ path: '/api/gateways/gw-rt-patch', body: { name: `网关 ${n}` } }),
    'DELETE /api/gateways/{id}': () => ({ path: '/api/gateways/gw-rt-delete' }),
    'POST /api/gateways/{id}/rotate-secret': () => ({ path: '/api/gateways/gw-rt-rotate/rotate-secret' }),
    'GET /api/gateways/{id}/rejections': () => ({ path: '/api/gateways/gw-rt/rejections' }),
    'GET /api/alerts/{id}': () => ({ path: `/api/alerts/${w.alerts['R-A1']}` }),
    'POST /api/alerts/{id}/acknowledge': () => ({ path: `/api/alerts/${w.alerts['R-A1']}/acknowledge`, body: {} }),
    'POST /api/alerts/{id}/assign': () => ({ path: `/api/alerts/${w.alerts['R-A1']}/assign`, body: { maintenanceFirmId: w.firmA.id } }),
    'POST /api/alerts/{id}/close': () => ({ path: `/api/alerts/${w.alerts['R-B2']}/close`, body: {} }),
    'POST /api/alerts/{id}/comments': () => ({ path: `/api/alerts/${w.alerts['R-A1']}/comments`, body: { comment: `备注 ${n}` } }),
    'POST /api/rescues': () => ({ path: '/api/rescues', body: { rescueId: '700003' } }),
    'GET /api/rescues/{id}': () => ({ path: `/api/rescues/${w.cases['R-A1']}` }),
    'POST /api/rescues/{id}/actions': () => ({ path: `/api/rescues/${w.cases['R-A1']}/actions`, body: { action: 'accept' } }),
    'GET /api/figures/rescue': () => ({ path: `/api/figures/rescue?from=${encodeURIComponent(day(-30))}&to=${encodeURIComponent(day(1))}` }),
    'GET /api/elevators/{code}/inspections': () => ({ path: '/api/elevators/R-A1/inspections' }),
    'POST /api/inspections': () => ({ path: '/api/inspections', body: { equipmentCode: 'R-A1', kind: 'periodic', inspectedOn: day(-3).slice(0, 10), body: '检验院', result: 'pass', reportNo: `RT-${n}`, nextDue: day(360).slice(0, 10) } }),
    'POST /api/incidents': () => ({ path: '/api/incidents', body: { equipmentCode: 'R-A1', kind: 'incident', occurredOn: day(-3).slice(0, 10), source: 'report' } }),
    'POST /api/inspections/import': () => ({ path: '/api/inspections/import', contentType: 'text/csv', body: `equipment_code,kind,inspected_on,body,result,report_no,next_due\nR-A1,periodic,${day(-3).slice(0, 10)},检验院,pass,RT-CSV-${n},${day(360).slice(0, 10)}\n` }),
    'POST /api/webhooks': () => ({ path: '/api/webhooks', body: { url: `http://127.0.0.1:9/hook-${n}`, secret: 'a-webhook-secret-of-16+' } }),
    'PATCH /api/webhooks/{id}': () => ({ path: `/api/webhooks/${w.webhook.id}`, body: { enabled: n % 2 === 0 } }),
    'DELETE /api/webhooks/{id}': () => ({ path: `/api/webhooks/${w.webhookToDelete.id}` }),
    'GET /api/webhooks/{id}/deliveries': () => ({ path: `/api/webhooks/${w.webhook.id}/deliveries` }),
    'GET /api/maintenance/checklists/{id}': () => ({ path: `/api/maintenance/checklists/${w.checklist.id}` }),
    'POST /api/maintenance/checklists': () => ({ path: '/api/maintenance/checklists', body: { annex: 'D', title: `版本 ${n}`, items: [{ code: 'D1-01', interval: 'half_monthly', item: '电器部件', requirement: '清洁，接线紧固' }] } }),
    'POST /api/maintenance/visits': () => ({ path: '/api/maintenance/visits', body: { equipmentCode: 'R-A2' } }),
    'GET /api/maintenance/visits/{id}': () => ({ path: `/api/maintenance/visits/${w.visit.id}` }),
    'PATCH /api/maintenance/visits/{id}': () => ({ path: `/api/maintenance/visits/${w.visit.id}`, body: { results: { 'A1-01': { result: 'pass' } } } }),
    'POST /api/maintenance/visits/{id}/submit': () => ({ path: `/api/maintenance/visits/${w.visit.id}/submit`, body: {} }),
    'POST /api/maintenance/visits/{id}/confirm': () => ({ path: `/api/maintenance/visits/${w.visit.id}/confirm`, body: { name: '安全管理员', signature: SIGNATURE } }),
    'GET /api/elevators/{code}/maintenance': () => ({ path: '/api/elevators/R-A1/maintenance' }),
    'GET /api/maintenance/chain': () => ({ path: '/api/maintenance/chain?equipmentCode=R-A1' }),
    'POST /api/maintenance/visits/{id}/photos': () => ({ path: `/api/maintenance/visits/${w.visit.id}/photos`, contentType: 'image/jpeg', body: JPEG }),
    'DELETE /api/maintenance/visits/{id}/photos/{photoId}': () => ({ path: `/api/maintenance/visits/${w.visit.id}/photos/${w.photo.id}` }),
    'GET /api/maintenance/photos/{id}': () => ({ path: `/api/maintenance/photos/${w.photo.id}` }),
    'POST /api/spot-checks': () => ({ path: '/api/spot-checks', body: { title: `抽查 ${n}`, sampleSize: 2 } }),
    'GET /api/spot-checks/{id}': () => ({ path: `/api/spot-checks/${w.spotCheck.plan.id}` }),
    'POST /api/inspections/notices': () => ({ path: '/api/inspections/notices', body: { equipmentCodes: ['R-NOTICE'] } }),
    'POST /api/inspections/notices/{id}/acknowledge': () => ({ path: `/api/inspections/notices/${w.notice.id}/acknowledge` }),
    'POST /api/dangers': () => ({ path: '/api/dangers', body: { equipmentCode: 'R-A1', source: 'report', level: 'general', description: `隐患 ${n}`, measure: '整改', deadline: '2099-01-01' } }),
    'POST /api/cylinders': () => ({ path: '/api/cylinders', body: w.cylinder(`RT-NEW-${n}`) }),
    'GET /api/cylinders/{code}': () => ({ path: '/api/cylinders/RT-CYL-1' }),
    'GET /api/cylinders/{code}/timeline': () => ({ path: '/api/cylinders/RT-CYL-1/timeline' }),
    'POST /api/cylinders/{code}/inspections': () => ({ path: '/api/cylinders/RT-CYL-1/inspections', body: { on: '2026-01-05', result: 'pass' } }),
    'POST /api/cylinders/{code}/transfer': () => ({ path: '/api/cylinders/RT-CYL-1/transfer', body: { toFillingUnitId: n % 2 === 0 ? w.otherUnit.id : w.fillingUnit.id } }),
    'POST /api/cylinders/{code}/scrap': () => ({ path: '/api/cylinders/RT-CYL-2/scrap', body: { on: '2026-01-05', reason: '腐蚀严重' } }),
    'POST /api/cylinders/import': () => ({ path: '/api/cylinders/import', contentType: 'text/csv', body: `code,filling_unit,manufacturer,serial,volume_l,medium,nominal_pressure_mpa,manufactured_on\nRT-CSV-${n},角色充装站,某钢瓶厂,S${n},35.5,LPG,2.1,2022-03-01\n` }),
    'PUT /api/cylinder-media': () => ({ path: '/api/cylinder-media', body: w.media }),
    'POST /api/filling-units': () => ({ path: '/api/filling-units', body: { name: `充装单位 ${n}`, licenseNo: `TS-${n}`, districtId: w.district.id } }),
    'GET /api/filling-units/{id}': () => ({ path: `/api/filling-units/${w.fillingUnit.id}` }),
    'POST /api/filling-units/{id}/stations': () => ({ path: `/api/filling-units/${w.fillingUnit.id}/stations`, body: { code: `RTS${n}`, name: `充装台 ${n}` } }),
    'GET /api/filling-units/{id}/today': () => ({ path: `/api/filling-units/${w.fillingUnit.id}/today` }),
    'POST /api/cylinder-alerts/{id}/close': () => ({ path: '/api/cylinder-alerts/999999/close', body: {} }),
    'GET /api/public/cylinders/{code}': () => ({ path: '/api/public/cylinders/RT-CYL-1' }),
    'GET /api/figures/dangers': () => ({ path: '/api/figures/dangers?from=2026-01-01&to=2026-12-31' }),
    'GET /api/dangers/{id}': () => ({ path: `/api/dangers/${w.danger.id}` }),
    'POST /api/dangers/{id}/{step}': () => ({ path: `/api/dangers/${w.danger.id}/accept`, body: {} }),
    'GET /api/dangers/photos/{id}': () => ({ path: `/api/dangers/photos/${w.dangerPhoto.id}` }),
    'POST /api/dangers/{id}/photos': () => ({ path: `/api/dangers/${w.danger.id}/photos`, contentType: 'image/jpeg', body: JPEG }),
    'PUT /api/spot-checks/{id}/items/{itemId}': () => ({ path: `/api/spot-checks/${w.spotCheck.plan.id}/items/${w.spotCheck.items[n % w.spotCheck.items.length]!.id}`, body: { result: 'pass', checkedOn: day(0).slice(0, 10) } })
  }
  const path = operation.slice(operation.indexOf(' ') + 1)
  return table[operation]?.() ?? { path }
}

/** The live stream's request with a ticket of this caller's session; nobody has only a made-up one. */
async function withTicket (request: { path: string }, token: string | null): Promise<{ path: string, body?: unknown, contentType?: string }> {
  if (token === null) return { path: `${request.path}?ticket=made-up` }
  const { ticket } = (await api.call('POST', '/api/live/ticket', { token })).json as { ticket: string }
  return { path: `${request.path}?ticket=${encodeURIComponent(ticket)}` }
}

async function call (method: string, path: string, token: string | null, body?: unknown, contentType?: string) {
  const headers: Record<string, string> = { 'accept-language': 'en' }
  if (token !== null) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = contentType ?? 'application/json'
  const response = await fetch(`${service.httpUrl}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body) })
  // A live stream that opened stays open: its headers are the answer.
  const text = response.headers.get('content-type')?.startsWith('text/event-stream') === true ? (await response.body?.cancel(), '') : await response.text()
  let json: any = null
  try { json = JSON.parse(text) } catch {}
  return { status: response.status, code: json?.code as string | undefined }
}

describe('fault: every route tried with every role', () => {
  it('answers as the access table says: 401 for nobody, 403 for a role without the right, never a refusal for one with it', async () => {
    const report = reportScenario({
      id: 'roles-routes',
      title: 'Every route × every role',
      proves: 'Each operation of the OpenAPI document, called with a valid request by an admin, a dispatcher, a maintenance firm, an inspector, a use unit and an anonymous caller, is refused (401 `auth.sign_in_first`, 403 `auth.role_forbidden`) exactly where the access table in the test says so and served (never a 5xx) everywhere else; a route missing from the table fails the test.'
    })
    const doc = (await api.call('GET', '/docs/json')).json as { paths: Record<string, Record<string, unknown>> }
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    expect(operations.filter((o) => ACCESS[o] === undefined), 'operations without a row in the access table').toEqual([])
    expect(Object.keys(ACCESS).filter((o) => !operations.includes(o)), 'rows for operations the service no longer has').toEqual([])

    const wrong: string[] = []
    let unauthorised = 0
    let wronglyRefused = 0
    let n = 0
    // Logout last: it ends the spare sessions only, but keep the order plain.
    for (const operation of [...operations.filter((o) => o !== 'POST /api/auth/logout'), 'POST /api/auth/logout']) {
      const method = operation.slice(0, operation.indexOf(' '))
      const access = ACCESS[operation]!
      for (const who of IDENTITIES) {
        const request = requestFor(operation, n++)
        const token = operation === 'POST /api/auth/logout' ? spare[who]! : tokens[who]!
        const { path, body, contentType } = operation === 'GET /api/live' ? await withTicket(request, token) : request
        const answer = await call(method, path, token, body, contentType)
        const refused = answer.code === 'auth.sign_in_first' || answer.code === 'auth.role_forbidden' || answer.code === 'live.ticket_invalid'
        if (allowed(access, who)) {
          if (refused || answer.status >= 500) { wrong.push(`${who} ${operation}: expected to be served, got ${answer.status} ${answer.code}`); if (refused) wronglyRefused++ }
        } else {
          const expected = who === 'anonymous' ? 401 : 403
          if (answer.status !== expected || !refused) { wrong.push(`${who} ${operation}: expected ${expected}, got ${answer.status} ${answer.code}`); unauthorised++ }
        }
      }
    }
    Object.assign(report.figures, { operations: operations.length, identities: IDENTITIES.length, checks: operations.length * IDENTITIES.length, unauthorised, wronglyRefused })
    expect(wrong).toEqual([])
  })

  it('never shows a maintenance firm or a use unit another one\'s lifts, alerts or rescue cases', async () => {
    const report = reportScenario({
      id: 'scoped-reads',
      title: 'Scoped roles read only their own',
      proves: 'Two maintenance firms and two use units, each with its lifts, alerts and rescue cases: a firm\'s and a use unit\'s user listing or opening lifts, their state and history, alerts and rescue cases sees exactly its own — lists hold nothing of another\'s, and another\'s records answer 404 (or 403 where the role has no access at all) — and cannot act on another firm\'s case.'
    })
    const { lifts, alerts, cases, firmA, firmB, u1, u2 } = world
    // Every lift as the admin sees it (the table above added some): whose firm and use unit it is.
    const all = new Map<string, { firm: number | null, unit: number }>(((await api.call('GET', '/api/elevators?limit=500', { token: tokens.admin })).json.items as Array<{ equipmentCode: string, maintenanceFirmId: number | null, useUnitId: number }>)
      .map((e) => [e.equipmentCode, { firm: e.maintenanceFirmId, unit: e.useUnitId }]))
    const viewers = [
      { username: 'rt-maint-a', sees: (code: string) => all.get(code)?.firm === firmA.id, rescues: true },
      { username: 'rt-maint-b', sees: (code: string) => all.get(code)?.firm === firmB.id, rescues: true },
      { username: 'rt-unit-1', sees: (code: string) => all.get(code)?.unit === u1.id, rescues: false },
      { username: 'rt-unit-2', sees: (code: string) => all.get(code)?.unit === u2.id, rescues: false }
    ]
    let reads = 0
    let unauthorised = 0
    const wrong: string[] = []
    const check = (ok: boolean, what: string) => { reads++; if (!ok) { unauthorised++; wrong.push(what) } }
    for (const viewer of viewers) {
      const token = await api.login(viewer.username, PASSWORD)
      const get = (path: string) => api.call('GET', path, { token })
      const listed: string[] = (await get('/api/elevators?limit=500')).json.items.map((e: { equipmentCode: string }) => e.equipmentCode)
      const mine = [...all.keys()].filter(viewer.sees)
      // Alerts and rescue cases exist for the four lifts of the world.
      const mineWithCases = Object.keys(lifts).filter(viewer.sees)
      check(JSON.stringify([...listed].sort()) === JSON.stringify([...mine].sort()), `${viewer.username} lists lifts ${listed} (own: ${mine})`)
      for (const code of Object.keys(lifts)) {
        const own = viewer.sees(code)
        for (const path of [`/api/elevators/${code}`, `/api/elevators/${code}/history?from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`]) {
          const status = (await get(path)).status
          check(own ? status === 200 : status === 404, `${viewer.username} GET ${path}: ${status}`)
        }
        // No state was reported: "not reported" for its own lift, "not in scope" for another's — never its state.
        const state = await get(`/api/elevators/${code}/state`)
        check(state.status === 404 && state.json.code === (own ? 'elevator.not_reported' : 'elevator.not_in_scope'), `${viewer.username} GET state of ${code}: ${state.status} ${state.json?.code}`)
        const alert = await get(`/api/alerts/${alerts[code]}`)
        check(own ? alert.status === 200 : alert.status === 404, `${viewer.username} GET alert of ${code}: ${alert.status}`)
        const rescue = await get(`/api/rescues/${cases[code]}`)
        check(viewer.rescues ? (own ? rescue.status === 200 : rescue.status === 404) : rescue.status === 403, `${viewer.username} GET rescue of ${code}: ${rescue.status}`)
      }
      // Every alert listed is of an own lift; of the world's alerts (one fault each), exactly the own ones. (Other
      // alerts exist too: the inspection scan the CSV import runs raises them for the overdue lift of the notices.)
      const alertItems: Array<{ equipmentCode: string, type: string }> = (await get('/api/alerts?limit=500')).json.items
      const listedAlerts = alertItems.map((a) => a.equipmentCode)
      const worldAlerts = alertItems.filter((a) => a.type === 'fault.02').map((a) => a.equipmentCode)
      check(worldAlerts.length === mineWithCases.length && listedAlerts.every(viewer.sees), `${viewer.username} lists alerts of ${listedAlerts}`)
      const rescues = await get('/api/rescues?limit=500')
      if (viewer.rescues) {
        const codes: string[] = rescues.json.items.map((c: { equipmentCode: string }) => c.equipmentCode)
        check(codes.length === mineWithCases.length && codes.every(viewer.sees), `${viewer.username} lists rescue cases of ${codes}`)
        // Acting on another firm's case is refused and changes nothing.
        for (const code of Object.keys(lifts).filter((c) => !viewer.sees(c))) {
          const before = (await api.call('GET', `/api/rescues/${cases[code]}`, { token: tokens.admin })).json.case.status
          const act = await api.call('POST', `/api/rescues/${cases[code]}/actions`, { token, body: { action: 'accept' } })
          const after = (await api.call('GET', `/api/rescues/${cases[code]}`, { token: tokens.admin })).json.case.status
          check(act.status >= 400 && act.status < 500 && before === after, `${viewer.username} accepts ${code}'s case: ${act.status}, ${before} → ${after}`)
        }
      } else {
        check(rescues.status === 403, `${viewer.username} lists rescue cases: ${rescues.status}`)
      }
    }
    Object.assign(report.figures, { viewers: viewers.length, reads, unauthorised })
    expect(wrong).toEqual([])
  })
})
