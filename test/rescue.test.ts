// The emergency center end to end: a passenger trapped between floors is detected from real MQTT states,
// announced on SSE, dispatched, handled by the firm on its phone, closed, and counted in the figures;
// escalation when nobody accepts; webhooks; and a restart in the middle of an open rescue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type IncomingMessage } from 'node:http'
import { rmSync } from 'node:fs'
import type { MqttClient } from 'mqtt'
import { startTestService, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { connectGateway, until } from './support/mqtt.ts'
import { openSse } from '../live/sse-client.ts'
import { signDelivery } from '../notify/signature.ts'

const THRESHOLD_S = 2
let service: TestService
let seed: Awaited<ReturnType<typeof seedRegistry>>
let gateway: MqttClient
let secret: string
const tokens: Record<string, string> = {}

const env = { ENTRAPMENT_BETWEEN_FLOORS_S: String(THRESHOLD_S), RESCUE_ACCEPT_TIMEOUT_S: '2', RESCUE_WARN_BEFORE_S: '0' }
const trapped = { mode: 1, moving: false, dir: 0, floor: 7, doorZone: false, doorClosed: true, occupied: true }

async function call (method: string, url: string, role: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await service.api!.inject({ method: method as 'GET', url, payload: payload as object, headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers } })
  return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body }
}
async function signIn (username: string, password: string) {
  return (await call('POST', '/api/auth/login', null, { username, password })).body.token as string
}
const publishState = (code: string, s: object) => gateway.publishAsync(`se/v1/gw-r/elevator/${code}/state`, JSON.stringify(s), { qos: 1 })

beforeAll(async () => {
  service = await startTestService(env, { keepDataDir: true })
  seed = await seedRegistry(service.registry, 4)
  secret = (await provisionGateway(service.gateways, 'gw-r', seed.codes)).secret
  gateway = await connectGateway(service.mqttPort!, 'gw-r', secret)
  tokens.admin = await signIn('admin', ADMIN_PASSWORD)
  for (const [username, role, firm] of [['desk', 'dispatcher', null], ['firm-a', 'maintainer', seed.firmA.id], ['firm-b', 'maintainer', seed.firmB.id], ['insp', 'inspector', null]] as const) {
    await call('POST', '/api/users', 'admin', { username, role, password: `${username}-password`, maintenanceFirmId: firm, ...(username === 'desk' ? { displayName: '值班调度员' } : {}) })
    tokens[username] = await signIn(username, `${username}-password`)
  }
})
afterAll(async () => {
  gateway?.end(true)
  await service?.stop()
  if (service) rmSync(service.dataDir, { recursive: true, force: true })
})

