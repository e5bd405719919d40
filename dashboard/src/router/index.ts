// History-mode routes (the API serves index.html for unknown paths) and the guard: sign in first, then
// only the pages your role may open. A 401 anywhere returns to sign-in with the page remembered.
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { ElMessage } from 'element-plus'
import AppLayout from '../components/shell/app-layout.vue'
import { useAuthStore } from '../stores/auth.ts'
import { mayOpen, type PageName } from './roles.ts'
import { i18n } from '../i18n/index.ts'
import { reportError } from '../lib/common/report-error.ts'

declare module 'vue-router' {
  interface RouteMeta { public?: boolean }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('../pages/login-page.vue'), meta: { public: true } },
    // What a phone opens when it scans a cylinder's mark: no sign-in, no shell.
    { path: '/c/:code?', name: 'cylinder-lookup', component: () => import('../pages/cylinder-lookup-page.vue'), meta: { public: true } },
    // The paper form a use unit files: without the shell, so it prints as it shows.
    { path: '/maintenance/visits/:id(\\d+)/print', name: 'maintenance-print', component: () => import('../pages/maintenance-print-page.vue'), props: (route) => ({ id: Number(route.params.id) }) },
    {
      path: '/',
      component: AppLayout,
      children: [
        { path: '', name: 'home', component: () => import('../pages/home-page.vue') },
        { path: 'rescue', name: 'rescue', component: () => import('../pages/rescue-board-page.vue') },
        { path: 'rescue/:id(\\d+)', name: 'rescue-case', component: () => import('../pages/rescue-case-page.vue'), props: (route) => ({ id: Number(route.params.id) }) },
        { path: 'dispatches', name: 'dispatches', component: () => import('../pages/dispatches-page.vue') },
        { path: 'maintenance', name: 'maintenance', component: () => import('../pages/maintenance-page.vue') },
        { path: 'maintenance/visits/:id(\\d+)', name: 'maintenance-visit', component: () => import('../pages/maintenance-visit-page.vue'), props: (route) => ({ id: Number(route.params.id) }) },
        { path: 'alerts', name: 'alerts', component: () => import('../pages/alerts-page.vue') },
        { path: 'maintenance/firms', name: 'maintenance-firms', component: () => import('../pages/maintenance-firms-page.vue') },
        { path: 'figures', name: 'figures', component: () => import('../pages/figures-page.vue') },
        { path: 'elevators', name: 'elevators', component: () => import('../pages/elevator-list-page.vue') },
        { path: 'elevators/:code', name: 'elevator', component: () => import('../pages/elevator-page.vue'), props: true },
        { path: 'cylinders', name: 'cylinders', component: () => import('../pages/cylinders-page.vue') },
        { path: 'cylinders/:code', name: 'cylinder', component: () => import('../pages/cylinder-page.vue'), props: true },
        { path: 'gateways', name: 'gateways', component: () => import('../pages/gateways-page.vue') },
        { path: 'system', name: 'system', component: () => import('../pages/system-page.vue') },
        { path: 'audit', name: 'audit', component: () => import('../pages/audit-page.vue') },
        { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../pages/not-found-page.vue') }
      ]
    }
  ]
})

/** Where to come back to after sign-in: only our own paths, never another site. */
export function safeRedirect (value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : '/'
}

router.beforeEach(async (to: RouteLocationNormalized) => {
  const auth = useAuthStore()
  if (to.meta.public === true) return true
  let valid = false
  try {
    valid = await auth.restore()
  } catch (err) {
    reportError(err)
  }
  if (!valid) return { name: 'login', query: { redirect: to.fullPath } }
  const page = to.name as PageName | 'not-found' | undefined
  if (page !== undefined && page !== 'not-found' && !mayOpen(auth.role, page)) {
    ElMessage({ type: 'warning', message: i18n.global.t('error.forbidden'), grouping: true })
    return { name: 'home' }
  }
  return true
})

/** Called by the API client on any 401: the session is over. */
export function returnToSignIn () {
  const auth = useAuthStore()
  // Several requests in flight answer 401 together (a page's list and its live-stream ticket): the first
  // ends the session; the others must not undo its "session ended" notice.
  if (auth.token !== null) auth.forget(true)
  const current = router.currentRoute.value
  if (current.name === 'login') return
  void router.push({ name: 'login', query: { redirect: current.fullPath } })
}
