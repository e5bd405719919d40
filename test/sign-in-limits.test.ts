// Sign-in is bounded before any password is hashed (users/login-throttle.ts) and hashing runs on a bounded
// pool (platform/secrets.ts). Pure parts on a fake clock; the pool against Node's real thread pool, measuring
// what a login flood does to the disk syncs the write-ahead log waits for.
import { mkdtempSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addressKey, createLoginThrottle, type Attempt, type Refusal } from '../users/login-throttle.ts'
import { createPasswordHasher, hashSecret, HashPoolBusyError, verifySecret } from '../platform/secrets.ts'

const LIMITS = { user: { free: 3, maxWaitMs: 60_000 }, address: { free: 5, maxWaitMs: 60_000 } }

function clock () {
  let t = 1_000_000
  return { now: () => t, advance: (ms: number) => { t += ms } }
}
const granted = (a: Attempt | Refusal): Attempt => {
  if (!a.ok) throw new Error(`refused by ${a.by} for ${a.waitMs} ms`)
  return a
}

describe('the sign-in throttle', () => {
  it('lets only the free tries through when they come in parallel, before any is checked', () => {
    const t = clock()
    const throttle = createLoginThrottle(LIMITS, t.now)
    // Twenty tries arrive at once: none has failed yet, but each takes a slot as it arrives.
    const tries = Array.from({ length: 20 }, () => throttle.begin('admin', '10.0.0.1'))
    expect(tries.filter((a) => a.ok)).toHaveLength(3)
    expect(tries.filter((a) => !a.ok).every((a) => !a.ok && a.by === 'user' && a.waitMs > 0)).toBe(true)
    for (const a of tries) if (a.ok) a.failed()
    // Now throttled by failures: 1 s after the third, then doubling.
    expect(throttle.begin('admin', '10.0.0.2')).toMatchObject({ ok: false, by: 'user', waitMs: 1000 })
    t.advance(1000)
    const fourth = granted(throttle.begin('admin', '10.0.0.2'))
    // One at a time while throttled.
    expect(throttle.begin('admin', '10.0.0.3')).toMatchObject({ ok: false, by: 'user' })
    fourth.failed()
    expect(throttle.begin('admin', '10.0.0.3')).toMatchObject({ ok: false, waitMs: 2000 })
  })

  it('counts an address across user names, and forgives a user name on success but not the address', () => {
    const t = clock()
    const throttle = createLoginThrottle(LIMITS, t.now)
    for (let i = 0; i < 5; i++) granted(throttle.begin(`guess-${i}`, '10.0.0.9')).failed()
    expect(throttle.begin('guess-new', '10.0.0.9')).toMatchObject({ ok: false, by: 'address', waitMs: 1000 })
    // Another address is not held back, and the user names tried are not (yet) either.
    granted(throttle.begin('guess-new', '10.0.0.10')).cancelled()

    for (let i = 0; i < 2; i++) granted(throttle.begin('mistyper', '10.0.1.1')).failed()
    granted(throttle.begin('mistyper', '10.0.1.1')).succeeded()
    for (let i = 0; i < 2; i++) granted(throttle.begin('mistyper', '10.0.1.1')).failed()
    expect(throttle.begin('mistyper', '10.0.1.1')).toMatchObject({ ok: true })
  })

  it('forgets 15 minutes after the last failure, and a cancelled try costs nothing', () => {
    const t = clock()
    const throttle = createLoginThrottle(LIMITS, t.now)
    for (let i = 0; i < 3; i++) granted(throttle.begin('a', '1.1.1.1')).failed()
    t.advance(15 * 60_000 + 1)
    for (let i = 0; i < 5; i++) granted(throttle.begin('a', '1.1.1.1')).cancelled()
    granted(throttle.begin('a', '1.1.1.1')).failed()
  })

  it('keeps a bounded number of counters, evicting the least recently touched', () => {
    const t = clock()
    const throttle = createLoginThrottle({ ...LIMITS, address: { free: 1e9, maxWaitMs: 1 } }, t.now)
    granted(throttle.begin('early', '3.3.3.3')).failed()
    for (let i = 0; i < 100_100; i++) {
      t.advance(1)
      granted(throttle.begin(`u${i}`, '2.2.2.2')).failed()
    }
    expect(throttle.size()).toBeLessThanOrEqual(100_000)
    // The source of the flood is the most recently touched: it is kept, and so is its count.
    expect(throttle.begin('another', '2.2.2.2')).toMatchObject({ ok: true })
  })

  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:00aa:0000:ffff::9', '2001:db8:aa:0::/64'],
    ['::1', '0:0:0:0::/64']
  ])('counts %s as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key)
  })
})

describe('the password hashing pool', () => {
  it('runs at most `concurrency` hashes at once, queues up to `queue`, refuses the rest at once', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, queue: 2 })
    const stored = await hashSecret('right')
    const first = hasher.verify('right', stored)
    const second = hasher.verify('wrong', stored)
    const third = hasher.verify('right', stored)
    expect(hasher.load()).toEqual({ running: 1, queued: 2 })
    await expect(hasher.verify('right', stored)).rejects.toBeInstanceOf(HashPoolBusyError)
    expect(await Promise.all([first, second, third])).toEqual([true, false, true])
    expect(hasher.load()).toEqual({ running: 0, queued: 0 })
  })

  // The measurement behind PASSWORD_HASH_CONCURRENCY. A sustained flood keeps 16 password checks in flight
  // (each finished one is replaced) while the disk is synced as the write-ahead log does before a PUBACK.
  // Unbounded, every check is queued in libuv's 4-thread pool and each fdatasync waits behind the queue;
  // bounded to one hash at a time, the other threads stay free and a sync takes what the disk takes.
  it('keeps fdatasync latency low during a login flood, where unbounded hashing makes it wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianjian-flood-'))
    const file = await open(join(dir, 'wal'), 'w')
    const stored = await hashSecret('the right password')
    try {
      const measure = async (check: () => Promise<unknown>, syncs: number) => {
        let flooding = true
        const loop = async () => { while (flooding) await check().catch(() => {}) }
        const workers = Array.from({ length: 16 }, loop)
        await new Promise((resolve) => setTimeout(resolve, 50))
        const latencies: number[] = []
        for (let i = 0; i < syncs; i++) {
          await file.write(Buffer.alloc(4096, i))
          const t0 = performance.now()
          await file.datasync()
          latencies.push(performance.now() - t0)
        }
        flooding = false
        await Promise.all(workers)
        return latencies.sort((a, b) => a - b)
      }
      const quiet = await measure(async () => new Promise((resolve) => setTimeout(resolve, 5)), 5)
      const unbounded = await measure(() => verifySecret('a wrong guess', stored), 2)
      const hasher = createPasswordHasher({ concurrency: 1, queue: 1000 })
      const bounded = await measure(() => hasher.verify('a wrong guess', stored), 8)
      const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!
      const ms = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, max ${xs.at(-1)!.toFixed(1)} ms`
      console.log(`fdatasync during a login flood (16 checks in flight): quiet ${ms(quiet)}; unbounded scrypt ${ms(unbounded)}; bounded pool (1 at a time) ${ms(bounded)}`)
      // The unbounded flood puts each sync behind the thread pool's queue; the bounded one does not.
      expect(median(bounded)).toBeLessThan(median(unbounded) / 3)
    } finally {
      await file.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
