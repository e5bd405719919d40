// What an uploaded image really is, by its first bytes (not by its name or the Content-Type it came
// with), pure: JPEG (FF D8 FF), PNG (the 8-byte signature of RFC 2083 §3.1) and WebP (a RIFF container of
// form type WEBP). Signatures are PNG data URLs, as a browser canvas gives them.
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type PhotoType = typeof PHOTO_TYPES[number]

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const ascii = (bytes: Uint8Array, at: number, text: string) => [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0))

export function sniffImage (bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 8 && PNG.every((b, i) => bytes[i] === b)) return 'image/png'
  if (bytes.length >= 12 && ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp'
  return null
}

/** A signature drawn on a canvas: a PNG data URL whose bytes are a PNG. */
export const SIGNATURE_PREFIX = 'data:image/png;base64,'
export const SIGNATURE_MAX_CHARS = 300_000

export function isPngDataUrl (value: string, decode: (base64: string) => Uint8Array): boolean {
  if (!value.startsWith(SIGNATURE_PREFIX) || value.length > SIGNATURE_MAX_CHARS) return false
  const body = value.slice(SIGNATURE_PREFIX.length)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false
  return sniffImage(decode(body.slice(0, 24))) === 'image/png'
}
