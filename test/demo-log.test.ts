// Issue #10 part 5: in the demo console the service's access log no longer buries the fleet's lines.
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createDemoLog } from '../simulators/demo/demo-log.ts'

function capture (level: string) {
  const lines: string[] = []
  const destination = new Writable({ write (chunk, _encoding, done) { lines.push(JSON.parse(String(chunk)).msg); done() } })
  return { log: createDemoLog(level, destination), lines }
}

describe('the demo log', () => {
  it('leaves out access lines at info, also from request loggers, and keeps the rest', () => {
    const { log, lines } = capture('info')
    const request = log.child({ reqId: 'req-1' })
    request.info({ req: { method: 'GET', url: '/api/rescues' } }, 'incoming request')
    request.info({ res: { statusCode: 200 }, responseTime: 3 }, 'request completed')
    request.error({ req: { method: 'GET', url: '/api/x' }, err: new Error('boom') }, 'request failed')
    log.info({ lifts: 5000 }, 'seeded the demo city')
    expect(lines).toEqual(['request failed', 'seeded the demo city'])
  })

  it('shows access lines at debug', () => {
    const { log, lines } = capture('debug')
    log.info({ req: { method: 'GET', url: '/' } }, 'incoming request')
    expect(lines).toEqual(['incoming request'])
  })
})
