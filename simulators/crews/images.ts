// Small real images for the crews' records: photos (a made-up scene of coloured bands and a bright patch,
// each one's bytes unique) and signatures (a dark scribble on white, as a canvas gives them), encoded as
// PNG (RFC 2083: signature, IHDR, one zlib IDAT, IEND) so the dashboard shows them like a phone's.
import { crc32, deflateSync } from 'node:zlib'
import type { Rng } from '../../platform/prng.ts'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk (type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** An 8-bit RGB PNG of width × height, each pixel from `rgb(x, y)`. */
export function encodePng (width: number, height: number, rgb: (x: number, y: number) => readonly [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type: truecolour
  const raw = Buffer.alloc(height * (1 + width * 3))
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3) // each row starts with filter type 0 (none)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y)
      raw[row + 1 + x * 3] = r
      raw[row + 2 + x * 3] = g
      raw[row + 3 + x * 3] = b
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)))

/** A 120 × 90 "photo": a grey-blue machine-room scene with a lit patch; the noise makes every photo's bytes its own. */
export function photoPng (rng: Rng): Buffer {
  const base = [rng.int(60, 140), rng.int(70, 150), rng.int(80, 170)] as const
  const spot = { x: rng.int(20, 100), y: rng.int(15, 75), r: rng.int(10, 30) }
  const bands = rng.int(3, 7)
  const noise = Array.from({ length: 120 * 90 }, () => rng.int(-12, 12))
  return encodePng(120, 90, (x, y) => {
    const band = Math.floor(y * bands / 90) % 2 === 0 ? 18 : -18
    const lit = Math.hypot(x - spot.x, y - spot.y) < spot.r ? 80 : 0
    const n = noise[y * 120 + x]!
    return [clamp(base[0] + band + lit + n), clamp(base[1] + band + lit + n), clamp(base[2] + band + lit * 0.6 + n)]
  })
}

/** A 200 × 60 signature: a cursive-like stroke (loops drifting right) of a dark pen on white. */
export function signaturePng (rng: Rng): Buffer {
  const W = 200
  const H = 60
  const ink = new Uint8Array(W * H)
  const dot = (x: number, y: number) => {
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      const px = Math.round(x + dx * 0.7)
      const py = Math.round(y + dy * 0.7)
      if (px >= 0 && px < W && py >= 0 && py < H) ink[py * W + px] = 1
    }
  }
  // Pen position: a steady drift right with loops (one per "character"), height varying per loop.
  const loops = rng.int(4, 7)
  const width = rng.int(130, 175)
  const x0 = rng.int(8, W - width - 8)
  const heights = Array.from({ length: loops + 1 }, () => rng.real(8, 20))
  const slant = rng.real(-0.3, 0.3)
  for (let t = 0; t <= 1; t += 0.0008) {
    const phase = t * loops * 2 * Math.PI
    const loop = Math.min(loops, Math.floor(t * loops))
    const h = heights[loop]!
    const y = H / 2 - Math.sin(phase) * h * 0.9
    const x = x0 + t * width + Math.cos(phase) * h * 0.5 + (H / 2 - y) * slant
    dot(x, y)
  }
  return encodePng(W, H, (px, py) => ink[py * W + px] === 1 ? [20, 30, 70] : [255, 255, 255])
}

export const signatureDataUrl = (rng: Rng) => `data:image/png;base64,${signaturePng(rng).toString('base64')}`
