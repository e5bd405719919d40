// The dashboard in a real browser against a real service: signing in, the server's messages on failure,
// throttling, the way back after a session ends, and what each role may open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot, signIn, submitLogin, waitForText } from './support/browser.ts'
import { PASSWORDS, startDashboardService, type DashboardService } from './support/dashboard-service.ts'

let app: DashboardService
let browser: Browser

beforeAll(async () => {
  app = await startDashboardService()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('sign-in', () => {
  it('sends a visitor to sign in, shows the server\'s message for a wrong login in the dashboard\'s language, then returns to the page asked for', async () => {
    const { page, pageErrors, close } = await openPage(browser, app.baseUrl)
    await page.goto('/elevators?districtId=1')
    await page.waitForURL(/\/login\?redirect=/)
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/elevators?districtId=1')
    await page.locator('text=天鉴').first().waitFor()
    await screenshot(page, 'login-zh')

    await submitLogin(page, 'dispatcher', 'not-the-password')
    const error = page.locator('[data-test=login-error]')
    await error.waitFor()
    expect(await error.textContent()).toContain('用户名或密码错误')
    expect(await error.textContent()).toContain('登录失败')
    await screenshot(page, 'login-wrong-zh')
    // The server answers in the language the dashboard shows: the same refusal in English after switching.
    await page.locator('[data-test=language-switch] label', { hasText: 'EN' }).click()
    await submitLogin(page, 'dispatcher', 'not-the-password')
    await waitForText(page, '[data-test=login-error]', /wrong username or password/)
    await page.locator('[data-test=language-switch] label', { hasText: '中文' }).click()

    await submitLogin(page, 'dispatcher', PASSWORDS.dispatcher)
    await page.waitForURL(/\/elevators\?districtId=1$/)
    await page.locator('[data-test=elevator-table]').waitFor()
    expect(await page.evaluate(() => sessionStorage.getItem('tianjian.token'))).toMatch(/.{20,}/)
    expect(pageErrors).toEqual([])
    await close()
  })

  it('counts down readably when the server throttles repeated failures', async () => {
    // Fail until the server's wait (it doubles per failure, after a few free ones) is long enough for the
    // browser's own attempt to land inside it; a refused try does not count, so each wait is sat out.
    const tryWrong = () => fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'guesser', password: 'a-guess' }) })
    for (let i = 0; ; i++) {
      expect(i).toBeLessThan(20)
      const answer = await tryWrong()
      if (answer.status !== 429) continue
      const waitS = Number(answer.headers.get('retry-after'))
      if (waitS >= 8) break
      await new Promise((resolve) => setTimeout(resolve, waitS * 1000))
    }
    const { page, close } = await openPage(browser, app.baseUrl)
    await page.goto('/login')
    await submitLogin(page, 'guesser', 'one-more-guess')
    const throttled = page.locator('[data-test=login-throttled]')
    await throttled.waitFor()
    expect(await throttled.textContent()).toMatch(/登录失败次数过多，请 \d+ 秒后再试/)
    expect(await page.locator('[data-test=login-submit]').isDisabled()).toBe(true)
    await screenshot(page, 'login-throttled-zh')
    await close()
  })

  it('returns to sign-in with the page remembered when the session ends, and back after signing in', async () => {
    const { page, close } = await openPage(browser, app.baseUrl)
    await signIn(page, 'dispatcher', PASSWORDS.dispatcher, '/system')
    await page.locator('[data-test=health-status]').waitFor()
    // The session ends on the server (as on expiry): the next request answers 401.
    const token = await page.evaluate(() => sessionStorage.getItem('tianjian.token'))
    expect((await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(204)
    await page.locator('[data-test=nav-gateways]').click()
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/gateways')
    await page.locator('[data-test=session-ended]').waitFor()
    await submitLogin(page, 'dispatcher', PASSWORDS.dispatcher)
    await page.waitForURL(/\/gateways$/)
    await page.locator('[data-test=gateway-table]').waitFor()
    await close()
  })
})

