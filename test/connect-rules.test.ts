// protocol/connect.ts: who may use a client id, and what else a gateway's CONNECT may carry.
import { describe, expect, it } from 'vitest'
import { checkConnect, clientIdOwner } from '../protocol/connect.ts'
import { createTopicParser } from '../protocol/topics.ts'

const registered = new Set(['gw-a', 'gw-a-1', 'gw-b', 'gw_c'])
const isGateway = (id: string) => registered.has(id)

describe('the owner of a client id', () => {
  it.each([
    ['gw-a', 'gw-a'],
    ['gw-a-line-2', 'gw-a'],
    ['gw-a-', 'gw-a'],
    // `gw-a-1` is a gateway of its own: its id and its suffixed ids are its, not gw-a's.
    ['gw-a-1', 'gw-a-1'],
    ['gw-a-1-x', 'gw-a-1'],
    ['gw-a-1x', 'gw-a'],
    ['gw-a-2', 'gw-a'],
    ['gw-b', 'gw-b'],
    ['gw-bx', null],
    ['gw_c-9', 'gw_c'],
    ['gw_cx', null],
    ['gw', null],
    ['someone', null],
    ['-gw-a', null],
    ['', null]
  ])('%s belongs to %s', (clientId, owner) => {
    expect(clientIdOwner(clientId, isGateway)).toBe(owner)
  })
})

describe('a gateway\'s CONNECT', () => {
  const fine = { clientId: 'gw-a', keepalive: 60, will: null }
  it.each([
    ['its own id', 'gw-a', fine, null],
    ['its id and a suffix', 'gw-a', { ...fine, clientId: 'gw-a-3f2a' }, null],
    ['another gateway\'s id', 'gw-b', fine, 'client_id'],
    ['another gateway\'s suffixed id', 'gw-b', { ...fine, clientId: 'gw-a-3f2a' }, 'client_id'],
    ['a neighbour\'s id that extends its own', 'gw-a', { ...fine, clientId: 'gw-a-1' }, 'client_id'],
    ['a neighbour\'s suffixed id', 'gw-a', { ...fine, clientId: 'gw-a-1-main' }, 'client_id'],
    ['an id that only starts like its own', 'gw-b', { ...fine, clientId: 'gw-bx' }, 'client_id'],
    ['an empty id (Aedes names it aedes_…)', 'gw-a', { ...fine, clientId: 'aedes_0b9e' }, 'client_id'],
    ['a client id of 129 characters', 'gw-a', { ...fine, clientId: `gw-a-${'x'.repeat(124)}` }, 'client_id'],
    ['a client id of 128 characters', 'gw-a', { ...fine, clientId: `gw-a-${'x'.repeat(123)}` }, null],
    ['keep-alive 0', 'gw-a', { ...fine, keepalive: 0 }, 'keepalive'],
    ['keep-alive 1 s', 'gw-a', { ...fine, keepalive: 1 }, null],
    ['keep-alive at the maximum', 'gw-a', { ...fine, keepalive: 300 }, null],
    ['keep-alive above the maximum', 'gw-a', { ...fine, keepalive: 301 }, 'keepalive'],
    ['a will on its status', 'gw-a', { ...fine, will: { topic: 'se/v1/gw-a/status' } }, null],
    ['a will on another gateway\'s status', 'gw-a', { ...fine, will: { topic: 'se/v1/gw-b/status' } }, 'will'],
    ['a will on its own telemetry', 'gw-a', { ...fine, will: { topic: 'se/v1/gw-a/elevator/E1/event' } }, 'will'],
    ['a will on its errors topic', 'gw-a', { ...fine, will: { topic: 'se/v1/gw-a/errors' } }, 'will'],
    ['a will outside the protocol', 'gw-a', { ...fine, will: { topic: '$SYS/x/new/clients' } }, 'will']
  ])('%s: %s', (_what, gatewayId, fields, reason) => {
    expect(checkConnect(gatewayId, fields, isGateway, 300)?.reason ?? null).toBe(reason)
  })

  it('counts the gateway itself as registered (the in-memory registry may not have it yet)', () => {
    expect(checkConnect('gw-new', { clientId: 'gw-new-1', keepalive: 30 }, isGateway, 300)).toBeNull()
  })
})

describe('topic length', () => {
  it('refuses a topic longer than any valid one before splitting it', () => {
    const parse = createTopicParser([{ segment: 'elevator', channels: { state: {} } }])
    const longest = `se/v1/${'g'.repeat(64)}/${'e'.repeat(8)}/${'c'.repeat(64)}/state`
    expect(parse(longest.replace(/e{8}/, 'elevator')).ok).toBe(true)
    expect(parse(`se/v1/gw/${'x/'.repeat(200)}state`)).toEqual({ ok: false, error: 'topic is longer than 256 characters' })
  })
})
