import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { createTopicParser, isOwnFilter, isServerTopic, topicFor } from '../protocol/topics.ts'
import { Compile } from 'typebox/compile'
import { createDecoder } from '../protocol/decode.ts'
import { GatewayStatusPayload } from '../protocol/payloads.ts'
import { ElevatorEventPayload, ElevatorStatePayload, elevatorTopic } from '../elevators/payloads.ts'
import { gatewayStatusLine } from '../ingest/gateway-status-line.ts'
import { elevatorEventLine, elevatorStateLine } from '../elevators/line-protocol.ts'
import { createElevatorKind } from '../elevators/kind.ts'
import { createLatestStates } from '../elevators/latest-state.ts'
import { createBus } from '../platform/events/bus.ts'
import { createMetrics } from '../platform/metrics.ts'
import { thermometerKind } from './support/thermometer-kind.ts'

const NOW = Date.parse('2026-11-22T08:00:00Z')
const limits = { maxItems: 3, maxFutureMs: 300_000 }
const decodeState = createDecoder(ElevatorStatePayload, limits)
const decodeEvent = createDecoder(ElevatorEventPayload, limits)
const decodeStatus = createDecoder(GatewayStatusPayload, limits)
const state = { mode: 1, moving: false, dir: 0, floor: 3, doorZone: true, doorClosed: true, occupied: false }
// The service registers the elevator kind alone; the parser knows no kind of its own.
const elevator = createElevatorKind({ bus: createBus(() => {}), latest: createLatestStates(null as never), metrics: createMetrics(), unchangedPointMs: 0 })
const parseGatewayTopic = createTopicParser([elevator])

describe('topics', () => {
  it.each([
    ['se/v1/gw-1/status', { type: 'status', gatewayId: 'gw-1' }],
    ['se/v1/gw-1/errors', { type: 'errors', gatewayId: 'gw-1' }],
    ['se/v1/gw_1/elevator/31106300002024000001/state', { type: 'equipment', kind: 'elevator', gatewayId: 'gw_1', equipmentCode: '31106300002024000001', channel: 'state', equipmentKey: 'elevator/31106300002024000001' }],
    ['se/v1/G/elevator/E/event', { type: 'equipment', kind: 'elevator', gatewayId: 'G', equipmentCode: 'E', channel: 'event', equipmentKey: 'elevator/E' }],
    ['se/v1/G/elevator/E/reply', { type: 'reply', kind: 'elevator', gatewayId: 'G', equipmentCode: 'E' }]
  ])('parses %s', (topic, expected) => {
    expect(parseGatewayTopic(topic)).toEqual({ ok: true, topic: expected })
  })

  it.each([
    ['se/v2/gw/status', 'must start with'],
    ['other/v1/gw/status', 'must start with'],
    ['se/v1/gw.1/status', 'gateway id'],
    ['se/v1/gw/elevator/E/telemetry', 'unknown elevator channel'],
    ['se/v1/gw/elevator/bad code/state', 'equipment code'],
    ['se/v1/gw/cylinder/X/state', 'unknown topic'],
    ['se/v1/gw', 'unknown topic']
  ])('rejects %s with a reason', (topic, reason) => {
    const parsed = parseGatewayTopic(topic)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error).toContain(reason)
  })

  it('says what it expected in the words it used before there were kinds', () => {
    expect(parseGatewayTopic('se/v1/gw/boiler/B1/state')).toEqual({ ok: false, error: 'unknown topic; expected se/v1/{gatewayId}/status or se/v1/{gatewayId}/elevator/{equipmentCode}/state|event' })
    expect(parseGatewayTopic('se/v1/gw/elevator/E/telemetry')).toEqual({ ok: false, error: 'unknown elevator channel "telemetry", expected "state" or "event"' })
  })

  it('learns every registered kind and its channels, and only those', () => {
    const parse = createTopicParser([elevator, thermometerKind({ db: null as never, bus: createBus(() => {}) })])
    expect(parse('se/v1/g/thermometer/T1/reading')).toMatchObject({ ok: true, topic: { type: 'equipment', kind: 'thermometer', channel: 'reading', equipmentKey: 'thermometer/T1' } })
    expect(parse('se/v1/g/thermometer/T1/state')).toMatchObject({ ok: false, error: expect.stringContaining('unknown thermometer channel "state"') })
    expect(parse('se/v1/g/boiler/B1/state')).toMatchObject({ ok: false, error: expect.stringContaining('se/v1/{gatewayId}/thermometer/{equipmentCode}/reading|request') })
    expect(parseGatewayTopic('se/v1/g/thermometer/T1/reading')).toMatchObject({ ok: false, error: expect.stringContaining('unknown topic') })
  })

  it('refuses a kind registered twice or a channel named like a server topic', () => {
    expect(() => createTopicParser([elevator, elevator])).toThrow(/registered twice/)
    expect(() => createTopicParser([{ segment: 'x', channels: { reply: {} } }])).toThrow(/not a valid channel name/)
    expect(() => createTopicParser([{ segment: 'Bad/Kind', channels: {} }])).toThrow(/must match/)
  })

  it('builds topics that parse back', () => {
    expect(parseGatewayTopic(elevatorTopic('g', 'e', 'event'))).toMatchObject({ ok: true, topic: { gatewayId: 'g', equipmentCode: 'e', channel: 'event' } })
    expect(parseGatewayTopic(topicFor.status('g'))).toMatchObject({ ok: true })
    expect(parseGatewayTopic(topicFor.reply('g', 'elevator', 'e'))).toMatchObject({ ok: true, topic: { type: 'reply' } })
  })

  it('names the topics the server writes for a gateway: the only ones a gateway receives', () => {
    expect(isServerTopic('se/v1/gw1/errors')).toBe(true)
    expect(isServerTopic('se/v1/gw1/cylinder/C1/reply')).toBe(true)
    expect(isServerTopic('se/v1/gw1/status')).toBe(false)
    expect(isServerTopic('se/v1/gw1/elevator/E/state')).toBe(false)
    expect(isServerTopic('$rejected/se/v1/gw1/errors')).toBe(false)
  })

  it('confines subscriptions to the own prefix', () => {
    expect(isOwnFilter('gw1', 'se/v1/gw1/errors')).toBe(true)
    expect(isOwnFilter('gw1', 'se/v1/gw1/#')).toBe(true)
    expect(isOwnFilter('gw1', 'se/v1/gw2/#')).toBe(false)
    expect(isOwnFilter('gw1', 'se/v1/+/errors')).toBe(false)
    expect(isOwnFilter('gw1', '#')).toBe(false)
    expect(isOwnFilter('gw1', 'se/v1/gw10/errors')).toBe(false)
  })
})

