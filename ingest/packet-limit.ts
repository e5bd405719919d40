// The largest MQTT packet a connection may announce. Aedes 1.x gives each connection its own mqtt-packet
// parser with no size option, and that parser reads a packet's remaining length (up to 256 MB, MQTT 3.1.1
// §2.2.3) and then buffers until all of it has arrived: a client announcing 256 MB would make us hold
// whatever it sends of them. Here the parser's length step is wrapped, for this connection's parser only
// (the mqtt.js clients in the same process have their own), so that an announced length above the limit
// is a parse error at once: Aedes closes that connection, before a byte of the body is kept.
import type { Client } from 'aedes'

/** Room in a packet for what is not payload: the longest valid topic is 201 bytes (protocol/topics.ts). */
export const PACKET_HEADROOM_BYTES = 1024

interface PacketParser {
  packet: { cmd?: string, length: number }
  _parseLength (): boolean
  _emitError (err: Error): void
}

/** `onTooLarge` is told of each refusal (for a counter); the connection's own error funnel closes it. */
export function capPacketSize (client: Client, maxPacketBytes: number, onTooLarge: (client: Client, announced: number) => void): void {
  const parser = (client as unknown as { _parser?: PacketParser })._parser
  if (parser === undefined || typeof parser._parseLength !== 'function') {
    // A later Aedes or mqtt-packet without these internals: refuse to run unprotected rather than buffer.
    throw new Error('cannot cap MQTT packet size: Aedes client has no mqtt-packet parser to wrap')
  }
  const parseLength = parser._parseLength
  parser._parseLength = function parseCappedLength (this: PacketParser) {
    if (!parseLength.call(this)) return false
    if (this.packet.length <= maxPacketBytes) return true
    onTooLarge(client, this.packet.length)
    this._emitError(new Error(`${this.packet.cmd ?? 'packet'} of ${this.packet.length} bytes announced, at most ${maxPacketBytes} allowed`))
    return false
  }
}
