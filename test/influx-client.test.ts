// The InfluxDB client's deadlines: a query that a stopping scan cancels ends at once, and one that an
// InfluxDB that accepted the connection never answers ends at the client's timeout — with the cancel
// signal too (a timer of its own, not AbortSignal.timeout() inside AbortSignal.any(), see client.ts).
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInfluxClient } from '../platform/influx/client.ts'

let silent: Server
let url: string
const held: Socket[] = []

beforeAll(async () => {
  // Accepts and reads, never answers: an influxd stalled in a compaction, as far as a client can tell.
  silent = createServer((socket) => { held.push(socket); socket.resume() })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`
})
afterAll(async () => {
  for (const socket of held) socket.destroy()
  await new Promise((resolve) => silent.close(resolve))
})

describe('an InfluxDB query', () => {
  it('ends when its signal is aborted, long before the timeout', async () => {
    const client = createInfluxClient({ url, database: 'x', timeoutMs: 60_000 })
    const stop = new AbortController()
    const started = Date.now()
    const query = client.query('SELECT mode FROM elevator_state', { signal: stop.signal })
    setTimeout(() => stop.abort(), 100)
    await expect(query).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('ends at the timeout when nobody cancels it, with or without a signal', async () => {
    const client = createInfluxClient({ url, database: 'x', timeoutMs: 300 })
    await expect(client.query('SELECT 1', { signal: new AbortController().signal })).rejects.toThrow(/timeout/i)
    await expect(client.query('SELECT 1')).rejects.toThrow(/timeout/i)
  })

  it('is not sent at all when its signal was aborted before', async () => {
    const client = createInfluxClient({ url, database: 'x', timeoutMs: 60_000 })
    const before = held.length
    await expect(client.query('SELECT 1', { signal: AbortSignal.abort() })).rejects.toThrow()
    expect(held.length).toBe(before)
  })
})
