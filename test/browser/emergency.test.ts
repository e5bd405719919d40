// The emergency center in real browsers against a real service: a passenger trapped between floors,
// reported by a gateway over MQTT, rings on the dispatcher's board; the dispatcher dispatches it; the firm
// accepts, arrives and releases on its phone; the dispatcher calls back, is refused a close without a
// cause (the server's own words), closes it with one; the timeline and the figures show it. Then a case
// opened from a phone call, escalated and marked a false alarm, and the alert list.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot, signIn, waitForText, type OpenedPage } from './support/browser.ts'
import { until } from '../support/mqtt.ts'
import { PASSWORDS, startDashboardService, type DashboardService } from './support/dashboard-service.ts'

let app: DashboardService
let browser: Browser
let desk: OpenedPage
let firm: OpenedPage
let page: Page
/** Path of the first case's page, for the alert list's link to it. */
let casePath: string

const TRAPPED = { mode: 1, moving: false, dir: 0, floor: 7, doorZone: false, doorClosed: true, occupied: true }
const caseCard = (p: Page, rescueId: string) => p.locator('[data-test=rescue-case]', { hasText: rescueId })
const status = (p: Page, selector: string, value: string) => p.locator(`${selector}[data-status=${value}]`).waitFor()
/** Screenshots show the page, not the "done" toasts of the last clicks. */
const noToasts = (p: Page) => p.waitForFunction(() => document.querySelectorAll('.el-message').length === 0)

