// What an API caller can make the service do before it knows who they are (issue 9, "API callers bounded"),
// tried over real sockets: a large body is refused before it is read, slow or silent connections are cut,
// sign-in is throttled per user name and per address before any hashing, the hashing pool says "busy"
// rather than queue without end, the address behind a trusted proxy is the one counted, failed sign-ins
// are logged and counted, and no credential from a URL reaches the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import pino from 'pino'
import { startTestService, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { liveTicket } from '../live/sse-client.ts'

const logLines: string[] = []
let service: TestService
let port: number
let adminToken: string
let dispatcherToken: string

beforeAll(async () => {
  const log = pino({ level: 'info' }, { write: (line: string) => { logLines.push(line) } })
  service = await startTestService({
    HTTP_REQUEST_TIMEOUT_S: '3',
    HTTP_HEADERS_TIMEOUT_S: '1',
    HTTP_IDLE_TIMEOUT_S: '2',
    HTTP_KEEP_ALIVE_TIMEOUT_S: '1',
    LIVE_HEARTBEAT_S: '1',
    TRUST_PROXY: '127.0.0.1',
    PASSWORD_HASH_CONCURRENCY: '1',
    PASSWORD_HASH_QUEUE: '4'
  }, { log })
  port = Number(new URL(service.httpUrl).port)
  await service.users.create({ username: 'dispatcher', displayName: null, password: 'dispatcher-password', role: 'dispatcher', maintenanceFirmId: null, useUnitId: null })
  adminToken = (await login('admin', ADMIN_PASSWORD, '192.0.2.1')).body.token
  dispatcherToken = (await login('dispatcher', 'dispatcher-password', '192.0.2.1')).body.token
})
afterAll(async () => { await service?.stop() })

async function login (username: string, password: string, from: string) {
  const response = await service.api!.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-for': from }, remoteAddress: '127.0.0.1' })
  return { status: response.statusCode, body: response.json(), headers: response.headers }
}

interface RawAnswer { statusLine: string, answeredMs: number | null, closedMs: number | null, bytesSent: number }

/**
 * Sends `head` and then `bodyBytes` of body (not necessarily all the body the head announces) over a plain
 * socket, and reports the first answer line, and when it came and when the server closed the connection.
 */
function rawRequest (head: string, bodyBytes = 0, waitMs = 8000, trickleMs = 0): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const start = performance.now()
    const answer: RawAnswer = { statusLine: '', answeredMs: null, closedMs: null, bytesSent: 0 }
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head)
      const chunk = Buffer.alloc(16 * 1024, 'a')
      const pump = () => {
        while (answer.bytesSent < bodyBytes && !socket.destroyed) {
          answer.bytesSent += chunk.length
          if (!socket.write(chunk)) { socket.once('drain', pump); return }
        }
      }
      pump()
      // A byte now and then: never silent, never done.
      if (trickleMs > 0) {
        const trickle = setInterval(() => { if (socket.destroyed) clearInterval(trickle); else socket.write(' ') }, trickleMs)
      }
    })
    let text = ''
    socket.on('data', (data) => {
      if (answer.answeredMs === null) answer.answeredMs = performance.now() - start
      text += data.toString('latin1')
      answer.statusLine = text.split('\r\n')[0]!
    })
    socket.on('error', () => {})
    const timer = setTimeout(() => { socket.destroy(); resolve(answer) }, waitMs)
    socket.on('close', () => {
      answer.closedMs = performance.now() - start
      clearTimeout(timer)
      resolve(answer)
    })
  })
}

const FIFTY_MB = 50 * 1024 * 1024
const csvHead = (path: string, headers = '') =>
  `POST ${path} HTTP/1.1\r\nHost: tianjian\r\nContent-Type: text/csv\r\nContent-Length: ${FIFTY_MB}\r\n${headers}\r\n`

