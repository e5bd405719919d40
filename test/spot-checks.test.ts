// 双随机、一公开 and the hidden-danger loop (隐患闭环): the draw (reproducible, weighted by risk, inspectors
// dealt evenly) and the loop's steps as pure functions, and end to end on PGlite: risk factors read from the
// records, a plan drawn and its results recorded once by the drawn inspector, the public list that shows
// recorded results only and names no person; a finding opening a danger case that its use unit rectifies
// with photos and an inspector accepts or returns, and the overdue alert raised once and cleared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawSpotCheck, populationFingerprint, riskWeight, type Candidate } from '../inspection/spot-draw.ts'
import { checkDangerDates, dangerStep, isDangerOverdue } from '../inspection/dangers.ts'
import { ADMIN_PASSWORD, startTestService, type TestService } from './support/service.ts'
import { addDays, localDate } from '../platform/calendar.ts'

const plain = (elevatorId: number, extra: Partial<Candidate> = {}): Candidate =>
  ({ elevatorId, publicPlace: false, ageYears: null, faults: 0, entrapments: 0, lateInspections: 0, ...extra })

describe('the draw', () => {
  const population = Array.from({ length: 200 }, (_, i) => plain(i + 1, { publicPlace: i % 10 === 0, faults: i % 7 }))

  it.each([
    [{}, 1],
    [{ publicPlace: true }, 3],
    [{ ageYears: 15 }, 2.5],
    [{ ageYears: 45 }, 4],
    [{ faults: 4 }, 2],
    [{ faults: 100 }, 6],
    [{ entrapments: 2 }, 3],
    [{ entrapments: 9 }, 6],
    [{ lateInspections: 1 }, 2],
    [{ publicPlace: true, ageYears: 10, faults: 2, entrapments: 1, lateInspections: 1 }, 6.5]
  ])('weighs %j as %d', (factors, weight) => {
    expect(riskWeight(plain(1, factors))).toBe(weight)
  })

  it('gives the same lifts and inspectors for the same seed and population, whatever their order', () => {
    const a = drawSpotCheck(population, 20, 'seed-1', [7, 8, 9])
    const b = drawSpotCheck([...population].reverse(), 20, 'seed-1', [9, 8, 7])
    expect(b).toEqual(a)
    expect(a).toHaveLength(20)
    expect(new Set(a.map((d) => d.elevatorId)).size).toBe(20)
    expect(a.map((d) => d.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(populationFingerprint([...population].reverse())).toBe(populationFingerprint(population))
  })

  it('draws other lifts for another seed, and the fingerprint changes with a weight', () => {
    const a = drawSpotCheck(population, 20, 'seed-1', [1]).map((d) => d.elevatorId)
    const b = drawSpotCheck(population, 20, 'seed-2', [1]).map((d) => d.elevatorId)
    expect(b).not.toEqual(a)
    const changed = population.map((c) => (c.elevatorId === 5 ? { ...c, entrapments: 1 } : c))
    expect(populationFingerprint(changed)).not.toBe(populationFingerprint(population))
  })

  it('draws a heavier lift more often, in proportion to its weight', () => {
    // 10 lifts of weight 4 among 90 of weight 1: a lift drawn alone is heavy with probability 40/130.
    const mixed = Array.from({ length: 100 }, (_, i) => plain(i + 1, i < 10 ? { entrapments: 3 } : {}))
    let heavy = 0
    const runs = 4000
    for (let s = 0; s < runs; s++) if (drawSpotCheck(mixed, 1, `s${s}`, [1])[0]!.elevatorId <= 10) heavy++
    expect(heavy / runs).toBeGreaterThan(0.27)
    expect(heavy / runs).toBeLessThan(0.35)
  })

  it('deals inspectors evenly and takes everyone when the sample is larger than the population', () => {
    const drawn = drawSpotCheck(population.slice(0, 9), 50, 'x', [3, 1, 2])
    expect(drawn).toHaveLength(9)
    const per = new Map<number | null, number>()
    for (const d of drawn) per.set(d.inspectorId, (per.get(d.inspectorId) ?? 0) + 1)
    expect([...per.values()]).toEqual([3, 3, 3])
    expect(drawSpotCheck(population, 3, 'x', [])[0]!.inspectorId).toBeNull()
  })
})

describe('the hidden-danger loop', () => {
  it.each([
    ['open', 'rectify', { note: '已更换', photos: 1 }, { to: 'rectified', event: 'rectified' }],
    ['open', 'rectify', { note: '已更换', photos: 0 }, { refused: 'photo_required' }],
    ['open', 'rectify', { note: '  ', photos: 2 }, { refused: 'note_required' }],
    ['open', 'accept', { note: null, photos: 0 }, { refused: 'wrong_status' }],
    ['rectified', 'accept', { note: null, photos: 0 }, { to: 'closed', event: 'accepted' }],
    ['rectified', 'return', { note: null, photos: 0 }, { refused: 'note_required' }],
    ['rectified', 'return', { note: '照片不清楚', photos: 0 }, { to: 'open', event: 'returned' }],
    ['rectified', 'rectify', { note: 'x', photos: 1 }, { refused: 'wrong_status' }],
    ['closed', 'return', { note: 'x', photos: 0 }, { refused: 'wrong_status' }]
  ] as const)('%s, %s with %j → %j', (status, step, evidence, expected) => {
    expect(dangerStep(status, step, evidence)).toEqual(expected)
  })

  it('is overdue only while open after its deadline, and checks its dates', () => {
    expect(isDangerOverdue({ status: 'open', deadline: '2026-03-01' }, '2026-03-02')).toBe(true)
    expect(isDangerOverdue({ status: 'open', deadline: '2026-03-01' }, '2026-03-01')).toBe(false)
    expect(isDangerOverdue({ status: 'rectified', deadline: '2026-03-01' }, '2026-04-01')).toBe(false)
    expect(checkDangerDates({ foundOn: '2026-03-02', deadline: '2026-03-01' }, '2026-03-05')).toEqual([{ field: 'deadline', problem: 'before_found' }])
    expect(checkDangerDates({ foundOn: '2026-03-06', deadline: '2026-04-01' }, '2026-03-05')).toEqual([{ field: 'foundOn', problem: 'in_future' }])
    expect(checkDangerDates({ foundOn: '2026-03-05', deadline: '2026-03-05' }, '2026-03-05')).toEqual([])
  })
})

describe('spot checks through the API', () => {
  let service: TestService
  const tokens: Record<string, string> = {}
  const ids: Record<string, number> = {}
  const today = localDate(Date.now(), 'Asia/Shanghai')

  async function call (method: string, url: string, who: string | null, payload?: unknown) {
    const response = await service.api!.inject({
      method: method as 'GET', url, payload: payload as string,
      headers: { 'accept-language': 'en', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) }
    })
    return { status: response.statusCode, body: response.json() }
  }
  const ok = async (method: string, url: string, who: string, payload?: unknown) => {
    const answer = await call(method, url, who, payload)
    if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }

  beforeAll(async () => {
    service = await startTestService()
    const login = async (username: string, password: string) => (await call('POST', '/api/auth/login', null, { username, password })).body.token as string
    tokens.admin = await login('admin', ADMIN_PASSWORD)
    const d1 = await ok('POST', '/api/districts', 'admin', { code: 'S1', name: '城东区', arrivalLimitMin: 30 })
    const d2 = await ok('POST', '/api/districts', 'admin', { code: 'S2', name: '城西区', arrivalLimitMin: 30 })
    const unit = await ok('POST', '/api/use-units', 'admin', { name: '东关物业', contact: '王五', phone: '0971-3000000' })
    Object.assign(ids, { d1: d1.id, d2: d2.id })
    for (let n = 0; n < 13; n++) {
      await ok('PUT', `/api/elevators/SC${n}`, 'admin', {
        rescueId: String(700000 + n), kind: 'traction', status: n === 11 ? 'stopped' : 'in_use', address: `城东路${n}号`,
        districtId: n < 10 || n === 11 ? d1.id : d2.id, useUnitId: unit.id, publicPlace: n === 0
      })
    }
    const otherUnit = await ok('POST', '/api/use-units', 'admin', { name: '西关物业' })
    for (const [username, role] of [['insp1', 'inspector'], ['insp2', 'inspector'], ['firm', 'maintainer'], ['unit', 'use_unit'], ['other-unit', 'use_unit']] as const) {
      const extra = role === 'maintainer' ? { maintenanceFirmId: (await ok('POST', '/api/maintenance-firms', 'admin', { name: '甲维保' })).id }
        : role === 'use_unit' ? { useUnitId: username === 'unit' ? unit.id : otherUnit.id } : {}
      const user = await ok('POST', '/api/users', 'admin', { username, role, password: `${username}-password`, displayName: `${username} 张`, ...extra })
      ids[username] = user.id
      tokens[username] = await login(username, `${username}-password`)
    }
    // SC1: accepted 12 years ago, an inspection 1 year late and a failed one; SC2: three faults and an entrapment this year.
    const past = (days: number) => addDays(today, -days)
    for (const [code, reportNo, kind, on, result, next] of [
      ['SC1', 'R-1', 'acceptance', past(365 * 12), 'pass', past(365 * 11)],
      ['SC1', 'R-2', 'periodic', past(365 * 2), 'pass', past(365)],
      ['SC1', 'R-3', 'periodic', past(10), 'fail', null]
    ] as const) await ok('POST', '/api/inspections', 'admin', { equipmentCode: code, reportNo, kind, inspectedOn: on, result, nextDue: next, body: '检验院' })
    const [lift] = await service.db.query<{ id: number }>("select id from elevators where equipment_code = 'SC2'")
    for (const type of ['fault.01', 'fault.02', 'fault.03']) {
      await service.db.query("insert into alerts (elevator_id, type, severity, status, raised_at, cleared_at) values ($1, $2, 'major', 'cleared', now() - interval '30 days', now())", [lift!.id, type])
    }
    await service.db.query("insert into rescue_cases (elevator_id, source, status, reported_at, arrival_limit_min) values ($1, 'phone', 'closed', now() - interval '60 days', 30), ($1, 'phone', 'false_alarm', now() - interval '50 days', 30)", [lift!.id])
  })
  afterAll(async () => { await service?.stop() })

  it('reads each lift\'s risk factors from the records and draws a plan an inspector can repeat', async () => {
    const detail = await ok('POST', '/api/spot-checks', 'insp1', { title: '2026年第四季度电梯双随机抽查', districtId: ids.d1, sampleSize: 10, seed: 'q4' })
    expect(detail.plan).toMatchObject({ title: '2026年第四季度电梯双随机抽查', districtName: '城东区', sampleSize: 10, seed: 'q4', population: 10, items: 10, checked: 0 })
    const byCode = Object.fromEntries(detail.items.map((i: { equipmentCode: string }) => [i.equipmentCode, i]))
    expect(Object.keys(byCode).sort()).toEqual(['SC0', 'SC1', 'SC2', 'SC3', 'SC4', 'SC5', 'SC6', 'SC7', 'SC8', 'SC9'])
    expect(byCode.SC0.factors).toEqual({ publicPlace: true, ageYears: null, faults: 0, entrapments: 0, lateInspections: 0 })
    expect(byCode.SC1.factors).toMatchObject({ faults: 0, entrapments: 0, lateInspections: 2 })
    expect(byCode.SC1.factors.ageYears).toBeCloseTo(12, 0)
    expect(byCode.SC2.factors).toEqual({ publicPlace: false, ageYears: null, faults: 3, entrapments: 1, lateInspections: 0 })
    expect(byCode.SC2.weight).toBe(2.75)
    expect(new Set(detail.items.map((i: { inspectorId: number }) => i.inspectorId))).toEqual(new Set([ids.insp1, ids.insp2]))

    const again = await ok('POST', '/api/spot-checks', 'admin', { title: 'repeat', districtId: ids.d1, sampleSize: 4, seed: 'q4' })
    const first = await ok('POST', '/api/spot-checks', 'admin', { title: 'repeat 2', districtId: ids.d1, sampleSize: 4, seed: 'q4' })
    const pick = (d: { items: Array<{ equipmentCode: string, inspectorId: number }> }) => d.items.map((i) => [i.equipmentCode, i.inspectorId])
    expect(pick(again)).toEqual(pick(first))
    expect(again.plan.populationFingerprint).toBe(detail.plan.populationFingerprint)
  })

  it('refuses what cannot be drawn, and roles that may not draw', async () => {
    expect((await call('POST', '/api/spot-checks', 'firm', { title: 'x', sampleSize: 1 })).status).toBe(403)
    const noDistrict = await call('POST', '/api/spot-checks', 'insp1', { title: 'x', districtId: 999, sampleSize: 1 })
    expect(noDistrict.status).toBe(400)
    expect(noDistrict.body.message).toBe('no district has id 999')
    const noPool = await call('POST', '/api/spot-checks', 'insp1', { title: 'x', sampleSize: 1, inspectorIds: [ids.firm] })
    expect(noPool.status).toBe(400)
    expect(noPool.body.details[0].path).toBe('body/inspectorIds')
    expect((await call('POST', '/api/spot-checks', 'insp1', { title: 'x', sampleSize: 0 })).status).toBe(400)
    expect((await call('POST', '/api/spot-checks', 'insp1', { title: '', sampleSize: 1 })).status).toBe(400)
    expect((await call('GET', '/api/spot-checks', 'firm')).status).toBe(403)
  })

  it('records a result once, by the drawn inspector, within the plan\'s dates; the public list shows only recorded lifts and no person', async () => {
    const detail = await ok('POST', '/api/spot-checks', 'admin', { title: '城西抽查', districtId: ids.d2, sampleSize: 5, inspectorIds: [ids.insp2] })
    expect(detail.items).toHaveLength(2)
    const [first, second] = detail.items as Array<{ id: number, equipmentCode: string }>
    const url = (item: { id: number }) => `/api/spot-checks/${detail.plan.id}/items/${item.id}`
    expect((await call('PUT', url(first!), 'insp1', { result: 'pass', checkedOn: today })).status).toBe(403)
    const early = await call('PUT', url(first!), 'insp2', { result: 'pass', checkedOn: addDays(today, -1) })
    expect(early.status).toBe(400)
    expect(early.body.details[0].path).toBe('body/checkedOn')
    expect((await call('PUT', url(first!), 'insp2', { result: 'maybe', checkedOn: today })).status).toBe(400)
    const recorded = await ok('PUT', url(first!), 'insp2', { result: 'rectify', checkedOn: today, findings: '轿厢应急照明不亮，联系人王五已告知' })
    expect(recorded).toMatchObject({ result: 'rectify', checkedOn: today, inspectorName: 'insp2 张' })
    expect((await call('PUT', url(first!), 'admin', { result: 'pass', checkedOn: today })).status).toBe(409)
    expect((await call('PUT', `/api/spot-checks/${detail.plan.id}/items/999999`, 'admin', { result: 'pass', checkedOn: today })).status).toBe(404)

    const pub = await call('GET', '/api/public/spot-checks', null)
    expect(pub.status).toBe(200)
    const plan = pub.body.items.find((p: { id: number }) => p.id === detail.plan.id)
    expect(plan).toMatchObject({ title: '城西抽查', seed: detail.plan.seed, items: 2, checked: 1 })
    expect(plan.results).toEqual([{ equipmentCode: first!.equipmentCode, address: expect.any(String), districtName: '城西区', useUnitName: '东关物业', result: 'rectify', checkedOn: today }])
    const text = JSON.stringify(pub.body)
    expect(text).not.toContain(second!.equipmentCode)
    for (const personal of ['insp1', 'insp2', '王五', '0971', 'findings', 'inspector', 'createdBy']) expect(text).not.toContain(personal)
  })

  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1])
  const upload = (id: number, who: string, body: Buffer, type = 'image/jpeg') => service.api!.inject({
    method: 'POST', url: `/api/dangers/${id}/photos`, payload: body, headers: { 'content-type': type, authorization: `Bearer ${tokens[who]}`, 'accept-language': 'en' }
  })
  const openAlerts = async (code: string) => (await ok('GET', `/api/alerts?type=danger_overdue&limit=50`, 'admin')).items
    .filter((a: { equipmentCode: string, status: string }) => a.equipmentCode === code && a.status !== 'cleared' && a.status !== 'closed')

  it('opens a danger from a failed spot check, once, and the use unit rectifies it with photos; an inspector returns, then accepts it', async () => {
    const plan = await ok('POST', '/api/spot-checks', 'admin', { title: '隐患抽查', districtId: ids.d1, sampleSize: 1, inspectorIds: [ids.insp1] })
    const item = plan.items[0]
    await ok('PUT', `/api/spot-checks/${plan.plan.id}/items/${item.id}`, 'insp1', { result: 'fail', checkedOn: today, findings: '制动器闸瓦磨损超标' })
    const listed = (await ok('GET', `/api/dangers?equipmentCode=${item.equipmentCode}`, 'insp1')).items
    expect(listed).toHaveLength(1)
    const danger = listed[0]
    expect(danger).toMatchObject({ source: 'spot_check', sourceRef: `spot-check-item:${item.id}`, level: 'major', status: 'open', description: '制动器闸瓦磨损超标', foundOn: today, deadline: addDays(today, 30), overdue: false })

    // Scope: the lift's use unit sees it; another use unit and a firm without the lift do not.
    expect((await call('GET', `/api/dangers/${danger.id}`, 'unit')).status).toBe(200)
    expect((await call('GET', `/api/dangers/${danger.id}`, 'other-unit')).status).toBe(404)
    expect((await ok('GET', '/api/dangers', 'other-unit')).total).toBe(0)
    expect((await upload(danger.id, 'other-unit', JPEG)).statusCode).toBe(404)

    // Rectify: a note and a photo; a text file is no photo; only the use unit (or an admin) rectifies.
    const noPhoto = await call('POST', `/api/dangers/${danger.id}/rectify`, 'unit', { note: '已更换闸瓦' })
    expect(noPhoto).toMatchObject({ status: 400, body: { code: 'danger.photo_required' } })
    expect((await upload(danger.id, 'unit', Buffer.from('not an image'), 'application/octet-stream')).statusCode).toBe(415)
    expect((await upload(danger.id, 'unit', JPEG)).statusCode).toBe(201)
    expect((await call('POST', `/api/dangers/${danger.id}/rectify`, 'insp1', { note: 'x' })).status).toBe(403)
    expect((await call('POST', `/api/dangers/${danger.id}/accept`, 'insp1', {})).body.code).toBe('danger.wrong_status')
    const rectified = await ok('POST', `/api/dangers/${danger.id}/rectify`, 'unit', { note: '已更换闸瓦并调整制动间隙' })
    expect(rectified.danger.status).toBe('rectified')
    expect(rectified.events.map((e: { action: string }) => e.action)).toEqual(['opened', 'rectified'])
    expect(rectified.events[1].photos).toEqual([rectified.photos[0].id])
    const image = await service.api!.inject({ method: 'GET', url: `/api/dangers/photos/${rectified.photos[0].id}`, headers: { authorization: `Bearer ${tokens.insp2}` } })
    expect(image.headers['content-type']).toBe('image/jpeg')
    expect(Buffer.compare(image.rawPayload, JPEG)).toBe(0)
    expect((await call('GET', `/api/dangers/photos/${rectified.photos[0].id}`, 'other-unit')).status).toBe(404)

    // Returned without a reason: refused; with one: open again, and the next rectification needs a new photo.
    expect((await call('POST', `/api/dangers/${danger.id}/return`, 'insp2', {})).body.code).toBe('danger.note_required')
    expect((await ok('POST', `/api/dangers/${danger.id}/return`, 'insp2', { note: '照片看不清闸瓦' })).danger.status).toBe('open')
    expect((await call('POST', `/api/dangers/${danger.id}/rectify`, 'unit', { note: '补拍' })).body.code).toBe('danger.photo_required')
    await upload(danger.id, 'unit', JPEG)
    await ok('POST', `/api/dangers/${danger.id}/rectify`, 'unit', { note: '补拍清晰照片' })
    const closed = await ok('POST', `/api/dangers/${danger.id}/accept`, 'insp1', {})
    expect(closed.danger).toMatchObject({ status: 'closed', closedOn: today })
    expect(closed.events.map((e: { action: string }) => e.action)).toEqual(['opened', 'rectified', 'returned', 'rectified', 'accepted'])
    expect((await upload(danger.id, 'unit', JPEG)).statusCode).toBe(409)

    // The same finding recorded again opens no second case.
    await ok('POST', '/api/dangers', 'insp1', { equipmentCode: item.equipmentCode, source: 'spot_check', sourceRef: `spot-check-item:${item.id}`, level: 'general', description: 'x', measure: 'x', deadline: today })
    expect((await ok('GET', `/api/dangers?equipmentCode=${item.equipmentCode}`, 'insp1')).total).toBe(1)
  })

  it('raises danger_overdue once for a case past its deadline and clears it when the case is rectified', async () => {
    const bad = await call('POST', '/api/dangers', 'insp1', { equipmentCode: 'SC3', source: 'report', level: 'general', description: '底坑积水', measure: '排水并封堵', foundOn: addDays(today, -10), deadline: addDays(today, -11) })
    expect(bad).toMatchObject({ status: 400, body: { details: [{ path: 'body/deadline' }] } })
    expect((await call('POST', '/api/dangers', 'unit', { equipmentCode: 'SC3', source: 'report', level: 'general', description: 'x', measure: 'x', deadline: today })).status).toBe(403)
    expect((await call('POST', '/api/dangers', 'insp1', { equipmentCode: 'NOPE', source: 'report', level: 'general', description: 'x', measure: 'x', deadline: today })).body.details[0].path).toBe('body/equipmentCode')

    const danger = await ok('POST', '/api/dangers', 'insp1', { equipmentCode: 'SC3', source: 'report', level: 'general', description: '底坑积水', measure: '排水并封堵', responsible: '王五', foundOn: addDays(today, -10), deadline: addDays(today, -1) })
    expect(danger.overdue).toBe(true)
    expect(await openAlerts('SC3')).toHaveLength(1)
    expect((await service.inspectionScheduler!.scan())?.raised ?? []).toHaveLength(0)
    expect(await openAlerts('SC3')).toHaveLength(1)
    expect((await ok('GET', '/api/dangers?overdue=true', 'insp2')).items.map((d: { id: number }) => d.id)).toContain(danger.id)

    const figures = await ok('GET', `/api/figures/dangers?from=${addDays(today, -30)}&to=${today}`, 'insp1')
    expect(figures.byDistrict.find((d: { districtId: number }) => d.districtId === ids.d1)).toMatchObject({ found: 2, closed: 1, openNow: 1, overdueNow: 1 })
    expect((await call('GET', '/api/figures/dangers?from=2026-13-01&to=2026-12-01', 'insp1')).status).toBe(400)
    await upload(danger.id, 'unit', JPEG)
    await ok('POST', `/api/dangers/${danger.id}/rectify`, 'unit', { note: '已排水，封堵渗漏点' })
    expect(await openAlerts('SC3')).toHaveLength(0)
    await service.inspectionScheduler!.scan()
    expect(await openAlerts('SC3')).toHaveLength(0)
  })

  it('sends a supervision notice about each lift needing inspection, to its use unit live and by webhook; the use unit acknowledges it', async () => {
    await ok('POST', '/api/webhooks', 'admin', { url: 'http://127.0.0.1:9/notices', secret: 'a-webhook-secret-of-16+', events: ['inspection.notice'] })
    const answer = await ok('POST', '/api/inspections/notices', 'insp1', { equipmentCodes: ['SC1', 'SC0', 'NOPE'], message: '请于 15 日内申请检验' })
    expect(answer.sent).toHaveLength(1)
    expect(answer.sent[0]).toMatchObject({ equipmentCode: 'SC1', inspectionStatus: 'failed', useUnitName: '东关物业', message: '请于 15 日内申请检验', sentBy: 'insp1 张', acknowledgedAt: null })
    expect(answer.skipped.map((s: { equipmentCode: string }) => s.equipmentCode)).toEqual(['SC0', 'NOPE'])
    expect(answer.skipped[0].reason).toContain('no notice needed')
    const [delivery] = await service.db.query<{ payload: { data: { equipmentCode: string } } }>("select payload from webhook_deliveries where event = 'inspection.notice'")
    expect(delivery!.payload.data.equipmentCode).toBe('SC1')

    expect((await call('POST', '/api/inspections/notices', 'unit', { equipmentCodes: ['SC1'] })).status).toBe(403)
    expect((await ok('GET', '/api/inspections/notices?unacknowledged=true', 'unit')).total).toBe(1)
    expect((await ok('GET', '/api/inspections/notices', 'other-unit')).total).toBe(0)
    const id = answer.sent[0].id
    expect((await call('POST', `/api/inspections/notices/${id}/acknowledge`, 'other-unit')).status).toBe(404)
    expect((await call('POST', `/api/inspections/notices/${id}/acknowledge`, 'insp1')).status).toBe(403)
    const acknowledged = await ok('POST', `/api/inspections/notices/${id}/acknowledge`, 'unit')
    expect(acknowledged).toMatchObject({ id, acknowledgedBy: 'unit 张' })
    expect((await ok('GET', '/api/inspections/notices?unacknowledged=true', 'unit')).total).toBe(0)
  })
})
