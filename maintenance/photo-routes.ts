// Photos of a visit: uploaded one at a time as the request body (the phone resizes before sending), typed
// by their bytes (JPEG, PNG, WebP) and size-checked, stored by SHA-256 through the photo storage; removed
// from a draft; served to whoever may read the record. The image parser lives in this context alone, and
// the maintainer check runs on arrival (onRequest), before a byte of the body is read.
import { Type } from 'typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { requireRole, scopeOf, type SessionUser } from '../platform/http/auth.ts'
import { noteAudit } from '../platform/http/audit.ts'
import { HttpError } from '../platform/http/errors.ts'
import { errorResponses, IdParams } from '../platform/http/schemas.ts'
import { msg } from '../platform/messages/message.ts'
import type { ApiApp } from '../platform/http/route-plugin.ts'
import { PHOTO_TYPES } from '../platform/photos/photo-type.ts'
import { takePhoto } from './photo-intake.ts'
import { VisitRefused, type MaintenanceStore, type VisitRow } from './store.ts'
import type { PhotoStorage } from '../platform/photos/photo-storage.ts'
import './messages.ts'

export async function registerPhotoRoutes (app: ApiApp, deps: {
  store: MaintenanceStore
  photos: PhotoStorage
  policy: { photoMaxBytes: number }
  visitOf: (user: SessionUser, id: number) => Promise<VisitRow>
  ownDraft: (user: SessionUser, id: number) => Promise<VisitRow>
}) {
  const { store, photos, policy } = deps
  await app.register(async (plain) => {
    const context = plain.withTypeProvider<TypeBoxTypeProvider>()
    // Twice the limit reaches the handler, which names the photo limit; beyond that the parser refuses.
    context.addContentTypeParser([...PHOTO_TYPES, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: policy.photoMaxBytes * 2 }, (_request, body, done) => done(null, body))
    context.post('/api/maintenance/visits/:id/photos', {
      schema: {
        tags: ['maintenance'], summary: 'Add a photo to a draft (maintainer): the image as the body, JPEG, PNG or WebP by its content, at most MAINTENANCE_PHOTO_MAX_KB',
        params: IdParams, response: { 201: Type.Ref('MaintenancePhoto'), ...errorResponses(400, 401, 403, 404, 409) }
      },
      onRequest: requireRole('maintainer')
    }, async (request, reply) => {
      const visit = await deps.ownDraft(request.user!, request.params.id)
      const taken = await takePhoto(request.body, policy.photoMaxBytes, photos)
      let photo
      try {
        photo = await store.addPhoto(visit.id, taken)
      } catch (err) {
        if (err instanceof VisitRefused) throw new HttpError(409, msg('maintenance.not_draft', { id: visit.id }))
        throw err
      }
      noteAudit(request, { action: 'maintenance.photo', target: { type: 'maintenance', id: visit.id }, after: photo })
      reply.status(201)
      return photo
    })
  })

  app.delete('/api/maintenance/visits/:id/photos/:photoId', {
    schema: {
      tags: ['maintenance'], summary: 'Remove a photo from a draft (maintainer)',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), photoId: Type.Integer({ minimum: 1 }) }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) }
    },
    preHandler: requireRole('maintainer')
  }, async (request, reply) => {
    const visit = await deps.ownDraft(request.user!, request.params.id)
    if (!await store.deletePhoto(visit.id, request.params.photoId)) throw new HttpError(404, msg('maintenance.not_found'))
    noteAudit(request, { action: 'maintenance.photo_delete', target: { type: 'maintenance', id: visit.id }, before: { photoId: request.params.photoId } })
    reply.status(204)
  })

  app.get('/api/maintenance/photos/:id', {
    schema: { tags: ['maintenance'], summary: 'A photo\'s image, if you may read its record', params: IdParams, response: errorResponses(400, 401, 404) },
    preHandler: requireRole()
  }, async (request, reply) => {
    const photo = await store.photo(scopeOf(request.user!), request.params.id)
    const bytes = photo === undefined ? undefined : await photos.get(photo.sha256)
    if (photo === undefined || bytes === undefined) throw new HttpError(404, msg('maintenance.not_found'))
    reply.header('content-type', photo.mime).header('cache-control', 'private, max-age=86400, immutable')
    return reply.send(bytes)
  })
}
