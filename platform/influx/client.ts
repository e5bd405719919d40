// InfluxDB through its v1 HTTP API (/ping, /write with line protocol, /query with InfluxQL): the one API
// that InfluxDB 1.x, 2.x (v1 compatibility endpoints) and 3.x all serve.

export interface InfluxOptions {
  url: string
  database: string
  username?: string | null
  password?: string | null
  /** InfluxDB 2.x/3.x token, sent as `Authorization: Token …`. */
  token?: string | null
  timeoutMs?: number
}

export class InfluxHttpError extends Error {
  constructor (public readonly status: number, public readonly body: string, what: string) {
    super(`InfluxDB ${what} answered ${status}: ${body.slice(0, 300)}`)
    this.name = 'InfluxHttpError'
  }
}

export interface InfluxSeries { name: string, tags?: Record<string, string>, columns: string[], values: unknown[][] }

export function createInfluxClient (options: InfluxOptions) {
  const base = options.url.replace(/\/+$/, '')
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Token ${options.token}`
  else if (options.username) headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`
  const timeoutMs = options.timeoutMs ?? 10_000

  async function request (path: string, init: RequestInit, what: string, cancel?: AbortSignal): Promise<Response> {
    const call = { ...init, headers: { ...headers, ...init.headers as Record<string, string> } }
    if (cancel === undefined) return await checked(await fetch(`${base}${path}`, { ...call, signal: AbortSignal.timeout(timeoutMs) }), what)
    // A timer of our own rather than AbortSignal.timeout() inside AbortSignal.any(): on Node 20 the garbage
    // collector may take that timeout signal (see notify/webhooks.ts).
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs)
    const onCancel = () => abort.abort(cancel.reason)
    cancel.addEventListener('abort', onCancel)
    try {
      if (cancel.aborted) onCancel()
      // The body is read here, so that the timer and the cancel also cover it.
      const response = await checked(await fetch(`${base}${path}`, { ...call, signal: abort.signal }), what)
      return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers })
    } finally {
      clearTimeout(timer)
      cancel.removeEventListener('abort', onCancel)
    }
  }

  async function checked (response: Response, what: string): Promise<Response> {
    if (!response.ok) throw new InfluxHttpError(response.status, await response.text(), what)
    return response
  }

  /** `database`: null for server-level statements; `signal`: cancels the query (a stopping scan). */
  async function query (q: string, o: { database?: string | null, signal?: AbortSignal } = {}): Promise<InfluxSeries[]> {
    const body = new URLSearchParams({ q, epoch: 'ms' })
    const database = o.database === undefined ? options.database : o.database
    if (database !== null) body.set('db', database)
    const response = await request('/query', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 'query', o.signal)
    const json = await response.json() as { results?: Array<{ error?: string, series?: InfluxSeries[] }>, error?: string }
    const error = json.error ?? json.results?.find((r) => r.error)?.error
    if (error !== undefined) throw new InfluxHttpError(400, error, 'query')
    return json.results?.flatMap((r) => r.series ?? []) ?? []
  }

  return {
    url: base,
    database: options.database,
    /** Resolves with the server version, or throws when it is unreachable. */
    async ping (): Promise<string> {
      const response = await request('/ping', { method: 'GET' }, 'ping')
      return response.headers.get('x-influxdb-version') ?? 'unknown'
    },
    /** Creates the database where the server allows it (1.x; 2.x/3.x manage buckets/databases themselves). */
    async ensureDatabase (): Promise<boolean> {
      try {
        await query(`CREATE DATABASE "${options.database}"`, { database: null })
        return true
      } catch {
        return false
      }
    },
    /** `precision`: the unit of the points' timestamps. */
    async write (lines: string, precision: 'ms' | 'ns' = 'ms'): Promise<void> {
      await request(`/write?db=${encodeURIComponent(options.database)}&precision=${precision}`, { method: 'POST', body: lines, headers: { 'content-type': 'text/plain; charset=utf-8' } }, 'write')
    },
    query
  }
}

export type InfluxClient = ReturnType<typeof createInfluxClient>

/** InfluxQL string literal: single quotes escaped. Identifiers we interpolate are validated ids. */
export function influxString (value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** Rows of one series as objects keyed by column name. */
export function seriesRows (series: InfluxSeries | undefined): Array<Record<string, unknown>> {
  if (series === undefined) return []
  return series.values.map((row) => Object.fromEntries(series.columns.map((c, i) => [c, row[i]])))
}
