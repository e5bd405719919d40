// Line protocol: string escaping and where a record ends (platform/influx/line-protocol.ts), and the
// nanosecond time each point is given on the way to the write-ahead log (ingest/point-time.ts).
import { describe, expect, it } from 'vitest'
import { quoteString, recordEnd, scanRecords } from '../platform/influx/line-protocol.ts'
import { contentHash, createPointClock, nanoseconds } from '../ingest/point-time.ts'
import { gatewayStatusLine } from '../ingest/gateway-status-line.ts'

describe('string fields', () => {
  it.each([
    ['plain', 'v2.1.0', '"v2.1.0"'],
    ['a quote', 'b"c', '"b\\"c"'],
    ['a backslash', 'a\\', '"a\\\\"'],
    ['an escaped quote', 'b"c\\"', '"b\\"c\\\\\\""'],
    ['a newline, kept inside the quotes', 'l1\r\nl2', '"l1\r\nl2"'],
    ['a backslash then n, not a newline', '\\n', '"\\\\n"'],
    ['empty', '', '""'],
    ['Chinese', '固件 2.0', '"固件 2.0"']
  ])('quotes %s', (_name, value, quoted) => {
    expect(quoteString(value)).toBe(quoted)
  })

  it.each([
    ['a forged point after a newline', '"\nelevator_state,equipment=V,gateway=v trips=666i 1\n'],
    ['a closing quote, a newline and a point', 'x"\nm,g=v f=1i 1\n'],
    ['a trailing backslash, then a point', '\\\nm,g=v f=1i 1\n'],
    ['carriage returns and tabs', '\r\n\t\r'],
    ['quotes only', '""""']
  ])('keeps %s inside one record', (_name, fw) => {
    const line = gatewayStatusLine('gw', { online: true, fw, ts: 5 })
    expect(recordEnd(line, 0)).toBe(line.length - 1)
    const bytes = Buffer.from(line + line)
    expect(scanRecords(bytes, 0, bytes.length, Infinity)).toEqual({ records: 2, end: bytes.length })
  })
})

describe('records', () => {
  const two = 'a,t=1 s="x\ny",n=1i 1\nb v=2 2\n'
  it.each([
    ['whole records', two, 0, two.length, 10, { records: 2, end: two.length }],
    ['at most max', two, 0, two.length, 1, { records: 1, end: two.indexOf('b v') }],
    ['a record cut inside its string', two, 0, 9, 10, { records: 0, end: 0 }],
    ['a record cut after its string\'s newline', two, 0, two.indexOf('y'), 10, { records: 0, end: 0 }],
    ['an escaped space in a tag', 'm,t=a\\ b v=1 1\n', 0, 15, 10, { records: 1, end: 15 }],
    ['a quote in a field key is not a string', 'm k"=1 1\nn v=1 2\n', 0, 17, 10, { records: 2, end: 17 }],
    ['nothing', '', 0, 0, 10, { records: 0, end: 0 }]
  ])('finds %s', (_name, text, from, to, max, expected) => {
    expect(scanRecords(Buffer.from(text), from, Buffer.from(text.slice(0, to)).length, max)).toEqual(expected)
  })

  it('reads a record the same in a string and in its UTF-8 bytes', () => {
    const text = 'gateway_status,gateway=g fw="电梯\n网关",online=true 1\nm v=1 2\n'
    const first = recordEnd(text, 0)
    expect(text.slice(0, first + 1)).toBe('gateway_status,gateway=g fw="电梯\n网关",online=true 1\n')
    const bytes = Buffer.from(text)
    expect(scanRecords(bytes, 0, bytes.length, 1).end).toBe(Buffer.byteLength(text.slice(0, first + 1)))
  })
})

