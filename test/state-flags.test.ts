// The packed booleans of elevator_state (elevators/state-flags.ts): the bit layout, and reading rows of both
// the packed layout and the boolean fields of points written before 0.2.0. Pure; the same functions against
// a real InfluxDB are in test/state-layouts.test.ts.
import { describe, expect, it } from 'vitest'
import { decodeFlags, encodeFlags, flagIsSet, storedFlags, storedStateFlags, type StateFlags } from '../elevators/state-flags.ts'

const none: StateFlags = { moving: false, doorZone: false, doorClosed: false, occupied: false }

describe('the bits of flags', () => {
  it.each([
    ['nothing set', none, 0],
    ['moving', { ...none, moving: true }, 1],
    ['in the door zone', { ...none, doorZone: true }, 2],
    ['doors closed', { ...none, doorClosed: true }, 4],
    ['occupied', { ...none, occupied: true }, 8],
    ['at a landing, doors closed (door zone + closed)', { ...none, doorZone: true, doorClosed: true }, 6],
    ['trapped between floors (closed + occupied)', { ...none, doorClosed: true, occupied: true }, 12],
    ['running with a passenger (moving + closed + occupied)', { ...none, moving: true, doorClosed: true, occupied: true }, 13],
    ['everything set', { moving: true, doorZone: true, doorClosed: true, occupied: true }, 15]
  ] as Array<[string, StateFlags, number]>)('%s is %i', (_name, flags, bits) => {
    expect(encodeFlags(flags)).toBe(bits)
    expect(decodeFlags(bits)).toEqual(flags)
  })

  it('round-trips all 16 combinations, each to its own value', () => {
    const seen = new Set<number>()
    for (let bits = 0; bits < 16; bits++) {
      const flags = decodeFlags(bits)
      expect(encodeFlags(flags)).toBe(bits)
      seen.add(encodeFlags(flags))
    }
    expect(seen.size).toBe(16)
  })

  it('takes only the booleans of a whole state', () => {
    expect(encodeFlags({ ts: 1, mode: 3, dir: 2, floor: 7, moving: true, doorZone: false, doorClosed: true, occupied: false, trips: 9 } as StateFlags)).toBe(5)
  })
})

describe('a stored row, whichever layout wrote it', () => {
  it.each([
    ['a packed point', { time: 1, mode: 1, flags: 13 }, { moving: true, doorZone: false, doorClosed: true, occupied: true }],
    ['a packed point with every bit clear', { time: 1, flags: 0 }, none],
    ['a point before 0.2.0', { time: 1, moving: true, door_zone: false, door_closed: true, occupied: true }, { moving: true, doorZone: false, doorClosed: true, occupied: true }],
    ['a point before 0.2.0 as SELECT * answers it (flags null)', { time: 1, flags: null, moving: false, door_zone: true, door_closed: false, occupied: false }, { ...none, doorZone: true }],
    ['a packed point as SELECT * answers it (old fields null)', { time: 1, flags: 6, moving: null, door_zone: null, door_closed: null, occupied: null }, { ...none, doorZone: true, doorClosed: true }],
    ['a bucket holding both (the upgrade): flags, the later points, wins', { time: 1, flags: 0, moving: true, door_zone: true, door_closed: true, occupied: true }, none],
    ['a point with neither: nulls', { time: 1, mode: 2 }, { moving: null, doorZone: null, doorClosed: null, occupied: null }],
    ['a hand-written point with some old fields', { time: 1, moving: false }, { moving: false, doorZone: null, doorClosed: null, occupied: null }]
  ] as Array<[string, Record<string, unknown>, unknown]>)('%s', (_name, row, expected) => {
    expect(storedFlags(row)).toEqual(expected)
  })

  it('reads a value a point lacks in both layouts as false for a lift state', () => {
    expect(storedStateFlags({ time: 1, moving: true })).toEqual({ ...none, moving: true })
    expect(storedStateFlags({ time: 1, flags: 8 })).toEqual({ ...none, occupied: true })
  })
})

describe('an InfluxQL filter on a flag', () => {
  it.each([
    ['moving', '(moving = true OR (flags & 1) = 1)'],
    ['doorZone', '(door_zone = true OR (flags & 2) = 2)'],
    ['doorClosed', '(door_closed = true OR (flags & 4) = 4)'],
    ['occupied', '(occupied = true OR (flags & 8) = 8)']
  ] as Array<[keyof StateFlags, string]>)('%s', (flag, condition) => {
    expect(flagIsSet(flag)).toBe(condition)
  })
})