describe('entrapment between floors, end to end', () => {
  let caseId: number
  const code = () => seed.codes[0]! // firm A's lift in a city district (30-minute limit)

  it('is announced on SSE once the car has been still, closed and occupied for the threshold', async () => {
    const sse = await openSse(service.httpUrl!, tokens.desk!)
    await publishState(code(), { ...trapped, moving: true })
    const stillAt = Date.now()
    await publishState(code(), trapped)
    await publishState(code(), trapped) // a heartbeat while trapped raises nothing new
    const alert = await until(() => sse.events.find((e) => e.event === 'alert' && e.data.alert.type === 'entrapment'), 10_000)
    expect(alert.receivedAt - stillAt).toBeGreaterThanOrEqual(THRESHOLD_S * 1000)
    expect(alert.receivedAt - stillAt).toBeLessThan(THRESHOLD_S * 1000 + 1000)
    // Raised before its case is opened: the live event cannot name the case yet.
    expect(alert.data.alert).toMatchObject({ equipmentCode: code(), severity: 'critical', source: 'between_floors', rescueId: '100001', maintenanceFirmName: '青海通力电梯维保', maintenanceFirmPhone: '400-000-0001', address: expect.stringContaining('八一路'), rescueCaseId: null })
    const opened = await until(() => sse.events.find((e) => e.event === 'rescue' && e.data.change === 'created'))
    expect(opened.data.case).toMatchObject({
      status: 'reported', level: 1, arrivalLimitMin: 30, firmId: null,
      contractedFirmId: seed.firmA.id, contractedFirmName: '青海通力电梯维保', contractedFirmPhone: '400-000-0001', levelTwoFirmId: null, levelTwoFirmName: null
    })
    caseId = opened.data.case.id
    sse.close()
    const open = await call('GET', '/api/alerts?status=open&type=entrapment', 'desk')
    expect(open.body.total).toBe(1)
    expect(open.body.items[0]).toMatchObject({ id: alert.data.alert.id, rescueCaseId: caseId })
    expect((await call('GET', `/api/alerts/${alert.data.alert.id}`, 'desk')).body.alert.rescueCaseId).toBe(caseId)
    expect((await call('GET', `/api/rescues/${caseId}`, 'desk')).body.case).toMatchObject({ alertId: alert.data.alert.id, contractedFirmName: '青海通力电梯维保', contractedFirmPhone: '400-000-0001' })
  })

  it('names the district\'s grid rescue station once an administrator sets one', async () => {
    const district = { code: 'CD', name: '城东区', arrivalLimitMin: 30 }
    expect((await call('PUT', `/api/districts/${seed.cityDistrict.id}`, 'admin', { ...district, rescueStationFirmId: 999_999 })).status).toBe(409)
    expect((await call('PUT', `/api/districts/${seed.cityDistrict.id}`, 'desk', { ...district, rescueStationFirmId: seed.firmB.id })).status).toBe(403)
    const set = await call('PUT', `/api/districts/${seed.cityDistrict.id}`, 'admin', { ...district, rescueStationFirmId: seed.firmB.id })
    expect(set.body).toMatchObject({ rescueStationFirmId: seed.firmB.id })
    try {
      expect((await call('GET', '/api/districts', 'desk')).body.find((d: { id: number }) => d.id === seed.cityDistrict.id)).toMatchObject({ rescueStationFirmId: seed.firmB.id })
      const { body } = await call('GET', '/api/rescues?status=open', 'desk')
      expect(body.items.find((c: { id: number }) => c.id === caseId)).toMatchObject({ levelTwoFirmId: seed.firmB.id, levelTwoFirmName: '西宁奥的斯维保', contractedFirmName: '青海通力电梯维保' })
    } finally {
      // PUT replaces the district: without the field it has no station again.
      expect((await call('PUT', `/api/districts/${seed.cityDistrict.id}`, 'admin', district)).body).toMatchObject({ rescueStationFirmId: null })
    }
  })

  it('refuses impossible steps with a clear message', async () => {
    const english = await call('POST', `/api/rescues/${caseId}/actions`, 'desk', { action: 'release' })
    expect(english.body).toMatchObject({ statusCode: 409, code: 'rescue.wrong_status', message: expect.stringMatching(/cannot release a case that is reported/) })
    // A dispatcher's dashboard in Chinese reads the same refusal in Chinese, with the same code.
    const chinese = await call('POST', `/api/rescues/${caseId}/actions`, 'desk', { action: 'release' }, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })
    expect(chinese.body).toMatchObject({ statusCode: 409, code: 'rescue.wrong_status', message: '案件状态为「接警待派单」，不能登记解救完成：解救完成须在到场之后' })
    expect((await call('POST', `/api/rescues/${caseId}/actions`, 'desk', { action: 'close' })).status).toBe(409)
    const alertId = (await call('GET', '/api/alerts?status=open&type=entrapment', 'desk')).body.items[0].id
    expect((await call('POST', `/api/alerts/${alertId}/close`, 'desk', {})).body.message).toMatch(/closed through its rescue case/)
  })

  it('is dispatched to the contracted firm, which accepts, arrives and releases from its phone', async () => {
    const sse = await openSse(service.httpUrl!, tokens.desk!)
    const dispatched = await call('POST', `/api/rescues/${caseId}/actions`, 'desk', { action: 'dispatch' })
    expect(dispatched.body).toMatchObject({ status: 'dispatched', firmId: seed.firmA.id, firmPhone: '400-000-0001' })
    // The alert follows its case, and from then on says which case it is.
    const assigned = await until(() => sse.events.find((e) => e.event === 'alert' && e.data.kind === 'updated'))
    expect(assigned.data.alert).toMatchObject({ status: 'assigned', rescueCaseId: caseId })
    sse.close()
    expect((await call('GET', '/api/rescues?status=open', 'firm-b')).body.total).toBe(0)
    expect((await call('POST', `/api/rescues/${caseId}/actions`, 'firm-b', { action: 'accept' })).status).toBe(404)
    expect((await call('GET', '/api/rescues?status=open', 'firm-a')).body.items.map((c: { id: number }) => c.id)).toEqual([caseId])
    expect((await call('POST', `/api/rescues/${caseId}/actions`, 'firm-a', { action: 'close', cause: 'x' })).status).toBe(403)
    for (const action of ['accept', 'arrive', 'release']) {
      expect((await call('POST', `/api/rescues/${caseId}/actions`, 'firm-a', { action })).status).toBe(200)
    }
    await call('POST', `/api/rescues/${caseId}/actions`, 'desk', { action: 'call_back' })
    const closed = await call('POST', `/api/rescues/${caseId}/actions`, 'desk', { action: 'close', cause: '门锁回路接触不良' })
    expect(closed.body).toMatchObject({ status: 'closed', cause: '门锁回路接触不良' })

    const { body } = await call('GET', `/api/rescues/${caseId}`, 'desk')
    expect(body.timeline.map((e: { action: string }) => e.action)).toEqual(['reported', 'dispatch', 'accept', 'arrive', 'release', 'call_back', 'close'])
    expect(body.timeline.map((e: { actor: string }) => e.actor)).toEqual(['system', 'desk', 'firm-a', 'firm-a', 'firm-a', 'desk', 'desk'])
    expect(body.timeline.map((e: { actorName: string | null }) => e.actorName)).toEqual([null, '值班调度员', null, null, null, '值班调度员', '值班调度员'])
    const alert = (await call('GET', `/api/alerts?equipmentCode=${code()}&type=entrapment`, 'desk')).body.items[0]
    expect(alert.status).toBe('closed')
  })

  it('shows in the figures and their CSV', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString()
    const to = new Date(Date.now() + 60_000).toISOString()
    const figures = await call('GET', `/api/figures/rescue?from=${from}&to=${to}`, 'insp')
    expect(figures.body.total).toMatchObject({ cases: 1, falseAlarms: 0, withinLimitShare: 1, liftsInUse: 4 })
    expect(figures.body.total.arrivalMeanMin).toBeGreaterThanOrEqual(0)
    expect(figures.body.byFirm.find((r: { name: string }) => r.name === '青海通力电梯维保')).toMatchObject({ cases: 1, liftsInUse: 2 })
    const csv = await call('GET', `/api/figures/rescue?from=${from}&to=${to}&format=csv`, 'insp')
    expect(csv.body).toContain('group,key,name,liftsInUse,cases')
    expect(csv.body).toContain('firm,')
    expect((await call('GET', `/api/figures/rescue?from=${from}&to=${to}`, 'firm-a')).status).toBe(403)
  })
})

