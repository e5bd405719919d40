// Just enough of mqtt.js' client for the fleet simulator's gateway links (../fleet/gateway-link.ts),
// over raw MQTT 3.1.1 packets (./wire.ts): connect with a will, QoS 0 and 1 publish, PUBACK, keep-alive
// pings, a persistent session's resend (DUP) of what was not acknowledged, end. mqtt.js costs ~100 µs of CPU
// per message here; a city's demo and the bench's city phase play 20,000 messages a second on the same two
// cores as the service, so the simulator must cost a fraction of what it drives.
import { EventEmitter } from 'node:events'
import { connect, type Socket } from 'node:net'
import type { IClientOptions, MqttClient } from 'mqtt'
import { createPacketReader, DISCONNECT, encodeConnect, encodePublishQos0, encodePublishQos1, encodeTopic, PACKET, PINGREQ, type Packet } from './wire.ts'

interface InFlight { topic: Buffer, payload: string, retain: boolean, done?: (err?: Error) => void }

/** A `Connect` for createFleet: a client that speaks to `url` (mqtt://host:port) as the options say. */
export function connectLite (url: string, options: IClientOptions): MqttClient {
  return new LiteClient(new URL(url), options) as unknown as MqttClient
}

class LiteClient extends EventEmitter {
  connected = false
  disconnecting = false
  stream: Socket | null = null
  private readonly inFlight = new Map<number, InFlight>()
  private nextId = 1
  private ping: NodeJS.Timeout | null = null
  private connackTimer: NodeJS.Timeout | null = null
  private readonly topics = new Map<string, Buffer>()

  constructor (private readonly url: URL, private readonly options: IClientOptions) { super() }

  connect () { this.open(); return this }
  /** Same session: what was not acknowledged is resent once connected (the stores mqtt.js takes are ours). */
  reconnect () { this.open(); return this }

  publish (topic: string, payload: string, opts: { qos: 0 | 1, retain?: boolean }, done?: (err?: Error) => void) {
    const encoded = this.topicBytes(topic)
    if (opts.qos === 0) {
      if (this.connected) this.send(encodePublishQos0(encoded, payload, opts.retain === true))
      done?.()
      return this
    }
    let id = this.nextId
    while (this.inFlight.has(id)) id = id % 65535 + 1
    this.nextId = id % 65535 + 1
    this.inFlight.set(id, { topic: encoded, payload, retain: opts.retain === true, done })
    if (this.connected) this.send(encodePublishQos1(encoded, id, payload, opts.retain === true))
    return this
  }

  end (force?: boolean, _opts?: object, done?: () => void) {
    this.disconnecting = true
    const socket = this.stream
    if (socket === null || socket.destroyed) { this.fail(); done?.(); return this }
    socket.once('close', () => done?.())
    if (!force && this.connected) socket.end(DISCONNECT)
    else socket.destroy()
    this.connected = false
    return this
  }

  /**
   * What is published in one turn of the event loop leaves in one write, as mqtt.js (mqtt-packet corks
   * the stream until the next tick) and a gateway's TCP stack with Nagle do: a gateway's lifts reporting
   * together, or its queue after a reconnect, cost the broker one read, not one per message.
   */
  private send (packet: Buffer) {
    const socket = this.stream!
    if (socket.writableCorked === 0) {
      socket.cork()
      process.nextTick(() => socket.uncork())
    }
    socket.write(packet)
  }

  private topicBytes (topic: string): Buffer {
    let bytes = this.topics.get(topic)
    if (bytes === undefined) { bytes = encodeTopic(topic); this.topics.set(topic, bytes) }
    return bytes
  }

  private open () {
    if (this.stream !== null && !this.stream.destroyed) return
    this.disconnecting = false
    const o = this.options
    const socket = connect(Number(this.url.port || 1883), this.url.hostname)
    this.stream = socket
    socket.setNoDelay(true)
    const will = o.will === undefined || o.will === null ? undefined
      : { topic: o.will.topic, payload: o.will.payload.toString(), qos: (o.will.qos ?? 0) as 0 | 1, retain: o.will.retain === true }
    socket.write(encodeConnect({ clientId: o.clientId!, username: o.username, password: o.password?.toString(), keepaliveS: o.keepalive ?? 60, clean: o.clean !== false, will }))
    this.connackTimer = setTimeout(() => { this.emit('error', new Error('connack timeout')); socket.destroy() }, o.connectTimeout ?? 30_000)
    socket.on('data', createPacketReader((p) => this.onPacket(p)))
    socket.on('error', (err) => this.emit('error', err))
    // The broker hung up (FIN): nothing may be written any more; what is in flight waits for the next connection.
    socket.on('end', () => { if (this.stream === socket) this.connected = false })
    socket.on('close', () => {
      if (this.stream !== socket) return
      this.connected = false
      this.clearTimers()
      if (this.disconnecting) this.fail()
      this.emit('close')
    })
  }

  private onPacket (p: Packet) {
    if (p.type === PACKET.puback) {
      const id = p.body.readUInt16BE(0)
      const entry = this.inFlight.get(id)
      this.inFlight.delete(id)
      entry?.done?.()
    } else if (p.type === PACKET.connack) {
      clearTimeout(this.connackTimer!)
      const code = p.body[1]!
      if (code !== 0) {
        this.emit('error', Object.assign(new Error(`Connection refused: ${code}`), { code }))
        this.stream!.destroy()
        return
      }
      this.connected = true
      const keepaliveMs = (this.options.keepalive ?? 60) * 1000
      if (keepaliveMs > 0) this.ping = setInterval(() => { if (this.connected) this.stream!.write(PINGREQ) }, keepaliveMs / 2)
      // The persistent session: resend, flagged DUP, what the last connection left unacknowledged.
      for (const [id, m] of this.inFlight) {
        const packet = encodePublishQos1(m.topic, id, m.payload, m.retain)
        packet[0]! |= 0x08
        this.send(packet)
      }
      this.emit('connect')
    }
  }

  /** A client ended for good fails what it still holds, as mqtt.js does. */
  private fail () {
    const pending = [...this.inFlight.values()]
    this.inFlight.clear()
    for (const m of pending) m.done?.(new Error('client disconnecting'))
  }

  private clearTimers () {
    if (this.ping !== null) clearInterval(this.ping)
    if (this.connackTimer !== null) clearTimeout(this.connackTimer)
    this.ping = null
    this.connackTimer = null
  }
}
