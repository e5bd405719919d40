// The signed-in session: the token lives in sessionStorage (gone when the tab closes), the user is asked
// from the server on start, so a disabled user or an expired session is noticed at once.
import { computed, ref } from 'vue'
import { defineStore, getActivePinia, getStores } from 'pinia'
import { api, ApiError } from '../api/client.ts'
import type { Role, User } from '../api/types.ts'

const TOKEN_KEY = 'tianjian.token'

function readToken (): string | null {
  try { return sessionStorage.getItem(TOKEN_KEY) } catch { return null }
}
function writeToken (token: string | null) {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY)
    else sessionStorage.setItem(TOKEN_KEY, token)
  } catch { /* storage blocked: the session lasts as long as the page */ }
}

/** Another user may sign in next in this tab: nothing of this one's data may stay in memory. */
function disposeOtherStores () {
  const pinia = getActivePinia()
  if (pinia === undefined) return
  for (const store of getStores(pinia)) {
    if (store.$id === 'auth') continue
    store.$dispose()
    delete pinia.state.value[store.$id]
  }
}

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(readToken())
  const user = ref<User | null>(null)
  /** Set when a 401 ended the session, so the sign-in page can say why. */
  const sessionEnded = ref(false)

  const signedIn = computed(() => token.value !== null && user.value !== null)
  const role = computed<Role | null>(() => user.value?.role ?? null)

  async function login (username: string, password: string) {
    const answer = await api.login(username, password)
    token.value = answer.token
    writeToken(answer.token)
    user.value = answer.user
    sessionEnded.value = false
  }

  /** On start with a stored token: who is it? false when there is no valid session. */
  async function restore (): Promise<boolean> {
    if (token.value === null) return false
    if (user.value !== null) return true
    try {
      user.value = await api.me()
      return true
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err
      return false
    }
  }

  function forget (ended: boolean) {
    token.value = null
    user.value = null
    writeToken(null)
    sessionEnded.value = ended
    disposeOtherStores()
  }

  async function logout () {
    try { await api.logout() } catch { /* the session is forgotten here either way */ }
    forget(false)
  }

  return { token, user, sessionEnded, signedIn, role, login, restore, forget, logout }
})
