// The equipment list, a lift's live page and the operator pages in a real browser: filters kept in the URL,
// the floor following MQTT states as they arrive, a resync after the stream drops, the history chart,
// gateways with their rejected messages, system health, and zh-CN ↔ English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot, signIn, waitForText, type OpenedPage } from './support/browser.ts'
import { PASSWORDS, startDashboardService, type DashboardService } from './support/dashboard-service.ts'

let app: DashboardService
let browser: Browser
let opened: OpenedPage
let page: Page

const rowCodes = (p: Page) => p.locator('[data-test=elevator-link]').allTextContents()

beforeAll(async () => {
  app = await startDashboardService()
  browser = await launchBrowser()
  opened = await openPage(browser, app.baseUrl)
  page = opened.page
  await signIn(page, 'dispatcher', PASSWORDS.dispatcher)
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('equipment list', () => {
  it('filters on the server and keeps the filters in the URL across a reload', async () => {
    const { codes, countyDistrict } = app.seed
    await page.goto('/elevators')
    await page.locator('[data-test=elevator-link]').nth(3).waitFor()
    expect(await rowCodes(page)).toEqual(codes)

    await page.locator('input[data-test=search]').fill('100003')
    await page.waitForURL((url) => url.searchParams.get('q') === '100003')
    await waitForText(page, '[data-test=list-total]', '共 1 台')
    expect(await rowCodes(page)).toEqual([codes[2]])

    await page.locator('input[data-test=search]').fill('')
    await page.waitForURL((url) => !url.searchParams.has('q'))
    await page.locator('[data-test=filter-district]').click()
    await page.locator('.el-select-dropdown__item', { hasText: countyDistrict.name }).click()
    await page.waitForURL((url) => url.searchParams.get('districtId') === String(countyDistrict.id))
    await waitForText(page, '[data-test=list-total]', '共 2 台')
    expect(await rowCodes(page)).toEqual([codes[1], codes[3]])

    await page.reload()
    await waitForText(page, '[data-test=list-total]', '共 2 台')
    expect(await rowCodes(page)).toEqual([codes[1], codes[3]])
    expect(await page.locator('[data-test=filter-district]').textContent()).toContain(countyDistrict.name)
  })

  it('sorts on the server and filters the overdue and the offline from a shared link', async () => {
    const { codes } = app.seed
    await page.goto('/elevators?sort=rescueId&order=desc')
    await page.locator('[data-test=elevator-link]').nth(3).waitFor()
    expect(await rowCodes(page)).toEqual([...codes].reverse())
    await page.goto('/elevators?overdue=true')
    await waitForText(page, '[data-test=list-total]', '共 1 台')
    expect(await rowCodes(page)).toEqual([codes[0]])
    await page.goto('/elevators?online=false')
    await waitForText(page, '[data-test=list-total]', '共 1 台')
    expect(await rowCodes(page)).toEqual([codes[3]])
  })

  it('finds a use unit by searching the server, and names the one in a shared link', async () => {
    const { useUnit } = app.seed
    await page.goto(`/elevators?useUnitId=${useUnit.id}`)
    await waitForText(page, '[data-test=list-total]', '共 4 台')
    await page.locator('[data-test=filter-use-unit]', { hasText: useUnit.name }).waitFor()
    await page.goto('/elevators')
    await page.locator('[data-test=elevator-link]').nth(3).waitFor()
    await page.locator('[data-test=filter-use-unit]').click()
    await page.keyboard.type('附属医院')
    await page.locator('.el-select-dropdown__item', { hasText: useUnit.name }).click()
    await page.waitForURL((url) => url.searchParams.get('useUnitId') === String(useUnit.id))
    await waitForText(page, '[data-test=list-total]', '共 4 台')
  })

  it('updates a row\'s floor live and takes a screenshot of the list', async () => {
    await app.publishState(app.seed.codes[1]!, { floor: 6 })
    await page.goto('/elevators')
    await page.locator('[data-live=open]').waitFor()
    await app.publishState(app.seed.codes[1]!, { floor: 11, mode: 2 })
    await waitForText(page, '[data-test=row-state]', /11 层\s*检修/)
    await screenshot(page, 'list-zh')
  })
})

describe('lift page', () => {
  it('shows registry facts and follows the floor as MQTT states arrive', async () => {
    const code = app.seed.codes[0]!
    // The last 50 minutes, one state every 100 s, for the history chart.
    const now = Date.now()
    const past = Array.from({ length: 30 }, (_, i) => ({
      ts: now - (30 - i) * 100_000, mode: 1, moving: i % 3 !== 0, dir: i % 2 === 0 ? 1 : 2, floor: [1, 4, 9, 12, 6, 3][i % 6], doorZone: true, doorClosed: true, occupied: i % 4 === 0, speed: i % 3 === 0 ? 0 : 1.6
    }))
    await app.gateway.publishAsync(`se/v1/${app.gatewayId}/elevator/${code}/state`, JSON.stringify(past), { qos: 1 })
    await app.publishState(code, { floor: 1 })
    await page.goto('/elevators')
    await page.locator('[data-test=elevator-link]', { hasText: code }).click()
    await page.waitForURL(`**/elevators/${code}`)
    await page.locator('[data-test=lift-facts]').getByText('100001').waitFor()
    await waitForText(page, '[data-test=lift-floor]', '1')
    await page.locator('[data-live=open]').waitFor()
    await app.publishState(code, { floor: 2, moving: true, dir: 1, speed: 1.5, occupied: true, doorZone: false })
    await waitForText(page, '[data-test=lift-floor]', '2')
    await waitForText(page, '[data-test=lift-direction]', '上行')
    await waitForText(page, '[data-test=lift-occupancy]', '有人')
    await app.publishState(code, { floor: 5, moving: false, dir: 0 })
    await waitForText(page, '[data-test=lift-floor]', '5')
    await waitForText(page, '[data-test=lift-mode]', /1 · 正常运行/)
    await waitForText(page, '[data-test=presence]', '在线')
  })

  it('resyncs after the stream drops, so a state published meanwhile is shown', async () => {
    const code = app.seed.codes[0]!
    await page.context().setOffline(true)
    // Drop every open HTTP connection, the event stream included, as a network failure would.
    app.service.api!.server.closeAllConnections()
    await page.locator('[data-live=reconnecting]').waitFor()
    await app.publishState(code, { floor: 9 })
    await page.context().setOffline(false)
    await page.locator('[data-live=open]').waitFor()
    await waitForText(page, '[data-test=lift-floor]', '9')
  })

  it('charts the history over an hour, a day and a week', async () => {
    await app.service.shipper!.drain()
    await page.locator('[data-test=history-range] label', { hasText: '近 1 小时' }).click()
    await page.locator('[data-test=history-chart] canvas').waitFor()
    await screenshot(page, 'lift-zh')
    await page.locator('[data-test=history-range] label', { hasText: '近 1 天' }).click()
    await page.locator('[data-test=history-chart] canvas').waitFor()
    await page.locator('[data-test=history-range] label', { hasText: '近 1 周' }).click()
    await page.locator('[data-test=history-range] label.is-active', { hasText: '近 1 周' }).waitFor()
    await page.locator('[data-test=history-chart] canvas').waitFor()
  })
})

describe('operator pages', () => {
  it('lists gateways with presence and counts and shows why messages were rejected', async () => {
    await app.gateway.publishAsync(`se/v1/${app.gatewayId}/elevator/${app.seed.codes[2]}/state`,
      JSON.stringify({ mode: 12, moving: false, dir: 0, floor: 1, doorZone: true, doorClosed: true, occupied: false }), { qos: 1 })
    await page.locator('[data-test=nav-gateways]').click()
    const row = page.locator('[data-test=gateway-table] tbody tr', { hasText: app.gatewayId })
    await row.waitFor()
    expect(await row.locator('[data-test=presence]').textContent()).toContain('在线')
    expect(await row.textContent()).toContain('2.4.1')
    await row.locator('[data-test=gateway-rejected]').click()
    const reason = page.locator('[data-test=rejections-drawer] [data-test=rejection-reason]').first()
    await reason.waitFor()
    expect(await reason.textContent()).toMatch(/schema.*\/mode/)
    await screenshot(page, 'gateway-rejections-zh')
    await page.keyboard.press('Escape')
    await page.locator('[data-test=rejections-drawer]').waitFor({ state: 'hidden' })
    await screenshot(page, 'gateways-zh')

    // The server searches: a miss empties the table, the gateway's name finds it again.
    await page.locator('input[data-test=gateway-search]').fill('no-such-gateway')
    await row.waitFor({ state: 'detached' })
    await page.locator('[data-test=gateway-table]', { hasText: '没有符合条件的网关' }).waitFor()
    await page.locator('input[data-test=gateway-search]').fill('HOSPITAL')
    await row.waitFor()
  })

  it('shows the overall health to a dispatcher, and each part only to an administrator', async () => {
    await page.locator('[data-test=nav-system]').click()
    await waitForText(page, '[data-test=health-status]', /总体：?\s*:?\s*正常/)
    await page.locator('[data-test=health-admin-only]').waitFor()
    expect(await page.locator('[data-test=health-database]').count()).toBe(0)
    const admin = await openPage(browser, app.baseUrl)
    await signIn(admin.page, 'admin', PASSWORDS.admin, '/system')
    await waitForText(admin.page, '[data-test=health-status]', /总体：?\s*:?\s*正常/)
    expect(await admin.page.locator('[data-test=health-database] [data-test=health-detail]').textContent()).toContain('PGlite')
    expect(await admin.page.locator('[data-test=health-influx] [data-test=health-up]').textContent()).toContain('运行')
    expect(admin.pageErrors).toEqual([])
    await admin.close()
    // A dispatcher reads each district's rescue settings but cannot change them.
    await page.locator('[data-test=district-settings] tbody tr', { hasText: app.seed.countyDistrict.name }).waitFor()
    expect(await page.locator('[data-test=district-settings]').textContent()).toContain('60 分钟')
    expect(await page.locator('[data-test^=edit-district-]').count()).toBe(0)
    await screenshot(page, 'system-zh')
  })

  it('lets an administrator set a district\'s grid rescue station', async () => {
    const admin = await openPage(browser, app.baseUrl)
    await signIn(admin.page, 'admin', PASSWORDS.admin, '/system')
    await admin.page.locator('[data-test=edit-district-DT]').click()
    await admin.page.locator('[data-test=district-station]').click()
    await admin.page.locator('.el-select-dropdown__item', { hasText: app.seed.firmB.name }).click()
    await admin.page.locator('[data-test=district-save]').click()
    await admin.page.locator('[data-test=district-dialog]').waitFor({ state: 'hidden' })
    await admin.page.locator('[data-test=district-settings] tbody tr', { hasText: app.seed.firmB.name }).waitFor()
    const county = (await app.service.registry.listDistricts()).find((d) => d.code === 'DT')
    expect(county).toMatchObject({ arrivalLimitMin: 60, rescueStationFirmId: app.seed.firmB.id })
    expect(admin.pageErrors).toEqual([])
    await admin.close()
  })
})

describe('language', () => {
  it('switches to English and back, and remembers the choice', async () => {
    await page.goto(`/elevators/${app.seed.codes[0]}`)
    await waitForText(page, '[data-test=lift-floor]', '9')
    await page.locator('[data-test=language-switch] label', { hasText: 'EN' }).click()
    await waitForText(page, '[data-test=lift-mode]', /1 · Normal/)
    await page.locator('text=Live state').waitFor()
    await page.locator('[data-test=history-chart] canvas').waitFor()
    await screenshot(page, 'lift-en')
    await page.goto('/elevators')
    await waitForText(page, '[data-test=list-total]', '4 lifts')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await screenshot(page, 'list-en')
    // By address, not by the bar: at this width, in English, the bar may fold its last pages into its "…" menu
    // (Element Plus measures it after the labels change), so whether they show depends on timing.
    for (const [nav, name] of [['gateways', 'gateways-en'], ['system', 'system-en']] as const) {
      await page.goto(`/${nav}`)
      await page.locator(nav === 'system' ? '[data-test=health-status]' : '[data-test=gateway-table] tbody tr').first().waitFor()
      await screenshot(page, name)
    }
    await page.locator('[data-test=language-switch] label', { hasText: '中文' }).click()
    await page.locator('[data-test=nav-elevators]', { hasText: '电梯列表' }).waitFor()
    expect(opened.pageErrors).toEqual([])
  })
})
