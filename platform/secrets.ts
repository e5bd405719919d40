// Password and gateway-secret hashing with scrypt. The cost travels inside the stored hash, so users'
// passwords (low entropy, need a slow hash) and gateway secrets (256 random bits, checked at every
// reconnect of thousands of gateways) can use different costs and still verify the same way.
import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto'

export const PASSWORD_COST = { N: 16384, r: 8, p: 1 }
// A random 256-bit secret cannot be brute-forced whatever the cost; a low N keeps a mass reconnect cheap.
export const GATEWAY_SECRET_COST = { N: 1024, r: 8, p: 1 }
const KEY_LENGTH = 32

function scryptAsync (secret: string, salt: Buffer, cost: { N: number, r: number, p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) => err ? reject(err) : resolve(key))
  })
}

export async function hashSecret (secret: string, cost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(secret, salt, cost)
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifySecret (secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false
  const expected = Buffer.from(hash, 'base64')
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A password check that found no turn: the hashing pool's queue is full (answer 503, try again shortly). */
export class HashPoolBusyError extends Error {
  constructor () { super('password hashing is at capacity') }
}

export interface PasswordHasher {
  hash (password: string): Promise<string>
  verify (password: string, stored: string): Promise<boolean>
  /** Hashes running and waiting now. */
  load (): { running: number, queued: number }
}

/**
 * Password hashing on a bounded pool. Node's async scrypt runs on libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), the same threads that run the write-ahead log's fdatasync: a login
 * flood that queued a hash per request would put every gateway's PUBACK behind a queue of 50 ms hashes (one
 * costs N=16384, r=8 — 16 MiB and tens of milliseconds of CPU). Here at most `concurrency` hashes hold a
 * thread at once, so the pool always has threads left for disk syncs; at most `queue` wait for a turn, in
 * order, and any more are refused at once (HashPoolBusyError) rather than piling up memory and latency.
 * test/login-flood.test.ts measures fdatasync latency under a flood with and without the bound.
 */
export function createPasswordHasher (options: { concurrency: number, queue: number }): PasswordHasher {
  let running = 0
  const waiting: Array<() => void> = []
  async function turn<T> (work: () => Promise<T>): Promise<T> {
    if (running >= options.concurrency) {
      if (waiting.length >= options.queue) throw new HashPoolBusyError()
      await new Promise<void>((resolve) => waiting.push(resolve))
    } else {
      running++
    }
    try {
      return await work()
    } finally {
      // The turn passes straight to the next in line, so `running` never dips and lets a newcomer jump it.
      const next = waiting.shift()
      if (next !== undefined) next()
      else running--
    }
  }
  return {
    hash: (password) => turn(() => hashSecret(password, PASSWORD_COST)),
    verify: (password, stored) => turn(() => verifySecret(password, stored)),
    load: () => ({ running, queued: waiting.length })
  }
}

/** A new secret for a gateway or a session: URL-safe, 256 bits. */
export function generateSecret (): string {
  return randomBytes(32).toString('base64url')
}

/** Session tokens are looked up by digest, so a leaked sessions table grants nothing. */
export function digestToken (token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