describe('payload decoding', () => {
  it('accepts one object and defaults ts to the receive time', () => {
    expect(decodeState(Buffer.from(JSON.stringify(state)), NOW)).toEqual({ records: [{ ...state, ts: NOW }], errors: [] })
  })

  it('accepts epoch milliseconds and ISO 8601', () => {
    const iso = decodeState(JSON.stringify({ ...state, ts: '2026-11-22T07:59:00.500Z' }), NOW)
    expect(iso.records[0]!.ts).toBe(Date.parse('2026-11-22T07:59:00.500Z'))
    expect(decodeState(JSON.stringify({ ...state, ts: NOW - 5 }), NOW).records[0]!.ts).toBe(NOW - 5)
  })

  it('keeps the good items of an array and names the bad ones', () => {
    const payload = JSON.stringify([state, { ...state, mode: 9 }, { ...state, floor: 'three', extra: 1 }])
    const { records, errors } = decodeState(payload, NOW)
    expect(records).toHaveLength(1)
    expect(errors).toContainEqual({ item: 1, path: '/mode', reason: 'schema', message: 'mode must be <= 7' })
    expect(errors).toContainEqual(expect.objectContaining({ item: 2, path: '/floor', reason: 'schema' }))
    expect(errors).toContainEqual(expect.objectContaining({ item: 2, reason: 'schema', message: 'unknown field(s): extra' }))
  })

  it.each([
    ['not json', '{"mode":', 'invalid_json'],
    ['a number', '42', 'schema'],
    ['null', 'null', 'schema'],
    ['an empty array', '[]', 'empty'],
    ['too many items', JSON.stringify([state, state, state, state]), 'too_many_items'],
    ['a missing field', JSON.stringify({ mode: 1 }), 'schema'],
    ['seconds instead of milliseconds', JSON.stringify({ ...state, ts: 1_795_000_000 }), 'timestamp'],
    ['a time far in the future', JSON.stringify({ ...state, ts: NOW + 3_600_000 }), 'timestamp'],
    ['a date that is not ISO', JSON.stringify({ ...state, ts: 'yesterday noon' }), 'timestamp'],
    ['a wrong type', JSON.stringify({ ...state, moving: 'yes' }), 'schema']
  ])('rejects %s', (_name, payload, reason) => {
    const { records, errors } = decodeState(payload, NOW)
    expect(records).toEqual([])
    expect(errors[0]!.reason).toBe(reason)
    expect(errors[0]!.message.length).toBeGreaterThan(5)
  })

  it('refuses fields the schema does not name, `__proto__` included', () => {
    expect(decodeState(JSON.stringify({ ...state, extra: 1 }), NOW)).toEqual({ records: [], errors: [{ path: '', reason: 'schema', message: 'unknown field(s): extra' }] })
    const proto = decodeState(`${JSON.stringify(state).slice(0, -1)},"__proto__":{"mode":2}}`, NOW)
    expect(proto.records).toEqual([])
    expect(proto.errors).toEqual([{ path: '', reason: 'schema', message: 'unknown field(s): __proto__' }])
  })

  // The decoder checks closed objects the quick way (protocol/decode.ts closedObjectCheck); it must accept
  // exactly what the schema's own check accepts.
  it.each([
    ['state', ElevatorStatePayload, { ...state, ts: NOW, speed: 1.5, load: 300, power: 'normal', runHours: 12.5, trips: 4 }],
    ['event', ElevatorEventPayload, { code: '90', active: true, ts: NOW }],
    ['status', GatewayStatusPayload, { online: true, fw: '2.1.0', ts: NOW }]
  ] as const)('accepts what the %s schema accepts, no more', (_name, schema, valid) => {
    const decode = createDecoder(schema, limits)
    const check = Compile(schema)
    const keys = Object.keys(valid)
    const variants: unknown[] = [valid, {}, 'text', 7, true, null]
    for (const key of keys) {
      const { [key]: _dropped, ...without } = valid as Record<string, unknown>
      variants.push(without)
      for (const value of [null, 'x', -1, 1.5, 1e9, true, {}, [], '2026-11-22T07:59:00Z']) variants.push({ ...valid, [key]: value })
    }
    for (const extra of ['extra', 'Mode', 'ts ', 'constructor', 'toString', 'hasOwnProperty']) variants.push({ ...valid, [extra]: 1 })
    for (const variant of variants) {
      const payload = JSON.stringify(variant)
      const { records, errors } = decode(payload, NOW)
      const bySchema = check.Check(JSON.parse(payload))
      // A record the schema accepts may still fail on its time (a number of seconds, a date too far ahead).
      if (!bySchema) expect({ payload, records, reasons: errors.map((e) => e.reason) }).toEqual({ payload, records: [], reasons: expect.arrayContaining(['schema']) })
      else expect({ payload, schemaErrors: errors.filter((e) => e.reason === 'schema') }).toEqual({ payload, schemaErrors: [] })
    }
  })

  it('decodes events and status', () => {
    expect(decodeEvent('{"code":"90","active":true}', NOW).records).toEqual([{ code: '90', active: true, ts: NOW }])
    expect(decodeEvent('{"code":"bad code!","active":true}', NOW).errors[0]!.path).toBe('/code')
    expect(decodeStatus('{"online":true,"fw":"2.1.0"}', NOW).records).toEqual([{ online: true, fw: '2.1.0', ts: NOW }])
  })
})

