import { describe, expect, it } from 'vitest'
import { createUnchangedStates, sameState } from '../elevators/unchanged-states.ts'
import type { ElevatorState } from '../elevators/payloads.ts'

const idle: ElevatorState = { ts: 1_000_000, mode: 1, moving: false, dir: 0, floor: 1, doorZone: true, doorClosed: true, occupied: false, trips: 5 }
const at = (ts: number, change: Partial<ElevatorState> = {}): ElevatorState => ({ ...idle, ...change, ts })

describe('which lift states need a point of their own', () => {
  it.each([
    ['the first state of a lift', [], at(0), true],
    ['a heartbeat 5 s after an identical point', [at(0)], at(5_000), false],
    ['a heartbeat 59.9 s after it', [at(0)], at(59_900), false],
    ['a heartbeat 60 s after it: the lift is still alive', [at(0)], at(60_000), true],
    ['a moved car', [at(0)], at(5_000, { floor: 2 }), true],
    ['a counter that moved (trips keep their history)', [at(0)], at(5_000, { trips: 6 }), true],
    ['run hours that moved', [at(0, { runHours: 10 })], at(5_000, { runHours: 10.1 }), true],
    ['a field that appears', [at(0)], at(5_000, { speed: 0 }), true],
    ['a state older than the last point (a late buffer)', [at(10_000)], at(5_000), true],
    ['the same time again (a resend): it replaces itself', [at(0)], at(0), false],
    ['back to a state seen two points ago', [at(0), at(5_000, { floor: 2 })], at(10_000), true]
  ] as Array<[string, ElevatorState[], ElevatorState, boolean]>)('%s', (_name, before, state, expected) => {
    const filter = createUnchangedStates(60_000)
    for (const s of before) { filter.needsPoint('L1', s); filter.durable('L1', s) }
    expect(filter.needsPoint('L1', state)).toBe(expected)
  })

  const written = (filter: ReturnType<typeof createUnchangedStates>, times: number[]) => times.filter((t) => {
    const state = at(t)
    const needed = filter.needsPoint('L1', state)
    if (needed) filter.durable('L1', state)
    return needed
  })

  it('keeps the 60 s rhythm from the last point written, not from the last heartbeat', () => {
    expect(written(createUnchangedStates(60_000), [0, 5_000, 10_000, 55_000, 60_000, 65_000, 115_000, 120_000])).toEqual([0, 60_000, 120_000])
  })

  it('skips nothing for a point that was not made durable (its write failed: the resend is written)', () => {
    const filter = createUnchangedStates(60_000)
    expect(filter.needsPoint('L1', at(0))).toBe(true)
    // No durable(): the log's write failed and the message was not acknowledged.
    expect(filter.needsPoint('L1', at(0))).toBe(true)
  })

  it('compares with the point before, even while it waits for the disk', () => {
    const filter = createUnchangedStates(60_000)
    const first = at(0)
    filter.needsPoint('L1', first)
    filter.durable('L1', first)
    // Floor 2 is decided, then floor 1 again arrives before floor 2 is durable: it is a change, so written.
    expect(filter.needsPoint('L1', at(5_000, { floor: 2 }))).toBe(true)
    expect(filter.needsPoint('L1', at(10_000))).toBe(true)
    // And a repeat of a point still on its way to the disk is written too, not skipped.
    expect(filter.needsPoint('L1', at(15_000))).toBe(true)
  })

  it('counts as durable only the record it decided, not an equal one', () => {
    const filter = createUnchangedStates(60_000)
    filter.needsPoint('L1', at(0))
    filter.durable('L1', at(0))
    expect(filter.needsPoint('L1', at(5_000))).toBe(true)
  })

  it('leaves the last point as it was when a repeat is called durable (it is announced like any state)', () => {
    const filter = createUnchangedStates(60_000)
    const first = at(0)
    filter.needsPoint('L1', first)
    filter.durable('L1', first)
    const repeat = at(5_000)
    expect(filter.needsPoint('L1', repeat)).toBe(false)
    filter.durable('L1', repeat)
    expect(filter.needsPoint('L1', at(10_000))).toBe(false)
    // The rhythm still runs from the point written at 0, not from the repeat.
    expect(filter.needsPoint('L1', at(60_000))).toBe(true)
  })

  it('makes a record durable for the lift that wrote it, even if it was a repeat of another lift just before', () => {
    const filter = createUnchangedStates(60_000)
    const first = at(0)
    filter.needsPoint('L1', first)
    filter.durable('L1', first)
    const shared = at(5_000)
    expect(filter.needsPoint('L1', shared)).toBe(false)
    expect(filter.needsPoint('L2', shared)).toBe(true)
    filter.durable('L2', shared)
    expect(filter.needsPoint('L2', at(10_000))).toBe(false)
  })

  it('decides per lift', () => {
    const filter = createUnchangedStates(60_000)
    const first = at(0)
    filter.needsPoint('L1', first)
    filter.durable('L1', first)
    expect(filter.needsPoint('L2', at(5_000))).toBe(true)
    expect(filter.needsPoint('L1', at(5_000))).toBe(false)
  })

  it('writes every state when set to 0', () => {
    expect(written(createUnchangedStates(0), [0, 5_000, 10_000])).toEqual([0, 5_000, 10_000])
  })

  it('tells apart every field, absent from zero', () => {
    expect(sameState(at(0), at(0, { speed: 0 }))).toBe(false)
    expect(sameState(at(0), at(99))).toBe(true)
    expect(sameState(at(0, { doorClosed: false }), at(0))).toBe(false)
    const full = at(0, { speed: 1.5, load: 40, power: 'normal', runHours: 12.5 })
    const changes: Array<Partial<ElevatorState>> = [{ mode: 2 }, { moving: true }, { dir: 1 }, { floor: 2 }, { doorZone: false }, { doorClosed: false },
      { occupied: true }, { speed: 1.4 }, { load: 41 }, { power: 'outage' }, { runHours: 12.6 }, { trips: 6 }]
    for (const change of changes) expect(sameState(full, { ...full, ...change }), JSON.stringify(change)).toBe(false)
    expect(sameState(full, { ...full, ts: 5 })).toBe(true)
  })
})
