// vue-i18n set-up: zh-CN first, English on request; the choice is remembered in this browser.
import { createI18n } from 'vue-i18n'
import { zhCN, type Messages } from './zh-cn.ts'
import { en } from './en.ts'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = typeof LOCALES[number]
const STORAGE_KEY = 'tianjian.locale'

function rememberedLocale (): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (LOCALES.includes(saved as Locale)) return saved as Locale
  } catch {
    // storage blocked (private mode): fall back to the default
  }
  return 'zh-CN'
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: rememberedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en }
})

export function currentLocale (): Locale {
  return i18n.global.locale.value
}

export function setLocale (locale: Locale) {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try { localStorage.setItem(STORAGE_KEY, locale) } catch { /* not remembered, still switched */ }
}

document.documentElement.lang = currentLocale()