describe('line protocol', () => {
  it('writes a state with its optional fields, the four booleans and power packed in flags (door zone 2 + doors closed 4 + power sent 16)', () => {
    expect(elevatorStateLine('gw', 'E1', { ...state, ts: 1, speed: 1.5, power: 'normal', trips: 7 }))
      .toBe('elevator_state,equipment=E1,gateway=gw mode=1i,dir=0i,floor=3i,flags=22i,speed=1.5,trips=7i 1\n')
    expect(elevatorStateLine('gw', 'E1', { ...state, ts: 1, moving: true, doorZone: false, occupied: true }))
      .toBe('elevator_state,equipment=E1,gateway=gw mode=1i,dir=0i,floor=3i,flags=13i 1\n')
  })

  it('writes events and escapes free text', () => {
    expect(elevatorEventLine('gw', 'E1', { code: '01', active: true, ts: 2 }, true)).toBe('elevator_event,equipment=E1,gateway=gw,code=01 active=true,known=true 2\n')
    expect(gatewayStatusLine('gw', { online: true, fw: 'v"1\\2', ts: 3 })).toBe('gateway_status,gateway=gw online=true,fw="v\\"1\\\\2" 3\n')
  })
})

describe('equipment kinds', () => {
  // A kind is its folder plus a line in app/service.ts: the protocol and the ingest path name none.
  it.each(['protocol', 'ingest'])('%s/ imports no capability with an equipment kind or its rules', (folder) => {
    const root = new URL(`../${folder}/`, import.meta.url)
    for (const file of readdirSync(root).filter((f) => f.endsWith('.ts'))) {
      const imports = [...readFileSync(new URL(file, root), 'utf8').matchAll(/from '(\.\.\/[^/']+)\//g)].map((m) => m[1])
      expect(imports.filter((i) => !['../platform', '../protocol', '../ingest', '../gateways'].includes(i!)), `${folder}/${file}`).toEqual([])
    }
  })
})
