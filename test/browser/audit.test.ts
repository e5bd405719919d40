// The audit log page (admin) in a real browser, zh-CN: a change and the sign-ins appear, filters narrow
// the list on the server, a row opens to the record before and after; other roles have no such page.
// Every page here, and the OpenAPI page, runs under the service's Content-Security-Policy (support/browser.ts
// counts any violation as a page error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot, signIn, waitForText, type OpenedPage } from './support/browser.ts'
import { PASSWORDS, startDashboardService, type DashboardService } from './support/dashboard-service.ts'

let app: DashboardService
let browser: Browser
let admin: OpenedPage

beforeAll(async () => {
  app = await startDashboardService()
  browser = await launchBrowser()
  admin = await openPage(browser, app.baseUrl)
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('the audit log page', () => {
  it('lists sign-ins and changes, filters them, and shows a change before and after', async () => {
    const { page } = admin
    // A failed try first, then the admin's change to a district through the system page.
    const wrong = await openPage(browser, app.baseUrl)
    await wrong.page.goto('/login')
    await wrong.page.locator('input[data-test=username]').fill('dispatcher')
    await wrong.page.locator('input[data-test=password]').fill('not-the-password')
    await wrong.page.locator('[data-test=login-submit]').click()
    await waitForText(wrong.page, '[data-test=login-error]', /用户名或密码错误/)
    await wrong.close()
    await signIn(page, 'admin', PASSWORDS.admin, '/system')
    await page.locator('[data-test=edit-district-DT]').click()
    await page.locator('[data-test=district-station]').click()
    await page.locator('.el-select-dropdown__item', { hasText: app.seed.firmA.name }).click()
    await page.locator('[data-test=district-save]').click()
    await page.locator('[data-test=district-dialog]').waitFor({ state: 'hidden' })

    await page.locator('[data-test=nav-audit]').click()
    await page.waitForURL(/\/audit$/)
    await page.locator('[data-test=audit-table] [data-test=audit-action]', { hasText: '修改区县' }).waitFor()
    const actions = await page.locator('[data-test=audit-action]').allTextContents()
    expect(actions.slice(0, 3)).toEqual(['修改区县', '登录', '登录失败'])

    await page.locator('[data-test=audit-filter-action]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '全部登录操作' }).click()
    await waitForText(page, '[data-test=audit-total]', '共 2 条')
    expect(await page.locator('[data-test=audit-action]').allTextContents()).toEqual(['登录', '登录失败'])
    await page.locator('input[data-test=audit-filter-actor]').fill('DISPATCHER')
    await waitForText(page, '[data-test=audit-total]', '共 1 条')
    expect(await page.locator('[data-test=audit-actor]').allTextContents()).toEqual(['dispatcher'])

    await page.locator('[data-test=audit-filter-reset]').click()
    await page.locator('[data-test=audit-filter-action]').click()
    await page.locator('.el-select-dropdown__item', { hasText: '修改区县' }).click()
    await waitForText(page, '[data-test=audit-total]', '共 1 条')
    await page.locator('[data-test=audit-table] .el-table__expand-icon').first().click()
    const changed = page.locator('[data-test=audit-change] tr.changed')
    await changed.first().waitFor()
    expect(await changed.allTextContents()).toEqual([expect.stringMatching(new RegExp(`^rescueStationFirmId\\s*—\\s*${app.seed.firmA.id}$`))])
    await screenshot(page, 'audit-zh')
    expect(admin.pageErrors).toEqual([])
  })

  it('is not offered to other roles, and opening it sends them home', async () => {
    const desk = await openPage(browser, app.baseUrl)
    await signIn(desk.page, 'dispatcher', PASSWORDS.dispatcher)
    await desk.page.locator('[data-test=nav-system]').waitFor()
    expect(await desk.page.locator('[data-test=nav-audit]').count()).toBe(0)
    await desk.page.goto('/audit')
    await desk.page.waitForURL((url) => url.pathname === '/')
    expect(desk.pageErrors).toEqual([])
    await desk.close()
  })

  it('serves the OpenAPI page under its policy', async () => {
    const docs = await openPage(browser, app.baseUrl)
    await docs.page.goto('/docs')
    await docs.page.locator('.swagger-ui .info .title').waitFor()
    await docs.page.locator('.opblock-tag', { hasText: 'audit' }).waitFor()
    expect(docs.pageErrors).toEqual([])
    await docs.close()
  })
})
