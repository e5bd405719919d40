// The packed booleans and power of elevator_state (elevators/state-flags.ts): the bit layout, and reading
// rows of both the packed layout and the fields of points written before 0.2.0. Pure; the same functions
// against a real InfluxDB are in test/state-layouts.test.ts.
import { describe, expect, it } from 'vitest'
import { decodeFlags, encodeFlags, flagIsSet, powerIs, storedFlags, storedStateFlags, type FlagName, type StateFlags } from '../elevators/state-flags.ts'

const none: StateFlags = { moving: false, doorZone: false, doorClosed: false, occupied: false }

describe('the bits of flags', () => {
  it.each([
    ['nothing set, no power sent', none, 0],
    ['moving', { ...none, moving: true }, 1],
    ['in the door zone', { ...none, doorZone: true }, 2],
    ['doors closed', { ...none, doorClosed: true }, 4],
    ['occupied', { ...none, occupied: true }, 8],
    ['power normal', { ...none, power: 'normal' }, 16],
    ['power outage', { ...none, power: 'outage' }, 48],
    ['at a landing, doors closed (door zone + closed)', { ...none, doorZone: true, doorClosed: true }, 6],
    ['trapped between floors (closed + occupied)', { ...none, doorClosed: true, occupied: true }, 12],
    ['trapped between floors in an outage', { ...none, doorClosed: true, occupied: true, power: 'outage' }, 60],
    ['running with a passenger on mains (moving + closed + occupied + power sent)', { ...none, moving: true, doorClosed: true, occupied: true, power: 'normal' }, 29],
    ['everything set', { moving: true, doorZone: true, doorClosed: true, occupied: true, power: 'outage' }, 63]
  ] as Array<[string, StateFlags, number]>)('%s is %i', (_name, flags, bits) => {
    expect(encodeFlags(flags)).toBe(bits)
    expect(decodeFlags(bits)).toEqual(flags)
  })

  it('round-trips every combination, each to its own value; no power key when none was sent', () => {
    const seen = new Set<number>()
    for (const power of [undefined, 'normal', 'outage'] as const) {
      for (let bits = 0; bits < 16; bits++) {
        const flags: StateFlags = power === undefined ? decodeFlags(bits) : { ...decodeFlags(bits), power }
        expect(decodeFlags(encodeFlags(flags))).toStrictEqual(flags)
        seen.add(encodeFlags(flags))
      }
    }
    expect(seen.size).toBe(48)
    expect('power' in decodeFlags(15)).toBe(false)
  })

  it('takes only the booleans and power of a whole state', () => {
    expect(encodeFlags({ ts: 1, mode: 3, dir: 2, floor: 7, moving: true, doorZone: false, doorClosed: true, occupied: false, trips: 9, speed: 1.5 } as StateFlags)).toBe(5)
  })
})

describe('a stored row, whichever layout wrote it', () => {
  const nulls = { moving: null, doorZone: null, doorClosed: null, occupied: null, power: null }
  it.each([
    ['a packed point', { time: 1, mode: 1, flags: 13 }, { moving: true, doorZone: false, doorClosed: true, occupied: true, power: null }],
    ['a packed point with power', { time: 1, mode: 1, flags: 60 }, { moving: false, doorZone: false, doorClosed: true, occupied: true, power: 'outage' }],
    ['a packed point with every bit clear', { time: 1, flags: 0 }, { ...none, power: null }],
    ['a point before 0.2.0', { time: 1, moving: true, door_zone: false, door_closed: true, occupied: true, power: 'normal' }, { moving: true, doorZone: false, doorClosed: true, occupied: true, power: 'normal' }],
    ['a point before 0.2.0 as SELECT * answers it (flags null)', { time: 1, flags: null, moving: false, door_zone: true, door_closed: false, occupied: false, power: null }, { ...none, doorZone: true, power: null }],
    ['a packed point as SELECT * answers it (old fields null)', { time: 1, flags: 22, moving: null, door_zone: null, door_closed: null, occupied: null, power: null }, { ...none, doorZone: true, doorClosed: true, power: 'normal' }],
    ['a bucket holding both (the upgrade): flags, the later points, wins', { time: 1, flags: 0, moving: true, door_zone: true, door_closed: true, occupied: true, power: 'outage' }, { ...none, power: null }],
    ['a point with neither: nulls', { time: 1, mode: 2 }, nulls],
    ['an old point with a power the protocol does not know', { time: 1, moving: false, power: 'mains' }, { ...nulls, moving: false }]
  ] as Array<[string, Record<string, unknown>, unknown]>)('%s', (_name, row, expected) => {
    expect(storedFlags(row)).toEqual(expected)
  })

  it('reads a value a point lacks in both layouts as false for a lift state, and leaves power out', () => {
    expect(storedStateFlags({ time: 1, moving: true })).toStrictEqual({ ...none, moving: true })
    expect(storedStateFlags({ time: 1, flags: 8 })).toStrictEqual({ ...none, occupied: true })
    expect(storedStateFlags({ time: 1, flags: 56 })).toStrictEqual({ ...none, occupied: true, power: 'outage' })
    expect(storedStateFlags({ time: 1, occupied: true, power: 'normal' })).toStrictEqual({ ...none, occupied: true, power: 'normal' })
  })
})

describe('an InfluxQL filter on a flag (run against InfluxDB in test/state-layouts.test.ts)', () => {
  it.each([
    ['moving', '(moving = true OR (flags & 1) = 1)'],
    ['doorZone', '(door_zone = true OR (flags & 2) = 2)'],
    ['doorClosed', '(door_closed = true OR (flags & 4) = 4)'],
    ['occupied', '(occupied = true OR (flags & 8) = 8)']
  ] as Array<[FlagName, string]>)('%s', (flag, condition) => {
    expect(flagIsSet(flag)).toBe(condition)
  })

  it('power', () => {
    expect(powerIs('normal')).toBe("(power = 'normal' OR (flags & 48) = 16)")
    expect(powerIs('outage')).toBe("(power = 'outage' OR (flags & 48) = 48)")
  })
})
