// The audit hook on its own (platform/http/audit.ts): which answers leave an entry, and what it holds.
import { describe, expect, it } from 'vitest'
import Fastify from 'fastify'
import { installAudit, noteAudit, skipAudit, type AuditEntry } from '../platform/http/audit.ts'

async function appWith () {
  const entries: AuditEntry[] = []
  const app = Fastify()
  app.decorateRequest('user', null)
  installAudit(app, { record: async (e) => { entries.push(e) }, failed: () => {} })
  app.post('/api/things/:id/poke', async () => ({ ok: true }))
  app.post('/api/tickets', async (request) => { skipAudit(request); return { ticket: 't' } })
  app.post('/api/refused', async (request, reply) => {
    noteAudit(request, { action: 'thing.tried', always: true, actor: { id: null, username: 'someone', role: null } })
    return reply.status(401).send({ no: true })
  })
  app.post('/api/failing', async () => { throw new Error('boom') })
  app.get('/api/things', async () => [])
  app.delete('/api/things/:id', async (request, reply) => {
    noteAudit(request, { action: 'thing.delete', target: { type: 'thing', id: 7 }, before: { id: 7 } })
    return reply.status(204).send(null)
  })
  return { app, entries }
}

describe('the audit hook', () => {
  it('records successful changes, by route when the route names none, and what a route says', async () => {
    const { app, entries } = await appWith()
    await app.inject({ method: 'POST', url: '/api/things/42/poke', payload: { secret: 'never-logged' } })
    await app.inject({ method: 'DELETE', url: '/api/things/7' })
    expect(entries).toEqual([
      { actorId: null, actorUsername: null, actorRole: null, action: 'POST /api/things/:id/poke', method: 'POST', route: '/api/things/:id/poke', targetType: 'things', targetId: '42', ip: '127.0.0.1', status: 200, before: null, after: null, detail: null },
      expect.objectContaining({ action: 'thing.delete', targetType: 'thing', targetId: '7', status: 204, before: { id: 7 } })
    ])
    expect(JSON.stringify(entries)).not.toContain('never-logged')
  })

  it('records no read, no refusal, no failure, nothing skipped — unless a route asks for a refusal', async () => {
    const { app, entries } = await appWith()
    await app.inject({ method: 'GET', url: '/api/things' })
    await app.inject({ method: 'POST', url: '/api/failing' })
    await app.inject({ method: 'POST', url: '/api/tickets' })
    expect(entries).toEqual([])
    await app.inject({ method: 'POST', url: '/api/refused' })
    expect(entries).toEqual([expect.objectContaining({ action: 'thing.tried', actorUsername: 'someone', status: 401 })])
  })
})