describe('a large body', () => {
  it('from an anonymous caller is refused at once with 401 and the connection closed, the body unread', async () => {
    // 256 KiB of an announced 50 MB: the rest never comes. Buffering first would wait here until the timeout.
    const answer = await rawRequest(csvHead('/api/elevators/import'), 256 * 1024)
    expect(answer.statusLine).toBe('HTTP/1.1 401 Unauthorized')
    expect(answer.answeredMs).toBeLessThan(2000)
    expect(answer.closedMs).not.toBeNull()
    expect(answer.closedMs!).toBeLessThan(2500)
  })

  it('from a signed-in user who may not import is refused the same way (403)', async () => {
    const answer = await rawRequest(csvHead('/api/elevators/import', `Authorization: Bearer ${dispatcherToken}\r\n`), 256 * 1024)
    expect(answer.statusLine).toBe('HTTP/1.1 403 Forbidden')
    expect(answer.closedMs!).toBeLessThan(2500)
  })

  it('is read as CSV by the import route only: any other route refuses text/csv (415), even for an admin', async () => {
    const answer = await rawRequest(csvHead('/api/districts', `Authorization: Bearer ${adminToken}\r\n`), 256 * 1024)
    expect(answer.statusLine).toBe('HTTP/1.1 415 Unsupported Media Type')
    expect(answer.closedMs!).toBeLessThan(2500)
    const plain = await service.api!.inject({ method: 'POST', url: '/api/districts', payload: 'code,name', headers: { 'content-type': 'text/plain', authorization: `Bearer ${adminToken}` } })
    expect(plain.statusCode).toBe(415)
  })

  it('over 50 MB is refused before it is read, even from an admin (413)', async () => {
    const head = `POST /api/elevators/import HTTP/1.1\r\nHost: tianjian\r\nContent-Type: text/csv\r\nContent-Length: ${FIFTY_MB + 1}\r\nAuthorization: Bearer ${adminToken}\r\n\r\n`
    const answer = await rawRequest(head, 64 * 1024)
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large')
    expect(answer.closedMs!).toBeLessThan(2500)
  })
})

describe('numbers in a query or a path', () => {
  it('refuses one too large to be finite with 400, counted, before any route runs it (Ajv lets a coerced Infinity past maximum)', async () => {
    const refused = async () => (await service.metrics.apiRefused.get()).values.filter((v) => v.labels.status === '400').reduce((n, v) => n + v.value, 0)
    const before = await refused()
    for (const url of ['/api/alerts?limit=1e309', '/api/rescues?offset=1e400', '/api/elevators?limit=-1e309', '/api/spot-checks/1e309']) {
      const response = await service.api!.inject({ method: 'GET', url, headers: { authorization: `Bearer ${adminToken}`, 'accept-language': 'en' } })
      expect(response.statusCode, url).toBe(400)
      expect(response.json().code, url).toBe('http.number_out_of_range')
    }
    expect(await refused()).toBe(before + 4)
  })
})

describe('slow and silent connections', () => {
  it('cuts a request whose headers never end (HTTP_HEADERS_TIMEOUT_S)', async () => {
    const answer = await rawRequest('GET /api/health HTTP/1.1\r\nHost: tianjian\r\nX-Slow: ')
    expect(answer.closedMs).not.toBeNull()
    expect(answer.closedMs!).toBeLessThan(4000)
  })

  it('cuts a body that trickles past HTTP_REQUEST_TIMEOUT_S with 408', async () => {
    const answer = await rawRequest('POST /api/auth/login HTTP/1.1\r\nHost: tianjian\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username"', 0, 8000, 400)
    expect(answer.statusLine).toBe('HTTP/1.1 408 Request Timeout')
    expect(answer.closedMs!).toBeGreaterThan(2500)
    expect(answer.closedMs!).toBeLessThan(6000)
  })

  it('closes a connection that says nothing (HTTP_IDLE_TIMEOUT_S), and an idle keep-alive one (HTTP_KEEP_ALIVE_TIMEOUT_S)', async () => {
    const silent = await rawRequest('')
    expect(silent.closedMs).not.toBeNull()
    expect(silent.closedMs!).toBeLessThan(4500)
    const kept = await rawRequest('GET /health HTTP/1.1\r\nHost: tianjian\r\nConnection: keep-alive\r\n\r\n')
    expect(kept.statusLine).toBe('HTTP/1.1 200 OK')
    expect(kept.closedMs! - kept.answeredMs!).toBeLessThan(2500)
  })

  it('keeps a live stream open past the idle timeout: its heartbeats are traffic', async () => {
    const controller = new AbortController()
    const response = await fetch(`${service.httpUrl}/api/live?ticket=${await liveTicket(service.httpUrl!, adminToken)}&equipment=`, { signal: controller.signal })
    const reader = response.body!.getReader()
    const started = performance.now()
    let heartbeats = 0
    while (performance.now() - started < 3500) {
      const { value, done } = await reader.read()
      expect(done).toBe(false)
      heartbeats += (new TextDecoder().decode(value).match(/^:/gm) ?? []).length
    }
    expect(heartbeats).toBeGreaterThanOrEqual(2)
    controller.abort()
  })
})

