// ingest/rate-budget.ts: a gateway's token bucket, message by message on a made-up clock.
import { describe, expect, it } from 'vitest'
import { admit, createBucket, type Admission, type RateBudget } from '../ingest/rate-budget.ts'

const budget: RateBudget = { perSecond: 10, burst: 3, overBudgetMs: 2_000 }

/** Feeds (time, qos) pairs to a fresh bucket; returns each verdict, with its wait in ms. */
function run (messages: Array<[number, number]>, b: RateBudget = budget): string[] {
  const bucket = createBucket(b, 0)
  return messages.map(([at, qos]) => show(admit(bucket, b, qos, at)))
}
const show = (a: Admission) => a.verdict === 'wait' ? `wait ${a.ms}` : a.verdict === 'drop' ? `drop ${a.holdMs}` : a.verdict === 'disconnect' ? `disconnect ${a.overMs}` : a.verdict

describe('rate budget', () => {
  it.each<[string, Array<[number, number]>, string[]]>([
    ['a burst within budget goes on at once', [[0, 0], [0, 1], [0, 0]], ['accept', 'accept', 'accept']],
    ['QoS 0 beyond the burst is dropped; the connection is held one message-time per drop',
      [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], ['accept', 'accept', 'accept', 'drop 100', 'drop 200']],
    ['QoS 1 beyond the burst waits its turn, one message-time apart',
      [[0, 1], [0, 1], [0, 1], [0, 1], [0, 1], [0, 1]], ['accept', 'accept', 'accept', 'wait 100', 'wait 200', 'wait 300']],
    ['tokens come back at the rate', [[0, 0], [0, 0], [0, 0], [100, 0], [150, 0], [200, 0]], ['accept', 'accept', 'accept', 'accept', 'drop 100', 'accept']],
    ['a bucket refills to its burst, no more', [[0, 0], [10_000, 0], [10_000, 0], [10_000, 0], [10_000, 0]], ['accept', 'accept', 'accept', 'accept', 'drop 100']],
    ['QoS 0 after QoS 1 took tokens in advance is dropped', [[0, 1], [0, 1], [0, 1], [0, 1], [50, 0]], ['accept', 'accept', 'accept', 'wait 100', 'drop 100']],
    ['once the advance is paid back, messages go on', [[0, 1], [0, 1], [0, 1], [0, 1], [200, 0]], ['accept', 'accept', 'accept', 'wait 100', 'accept']],
    ['exactly at the rate, forever within budget', Array.from({ length: 40 }, (_, i): [number, number] => [i * 100, 0]), Array.from({ length: 40 }, () => 'accept')]
  ])('%s', (_what, messages, verdicts) => {
    expect(run(messages)).toEqual(verdicts)
  })

  it('disconnects a gateway that drops QoS 0 for longer than overBudgetMs', () => {
    // Twice the rate: every other message is dropped, and the run of drops never calms down.
    const verdicts = run(Array.from({ length: 60 }, (_, i): [number, number] => [i * 50, 0]))
    const firstDrop = verdicts.findIndex((v) => v.startsWith('drop'))
    const disconnect = verdicts.findIndex((v) => v.startsWith('disconnect'))
    expect(firstDrop).toBeGreaterThan(0)
    expect(disconnect * 50 - firstDrop * 50).toBeGreaterThanOrEqual(budget.overBudgetMs)
    expect(disconnect * 50 - firstDrop * 50).toBeLessThan(budget.overBudgetMs + 200)
    expect(verdicts.slice(0, disconnect).every((v) => !v.startsWith('disconnect'))).toBe(true)
  })

  it('does not disconnect for drops separated by calm spells (the burst refilled between them)', () => {
    const messages: Array<[number, number]> = []
    // Every second: a burst one over budget, then silence.
    for (let s = 0; s < 10; s++) for (let i = 0; i < 4; i++) messages.push([s * 1_000, 0])
    const verdicts = run(messages)
    expect(verdicts.filter((v) => v.startsWith('drop'))).toHaveLength(10)
    expect(verdicts.some((v) => v.startsWith('disconnect'))).toBe(false)
  })

  it('never disconnects for QoS 1, however far over budget: it waits instead', () => {
    const verdicts = run(Array.from({ length: 200 }, (_, i): [number, number] => [i, 1]))
    expect(verdicts.every((v) => v === 'accept' || v.startsWith('wait'))).toBe(true)
    // 200 taken, 3 in the burst and 1.99 refilled by then: the last waits for 195.01 tokens, 100 ms each.
    expect(Number(verdicts.at(-1)!.slice('wait '.length))).toBeCloseTo(19_501, -1)
  })

  it('paces a QoS 0 flooder: what it sends is read at about twice its budget', () => {
    // A connection that sends 300 messages whenever it is read, read again only once the holds are over.
    const bucket = createBucket(budget, 0)
    let now = 0
    let read = 0
    let accepted = 0
    while (now < 1_900) {
      let hold = 0
      for (let i = 0; i < 300; i++) {
        const a = admit(bucket, budget, 0, now)
        read++
        if (a.verdict === 'accept') accepted++
        if (a.verdict === 'drop') hold = Math.max(hold, a.holdMs)
      }
      now += Math.max(hold, 1)
    }
    expect(accepted / (now / 1000)).toBeLessThanOrEqual(budget.perSecond + budget.burst)
    expect(read).toBeLessThanOrEqual(1_200)
  })
})