describe('escalation', () => {
  it('goes to level 2 when level 1 does not accept in time, and is announced', async () => {
    await call('PUT', `/api/districts/${seed.countyDistrict.id}`, 'admin', { code: 'DT', name: '大通县', arrivalLimitMin: 60 })
    const phoned = await call('POST', '/api/rescues', 'desk', { rescueId: '100002', caller: '13800000000' })
    expect(phoned.status).toBe(201)
    expect(phoned.body).toMatchObject({ source: 'phone', alertId: null, arrivalLimitMin: 60, caller: '13800000000', equipmentCode: seed.codes[1], contractedFirmName: '西宁奥的斯维保', contractedFirmPhone: '400-000-0002' })
    expect((await call('POST', '/api/rescues', 'desk', { rescueId: '999999' })).status).toBe(404)
    const events: string[] = []
    const off = service.bus.on('rescue.changed', (c) => events.push(c.change))
    await call('POST', `/api/rescues/${phoned.body.id}/actions`, 'desk', { action: 'dispatch' })
    await new Promise((resolve) => setTimeout(resolve, 2100))
    await service.rescue.runClock()
    off()
    const escalated = (await call('GET', `/api/rescues/${phoned.body.id}`, 'desk')).body
    expect(escalated.case).toMatchObject({ level: 2, status: 'dispatched' })
    expect(escalated.timeline.at(-1)).toMatchObject({ action: 'escalate', actor: 'system', detail: expect.stringContaining('did not accept') })
    // What the clock wrote reads in the reader's language; what the dispatcher typed stays as typed.
    const inChinese = (await call('GET', `/api/rescues/${phoned.body.id}`, 'desk', undefined, { 'accept-language': 'zh-CN' })).body
    expect(inChinese.timeline[0]).toMatchObject({ action: 'reported', detail: '来电：13800000000' })
    expect(inChinese.timeline.at(-1)).toMatchObject({ action: 'escalate', detail: '一级响应单位 2 秒内未接单' })
    expect(events).toContain('escalated')
    expect((await call('POST', `/api/rescues/${phoned.body.id}/actions`, 'desk', { action: 'false_alarm', cause: '回访确认误报' })).body.status).toBe('false_alarm')
  })
})