describe('sign-in', () => {
  it('lets only the free tries for one user name through when twenty come at once; the rest are 429 before hashing', async () => {
    const before = await failures()
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login('dispatcher', `guess-${i}`, `198.51.100.${i + 1}`)))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(15)
    expect(answers.find((a) => a.status === 429)!.headers['retry-after']).toBeDefined()
    const after = await failures()
    expect(after.wrong_credentials - before.wrong_credentials).toBe(5)
    expect(after.throttled_user - before.throttled_user).toBe(15)
    // The right password waits too: a guesser's failures hold the account, for a while.
    expect((await login('dispatcher', 'dispatcher-password', '198.51.100.77')).status).toBe(429)
  })

  it('counts one address across user names, the address a trusted proxy forwards', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`nobody-${i}`, 'x', '203.0.113.5')).status).toBe(401)
    const held = await login('nobody-new', 'x', '203.0.113.5')
    expect(held.status).toBe(429)
    expect(held.body.code).toBe('auth.throttled')
    expect((await login('nobody-new', 'x', '203.0.113.6')).status).toBe(401)
    const entries = await service.audit.find({ action: 'auth.login_failed', actor: 'nobody-new' }, { limit: 5, offset: 0 })
    expect(entries.items[0]).toMatchObject({ ip: '203.0.113.6', actorUsername: 'nobody-new', detail: { reason: 'wrong_credentials' } })
  })

  it('answers 503 with Retry-After when the hashing pool is full, instead of queueing without end', async () => {
    const before = await failures()
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(`crowd-${i}`, 'x', `192.0.2.${100 + i}`)))
    const busy = answers.filter((a) => a.status === 503)
    expect(busy.length).toBeGreaterThan(0)
    expect(answers.every((a) => a.status === 401 || a.status === 503)).toBe(true)
    expect(busy[0]!.body.code).toBe('auth.busy')
    expect(Number(busy[0]!.headers['retry-after'])).toBeGreaterThan(0)
    expect((await failures()).busy - before.busy).toBe(busy.length)
  })
})

describe('the log', () => {
  it('says who failed to sign in and from where, never the password, and no credential from a URL', async () => {
    await login('dispatcher', 'a-secret-wrong-password', '192.0.2.200')
    const ticket = 'tk-ABCDEF123456'
    await fetch(`${service.httpUrl}/api/elevators?limit=1&token=${adminToken}`)
    await fetch(`${service.httpUrl}/api/health?ticket=${ticket}&%74oken=${dispatcherToken}`)
    const controller = new AbortController()
    const liveTicketUsed = await liveTicket(service.httpUrl!, adminToken)
    const live = await fetch(`${service.httpUrl}/api/live?ticket=${liveTicketUsed}&equipment=`, { signal: controller.signal })
    expect(live.status).toBe(200)
    controller.abort()
    await new Promise((resolve) => setTimeout(resolve, 200))

    const text = logLines.join('')
    const failed = logLines.map((l) => JSON.parse(l)).filter((l) => /^sign-in (failed|refused)/.test(l.msg))
    expect(failed.some((l) => l.username === 'dispatcher' && l.ip === '192.0.2.200')).toBe(true)
    expect(text).toContain('token=[redacted]')
    expect(text).toContain('ticket=[redacted]')
    for (const secret of [adminToken, dispatcherToken, ticket, liveTicketUsed, ADMIN_PASSWORD, 'dispatcher-password', 'a-secret-wrong-password', 'guess-3']) {
      expect(text).not.toContain(secret)
    }
  })
})

/** tianjian_login_failures_total by reason. */
async function failures () {
  const text = await (await fetch(`${service.httpUrl}/metrics`)).text()
  const counts = { wrong_credentials: 0, throttled_user: 0, throttled_address: 0, busy: 0 }
  for (const m of text.matchAll(/^tianjian_login_failures_total\{reason="(\w+)"\} (\d+)$/gm)) counts[m[1] as keyof typeof counts] = Number(m[2])
  return counts
}
