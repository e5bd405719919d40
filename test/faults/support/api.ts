// The service's HTTP API as a client sees it (fetch), and a small registry made through it: what a
// scenario needs when the service runs in another process.
import type { LoadGateway } from './telemetry-load.ts'

export interface ApiAnswer { status: number, headers: Headers, json: any, text: string }

export function apiClient (baseUrl: string) {
  async function call (method: string, path: string, options: { token?: string | null, body?: unknown, headers?: Record<string, string> } = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (options.body !== undefined) headers['content-type'] ??= 'application/json'
    const response = await fetch(`${baseUrl}${path}`, {
      method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    })
    const text = await response.text()
    let json: unknown = null
    try { json = JSON.parse(text) } catch {}
    return { status: response.status, headers: response.headers, json, text }
  }
  /** A call that must succeed (2xx); anything else throws with the answer. */
  async function ok (method: string, path: string, token: string | null, body?: unknown) {
    const answer = await call(method, path, { token, body })
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text.slice(0, 300)}`)
    return answer.json
  }
  async function login (username: string, password: string): Promise<string> {
    return (await ok('POST', '/api/auth/login', null, { username, password })).token as string
  }
  return { call, ok, login }
}

export type ApiClient = ReturnType<typeof apiClient>

/** A district, a use unit, `gateways` gateways with `liftsPerGateway` lifts each, created as an admin would. */
export async function seedThroughApi (api: ApiClient, token: string, gateways: number, liftsPerGateway: number, prefix = 'F'): Promise<LoadGateway[]> {
  const district = await api.ok('POST', '/api/districts', token, { code: `${prefix}D`, name: `${prefix} 区`, arrivalLimitMin: 30 })
  const useUnit = await api.ok('POST', '/api/use-units', token, { name: `${prefix} 使用单位` })
  const out: LoadGateway[] = []
  for (let g = 0; g < gateways; g++) {
    const codes: string[] = []
    for (let l = 0; l < liftsPerGateway; l++) {
      const code = `${prefix}-${g}-${l}`
      await api.ok('PUT', `/api/elevators/${code}`, token, {
        rescueId: String(100000 + g * liftsPerGateway + l), kind: 'traction', address: `西宁市城中区${g}号`, districtId: district.id,
        useUnitId: useUnit.id, maintenanceFirmId: null, building: null, floors: 30, publicPlace: false
      })
      codes.push(code)
    }
    const id = `gw-${prefix.toLowerCase()}-${g}`
    const { secret } = await api.ok('POST', '/api/gateways', token, { id, equipmentCodes: codes })
    out.push({ id, secret, codes })
  }
  return out
}
