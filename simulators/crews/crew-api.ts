// A crew's phone talking to Tianjian: the maintenance API as the dashboard calls it, signed in with the
// crew's login (again when the session has expired). Answers are typed from the server's schemas.
import type { Static } from 'typebox'
import type { DueList, Visit } from '../../maintenance/schemas.ts'
import type { ItemResult } from '../../maintenance/schedule.ts'

export type DueListAnswer = Static<typeof DueList>
export type VisitAnswer = Static<typeof Visit>

export class CrewApiError extends Error {
  constructor (readonly status: number, readonly code: string, message: string) {
    super(message)
    this.name = 'CrewApiError'
  }
}

export function createCrewApi (baseUrl: string, login: { username: string, password: string }, fetchImpl: typeof fetch = fetch) {
  let token: string | null = null

  async function send (method: string, path: string, body: unknown, contentType: string | null): Promise<Response> {
    const headers: Record<string, string> = { 'accept-language': 'en' }
    if (token !== null) headers.authorization = `Bearer ${token}`
    if (contentType !== null) headers['content-type'] = contentType
    const payload = body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : body as Buffer
    return fetchImpl(new URL(path, baseUrl), { method, headers, body: payload as BodyInit | undefined })
  }

  async function signIn (): Promise<void> {
    token = null
    const response = await send('POST', '/api/auth/login', login, 'application/json')
    const answer = await response.json() as { token?: string, code?: string, message?: string }
    if (!response.ok || answer.token === undefined) throw new CrewApiError(response.status, answer.code ?? 'unknown', `sign-in as ${login.username}: ${answer.message ?? response.statusText}`)
    token = answer.token
  }

  async function call<T> (method: string, path: string, body?: unknown, contentType: string | null = body === undefined ? null : 'application/json'): Promise<T> {
    if (token === null) await signIn()
    let response = await send(method, path, body, contentType)
    if (response.status === 401) {
      await signIn()
      response = await send(method, path, body, contentType)
    }
    const text = await response.text()
    const answer = text === '' ? null : JSON.parse(text) as unknown
    if (!response.ok) {
      const e = answer as { code?: string, message?: string, details?: Array<{ message: string }> } | null
      const details = e?.details?.map((d) => d.message).join('; ')
      throw new CrewApiError(response.status, e?.code ?? 'unknown', `${method} ${path}: ${response.status} ${e?.message ?? response.statusText}${details ? ` (${details})` : ''}`)
    }
    return answer as T
  }

  return {
    signIn,
    due: () => call<DueListAnswer>('GET', '/api/maintenance/due?limit=2000'),
    start: (equipmentCode: string) => call<VisitAnswer>('POST', '/api/maintenance/visits', { equipmentCode }),
    record: (id: number, patch: { results?: Record<string, { result: ItemResult, note?: string }>, workers?: Array<{ name: string, certificateNo: string | null, signature: string }> }) =>
      call<VisitAnswer>('PATCH', `/api/maintenance/visits/${id}`, patch),
    photo: (id: number, png: Buffer) => call<{ id: number, sha256: string }>('POST', `/api/maintenance/visits/${id}/photos`, png, 'image/png'),
    visit: (id: number) => call<VisitAnswer>('GET', `/api/maintenance/visits/${id}`),
    submit: (id: number, endedAt?: string) => call<VisitAnswer>('POST', `/api/maintenance/visits/${id}/submit`, endedAt === undefined ? {} : { endedAt }),
    confirm: (id: number, name: string, signature: string) => call<VisitAnswer>('POST', `/api/maintenance/visits/${id}/confirm`, { name, signature })
  }
}

export type CrewApi = ReturnType<typeof createCrewApi>
