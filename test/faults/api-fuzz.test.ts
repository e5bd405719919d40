// Fault 8: every route of the OpenAPI document the service publishes (/docs/json), called with fast-check
// values made from its own schemas — valid, one thing wrong, or anything — in its path, query and body,
// with odd content types, as an admin, a maintenance firm and nobody. A client's mistake must get a 4xx in
// the error format, counted in /metrics; never a 5xx, never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ADMIN_PASSWORD, createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { seedRegistry } from '../support/fixtures.ts'
import { sized } from './support/mode.ts'
import { reportScenario } from './support/report.ts'
import { metricSum, scrape } from './support/metrics.ts'
import { apiClient } from './support/api.ts'
import { fuzzFor, textFor, type JsonSchema, type OpenApiDoc } from './support/schema-arbitrary.ts'

const size = sized({ short: { requests: 250 }, full: { requests: 6_000 }, long: { requests: 100_000 } })
const SEED = 96333
const MAINTAINER_PASSWORD = 'maintainer-password-fuzz'
let service: TestService

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase() })
})
afterAll(async () => {
  await service?.stop()
})

type Identity = 'admin' | 'maintainer' | 'anonymous'
interface Operation { method: string, path: string, params: Array<{ in: string, name: string, required?: boolean, schema: JsonSchema }>, body: JsonSchema | null }
interface FuzzRequest { op: Operation, who: Identity, url: string, body?: { type: string | null, text: string } }

function operations (doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, o]) => ({
    method: method.toUpperCase(), path, params: (o.parameters ?? []) as Operation['params'],
    body: (o.requestBody?.content?.['application/json']?.schema ?? null) as JsonSchema | null
  })))
}

function requestFor (op: Operation, doc: OpenApiDoc, protectedUserIds: number[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path')
  const queryParams = op.params.filter((p) => p.in === 'query')
  const pathValue = (p: Operation['params'][number]) => op.path.startsWith('/api/users/')
    // The fuzzing users themselves stay as they are (a new password would sign the fuzzer out).
    ? textFor(p.schema, doc).filter((v) => !protectedUserIds.map(String).includes(v.trim()))
    : textFor(p.schema, doc)
  const body: fc.Arbitrary<FuzzRequest['body']> = fc.oneof(
    { weight: 60, arbitrary: (op.body === null ? fc.jsonValue({ maxDepth: 2 }) : fuzzFor(op.body, doc)).map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })) },
    { weight: 5, arbitrary: fc.string({ maxLength: 300 }).map((text) => ({ type: 'application/json', text })) },
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom('text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data', 'garbage/;;', null), fc.string({ maxLength: 300 })).map(([type, text]) => ({ type, text })) },
    { weight: 5, arbitrary: fc.constant(undefined) },
    // Above the 1 MB JSON limit.
    { weight: 1, arbitrary: fc.constant({ type: 'application/json', text: JSON.stringify({ pad: 'x'.repeat(1_200_000) }) }) }
  )
  const query = fc.tuple(
    fc.tuple(...queryParams.map((p) => fc.option(textFor(p.schema, doc), { nil: undefined, freq: p.required === true ? 8 : 2 }))),
    fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 20 })), { freq: 5 }),
    fc.option(fc.constantFrom('%zz', 'a=1&a=2', '=&&=', '%E0%A4%A', 'limit=1&limit=2'), { freq: 10 })
  ).map(([values, unknown, raw]) => {
    const search = new URLSearchParams()
    queryParams.forEach((p, i) => { if (values[i] !== undefined) search.append(p.name, values[i]!) })
    if (unknown !== null) search.append(unknown[0], unknown[1])
    const text = search.toString()
    return [text, raw].filter((s) => s !== null && s !== '').join('&')
  })
  return fc.record({
    who: fc.constantFrom<Identity>('admin', 'admin', 'admin', 'maintainer', 'anonymous'),
    path: fc.tuple(...pathParams.map(pathValue)).map((values) => pathParams.reduce((p, param, i) => p.replace(`{${param.name}}`, encodeURIComponent(values[i]!)), op.path)),
    query,
    body: ['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method) ? body : fc.constant(undefined)
  }).map(({ who, path, query, body }) => ({ op, who, url: query === '' ? path : `${path}?${query}`, ...(body === undefined ? {} : { body }) }))
}

