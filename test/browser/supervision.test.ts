// The inspector's spot check and the hidden-danger loop in a real browser, zh-CN, under the service's CSP:
// draw a plan, record a failed lift (which opens a case), the use unit rectifies it with a photo, the
// inspector accepts it; a supervision notice sent in one click reaches the use unit, who acknowledges it;
// and a visitor reads the plan and its result on the public page without signing in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot, signIn, waitForText } from './support/browser.ts'
import { PASSWORDS, startDashboardService, type DashboardService } from './support/dashboard-service.ts'

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

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

describe('spot checks and hidden dangers', () => {
  it('runs from a drawn plan through a failed lift\'s case to its acceptance, and publishes the result', async () => {
    const inspector = await openPage(browser, app.baseUrl)
    const { page } = inspector
    await signIn(page, 'inspector', PASSWORDS.inspector, '/spot-checks')
    await page.locator('[data-test=spot-check-title]').fill('第四季度电梯双随机抽查')
    await page.locator('[data-test=spot-check-size] input').fill('2')
    await page.locator('[data-test=spot-check-draw]').click()
    await page.locator('[data-test=spot-check-items] tbody tr').nth(1).waitFor()
    expect(await page.locator('[data-test=spot-check-items] tbody tr').count()).toBe(2)
    await page.locator('[data-test=spot-check-items] tbody tr').first().locator('[data-test=spot-check-fail]').click()
    await page.locator('.el-message-box textarea').fill('轿厢应急照明不亮')
    await page.locator('.el-message-box .el-button--primary').click()
    await waitForText(page, '[data-test=spot-check-items]', /不合格/)
    await screenshot(page, 'spot-check-plan')

    const unit = await openPage(browser, app.baseUrl)
    await signIn(unit.page, 'hospital', PASSWORDS.hospital, '/dangers')
    await unit.page.locator('[data-test=danger-table] tbody tr').first().click()
    await unit.page.locator('[data-test=danger-rectify]').waitFor()
    await unit.page.locator('[data-test=danger-photo-input]').setInputFiles([{ name: 'fixed.png', mimeType: 'image/png', buffer: PNG_1PX }])
    await unit.page.locator('[data-test=danger-rectify] img').first().waitFor()
    await unit.page.locator('[data-test=danger-rectify] textarea').fill('已更换应急照明灯并试验合格')
    await unit.page.locator('[data-test=danger-rectify-submit]').click()
    await waitForText(unit.page, '[data-test=danger-status-text]', '已整改待验收')
    await screenshot(unit.page, 'danger-rectified')

    await page.goto('/dangers')
    await page.locator('[data-test=danger-table] tbody tr').first().click()
    await page.locator('[data-test=danger-accept-submit]').click()
    await waitForText(page, '[data-test=danger-status-text]', '已闭环')

    // One click on the inspector's overdue list sends the use unit a supervision notice; it acknowledges it.
    await page.goto('/')
    await page.locator('[data-test=overdue-lifts] [data-test=send-notice]').first().click()
    await waitForText(page, '[data-test=overdue-lifts]', /已督办/)
    await unit.page.goto('/')
    await unit.page.locator('[data-test=notice]').first().waitFor()
    await screenshot(unit.page, 'use-unit-notice')
    await unit.page.locator('[data-test=acknowledge-notice]').first().click()
    await unit.page.locator('[data-test=notices]').waitFor({ state: 'detached' })

    // The monthly report for this month: 定检率 by district, the dangers found and closed, the plan drawn.
    await page.goto('/')
    await page.locator('[data-test=report-link]').waitFor()
    const month = (await page.locator('[data-test=report-link]').getAttribute('href'))!
    expect(month).toMatch(/^\/reports\/inspection\/\d{4}-\d{2}$/)
    await page.goto(`/reports/inspection/${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)}`)
    await waitForText(page, '[data-test=inspection-report]', /电梯安全监察月报[\s\S]*第四季度电梯双随机抽查/)
    await waitForText(page, '[data-test=report-dangers]', /合计\s*1\s*1\s*0\s*0/)
    await screenshot(page, 'inspection-report')

    const visitor = await openPage(browser, app.baseUrl)
    await visitor.page.goto('/public/spot-checks')
    await waitForText(visitor.page, '[data-test=public-plan]', /第四季度电梯双随机抽查[\s\S]*不合格/)
    const text = await visitor.page.locator('[data-test=public-spot-checks]').innerText()
    expect(text).not.toContain('监察员老李')
    expect(text).not.toContain('轿厢应急照明不亮')
    await screenshot(visitor.page, 'public-spot-checks')

    for (const opened of [inspector, unit, visitor]) {
      expect(opened.pageErrors).toEqual([])
      await opened.close()
    }
  })
})