// Issue #10, defect 3: a phone call and an alert about the same trapped passenger are one case.
describe('one case per entrapment', () => {
  const openCasesOf = async (code: string) => (await call('GET', '/api/rescues?status=open', 'desk')).body.items.filter((c: { equipmentCode: string }) => c.equipmentCode === code)

  it('joins a phone call to the open case of its lift, with the caller on the timeline', async () => {
    const code = seed.codes[0]!
    await publishState(code, { ...trapped, moving: true })
    await publishState(code, trapped)
    const [alertCase] = await until(async () => { const open = await openCasesOf(code); return open.length > 0 ? open : undefined }, 10_000)
    const phoned = await call('POST', '/api/rescues', 'desk', { rescueId: '100001', caller: '13900000000' })
    expect(phoned.status).toBe(200)
    expect(phoned.body).toMatchObject({ id: alertCase.id, source: 'alert', alertId: alertCase.alertId })
    expect(await openCasesOf(code)).toHaveLength(1)
    const { body } = await call('GET', `/api/rescues/${alertCase.id}`, 'desk', undefined, { 'accept-language': 'zh-CN' })
    expect(body.timeline.at(-1)).toMatchObject({ action: 'call', actor: 'desk', detail: '来电：13900000000' })
    expect((await call('POST', `/api/rescues/${alertCase.id}/actions`, 'desk', { action: 'false_alarm', cause: '回访确认无人' })).status).toBe(200)
  })

  it('joins an entrapment alert to the phone case opened before it', async () => {
    const code = seed.codes[1]!
    const phoned = await call('POST', '/api/rescues', 'desk', { rescueId: '100002', caller: '13700000000' })
    expect(phoned.status).toBe(201)
    await gateway.publishAsync(`se/v1/gw-r/elevator/${code}/event`, JSON.stringify({ code: 'entrapment', active: true }), { qos: 1 })
    const alert = await until(async () => (await call('GET', `/api/alerts?status=open&type=entrapment&equipmentCode=${code}`, 'desk')).body.items[0])
    const joined = await until(async () => { const c = (await call('GET', `/api/rescues/${phoned.body.id}`, 'desk')).body; return c.case.alertId === alert.id ? c : undefined })
    expect(joined.case).toMatchObject({ source: 'phone', caller: '13700000000' })
    expect(joined.timeline.map((e: { action: string }) => e.action)).toEqual(['reported', 'alert'])
    expect(await openCasesOf(code)).toHaveLength(1)
    expect((await call('GET', `/api/alerts/${alert.id}`, 'desk')).body.alert.rescueCaseId).toBe(phoned.body.id)
    await call('POST', `/api/rescues/${phoned.body.id}/actions`, 'desk', { action: 'false_alarm', cause: '回访确认无人' })
    expect((await call('GET', `/api/alerts/${alert.id}`, 'desk')).body.alert.status).toBe('closed')
  })
})