describe('fault: fuzzed bodies and query strings of every API route', () => {
  it('answers every client mistake with a counted 4xx in the error format, never a 5xx', async () => {
    const report = reportScenario({
      id: 'api-fuzz',
      title: 'Fuzzed bodies and query strings of every API route',
      proves: 'Every operation in the service\'s own OpenAPI document, called with fast-check values made from its schemas (valid, one property wrong, missing or unknown, arbitrary JSON and text, odd and missing content types, oversized bodies, broken query encodings and path segments) as an admin, a maintenance firm and an anonymous caller, gets a 2xx or a 4xx in the `{ statusCode, error, code, message }` format — never a 5xx — and every 4xx is counted in `tianjian_api_refused_total` by status.'
    })
    const seeded = await seedRegistry(service.registry, 4)
    const maintainer = await service.users.create({ username: 'fuzz-maintainer', displayName: null, password: MAINTAINER_PASSWORD, role: 'maintainer', maintenanceFirmId: seeded.firmA.id, useUnitId: null })
    const admin = (await service.users.list()).find((u) => u.username === 'admin')!
    // The requests are generated before any socket is open: generating blocks this process (the service's
    // too), and a keep-alive connection idle meanwhile would be closed under the next request's feet.
    const doc = (await service.api!.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDoc
    const ops = operations(doc)
    expect(ops.length).toBeGreaterThan(40)
    const perOperation = new Map(ops.map((op) => [op, requestFor(op, doc, [admin.id, maintainer.id])]))
    const requests = fc.sample(fc.constantFrom(...ops).chain((op) => perOperation.get(op)!), { numRuns: size.requests, seed: SEED })
    // Numbers no column holds, in every integer path parameter, every run (full runs found them by chance).
    for (const op of ops) {
      for (const huge of ['99999999999999999999', '1e309', '2147483648']) {
        const params = op.params.filter((p) => p.in === 'path' && p.schema.type === 'integer')
        if (params.length > 0) requests.push({ op, who: 'admin', url: params.reduce((path, p) => path.replace(`{${p.name}}`, huge), op.path), ...(op.body === null ? {} : { body: { type: 'application/json', text: '{}' } }) })
      }
    }
    const api = apiClient(service.httpUrl)
    const tokens: Record<Identity, string | null> = { admin: await api.login('admin', ADMIN_PASSWORD), maintainer: await api.login('fuzz-maintainer', MAINTAINER_PASSWORD), anonymous: null }
    const before = await scrape(service.httpUrl)
    const statuses = new Map<number, number>()
    const failures: string[] = []
    const routesHit = new Set<string>()
    let relogins = 0
    // The fuzzer's own wrong sign-ins throttle the account for a few seconds (users/ sign-in limits): wait as
    // the answer says, as a person would. Its refusals count with the fuzzer's (every 4xx is in the metric).
    const signInAgain = async (username: string, password: string): Promise<string> => {
      for (let attempt = 0; ; attempt++) {
        const answer = await api.call('POST', '/api/auth/login', { token: null, body: { username, password } })
        if (answer.status === 200) return (answer.json as { token: string }).token
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        if (answer.status !== 429 || attempt >= 20) throw new Error(`sign-in again as ${username}: ${answer.status} ${answer.text.slice(0, 300)}`)
        await new Promise((resolve) => setTimeout(resolve, 1000 * Math.max(1, Number(answer.headers.get('retry-after') ?? 1))))
      }
    }
    let next = 0
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!
        const headers: Record<string, string> = {}
        const token = tokens[r.who]
        if (token !== null) headers.authorization = `Bearer ${token}`
        if (r.body?.type !== undefined && r.body.type !== null) headers['content-type'] = r.body.type
        const response = await fetch(`${service.httpUrl}${r.url}`, { method: r.op.method, headers, body: r.body?.text })
        // A live stream that opened stays open: its headers are the answer.
        const text = response.headers.get('content-type')?.startsWith('text/event-stream') === true ? (await response.body?.cancel(), '') : await response.text()
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        routesHit.add(`${r.op.method} ${r.op.path}`)
        const what = `${r.who} ${r.op.method} ${r.url.slice(0, 200)} ${r.body === undefined ? '' : `[${r.body.type}] ${r.body.text.slice(0, 200)}`} → ${response.status} ${text.slice(0, 300)}`
        if (response.status >= 500) failures.push(what)
        if (response.status >= 400 && response.status < 500) {
          let body: any = null
          try { body = JSON.parse(text) } catch {}
          if (body?.statusCode !== response.status || typeof body.code !== 'string' || typeof body.message !== 'string') failures.push(`not in the error format: ${what}`)
        }
        // The fuzzer signed itself out (logout): sign in again.
        if (r.op.path === '/api/auth/logout' && response.status === 204 && r.who !== 'anonymous') {
          tokens[r.who] = await signInAgain(r.who === 'admin' ? 'admin' : 'fuzz-maintainer', r.who === 'admin' ? ADMIN_PASSWORD : MAINTAINER_PASSWORD)
          relogins++
        }
      }
    }))
    const after = await scrape(service.httpUrl)
    const refusedByStatus = (status: number) => metricSum(after, 'tianjian_api_refused_total', { status: String(status) }) - metricSum(before, 'tianjian_api_refused_total', { status: String(status) })
    const answered4xx = [...statuses].filter(([s]) => s >= 400 && s < 500)
    Object.assign(report.figures, {
      seed: String(SEED), requests: requests.length, operations: ops.length, operationsHit: routesHit.size,
      statuses: [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', '),
      answered5xx: [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0),
      fourXxAnswered: answered4xx.reduce((n, [, c]) => n + c, 0),
      fourXxCounted: answered4xx.reduce((n, [s]) => n + refusedByStatus(s), 0), relogins
    })

    expect(failures.slice(0, 10)).toEqual([])
    for (const [status, n] of answered4xx) expect(refusedByStatus(status), `${status} answers counted`).toBe(n)
    if (size.requests >= 1000) expect(routesHit.size).toBe(ops.length)
    expect((await fetch(`${service.httpUrl}/api/health`)).status).toBe(200)
  })
})