beforeAll(async () => {
  // A passenger still for 2 s between floors is an entrapment (the default is 15 s).
  app = await startDashboardService({ ENTRAPMENT_BETWEEN_FLOORS_S: '2' })
  browser = await launchBrowser()
  desk = await openPage(browser, app.baseUrl)
  page = desk.page
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('an entrapment from detection to close', () => {
  const code = () => app.seed.codes[0]! // firm A's lift in the city district: 30-minute arrival limit

  it('appears on the dispatcher\'s board with its clock and rings the alarm', async () => {
    await signIn(page, 'dispatcher', PASSWORDS.dispatcher, '/rescue')
    await page.locator('[data-test=board-empty]').waitFor()
    await page.locator('[data-live=open]').waitFor()
    expect(await page.locator('[data-test=alarm]').getAttribute('data-alarm')).toBe('quiet')

    await app.publishState(code(), { ...TRAPPED, moving: true })
    await app.publishState(code(), TRAPPED)
    const card = caseCard(page, '100001')
    await card.waitFor()
    await page.locator('[data-test=alarm][data-alarm=ringing]').waitFor()
    await waitForText(page, '[data-test=alarm-count] sup', '1')
    await page.locator('[data-test=alarm-banner]').waitFor()
    await card.locator('[data-test=case-source]', { hasText: '非平层关人' }).waitFor()
    expect(await card.getAttribute('data-status')).toBe('reported')
    expect(await card.textContent()).toContain('八一路1号')
    expect(await card.textContent()).toContain('青海通力电梯维保')
    expect(await card.locator('[data-test=firm-phone]').textContent()).toBe('400-000-0001')
    expect(await card.locator('[data-test=firm-phone]').getAttribute('href')).toBe('tel:400-000-0001')
    const clock = card.locator('[data-test=rescue-clock]')
    expect(await clock.getAttribute('data-tone')).toBe('ok')
    expect(await clock.getAttribute('data-running')).toBe('true')
    expect(await clock.textContent()).toContain('到场时限 30 分钟')

    // Audio: the browser may still hold it back; then the button lets it play.
    const alarm = page.locator('[data-test=alarm]')
    if (await alarm.getAttribute('data-sound') === 'blocked') await page.locator('[data-test=alarm-enable-sound]').click()
    await page.locator('[data-test=alarm][data-sound=on]').waitFor()
    expect(await alarm.getAttribute('data-rings')).toBe('1')
    await screenshot(page, 'rescue-board-zh')

    // Issue #10 part 6: the dispatcher's wall shows the case with its clock, today's count and the trend.
    await page.locator('[data-test=nav-home]').click()
    await page.locator('[data-test=wall-case] [data-test=rescue-clock]').waitFor()
    await waitForText(page, '[data-test=wall-today-cases] [data-test=stat-value]', '1')
    await page.locator('[data-test=wall-trend] canvas').waitFor()
    await screenshot(page, 'home-wall-zh')
    await page.locator('[data-test=nav-rescue]').click()
    await card.waitFor()

    await card.locator('[data-test=action-dispatch]', { hasText: '派单 → 青海通力电梯维保' }).click()
    await status(page, '[data-test=rescue-case]', 'dispatched')
    await page.locator('[data-test=alarm][data-alarm=quiet]').waitFor()
    expect(await page.locator('[data-test=alarm-banner]').count()).toBe(0)
  })

  it('remembers a muted alarm in this browser', async () => {
    await page.locator('[data-test=alarm-mute]').click()
    await page.locator('[data-test=alarm][data-sound=muted]').waitFor()
    expect(await page.evaluate(() => localStorage.getItem('tianjian.alarm.muted'))).toBe('true')
    await page.reload()
    await status(page, '[data-test=rescue-case]', 'dispatched')
    await page.locator('[data-test=alarm][data-sound=muted]').waitFor()
    // Unmuting is a click: the gesture the browser waits for before it plays sound.
    await page.locator('[data-test=alarm-mute]').click()
    await page.locator('[data-test=alarm][data-sound=on]').waitFor()
    expect(await page.evaluate(() => localStorage.getItem('tianjian.alarm.muted'))).toBe('false')
  })

  it('lets the firm accept, arrive and release with big buttons on a phone, and the desk follows live', async () => {
    firm = await openPage(browser, app.baseUrl, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })
    const phone = firm.page
    await signIn(phone, 'firm-a', PASSWORDS['firm-a'])
    await waitForText(phone, '[data-test=awaiting-accept] [data-test=stat-value]', '1')
    await phone.locator('[data-test=my-dispatches] [data-test=stat-value]').click()
    await phone.waitForURL('**/dispatches')
    const card = phone.locator('[data-test=dispatch-card]')
    await card.waitFor()
    await phone.locator('[data-test=alarm][data-alarm=ringing]').waitFor()
    expect(await card.textContent()).toContain('0971-0000000')
    for (const target of ['step-accept', 'step-arrive', 'step-release', 'call-use-unit']) {
      const box = await card.locator(`[data-test=${target}]`).boundingBox()
      expect(box!.height).toBeGreaterThanOrEqual(48)
      expect(box!.x + box!.width).toBeLessThanOrEqual(375)
    }
    // One column: nothing wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)

    await card.locator('[data-test=step-accept]').click()
    await status(phone, '[data-test=dispatch-card]', 'accepted')
    await phone.locator('[data-test=alarm][data-alarm=quiet]').waitFor()
    await status(page, '[data-test=rescue-case]', 'accepted')
    await card.locator('[data-test=step-arrive]').click()
    await status(phone, '[data-test=dispatch-card]', 'arrived')
    await card.locator('[data-test=rescue-clock][data-running=false]').waitFor()
    await noToasts(phone)
    await screenshot(phone, 'dispatches-phone-zh')
    await card.locator('[data-test=step-release]').click()
    await status(phone, '[data-test=dispatch-card]', 'released')
    expect(await card.locator('[data-test=step-release]').getAttribute('data-done')).toBe('true')
    await status(page, '[data-test=rescue-case]', 'released')
    expect(firm.pageErrors).toEqual([])
  })

  it('is called back, refused a close without a cause, closed with one, and shows its timeline', async () => {
    const card = caseCard(page, '100001')
    await card.locator('[data-test=action-call_back]').click()
    await status(page, '[data-test=rescue-case]', 'called_back')
    await card.locator('[data-test=case-link]').click()
    await page.waitForURL(/\/rescue\/\d+$/)
    casePath = new URL(page.url()).pathname
    await page.locator('[data-test=rescue-timeline]').waitFor()
    // Whom to call, whoever was sent: the contracted firm with its 24-hour phone one tap away.
    const facts = page.locator('[data-test=rescue-facts]')
    expect(await facts.locator('[data-test=contracted-firm]').textContent()).toContain('青海通力电梯维保')
    expect(await facts.locator('[data-test=contracted-firm-phone]').getAttribute('href')).toBe('tel:400-000-0001')
    expect(await facts.locator('[data-test=level-two-firm]').textContent()).toBe('未设置')

    await page.locator('[data-test=rescue-case-page] [data-test=action-close]').click()
    const dialog = page.locator('[data-test=action-dialog]')
    await dialog.locator('[data-test=action-submit]').click()
    const refusal = dialog.locator('[data-test=action-error]')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('请求失败（409）：结案须填写故障原因')

    await dialog.locator('textarea[data-test=action-text]').fill('门锁回路接触不良，已紧固')
    await dialog.locator('[data-test=action-submit]').click()
    await page.locator('[data-test=case-over]').waitFor()
    await waitForText(page, '[data-test=case-cause]', '门锁回路接触不良，已紧固')
    const actions = await page.locator('[data-test=timeline-item]').evaluateAll((items) => items.map((i) => i.getAttribute('data-action')))
    expect(actions).toEqual(['reported', 'dispatch', 'accept', 'arrive', 'release', 'call_back', 'close'])
    const timeline = await page.locator('[data-test=rescue-timeline]').textContent()
    // People by the names they go by, not their logins.
    expect(timeline).toContain('通力维保张工')
    expect(timeline).toContain('调度员小王')
    expect(timeline).not.toContain('firm-a')
    expect(timeline).toContain('青海通力电梯维保')
    expect(timeline).toContain('接单（处置响应）')
    await page.locator('[data-test=case-arrival-min]').waitFor()
    await noToasts(page)
    await screenshot(page, 'rescue-case-zh')

    await page.locator('[data-test=nav-rescue]').click()
    await page.locator('[data-test=board-empty]').waitFor()
  })

  it('counts the case in the figures, by district and firm, and downloads them as CSV', async () => {
    await page.locator('[data-test=nav-figures]').click()
    await waitForText(page, '[data-test=figures-cases] [data-test=stat-value]', '1')
    await waitForText(page, '[data-test=figures-within] [data-test=stat-value]', '100%')
    await page.locator('[data-test=figures-district-table] tbody tr', { hasText: '城东区' }).waitFor()
    await page.locator('[data-test=figures-firm-table] tbody tr', { hasText: '青海通力电梯维保' }).waitFor()
    await page.locator('[data-test=figures-district] [data-test=figures-chart] canvas').waitFor()
    expect(await page.locator('[data-test=figures-definitions]').textContent()).toContain('到场时间：接警 → 到场')
    await noToasts(page)
    await screenshot(page, 'figures-zh')

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=figures-csv]').click()])
    expect(download.suggestedFilename()).toMatch(/^rescue-figures-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv).toContain('group,key,name,liftsInUse,cases')
    expect(csv).toMatch(/\ntotal,all,all,4,1,/)

    await page.locator('[data-test=figures-period] label', { hasText: '上月' }).click()
    await waitForText(page, '[data-test=figures-cases] [data-test=stat-value]', '0')
  })
})

