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

/** A new secret for a gateway or a session: URL-safe, 256 bits. */
export function generateSecret (): string {
  return randomBytes(32).toString('base64url')
}

/** Session tokens are looked up by digest, so a leaked sessions table grants nothing. */
export function digestToken (token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
