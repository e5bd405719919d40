// The memory that gives a resent QoS 1 message without `ts` its first receive time, so that its items land
// on the points they landed on the first time (ingest/resends.ts).
import { describe, expect, it } from 'vitest'
import { createResendMemory } from '../ingest/resends.ts'

describe('resent messages', () => {
  const payload = Buffer.from('{"mode":1}')
  it.each([
    ['a resend within the window', 'k', payload, 1_000 + 60_000, 1_000],
    ['another packet id', 'other', payload, 2_000, 2_000],
    ['another payload under the same id', 'k', Buffer.from('{"mode":2}'), 2_000, 2_000],
    ['another payload of the same length', 'k', Buffer.from('{"mode":3}'), 2_000, 2_000],
    ['a resend after the window', 'k', payload, 1_000 + 600_001, 1_000 + 600_001]
  ])('%s', (_name, key, sent, now, expected) => {
    const memory = createResendMemory()
    memory.remember('k', payload, 1_000)
    expect(memory.receivedAt(key, sent, now)).toBe(expected)
  })

  it('keys by gateway, client and packet id, and stays bounded', () => {
    const memory = createResendMemory({ entries: 3 })
    expect(memory.key('gw', 'gw-1', 7)).not.toBe(memory.key('gw', 'gw-2', 7))
    for (let i = 0; i < 10; i++) memory.remember(memory.key('gw', 'c', i), payload, i)
    expect(memory.size).toBe(3)
    expect(memory.receivedAt(memory.key('gw', 'c', 9), payload, 100)).toBe(9)
    expect(memory.receivedAt(memory.key('gw', 'c', 0), payload, 100)).toBe(100)
  })
})
