// Composition root of the dashboard: Pinia, i18n, the API client's hooks, the router, then mount.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import './style.css'
import App from './app.vue'
import { currentLocale, i18n } from './i18n/index.ts'
import { configureApi } from './api/client.ts'
import { router, returnToSignIn } from './router/index.ts'
import { useAuthStore } from './stores/auth.ts'
import { reportError } from './lib/common/report-error.ts'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const auth = useAuthStore(pinia)
configureApi({ token: () => auth.token, onUnauthorized: returnToSignIn, language: currentLocale })
app.use(router)
// Anything a component throws is shown, not swallowed into a blank page.
app.config.errorHandler = (err) => reportError(err)
window.addEventListener('unhandledrejection', (event) => reportError(event.reason))
// A page chunk that fails to load (the service was updated meanwhile) is reported, not a dead click.
router.onError((err) => reportError(err))
app.mount('#app')
