// An uploaded photo taken in: the body must be the image itself, within the size limit, a JPEG, PNG or WebP
// by its bytes; it is stored by its SHA-256. Shared by maintenance visits and hidden-danger evidence
// (inspection/danger-routes.ts), which refuse a bad photo in the same words.
import { HttpError } from '../platform/http/errors.ts'
import { msg } from '../platform/messages/message.ts'
import { sniffImage, type PhotoType } from '../platform/photos/photo-type.ts'
import type { PhotoStorage } from '../platform/photos/photo-storage.ts'
import { sha256 } from './chain.ts'
import './messages.ts'

export async function takePhoto (body: unknown, maxBytes: number, photos: PhotoStorage): Promise<{ sha256: string, mime: PhotoType, bytes: number }> {
  if (!Buffer.isBuffer(body)) throw new HttpError(400, msg('maintenance.photo_as_image'))
  if (body.length > maxBytes) throw new HttpError(413, msg('maintenance.photo_too_large', { maxKb: Math.floor(maxBytes / 1024) }))
  const mime = sniffImage(body)
  if (mime === null) throw new HttpError(415, msg('maintenance.photo_type'))
  const key = sha256(body)
  await photos.put(key, body)
  return { sha256: key, mime, bytes: body.length }
}
