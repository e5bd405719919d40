// The live stream's bounds against a real service: who sees which gateway's presence, a stream that
// outlives its session, too many streams for one user, and a client that stops reading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { startTestService, ADMIN_PASSWORD, type TestService } from './support/service.ts'
import { provisionGateway, seedRegistry } from './support/fixtures.ts'
import { until } from './support/mqtt.ts'
import { liveTicket, openSse } from '../live/sse-client.ts'

let service: TestService
let seed: Awaited<ReturnType<typeof seedRegistry>>

async function api (method: string, path: string, token: string | null, body?: unknown) {
  const response = await fetch(`${service.httpUrl}${path}`, {
    method, headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : null }
}
const login = async (username: string, password: string) => (await api('POST', '/api/auth/login', null, { username, password })).body.token as string

/** A live stream: the events received, and `state.ended` once the server ended it. */
const stream = (token: string) => openSse(service.httpUrl!, token)

const presence = (gatewayId: string, online: boolean) => service.bus.emit('gateway.presence', { gatewayId, online, at: Date.now() })

beforeAll(async () => {
  service = await startTestService({ LIVE_HEARTBEAT_S: '1', LIVE_STREAMS_PER_USER: '2', LIVE_BUFFER_KB: '64' })
  seed = await seedRegistry(service.registry, 4)
  // codes[0] and codes[2] are firm A's lifts, codes[1] and codes[3] firm B's.
  await provisionGateway(service.gateways, 'gw-firm-a', [seed.codes[0]!])
  await provisionGateway(service.gateways, 'gw-firm-b', [seed.codes[1]!])
  const admin = await login('admin', ADMIN_PASSWORD)
  for (const u of [
    { username: 'desk', role: 'dispatcher' },
    { username: 'firm-a', role: 'maintainer', maintenanceFirmId: seed.firmA.id },
    { username: 'reader', role: 'inspector' },
    { username: 'watcher', role: 'inspector' }
  ]) expect((await api('POST', '/api/users', admin, { ...u, password: `${u.username}-password` })).status).toBe(201)
})
afterAll(async () => { await service?.stop() })

describe('the live stream', () => {
  it('opens with a single-use ticket, never with the session token in the URL', async () => {
    const token = await login('desk', 'desk-password')
    const url = (query: string) => `${service.httpUrl}/api/live?${query}`
    expect((await fetch(url(`token=${token}`))).status).toBe(400)
    expect((await fetch(`${service.httpUrl}/api/live/ticket`, { method: 'POST' })).status).toBe(401)
    const ticket = await liveTicket(service.httpUrl!, token)
    const controller = new AbortController()
    expect((await fetch(url(`ticket=${ticket}`), { signal: controller.signal })).status).toBe(200)
    const again = await fetch(url(`ticket=${ticket}`))
    expect(again.status).toBe(401)
    expect((await again.json()).code).toBe('live.ticket_invalid')
    controller.abort()
    // A ticket dies with its session.
    const orphan = await liveTicket(service.httpUrl!, token)
    expect((await api('POST', '/api/auth/logout', token)).status).toBe(204)
    expect((await fetch(url(`ticket=${orphan}`))).status).toBe(401)
  })

  it("shows a maintenance firm its own gateways' presence only, and the dispatcher every gateway's", async () => {
    const firm = await stream(await login('firm-a', 'firm-a-password'))
    const desk = await stream(await login('desk', 'desk-password'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    presence('gw-firm-b', true)
    presence('gw-firm-a', true)
    await until(() => desk.events.filter((e) => e.event === 'presence').length === 2)
    await until(() => firm.events.some((e) => e.event === 'presence'))
    expect(firm.events.filter((e) => e.event === 'presence').map((e) => e.data.gatewayId)).toEqual(['gw-firm-a'])
    firm.close()
    desk.close()
  })

  it('closes when its session ends: sign-out, and a password changed by an administrator', async () => {
    const token = await login('reader', 'reader-password')
    const signedOut = await stream(token)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await api('POST', '/api/auth/logout', token)).status).toBe(204)
    await until(() => signedOut.state.ended, 5000)

    const again = await stream(await login('reader', 'reader-password'))
    const admin = await login('admin', ADMIN_PASSWORD)
    const reader = (await api('GET', '/api/users', admin)).body.find((u: { username: string }) => u.username === 'reader')
    expect((await api('PATCH', `/api/users/${reader.id}`, admin, { password: 'a-new-password-1' })).status).toBe(200)
    await until(() => again.state.ended, 5000)
    expect(await metric('tianjian_live_streams_closed_total{reason="session_ended"}')).toBeGreaterThanOrEqual(2)
  })

  it("closes a user's oldest stream when the user opens one too many", async () => {
    const token = await login('desk', 'desk-password')
    const first = await stream(token)
    const second = await stream(token)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(first.state.ended).toBe(false)
    const third = await stream(token)
    await until(() => first.state.ended, 5000)
    expect(second.state.ended).toBe(false)
    expect(third.state.ended).toBe(false)
    second.close()
    third.close()
  })

  it('drops a client that stops reading, and keeps serving one that reads', async () => {
    const token = await login('desk', 'desk-password')
    const { port } = new URL(service.httpUrl)
    const socket = connect(Number(port), '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(`GET /api/live?ticket=${await liveTicket(service.httpUrl!, token)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    // Read the answer's head, then stop reading: the kernel buffers fill and the server's queue grows.
    await new Promise((resolve) => socket.once('data', resolve))
    socket.pause()
    const reader = await stream(await login('watcher', 'watcher-password'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    const before = reader.events.length
    // A paused socket does not see the server's close until it reads again: watch the server's count instead.
    const slowReaders = () => metric('tianjian_live_streams_closed_total{reason="slow_reader"}')
    // Bursts small enough for a reader sharing this process to keep up with.
    for (let i = 0; i < 2_000_000 && await slowReaders() === 0; i += 200) {
      for (let j = i; j < i + 200; j++) presence(`gw-flood-${j % 1000}`, j % 2 === 0)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    socket.destroy()
    expect(await slowReaders()).toBe(1)
    expect(reader.state.ended).toBe(false)
    expect(reader.events.length).toBeGreaterThan(before)
    reader.close()
  })
})

async function metric (name: string): Promise<number> {
  const text = await (await fetch(`${service.httpUrl}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(name))
  return line === undefined ? 0 : Number(line.split(' ').at(-1))
}