// Issue #10, defects 4 and 5: firms are judged on their own lifts and their own dispatches, and a case
// that never arrived is late, not missing.
describe('figures that mean what they say', () => {
  it('counts a case under the contracted firm, times a responder from its own dispatch, and counts no-shows as late', async () => {
    const MIN = 60_000
    const t0 = Date.now() - 3 * 86_400_000
    const liftId = async (code: string) => (await service.db.query<{ id: number }>('select id from elevators where equipment_code = $1', [code]))[0]!.id
    const insert = async (code: string, c: { status: string, level: number, firmId: number, at: number, dispatched: number, arrived?: number, released?: number, limit: number }) => {
      const ts = (m: number | undefined) => (m === undefined ? null : new Date(c.at + m * MIN))
      const [row] = await service.db.query<{ id: number }>(`insert into rescue_cases (elevator_id, source, status, level, firm_id, reported_at, dispatched_at, arrived_at, released_at, closed_at, arrival_limit_min, cause)
        values ($1, 'phone', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
      [await liftId(code), c.status, c.level, c.firmId, new Date(c.at), ts(c.dispatched), ts(c.arrived), ts(c.released), c.status === 'closed' ? ts((c.released ?? 0) + 5) : null, c.limit, c.status === 'closed' ? '测试' : null])
      return row!.id
    }
    // Firm A's lift in the city: firm B came as level 2, dispatched at 6 min, on site at 36 (30 after its dispatch).
    await insert(seed.codes[2]!, { status: 'closed', level: 2, firmId: seed.firmB.id, at: t0, dispatched: 6, arrived: 36, released: 40, limit: 30 })
    // Firm A's other city lift: accepted, escalated to 110/119, nobody ever arrived.
    const noShow = await insert(seed.codes[0]!, { status: 'accepted', level: 3, firmId: seed.firmA.id, at: t0 + 3_600_000, dispatched: 1, limit: 30 })
    // Firm B's county lift: on site at 20 min, within its 60.
    await insert(seed.codes[1]!, { status: 'closed', level: 1, firmId: seed.firmB.id, at: t0 + 7_200_000, dispatched: 1, arrived: 20, released: 25, limit: 60 })
    try {
      const from = new Date(t0 - 60_000).toISOString()
      const to = new Date(t0 + 86_400_000).toISOString()
      const { body } = await call('GET', `/api/figures/rescue?from=${from}&to=${to}`, 'insp')
      expect(body.total).toMatchObject({ cases: 3, withinLimitShare: 0.33, lateNoArrival: 1, limitDecided: 3 })
      expect(body.byFirm.find((r: { key: string }) => r.key === String(seed.firmA.id))).toMatchObject({ cases: 2, liftsInUse: 2 })
      expect(body.byFirm.find((r: { key: string }) => r.key === String(seed.firmB.id))).toMatchObject({ cases: 1, liftsInUse: 2 })
      expect(body.byResponder.find((r: { key: string }) => r.key === String(seed.firmB.id))).toMatchObject({ cases: 2, arrivals: 2, arrivalMeanMin: 24.5, withinLimitShare: 1, entrapmentsPer10kLiftsPerMonth: null })
    } finally {
      await service.db.query("update rescue_cases set status = 'false_alarm', closed_at = now(), cause = 'test' where id = $1", [noShow])
    }
  })
})

describe('webhooks', () => {
  it('delivers new critical alerts signed with HMAC, retries a failing receiver, and logs deliveries', async () => {
    const received: Array<{ headers: IncomingMessage['headers'], body: string }> = []
    let failNext = true
    const receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => { body += c })
      req.on('end', () => {
        received.push({ headers: req.headers, body })
        res.statusCode = failNext ? 500 : 204
        failNext = false
        res.end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
    const hook = await call('POST', '/api/webhooks', 'admin', { url, secret: 'a-shared-secret-of-the-center' })
    expect(hook.status).toBe(201)
    expect(JSON.stringify(hook.body)).not.toContain('a-shared-secret')
    expect((await call('POST', '/api/webhooks', 'admin', { url: 'ftp://x', secret: 'short' })).status).toBe(400)

    await gateway.publishAsync(`se/v1/gw-r/elevator/${seed.codes[2]}/event`, JSON.stringify({ code: 'overspeed', active: true }), { qos: 1 })
    await until(() => received.length === 1)
    const first = received[0]!
    expect(first.headers['x-tianjian-event']).toBe('alert.critical')
    const timestamp = Number(first.headers['x-tianjian-timestamp'])
    expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(10)
    expect(first.headers['x-tianjian-signature']).toBe(signDelivery('a-shared-secret-of-the-center', timestamp, first.body))
    expect(JSON.parse(first.body).data).toMatchObject({ type: 'fault.overspeed', equipmentCode: seed.codes[2] })

    let deliveries = (await call('GET', `/api/webhooks/${hook.body.id}/deliveries`, 'admin')).body
    await until(async () => { deliveries = (await call('GET', `/api/webhooks/${hook.body.id}/deliveries`, 'admin')).body; return deliveries[0]?.attempts === 1 })
    expect(deliveries[0]).toMatchObject({ status: 'pending', lastStatus: 500 })
    await service.db.query("update webhook_deliveries set next_attempt_at = now() where status = 'pending'")
    await service.db.query('update webhooks set paused_until = null') // the endpoint's back-off, cut short
    await service.dispatcher.deliverDue()
    deliveries = (await call('GET', `/api/webhooks/${hook.body.id}/deliveries`, 'admin')).body
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204 })
    receiver.close()
  })
})

describe('alert lifecycle', () => {
  it('acknowledges, assigns, comments and closes a fault, with its history, and filters the list', async () => {
    const [fault] = (await call('GET', '/api/alerts?type=fault.*&status=open', 'desk')).body.items
    expect(fault).toMatchObject({ type: 'fault.overspeed', severity: 'critical', status: 'raised', rescueCaseId: null })
    expect((await call('GET', `/api/alerts?severity=critical&districtId=${seed.cityDistrict.id}&status=open`, 'desk')).body.items.map((a: { id: number }) => a.id)).toContain(fault.id)
    expect((await call('GET', `/api/alerts?type=fault.*`, 'firm-b')).body.total).toBe(0)
    expect((await call('POST', `/api/alerts/${fault.id}/acknowledge`, 'firm-a', {})).status).toBe(403)
    expect((await call('POST', `/api/alerts/${fault.id}/acknowledge`, 'desk', { comment: '已电话联系物业' })).body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'desk' })
    expect((await call('POST', `/api/alerts/${fault.id}/acknowledge`, 'desk', {})).body.message).toMatch(/cannot acknowledge an alert that is acknowledged/)
    expect((await call('POST', `/api/alerts/${fault.id}/assign`, 'desk', { maintenanceFirmId: seed.firmA.id })).body).toMatchObject({ status: 'assigned', assignedFirmId: seed.firmA.id })
    expect((await call('POST', `/api/alerts/${fault.id}/comments`, 'desk', { comment: '维保人员已出发' })).status).toBe(204)
    expect((await call('POST', `/api/alerts/${fault.id}/close`, 'desk', { comment: '限速器复位' })).body.status).toBe('closed')
    const { body } = await call('GET', `/api/alerts/${fault.id}`, 'firm-a')
    expect(body.history.map((h: { action: string }) => h.action)).toEqual(['raised', 'acknowledged', 'assigned', 'comment', 'closed'])
    expect((await call('GET', `/api/alerts/${fault.id}`, 'firm-b')).status).toBe(404)
    // Closed by a person: the same fault may be raised again.
    await gateway.publishAsync(`se/v1/gw-r/elevator/${seed.codes[2]}/event`, JSON.stringify({ code: 'overspeed', active: true }), { qos: 1 })
    await until(async () => (await call('GET', '/api/alerts?type=fault.overspeed&status=open', 'desk')).body.total === 1)
  })
})

describe('a restart in the middle of an open rescue', () => {
  it('keeps the case, its alert and its timeline, and does not raise the entrapment again', async () => {
    const code = seed.codes[3]!
    await publishState(code, trapped)
    const alert = await until(async () => (await call('GET', `/api/alerts?status=open&type=entrapment&equipmentCode=${code}`, 'desk')).body.items[0])
    const rescue = await until(async () => (await call('GET', '/api/rescues?status=open', 'desk')).body.items.find((c: { equipmentCode: string }) => c.equipmentCode === code))
    await call('POST', `/api/rescues/${rescue.id}/actions`, 'desk', { action: 'dispatch' })
    // Accepted, so the (shortened) acceptance timeout cannot escalate it while the service restarts.
    expect((await call('POST', `/api/rescues/${rescue.id}/actions`, 'firm-b', { action: 'accept' })).status).toBe(200)
    gateway.end(true)
    const { dataDir } = service
    const influxDb = service.influx.database
    await service.stop()

    service = await startTestService({ ...env, INFLUX_DB: influxDb }, { dataDir, keepDataDir: true })
    tokens.desk = await signIn('desk', 'desk-password')
    gateway = await connectGateway(service.mqttPort!, 'gw-r', secret)
    await publishState(code, trapped)
    await new Promise((resolve) => setTimeout(resolve, THRESHOLD_S * 1000 + 600))
    await publishState(code, trapped)
    await service.alertEngine!.settle()

    const alerts = (await call('GET', `/api/alerts?type=entrapment&equipmentCode=${code}`, 'desk')).body
    expect(alerts.items.map((a: { id: number, status: string }) => [a.id, a.status])).toEqual([[alert.id, 'assigned']])
    const after = (await call('GET', `/api/rescues/${rescue.id}`, 'desk')).body
    expect(after.case).toMatchObject({ status: 'accepted', firmId: seed.firmB.id })
    expect(after.timeline.map((e: { action: string }) => e.action)).toEqual(['reported', 'dispatch', 'accept'])
  })
})

// Issue #10, defect 8: after a restart the rules resume each lift from its last stored state.
describe('a restart remembers the lifts', () => {
  it('flags a lift silent across the downtime offline and knows who was in the car', async () => {
    const silent = seed.codes[1]!
    const occupied = seed.codes[2]!
    // Heard from last ten minutes ago (the terminal's own time), then nothing.
    await publishState(silent, { ts: Date.now() - 600_000, mode: 1, moving: false, dir: 0, floor: 1, doorZone: true, doorClosed: true, occupied: false })
    // A passenger in a car standing at a landing with its doors open: nothing to raise yet.
    await publishState(occupied, { mode: 1, moving: false, dir: 0, floor: 4, doorZone: true, doorClosed: false, occupied: true })
    await service.alertEngine!.settle()
    gateway.end(true)
    const { dataDir } = service
    const influxDb = service.influx.database
    await service.stop()

    service = await startTestService({ ...env, INFLUX_DB: influxDb }, { dataDir, keepDataDir: true })
    tokens.desk = await signIn('desk', 'desk-password')
    const offline = await until(async () => (await call('GET', `/api/alerts?status=open&type=offline&equipmentCode=${silent}`, 'desk')).body.items[0], 10_000)
    expect(offline).toMatchObject({ severity: 'warning' })
    // Defect 9: a case on a lift whose terminal is offline says so.
    const phoned = await call('POST', '/api/rescues', 'desk', { rescueId: '100002', caller: '13600000000' })
    expect(phoned.body).toMatchObject({ equipmentCode: silent, terminalOfflineSince: offline.raisedAt })
    await call('POST', `/api/rescues/${phoned.body.id}/actions`, 'desk', { action: 'false_alarm', cause: '测试' })

    gateway = await connectGateway(service.mqttPort!, 'gw-r', secret)
    // The alarm button before the lift's first heartbeat since the restart: the passenger is still known.
    await gateway.publishAsync(`se/v1/gw-r/elevator/${occupied}/event`, JSON.stringify({ code: '90', active: true }), { qos: 1 })
    const alert = await until(async () => (await call('GET', `/api/alerts?status=open&equipmentCode=${occupied}`, 'desk')).body.items.find((a: { type: string }) => a.type === 'entrapment' || a.type === 'alarm_button'))
    expect(alert).toMatchObject({ type: 'entrapment', severity: 'critical', source: 'alarm_with_passenger', entrapmentKind: 'at_landing' })
  })
})
