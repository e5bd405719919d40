// Redis connections of a cluster node. Redis going away must cost the node its cluster features (shared
// sessions, the live feed, presence), never the node itself: every connection gets an error listener (an
// EventEmitter 'error' without one throws and kills the process), logged once per half minute rather than
// per reconnect attempt, and closing does not wait for a Redis that is not there.
import { Redis, type RedisOptions } from 'ioredis'
import type { Logger } from 'pino'

const LOG_EVERY_MS = 30_000
const QUIT_TIMEOUT_MS = 2_000

/** A listener for a connection's errors: one warning per half minute, naming what the connection is for. */
export function redisErrorLogger (purpose: string, log: Logger): (err: Error) => void {
  let lastLogged = 0
  return (err) => {
    if (Date.now() - lastLogged < LOG_EVERY_MS) return
    lastLogged = Date.now()
    log.warn({ err: err.message, purpose }, 'redis unavailable; retrying')
  }
}

export function createRedis (url: string, purpose: string, log: Logger, options: RedisOptions = {}): Redis {
  const conn = new Redis(url, options)
  conn.on('error', redisErrorLogger(purpose, log))
  return conn
}

/** Closes a connection: politely when Redis answers, at once when it does not. */
export async function closeRedis (conn: Redis): Promise<void> {
  if (conn.status !== 'ready') return conn.disconnect()
  const quit = conn.quit().then(() => undefined, () => conn.disconnect())
  const timer = new Promise<void>((resolve) => setTimeout(resolve, QUIT_TIMEOUT_MS).unref())
  await Promise.race([quit, timer])
  conn.disconnect()
}
