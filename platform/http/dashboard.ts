// Serves the built dashboard (dashboard/dist) from the API's port, with history-mode routing: any GET
// that is not an API, docs or metrics path gets index.html.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { PROJECT_ROOT } from '../paths.ts'
import { HttpError, noRoute } from './errors.ts'

export const DASHBOARD_DIST = join(PROJECT_ROOT, 'dashboard', 'dist')

export async function registerDashboard (app: FastifyInstance, root = DASHBOARD_DIST): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: 'index.html', maxAge: '1h', immutable: false })
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (/^\/(api|docs|metrics)(\/|$)/.test(request.url)) {
      throw new HttpError(404, noRoute(request))
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
  return true
}
