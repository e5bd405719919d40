// A phone's photo is several MB; the record needs it readable, not full size. Scaled in the browser to at
// most `maxSide` pixels and re-encoded as JPEG before it is sent, so the upload is small on a weak network
// and the server stores what the record shows. A file the browser cannot decode is sent as it is (the
// server judges its type by its bytes and refuses what is not JPEG, PNG or WebP).
export async function resizePhoto (file: File, maxSide = 1600, quality = 0.85): Promise<Blob> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    return file
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality))
  return blob ?? file
}
