// Debian's Chromium driven by playwright-core: a fresh context per user, Asia/Shanghai, zh-CN first.
// Page errors and failed requests are collected so a test can say the page stayed healthy; so is anything
// the Content-Security-Policy refused (platform/http/security-headers.ts), so every browser test that checks
// `pageErrors` also proves the dashboard runs under that policy.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { PROJECT_ROOT } from '../../../platform/paths.ts'

export const CHROMIUM = '/usr/bin/chromium'
export const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts', 'dashboard')

export function launchBrowser (): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
}

export interface OpenedPage { page: Page, pageErrors: string[], close (): Promise<void> }

export async function openPage (browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 860 }, ...options
  })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(err.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(`CSP: ${message.text()}`)
  })
  return { page, pageErrors, close: () => context.close() }
}

export async function screenshot (page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  // Let fonts and the last repaint settle so the artefact shows what a person would see.
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, animations: 'disabled' })
}

/** Fills the sign-in form and submits it; does not wait for the outcome. */
export async function submitLogin (page: Page, username: string, password: string) {
  await page.locator('input[data-test=username]').fill(username)
  await page.locator('input[data-test=password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
}

export async function signIn (page: Page, username: string, password: string, path = '/') {
  await page.goto(path)
  await page.waitForURL(/\/login/)
  await submitLogin(page, username, password)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/** Waits until the element's whole text matches. */
export async function waitForText (page: Page, selector: string, text: string | RegExp) {
  const pattern = typeof text === 'string' ? new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : text
  await page.locator(selector).filter({ hasText: pattern }).first().waitFor()
}
