// Gas cylinders in a real browser, zh-CN: the public lookup a phone opens from a cylinder's mark (no
// sign-in, only the safe subset, unknown codes said plainly), a filling unit's day and its cylinders with a
// cylinder's whole trace, and the inspector's figures by filling unit with the daily scan's alerts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot, signIn, waitForText } from './support/browser.ts'
import { PASSWORDS, startDashboardService, type DashboardService } from './support/dashboard-service.ts'
import { recordCylinderEvents } from '../../cylinders/store.ts'
import { addMonths, localDate } from '../../platform/calendar.ts'

let app: DashboardService
let browser: Browser
let unitId = 0
const FILLING_PASSWORD = 'filling-unit-password'

beforeAll(async () => {
  app = await startDashboardService()
  browser = await launchBrowser()
  const { service } = app
  const unit = await service.fillingUnits.create({ name: '城东液化气充装站', licenseNo: 'TS-1', districtId: app.seed.cityDistrict.id, address: '东环路 1 号' })
  unitId = unit.id
  await service.fillingUnits.createStation(unit.id, { code: 'ST-1', name: '一号充装台' })
  const today = localDate(Date.now(), 'Asia/Shanghai')
  const base = { registrationNo: null, fillingUnitId: unit.id, manufacturer: '北方钢瓶厂', volumeL: 35.5, medium: 'LPG', nominalPressureMpa: 2.1, designLifeYears: null, emptyMassKg: 15.5, capacityKg: 14.5 }
  await service.cylinders.register([
    { ...base, code: 'QH01-LPG-000001', serial: 'S-1', registrationNo: '青西气01000001', manufacturedOn: addMonths(today, -6), lastInspectedOn: null },
    // Made nine years ago and never inspected: overdue, past its life.
    { ...base, code: 'QH01-LPG-000002', serial: 'S-2', manufacturedOn: addMonths(today, -108), lastInspectedOn: null }
  ], { id: null, name: 'test' })
  await service.cylinders.inspect({}, 'QH01-LPG-000001', { on: today, result: 'pass', inspector: '王检', notes: null }, { id: null, name: 'test' }, today)
  await recordCylinderEvents(service.db, [
    { cylinderCode: 'QH01-LPG-000001', at: new Date(), kind: 'filled', fillingUnitId: unit.id, stationCode: 'ST-1', details: { medium: 'LPG', massKg: 14.3, operator: '马师傅' } },
    { cylinderCode: 'QH01-LPG-000002', at: new Date(), kind: 'refused', fillingUnitId: unit.id, stationCode: 'ST-1', details: { medium: 'LPG', reasons: ['inspection_overdue', 'past_design_life'] } }
  ])
  await service.cylinderScan.scan(today)
  await service.users.create({ username: 'filling', displayName: '充装站安全员', role: 'filling_unit', maintenanceFirmId: null, useUnitId: null, fillingUnitId: unit.id, password: FILLING_PASSWORD })
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('the public lookup', () => {
  it('shows the safe subset without signing in, and says plainly when a code is unknown', async () => {
    const phone = await openPage(browser, app.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true })
    try {
      const { page } = phone
      await page.goto('/c/QH01-LPG-000002')
      await waitForText(page, '[data-test=lookup-facts]', /城东液化气充装站/)
      await waitForText(page, '[data-test=lookup-verdict]', /不得使用/)
      const text = await page.locator('[data-test=cylinder-lookup]').innerText()
      expect(text).not.toMatch(/北方钢瓶厂|S-2/)
      await screenshot(page, 'cylinder-lookup')
      await page.locator('[data-test=lookup-code]').fill('QH99-XX-000000')
      await page.locator('[data-test=lookup-submit]').click()
      await waitForText(page, '[data-test=lookup-problem]', /没有这个编码的气瓶/)
      expect(phone.pageErrors).toEqual([])
    } finally {
      await phone.close()
    }
  })
})

describe('a filling unit', () => {
  it('sees its day, its cylinders, and a cylinder\'s whole trace', async () => {
    const opened = await openPage(browser, app.baseUrl)
    try {
      const { page } = opened
      await signIn(page, 'filling', FILLING_PASSWORD)
      await waitForText(page, '[data-test=filling-unit-home] [data-test=today-refusals]', /1/)
      await waitForText(page, '[data-test=filling-unit-home] [data-test=reason-past_design_life]', /超设计使用年限/)
      await waitForText(page, '[data-test=must-not-fill]', /QH01-LPG-000002/)
      expect(await page.locator('[data-test=nav-elevators]').count()).toBe(0)
      await page.locator('[data-test=to-cylinders]').click()
      await waitForText(page, '[data-test=cylinder-total]', /共 2 只/)
      await page.locator('[data-test=cylinder-search]').fill('QH01-LPG-000001')
      await waitForText(page, '[data-test=cylinder-total]', /共 1 只/)
      await page.locator('[data-test=cylinder-link]').first().click()
      await waitForText(page, '[data-test=cylinder-timeline]', /充装/)
      for (const kind of ['registered', 'inspected', 'filled']) await page.locator(`[data-test=event-${kind}]`).first().waitFor()
      await waitForText(page, '[data-test=cylinder-timeline]', /马师傅/)
      await screenshot(page, 'cylinder-timeline')
      expect(opened.pageErrors).toEqual([])
    } finally {
      await opened.close()
    }
  })
})

describe('the inspector', () => {
  it('reads 定检率 by filling unit and the daily scan\'s alerts', async () => {
    const opened = await openPage(browser, app.baseUrl)
    try {
      const { page } = opened
      await signIn(page, 'inspector', PASSWORDS.inspector, '/cylinders')
      await waitForText(page, '[data-test=cylinder-figures]', /城东液化气充装站/)
      // One of two in use overdue: 50%.
      await waitForText(page, '[data-test=cylinder-rate]', /50\.00%/)
      await waitForText(page, '[data-test=cylinders-page]', /气瓶超期未检/)
      await waitForText(page, '[data-test=cylinders-page]', /气瓶超设计使用年限/)
      await screenshot(page, 'cylinders-inspector')
      expect(unitId).toBeGreaterThan(0)
      expect(opened.pageErrors).toEqual([])
    } finally {
      await opened.close()
    }
  })
})
