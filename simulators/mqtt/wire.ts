// The few MQTT 3.1.1 packets the simulators' lean client and the bench's load generator need, encoded and
// parsed by hand. mqtt.js costs several microseconds and a store entry per QoS 1 message; on a 2-core box
// that would make the generator, not the broker, the limit. Packet layouts: MQTT 3.1.1 §2 (fixed header), §3.1 CONNECT, §3.3 PUBLISH, §3.4 PUBACK.

export const PACKET = { connack: 2, publish: 3, puback: 4, pingresp: 13 } as const

export interface ConnectOptions {
  clientId: string
  username?: string
  password?: string
  keepaliveS: number
  clean: boolean
  will?: { topic: string, payload: string, qos: 0 | 1, retain: boolean }
}

/** Remaining length, §2.2.3: 7 bits per byte, high bit set when more bytes follow. */
function remainingLength (n: number): number[] {
  const out: number[] = []
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    out.push(byte)
  } while (n > 0)
  return out
}

function utf8Field (text: string): Buffer {
  const body = Buffer.from(text, 'utf8')
  const out = Buffer.allocUnsafe(2 + body.length)
  out.writeUInt16BE(body.length, 0)
  body.copy(out, 2)
  return out
}

export function encodeConnect (o: ConnectOptions): Buffer {
  let flags = o.clean ? 0x02 : 0
  const payload = [utf8Field(o.clientId)]
  if (o.will !== undefined) {
    flags |= 0x04 | (o.will.qos << 3) | (o.will.retain ? 0x20 : 0)
    payload.push(utf8Field(o.will.topic), utf8Field(o.will.payload))
  }
  if (o.username !== undefined) { flags |= 0x80; payload.push(utf8Field(o.username)) }
  if (o.password !== undefined) { flags |= 0x40; payload.push(utf8Field(o.password)) }
  const variable = Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, flags, o.keepaliveS >> 8, o.keepaliveS & 0xff])
  const body = Buffer.concat([variable, ...payload])
  return Buffer.concat([Buffer.from([0x10, ...remainingLength(body.length)]), body])
}

/** A QoS 1 PUBLISH; `topic` is pre-encoded (length-prefixed) because it repeats for every message. */
export function encodePublishQos1 (topic: Buffer, packetId: number, payload: string, retain = false): Buffer {
  const payloadBytes = Buffer.byteLength(payload)
  const rest = topic.length + 2 + payloadBytes
  const header = remainingLength(rest)
  const out = Buffer.allocUnsafe(1 + header.length + rest)
  out[0] = 0x32 | (retain ? 1 : 0)
  let at = 1
  for (const b of header) out[at++] = b
  topic.copy(out, at)
  at += topic.length
  out[at++] = packetId >> 8
  out[at++] = packetId & 0xff
  out.write(payload, at, 'utf8')
  return out
}

/** A QoS 0 PUBLISH: the same without a packet id. */
export function encodePublishQos0 (topic: Buffer, payload: string, retain = false): Buffer {
  const body = Buffer.concat([topic, Buffer.from(payload, 'utf8')])
  return Buffer.concat([Buffer.from([0x30 | (retain ? 1 : 0), ...remainingLength(body.length)]), body])
}

export const encodeTopic = utf8Field
export const PINGREQ = Buffer.from([0xc0, 0])
export const DISCONNECT = Buffer.from([0xe0, 0])

export interface Packet { type: number, flags: number, body: Buffer }

/** Splits a byte stream into packets; keeps a partial packet for the next chunk. */
export function createPacketReader (onPacket: (p: Packet) => void) {
  let pending: Buffer | null = null
  return function feed (chunk: Buffer) {
    const buf = pending === null ? chunk : Buffer.concat([pending, chunk])
    let at = 0
    for (;;) {
      if (buf.length - at < 2) break
      let length = 0
      let multiplier = 1
      let i = at + 1
      let complete = false
      while (i < buf.length) {
        const byte = buf[i++]!
        length += (byte & 0x7f) * multiplier
        multiplier *= 128
        if ((byte & 0x80) === 0) { complete = true; break }
      }
      if (!complete || buf.length - i < length) break
      onPacket({ type: buf[at]! >> 4, flags: buf[at]! & 0x0f, body: buf.subarray(i, i + length) })
      at = i + length
    }
    pending = at === buf.length ? null : buf.subarray(at)
  }
}
