// A whole maintenance visit on a phone-sized browser, zh-CN, under the service's CSP: the firm's work list,
// start, the checklist, four photos (scaled in the browser), two workers signing on the canvas, submit;
// the record then shows the lift terminal's verdict and its place in the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot, signIn, waitForText, type OpenedPage } from './support/browser.ts'
import { PASSWORDS, startDashboardService, type DashboardService } from './support/dashboard-service.ts'

const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

let app: DashboardService
let browser: Browser
let firm: OpenedPage
let visitId = 0

beforeAll(async () => {
  app = await startDashboardService()
  browser = await launchBrowser()
  firm = await openPage(browser, app.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
})
afterAll(async () => {
  await firm?.close()
  await browser?.close()
  await app?.stop()
})

describe('a maintenance visit on a phone', () => {
  it('goes from the work list to a submitted record with photos and signatures', async () => {
    const { page } = firm
    await signIn(page, 'firm-a', PASSWORDS['firm-a'], '/maintenance')
    await page.locator('[data-test=maintenance-worklist] [data-test=start-visit]').first().click()
    await page.locator('[data-test=maintenance-visit]').waitFor()
    await page.locator('[data-test=pass-rest]').click()
    await waitForText(page, '[data-test=maintenance-visit]', /31\/31 项已填写/)
    await page.locator('[data-test=photo-input]').setInputFiles([1, 2, 3, 4].map((i) => ({ name: `p${i}.png`, mimeType: 'image/png', buffer: PNG_1PX })))
    await waitForText(page, '[data-test=maintenance-visit]', /现场照片 4/)
    for (const [i, name, cert] of [[0, '张师傅', 'TS-0001'], [1, '李师傅', '']] as const) {
      const worker = page.locator(`[data-test=worker-${i}]`)
      await worker.locator('input').nth(0).fill(name)
      await worker.locator('input').nth(1).fill(cert)
      // A finger's stroke, as the pad hears it: pointer events.
      const pad = worker.locator('[data-test=signature-canvas]')
      const box = (await pad.boundingBox())!
      const at = (x: number, y: number) => ({ clientX: box.x + x, clientY: box.y + y, pointerId: 7, pointerType: 'touch', isPrimary: true, bubbles: true })
      await pad.dispatchEvent('pointerdown', at(20, 20))
      for (const [x, y] of [[60, 40], [120, 60], [200, 30]] as const) await pad.dispatchEvent('pointermove', at(x, y))
      await pad.dispatchEvent('pointerup', at(200, 30))
    }
    await page.locator('[data-test=submit-visit]').click()
    await page.locator('[data-test=visit-verdict]').waitFor()
    await waitForText(page, '[data-test=visit-verdict]', /电梯未接入监测终端|维保期间|维保时长过短/)
    await screenshot(page, 'maintenance-visit-submitted')
    visitId = Number(/\/maintenance\/visits\/(\d+)/.exec(page.url())![1])
    expect(firm.pageErrors).toEqual([])
  })
})

describe('the inspector', () => {
  it('compares the firms, reads a lift\'s maintenance history and prints a record', async () => {
    const inspector = await openPage(browser, app.baseUrl)
    try {
      const { page } = inspector
      await signIn(page, 'inspector', PASSWORDS.inspector, '/maintenance/firms')
      const table = '[data-test=maintenance-firms-table]'
      await waitForText(page, table, new RegExp(app.seed.firmA.name))
      // The firm's one record: on time (its first), 100%; its lifts' overdue and open items counted today.
      const row = page.locator(`${table} tr`, { hasText: app.seed.firmA.name })
      await expect.poll(() => row.innerText()).toMatch(/100(\.0)?%/)
      await page.locator('[data-test=firm-rates-chart] canvas').waitFor()
      await screenshot(page, 'maintenance-firms')

      const [visited] = await app.service.db.query<{ code: string }>('select e.equipment_code as code from maintenance_records r join elevators e on e.id = r.elevator_id where r.id = $1', [visitId])
      await page.goto(`${app.baseUrl}/elevators/${visited!.code}`)
      const history = '[data-test=lift-maintenance]'
      await waitForText(page, `${history} [data-test=maintenance-chain]`, /记录链完整（1 条）/)
      await waitForText(page, `${history} [data-test=maintenance-records]`, /张师傅、李师傅/)
      await waitForText(page, `${history} [data-test=maintenance-status]`, /正常|即将到期/)
      await screenshot(page, 'maintenance-lift-history')

      await page.locator(`${history} [data-test=print-record]`).first().click()
      await page.locator('[data-test=maintenance-print]').waitFor()
      await waitForText(page, '[data-test=maintenance-print]', /电梯维护保养记录/)
      await waitForText(page, '[data-test=print-items]', /A1-31/)
      expect(await page.locator('[data-test=maintenance-print] .photos img').count()).toBe(4)
      // On paper the buttons go and the form stays.
      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('[data-test=print-button]').isVisible()).toBe(false)
      expect(await page.locator('[data-test=print-items]').isVisible()).toBe(true)
      await screenshot(page, 'maintenance-record-print')

      // And in English.
      await page.emulateMedia({ media: 'screen' })
      await page.evaluate(() => localStorage.setItem('tianjian.locale', 'en'))
      await page.reload()
      await waitForText(page, '[data-test=maintenance-print]', /Lift maintenance record/)
      expect(inspector.pageErrors).toEqual([])
    } finally {
      await inspector.close()
    }
  })
})