describe('roles', () => {
  it('shows the dispatcher fleet counts, online and offline', async () => {
    const { page, close } = await openPage(browser, app.baseUrl)
    await signIn(page, 'dispatcher', PASSWORDS.dispatcher)
    await waitForText(page, '[data-test=fleet-total] [data-test=stat-value]', '4')
    // The gateway serves three of the four lifts and is connected.
    await waitForText(page, '[data-test=fleet-online] [data-test=stat-value]', '3')
    await waitForText(page, '[data-test=fleet-offline] [data-test=stat-value]', '1')
    // The wall (issue #10 part 6): no case today, the 30-day trend, no terminal offline.
    await waitForText(page, '[data-test=wall-today-cases] [data-test=stat-value]', '0')
    await page.locator('[data-test=wall-trend] canvas').waitFor()
    await screenshot(page, 'home-dispatcher-zh')
    await close()
  })

  it('shows the inspector the overdue lift, the inspection rate and its trend, and the lift\'s inspection records', async () => {
    const { page, close } = await openPage(browser, app.baseUrl)
    await signIn(page, 'inspector', PASSWORDS.inspector)
    await waitForText(page, '[data-test=overdue-count] [data-test=stat-value]', '1')
    await waitForText(page, '[data-test=inspection-rate] [data-test=stat-value]', '75%')
    await page.locator('[data-test=inspection-trend] canvas').waitFor()
    await page.locator('[data-test=overdue-lifts]').getByText(app.seed.codes[0]!).waitFor()
    await screenshot(page, 'home-inspector-zh')
    await page.locator('[data-test=overdue-lifts]').getByText(app.seed.codes[0]!).click()
    await page.locator('[data-test=inspection-status]').getByText('超期未检').waitFor()
    await page.locator('[data-test=inspection-form]').waitFor()
    await close()
  })

  it('gives a maintenance firm on a phone only its own lifts and keeps it off operator pages', async () => {
    const { page, close } = await openPage(browser, app.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await signIn(page, 'firm-a', PASSWORDS['firm-a'])
    await waitForText(page, '[data-test=my-total] [data-test=stat-value]', '2')
    await screenshot(page, 'home-maintainer-phone-zh')
    await page.goto('/elevators')
    await page.locator('[data-test=elevator-cards]').waitFor()
    await page.locator('[data-test=elevator-cards] .el-card').nth(1).waitFor()
    expect(await page.locator('[data-test=elevator-cards] .el-card').count()).toBe(2)
    await screenshot(page, 'list-maintainer-phone-zh')
    expect(await page.locator('[data-test=nav-gateways]').count()).toBe(0)
    await page.goto('/gateways')
    await page.waitForURL((url) => url.pathname === '/')
    await close()
  })

  it('shows the administrator the registry and its links', async () => {
    const { page, close } = await openPage(browser, app.baseUrl)
    await signIn(page, 'admin', PASSWORDS.admin)
    await waitForText(page, '[data-test=registry-elevators] [data-test=stat-value]', '4')
    await waitForText(page, '[data-test=registry-gateways] [data-test=stat-value]', '1')
    await screenshot(page, 'home-admin-zh')
    await close()
  })
})

describe('errors', () => {
  it('shows the server\'s message when a request fails, and keeps the page', async () => {
    await app.service.gateways.create({ id: 'gw-spare', name: 'spare', useUnitId: null, equipmentCodes: [] })
    const { page, pageErrors, close } = await openPage(browser, app.baseUrl)
    await signIn(page, 'dispatcher', PASSWORDS.dispatcher, '/gateways')
    const row = page.locator('[data-test=gateway-table] tbody tr', { hasText: 'gw-spare' })
    await row.waitFor()
    // Another administrator removes the gateway meanwhile.
    await app.service.gateways.remove('gw-spare')
    await row.locator('[data-test=gateway-rejected]').click()
    const toast = page.locator('.el-message--error')
    await toast.waitFor()
    expect(await toast.textContent()).toContain('请求失败（404）：没有这个网关')
    expect(await page.locator('[data-test=gateway-table]').isVisible()).toBe(true)
    expect(pageErrors).toEqual([])
    await close()
  })

  it('says so when a lift is not in the user\'s scope', async () => {
    const { page, close } = await openPage(browser, app.baseUrl)
    await signIn(page, 'firm-a', PASSWORDS['firm-a'], `/elevators/${app.seed.codes[1]}`)
    await page.getByText('没有这台电梯，或不在您的权限范围内').waitFor()
    await close()
  })
})