describe('a case from a phone call', () => {
  it('finds the lift by its rescue ID, opens a case, escalates it to 110/119 and marks it a false alarm', async () => {
    await page.locator('[data-test=nav-rescue]').click()
    await page.locator('[data-test=board-empty]').waitFor()
    await page.locator('input[data-test=call-query]').fill('100002')
    await page.locator('.call-suggestions [data-test=call-suggestion]', { hasText: '100002' }).click()
    await page.locator('[data-test=call-lift]', { hasText: '西宁奥的斯维保' }).waitFor()
    await page.locator('input[data-test=call-caller]').fill('张女士 13800000000')
    await page.locator('[data-test=call-submit]').click()
    const card = caseCard(page, '100002')
    await card.waitFor()
    expect(await card.textContent()).toContain('电话报警')
    expect(await card.textContent()).toContain('张女士 13800000000')
    expect(await card.textContent()).toContain('到场时限 60 分钟')
    await page.locator('[data-test=alarm][data-alarm=ringing]').waitFor()
    await page.locator('[data-test=alarm-silence]').click()
    await page.locator('[data-test=alarm][data-alarm=quiet]').waitFor()

    // Issue #10: a second call about the same lift joins the case under way instead of opening another.
    await page.locator('input[data-test=call-query]').fill('100002')
    await page.locator('.call-suggestions [data-test=call-suggestion]', { hasText: '100002' }).click()
    await page.locator('input[data-test=call-caller]').fill('李先生')
    await page.locator('[data-test=call-submit]').click()
    await page.locator('.el-message', { hasText: '来电已并入' }).first().waitFor()
    expect(await caseCard(page, '100002').count()).toBe(1)
    // Issue #10: the case page says when the lift's terminal went offline.
    const offlineAt = Date.parse('2026-03-01T02:05:00Z')
    await app.service.alerts.raise({ equipmentCode: app.seed.codes[1]!, type: 'offline', severity: 'warning', at: offlineAt })
    await card.locator('[data-test=case-link]').click()
    await waitForText(page, '[data-test=case-terminal-offline]', /终端离线（自 .*10:05/)
    expect((await page.locator('[data-test=rescue-timeline] [data-action=call]').textContent())).toContain('李先生')
    await page.locator('[data-test=nav-rescue]').click()
    await card.waitFor()

    await card.locator('[data-test=action-escalate]').click()
    const dialog = page.locator('[data-test=action-dialog]')
    const contracted = dialog.locator('[data-test=dialog-contracted-firm]')
    await contracted.waitFor()
    expect(await contracted.textContent()).toContain('西宁奥的斯维保')
    expect(await contracted.locator('a').getAttribute('href')).toBe('tel:400-000-0002')
    await dialog.locator('[data-test=escalate-level] label', { hasText: '110 / 119' }).click()
    await dialog.locator('textarea[data-test=action-text]').fill('轿内乘客不适，请求消防')
    await dialog.locator('[data-test=action-submit]').click()
    await waitForText(page, '[data-test=rescue-case] [data-test=case-level]', '3 级')
    // An escalation made on this screen does not ring (the clock's would): the dispatcher did it.
    expect(await page.locator('[data-test=alarm]').getAttribute('data-alarm')).toBe('quiet')

    await card.locator('[data-test=action-false_alarm]').click()
    await dialog.locator('textarea[data-test=action-text]').fill('回拨确认：儿童误按报警')
    await dialog.locator('[data-test=action-submit]').click()
    await page.locator('[data-test=board-empty]').waitFor()
    expect(desk.pageErrors).toEqual([])
  })
})