describe('point times', () => {
  const state = (trips: number, ts = 1_700_000_000_000) => `elevator_state,equipment=E1,gateway=gw mode=1i,trips=${trips}i ${ts}\n`
  const times = (text: string) => text.split('\n').filter(Boolean).map((l) => l.slice(l.lastIndexOf(' ') + 1))
  const offset = (ns: string) => Number(ns.slice(-6))

  it('writes milliseconds as nanoseconds, exactly', () => {
    expect(nanoseconds('1700000000000', 123)).toBe('1700000000000000123')
    expect(nanoseconds('1700000000000', 999_999)).toBe('1700000000000999999')
    expect(nanoseconds('0', 42)).toBe('42')
  })

  it('keeps two different items of one millisecond apart, in their order', () => {
    const stamped = createPointClock().stamp(state(1) + state(2))!
    expect(stamped.records).toBe(2)
    const [a, b] = times(stamped.text)
    expect(a!.slice(0, 13)).toBe('1700000000000')
    expect(b!.slice(0, 13)).toBe('1700000000000')
    expect(offset(a!)).toBeLessThan(1000)
    expect(offset(b!)).toBeGreaterThanOrEqual(1000)
    expect(offset(b!)).toBeLessThan(2000)
  })

  it('gives an identical resend the same times, in this process and in the next', () => {
    const clock = createPointClock()
    const first = clock.stamp(state(1) + state(2))!.text
    expect(clock.stamp(state(1) + state(2))!.text).toBe(first)
    expect(createPointClock().stamp(state(1) + state(2))!.text).toBe(first)
  })

  it('gives two messages of one millisecond different times when their content differs', () => {
    const clock = createPointClock()
    const a = times(clock.stamp(state(10))!.text)[0]
    const b = times(clock.stamp(state(11))!.text)[0]
    expect(a).not.toBe(b)
  })

  it('moves the later of two colliding points to the next free nanosecond', () => {
    // Find two contents whose hashes meet modulo 1,000: they would take the same offset.
    const seen = new Map<number, number>()
    let pair: [number, number] | null = null
    for (let trips = 0; pair === null; trips++) {
      const body = state(trips).slice(0, state(trips).lastIndexOf(' '))
      const slot = contentHash(body) % 1000
      const other = seen.get(slot)
      if (other !== undefined) pair = [other, trips]
      else seen.set(slot, trips)
    }
    const clock = createPointClock()
    const a = times(clock.stamp(state(pair[0]))!.text)[0]!
    const b = times(clock.stamp(state(pair[1]))!.text)[0]!
    expect(offset(b)).toBe(offset(a) + 1)
    // Their resends land where each first landed.
    expect(times(clock.stamp(state(pair[1]))!.text)[0]).toBe(b)
    expect(times(clock.stamp(state(pair[0]))!.text)[0]).toBe(a)
  })

  it('keeps identical items of one array as separate points (each is an observation)', () => {
    const [a, b] = times(createPointClock().stamp(state(3) + state(3))!.text)
    expect(a).not.toBe(b)
  })

  it('does not mix series: another lift in the same millisecond is another point anyway', () => {
    const clock = createPointClock()
    clock.stamp(state(1))
    const other = 'elevator_state,equipment=E2,gateway=gw mode=1i,trips=1i 1700000000000\n'
    expect(clock.stamp(other)!.records).toBe(1)
  })

  it('keeps a string with a newline in its record and stamps only the real time', () => {
    const line = gatewayStatusLine('gw', { online: true, fw: 'x 123\nm v=1 456', ts: 1_700_000_000_000 })
    const stamped = createPointClock().stamp(line)!
    expect(stamped.records).toBe(1)
    expect(stamped.text.startsWith(line.slice(0, line.lastIndexOf(' ')))).toBe(true)
    expect(stamped.text).toMatch(/ 1700000000000\d{6}\n$/)
  })

  it.each([
    ['no time', 'm v=1\n'],
    ['an unterminated record', 'm v=1 1'],
    ['a time already in nanoseconds', 'm v=1 1700000000000000000\n'],
    ['a time with a sign', 'm v=1 -1\n'],
    ['an unbalanced string', 'm s="a 1\n']
  ])('refuses %s', (_name, text) => {
    expect(createPointClock().stamp(text)).toBeNull()
  })

  it('remembers a bounded number of milliseconds', () => {
    const clock = createPointClock({ recentKeys: 100 })
    for (let i = 0; i < 1000; i++) clock.stamp(state(1, 1_700_000_000_000 + i))
    expect(clock.remembered).toBeLessThanOrEqual(100)
    expect(clock.remembered).toBeGreaterThanOrEqual(50)
  })
})