describe('alerts', () => {
  it('lists alerts with filters, shows one with its history, and acknowledges, comments and closes a fault', async () => {
    await app.publishEvent(app.seed.codes[2]!, { code: '02', active: true })
    await page.locator('[data-test=nav-alerts]').click()
    const row = page.locator('[data-test=alert-table] tbody tr', { hasText: '关门故障' })
    await row.waitFor()
    expect(await row.textContent()).toContain('100003')
    await page.goto('/alerts?type=entrapment&status=all')
    await waitForText(page, '[data-test=alert-total]', '共 1 条')
    expect(await page.locator('[data-test=alert-filter-status]').textContent()).toContain('全部状态')
    const entrapment = page.locator('[data-test=alert-table] tbody tr').first()
    const caseLink = entrapment.locator('[data-test=alert-rescue-link]')
    expect(await caseLink.getAttribute('href')).toBe(casePath)
    await entrapment.click()
    const drawer = page.locator('[data-test=alert-drawer]')
    await waitForText(page, '[data-test=drawer-status]', '已关闭')
    expect(await drawer.locator('[data-test=drawer-rescue-link]').getAttribute('href')).toBe(casePath)
    const history = await drawer.locator('[data-test=alert-history-item]').allTextContents()
    expect(history.join(' ')).toContain('非平层关人')
    expect(history.join(' ')).toContain('门锁回路接触不良，已紧固')
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    await screenshot(page, 'alerts-entrapment-zh')
    // From the entrapment straight to its rescue case.
    await caseLink.click()
    await page.waitForURL(`**${casePath}`)
    await page.locator('[data-test=rescue-facts] [data-test=contracted-firm]', { hasText: '青海通力电梯维保' }).waitFor()

    await page.goto('/alerts?type=fault.*')
    await page.locator('[data-test=alert-table] tbody tr', { hasText: '关门故障' }).click()
    await waitForText(page, '[data-test=drawer-status]', '新告警')
    await drawer.locator('textarea[data-test=alert-note]').fill('已电话通知维保单位')
    await drawer.locator('[data-test=alert-acknowledge]').click()
    await waitForText(page, '[data-test=drawer-status]', '已确认')
    await drawer.locator('[data-test=alert-history-item]', { hasText: '已电话通知维保单位' }).waitFor()
    await noToasts(page)
    await screenshot(page, 'alert-drawer-zh')
    await drawer.locator('[data-test=alert-close]').click()
    await waitForText(page, '[data-test=drawer-status]', '已关闭')
    await page.keyboard.press('Escape')
    await waitForText(page, '[data-test=alert-total]', '共 0 条')
    expect(desk.pageErrors).toEqual([])
  })
})

describe('after the stream drops', () => {
  it('reads the board again on reconnecting, so an entrapment raised meanwhile is shown', async () => {
    await page.locator('[data-test=nav-rescue]').click()
    await page.locator('[data-test=board-empty]').waitFor()
    await page.locator('[data-live=open]').waitFor()
    await page.context().setOffline(true)
    // Drop every open HTTP connection, the event stream included, as a network failure would.
    app.service.api!.server.closeAllConnections()
    await page.locator('[data-live=reconnecting]').waitFor()
    const code = app.seed.codes[1]! // firm B's lift in the county: 60-minute limit
    await app.publishState(code, { ...TRAPPED, moving: true })
    await app.publishState(code, TRAPPED)
    // The server has raised it meanwhile; this browser, offline, heard nothing.
    const token = await page.evaluate(() => sessionStorage.getItem('tianjian.token'))
    const openEntrapments = async () => (await app.service.api!.inject({ method: 'GET', url: '/api/alerts?type=entrapment&status=open', headers: { authorization: `Bearer ${token}` } })).json().total as number
    await until(async () => await openEntrapments() === 1)
    await page.context().setOffline(false)
    await page.locator('[data-live=open]').waitFor()
    const card = caseCard(page, '100002')
    await card.waitFor()
    await page.locator('[data-test=alarm][data-alarm=ringing]').waitFor()
    await card.locator('[data-test=action-false_alarm]').click()
    await page.locator('[data-test=action-dialog] textarea[data-test=action-text]').fill('测试：网络恢复后补读')
    await page.locator('[data-test=action-dialog] [data-test=action-submit]').click()
    await page.locator('[data-test=board-empty]').waitFor()
  })
})

describe('language', () => {
  it('shows the desk and the figures in English', async () => {
    await page.locator('[data-test=language-switch] label', { hasText: 'EN' }).click()
    await page.locator('[data-test=nav-rescue]').click()
    await page.locator('[data-test=board-empty]', { hasText: 'No entrapment rescue under way' }).waitFor()
    await page.locator('[data-test=nav-figures]').click()
    await page.locator('[data-test=figures-definitions]', { hasText: 'Arrival: reported → arrived' }).waitFor()
    await screenshot(page, 'figures-en')
    await page.locator('[data-test=language-switch] label', { hasText: '中文' }).click()
  })
})
