// The MQTT edge: an Aedes broker on TCP (and TLS / WebSocket by config) whose hooks authenticate
// gateways, confine each to its own topics and equipment, and run the ingest path (./ingest.ts).
import { Aedes, type AuthenticateError, type Client, type ConnectPacket, type Connection, type PublishPacket } from 'aedes'
import { createServer as createTcpServer, type Server } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { createServer as createHttpServer, type IncomingMessage } from 'node:http'
import { readFileSync } from 'node:fs'
import { WebSocketServer, createWebSocketStream } from 'ws'
import type { EventEmitter } from 'node:events'
import { closeRedis, createRedis } from '../platform/redis.ts'
import MQEmitterRedis from 'mqemitter-redis'
import redisPersistence from 'aedes-persistence-redis'
import { createSplitEmitter } from './split-emitter.ts'
import type { Logger } from 'pino'
import type { Config } from '../platform/config.ts'
import type { Metrics } from '../platform/metrics.ts'
import { isOwnFilter, isServerTopic, topicFor } from '../protocol/topics.ts'
import { checkConnect } from '../protocol/connect.ts'
import type { GatewayErrorReport } from '../protocol/payloads.ts'
import type { GatewaySession, GatewaySessions } from '../gateways/sessions.ts'
import { createIngest, type IngestDeps } from './ingest.ts'
import { capPacketSize, PACKET_HEADROOM_BYTES } from './packet-limit.ts'
import { watchEventLoop, WINDOW_PARTS } from '../platform/event-loop-load.ts'
import { createAdmission } from './admission.ts'

export interface BrokerDeps extends Omit<IngestDeps, 'reportToGateway' | 'replyToGateway' | 'sessionOf' | 'limits' | 'log' | 'budget' | 'overBudget'> {
  config: Config['mqtt']
  /** Set: subscriptions, sessions, retained messages and wills are shared with the other nodes. */
  redisUrl: string | null
  log: Logger
  metrics: Metrics
  sessions: GatewaySessions
}

// CONNACK return codes, MQTT 3.1.1 §3.2.2.3.
const IDENTIFIER_REJECTED = 2
const BAD_USERNAME_OR_PASSWORD = 4
const NOT_AUTHORIZED = 5
const SERVER_UNAVAILABLE = 3

function authError (message: string, returnCode: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError
}

const LEAVE_TIMEOUT_MS = 2_000
// Connections turned away for overload: counted each, logged once a period with the count.
const SHED_LOG_MS = 30_000
// A gateway disconnected for its rate is told why first; without an answer from the bus (Redis down) it goes anyway.
const REPORT_BEFORE_CLOSE_MS = 1_000

export async function startBroker (deps: BrokerDeps) {
  const { config, log, metrics, sessions } = deps
  const sessionByClient = new WeakMap<Client, GatewaySession>()
  // The CONNECT of a client between preConnect and authenticate (Aedes hands the latter no packet).
  const connectOf = new WeakMap<Client, ConnectPacket>()
  // Per gateway, its connections on this node from the moment they are authenticated (the connection cap).
  const connectionsOf = new Map<string, Set<Client>>()
  // Every open connection, authenticated or not, so that close() can end them all.
  const sockets = new Set<Connection>()
  const leaving = new Set<string>()
  const maxPacketBytes = config.maxPayloadBytes + PACKET_HEADROOM_BYTES
  let broker: Aedes
  // A node already busier than it can serve takes no more gateways (./admission.ts): a saturated loop
  // answers everyone late — at 100,000 lifts on two cores its lag reached 3–7 s, the InfluxDB writes timed
  // out and the spool grew while InfluxDB idled. A refused gateway retries with its backoff (or, behind a
  // balancer, lands on another node).
  const overload = config.overload
  const admission = overload === null ? null : createAdmission(overload.busyShare, WINDOW_PARTS)
  const loopLoad = overload === null ? null : watchEventLoop(overload.windowMs, (busy) => {
    admission!.sample(busy, broker?.connectedClients ?? 0)
    closeOrOpenTheDoor()
  })
  let shed = { count: 0, loggedAt: 0 }
  // A full node closes new TCP and TLS connections as it accepts them (net.Server's maxConnections), before
  // a socket object exists: a CONNECT refused with CONNACK 3 costs a socket, an Aedes client, a parse, the
  // CONNACK and a close — at 100,000 lifts on this box ~130 refused gateways retried a second and their
  // refusals took a third of the loop's busy time. The gateway sees its connection closed and retries with
  // its backoff, as for CONNACK 3. While the node is filling, a CONNECT beyond the part's quota still gets
  // CONNACK 3 (authenticate, below), and so does every one over WebSocket.
  const doors: Server[] = []
  function closeOrOpenTheDoor () {
    const full = admission!.full(broker?.connectedClients ?? 0)
    // Any number at or below the server's connections drops the next one; Infinity (not 0, which newer Node
    // versions read as "none") drops none.
    for (const server of doors) server.maxConnections = full ? 1 : Infinity
  }

  const errorsPacket = (gatewayId: string, report: GatewayErrorReport) =>
    ({ cmd: 'publish' as const, topic: topicFor.errors(gatewayId), payload: Buffer.from(JSON.stringify(report)), qos: 0 as const, retain: false, dup: false })

  const ingest = createIngest({
    ...deps,
    limits: { maxItems: config.maxItemsPerMessage, maxFutureMs: config.maxFutureSkewMs, maxPayloadBytes: config.maxPayloadBytes },
    budget: config.rate,
    sessionOf: (client) => sessionByClient.get(client),
    reportToGateway (gatewayId: string, report: GatewayErrorReport) {
      broker.publish(errorsPacket(gatewayId, report), () => {})
    },
    // QoS 1: a reply answers a question the gateway is waiting on, unlike an error report.
    replyToGateway (topic: string, reply: object) {
      broker.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(reply)), qos: 1, retain: false, dup: false }, () => {})
    },
    overBudget (session, report) {
      if (leaving.has(session.id)) return
      leaving.add(session.id)
      sessions.recordRejection(session, report, true)
      log.warn({ gatewayId: session.id, reason: report.errors[0]?.reason }, `gateway disconnected: ${report.errors[0]?.message}`)
      const clients = [...connectionsOf.get(session.id) ?? []]
      // Read nothing more from it while the report goes out.
      for (const client of clients) (client as unknown as { pause (): void }).pause()
      let done = false
      const close = () => {
        if (done) return
        done = true
        leaving.delete(session.id)
        for (const client of clients) client.close()
      }
      broker.publish(errorsPacket(session.id, report), close)
      setTimeout(close, REPORT_BEFORE_CLOSE_MS).unref()
    }
  })

  function refuse (client: Client, gatewayId: string, reason: string, message: string, returnCode: number, done: (err: AuthenticateError, ok: false) => void) {
    metrics.mqttAuthFailures.inc({ reason })
    log.warn({ gatewayId, clientId: client.id, reason }, `gateway connection refused: ${message}`)
    done(authError(message, returnCode), false)
  }

  function countShed () {
    metrics.mqttAuthFailures.inc({ reason: 'overloaded' })
    shed.count++
    const now = Date.now()
    if (now - shed.loggedAt >= SHED_LOG_MS) {
      log.warn({ refused: shed.count, busy: loopLoad!.busy(), ceiling: admission!.ceiling }, 'broker overloaded: new connections refused (MQTT_OVERLOAD_BUSY_PCT)')
      shed = { count: 0, loggedAt: now }
    }
  }
  // One error for every refusal: a new Error captures a stack, and at the line there are hundreds a second.
  const overloaded = authError('server overloaded, retry later', SERVER_UNAVAILABLE)
  function shedConnection (done: (err: AuthenticateError, ok: false) => void) {
    countShed()
    done(overloaded, false)
  }

  /** Counts the connection against its gateway's cap; false if the gateway holds as many as allowed. */
  function holdConnection (gatewayId: string, client: Client): boolean {
    const held = connectionsOf.get(gatewayId) ?? new Set<Client>()
    // A connection with the client id of one the gateway holds replaces it [MQTT-3.1.4-2]: it is not one more.
    const replaced = (broker as unknown as { clients: Record<string, Client | undefined> }).clients[client.id]
    if (held.size - (replaced !== undefined && held.has(replaced) ? 1 : 0) >= config.maxConnectionsPerGateway) return false
    held.add(client)
    connectionsOf.set(gatewayId, held)
    client.conn.once('close', () => {
      held.delete(client)
      if (held.size === 0 && connectionsOf.get(gatewayId) === held) connectionsOf.delete(gatewayId)
    })
    return true
  }

  const sessionsConn = deps.redisUrl === null ? null : createRedis(deps.redisUrl, 'broker sessions', log)
  const persistence = sessionsConn === null ? null : redisPersistence({ conn: sessionsConn })
  // Telemetry and requests (and what quarantine renamed) stay on this node; see split-emitter.ts. What the
  // server says to a gateway (errors, replies) goes through the shared bus: another of its connections may
  // be on another node.
  const isTelemetry = (topic: string) => topic.startsWith('$rejected/') || (topic.startsWith('se/') && !isServerTopic(topic) && !topic.endsWith('/status'))
  const busConns = deps.redisUrl === null ? null : { subConn: createRedis(deps.redisUrl, 'broker message bus', log), pubConn: createRedis(deps.redisUrl, 'broker message bus', log) }
  const shared = busConns === null ? null : MQEmitterRedis(busConns)
  // mqemitter-redis repeats its connections' errors on an undeclared `state` emitter, where an unheard 'error'
  // would throw; the connections' own listeners have logged them already.
  ;(shared as unknown as { state: EventEmitter } | null)?.state.on('error', () => {})
  const mq = shared === null ? null : createSplitEmitter(shared, isTelemetry)
  broker = await Aedes.createBroker({
    ...(persistence === null ? {} : { persistence, mq }),
    // Our topics have at most 6 levels; far deeper ones mean a broken or hostile client (Aedes closes it).
    maxTopicLevels: 16,
    preConnect (client, packet, callback) {
      connectOf.set(client, packet)
      callback(null, true)
    },
    authenticate (client, username, password, done) {
      const connect = connectOf.get(client)
      connectOf.delete(client)
      if (admission !== null && !admission.admits(broker.connectedClients)) return shedConnection(done)
      sessions.authenticate(username, password).then((result) => {
        if (!result.ok) {
          metrics.mqttAuthFailures.inc({ reason: result.reason })
          return done(authError(result.reason === 'disabled' ? 'gateway disabled' : 'bad gateway id or secret',
            result.reason === 'disabled' ? NOT_AUTHORIZED : BAD_USERNAME_OR_PASSWORD), false)
        }
        const gatewayId = result.session.id
        const refusal = checkConnect(gatewayId, { clientId: client.id, keepalive: connect?.keepalive ?? 0, will: connect?.will }, sessions.isRegistered, config.maxKeepAliveS)
        // MQTT 3.1.1 has no code for a keep-alive out of bounds; like Mosquitto's max_keepalive, "identifier rejected".
        if (refusal !== null) return refuse(client, gatewayId, refusal.reason, refusal.message, refusal.reason === 'will' ? NOT_AUTHORIZED : IDENTIFIER_REJECTED, done)
        // Closed meanwhile: Aedes ignores the answer.
        if (client.closed) return done(null, false)
        if (!holdConnection(gatewayId, client)) {
          return refuse(client, gatewayId, 'connection_limit', `gateway ${gatewayId} already holds ${config.maxConnectionsPerGateway} connections (MQTT_GATEWAY_MAX_CONNECTIONS)`, SERVER_UNAVAILABLE, done)
        }
        sessionByClient.set(client, result.session)
        // Counted once a gateway is in: a flood of CONNECTs with wrong secrets must not use up the newcomers' turns.
        if (admission !== null) {
          admission.admitted()
          closeOrOpenTheDoor()
        }
        done(null, true)
      }, (err: Error) => {
        metrics.mqttAuthFailures.inc({ reason: 'registry_unavailable' })
        log.error({ err }, 'gateway authentication failed: registry unavailable')
        done(authError('registry unavailable', SERVER_UNAVAILABLE), false)
      })
    },
    authorizePublish (client, packet, callback) {
      // Wills of clients of another broker node arrive with no client: they were checked there.
      if (client === null) return callback(null)
      ingest.authorizePublish(client, packet as PublishPacket, callback)
    },
    // A gateway receives only what the server says to it (errors, replies). Echoing its own telemetry back
    // would double its traffic, and a gateway slow to read would make the broker buffer for it under a flood.
    authorizeForward (client, packet) {
      if (sessionByClient.has(client) && !isServerTopic(packet.topic)) return null
      return packet
    },
    authorizeSubscribe (client, subscription, callback) {
      const session = sessionByClient.get(client)
      if (session !== undefined && isOwnFilter(session.id, subscription.topic)) return callback(null, subscription)
      metrics.mqttRejected.inc({ reason: 'subscribe_acl' })
      // [MQTT-3.9.3-2] granted QoS 0x80 (failure) for this filter; the connection stays up.
      callback(null, null)
    }
  })

  // Telemetry reaches the service in the ingest hook (authorizePublish), before its PUBACK; no MQTT client
  // may receive it (authorizeForward) and nothing on the server subscribes to it. What Aedes does with a
  // message after the PUBACK — the retained store, the offline queues' subscription match, the emitter's
  // match and its 'publish' event — is therefore all cost and no effect for telemetry: at a city's shape,
  // one message per quiet connection, ~9 µs of ~120 (docs/performance.md). Aedes has no hook to skip it, so
  // its publish is wrapped: telemetry from a gateway's connection ends here; status (retained, wills),
  // what the server says to gateways, and everything else goes on as before.
  // Aedes calls it as publish(packet, client, done) inside, publish(packet, done) from outside.
  type AedesPublish = (packet: PublishPacket, client?: Client | null | ((err?: Error) => void), done?: (err?: Error) => void) => void
  const publish = broker.publish.bind(broker) as unknown as AedesPublish
  // Answered later, as Aedes' own publish answers: called back at once, a flood's next packets would nest on
  // the stack. One immediate for all the messages ended in a turn of the event loop, not one each.
  let ended: Array<(err?: Error) => void> = []
  const answerEnded = () => {
    const answers = ended
    ended = []
    for (const done of answers) done()
  }
  const publishUnlessTelemetry: AedesPublish = (packet, client, done) => {
    if (typeof client === 'object' && client !== null && sessionByClient.has(client) && isTelemetry(packet.topic)) {
      if (done !== undefined && ended.push(done) === 1) setImmediate(answerEnded)
      return
    }
    publish(packet, client, done)
  }
  ;(broker as unknown as { publish: AedesPublish }).publish = publishUnlessTelemetry

  broker.on('clientReady', (client) => {
    const session = sessionByClient.get(client)
    if (session !== undefined) sessions.connected(session)
  })
  broker.on('clientDisconnect', (client) => {
    const session = sessionByClient.get(client)
    if (session !== undefined) sessions.disconnected(session)
  })
  // One bad client is closed by Aedes; it is never a reason to take the broker down.
  broker.on('clientError', (client, err) => log.debug({ client: client.id, err: err.message }, 'mqtt client error'))
  broker.on('connectionError', (client, err) => log.debug({ err: err.message }, 'mqtt connection error'))

  const tooLarge = (client: Client, announced: number) => {
    metrics.mqttRejected.inc({ reason: 'packet_too_large' })
    const gatewayId = sessionByClient.get(client)?.id
    // Anonymous connections are not worth a log line each (anyone can open them); a gateway's are.
    if (gatewayId !== undefined) log.warn({ gatewayId, clientId: client.id, announced, max: maxPacketBytes }, 'mqtt packet too large: connection closed')
  }
  const handle = (conn: Connection, req?: IncomingMessage) => {
    sockets.add(conn)
    conn.once('close', () => sockets.delete(conn))
    const client = broker.handle(conn, req)
    capPacketSize(client, maxPacketBytes, tooLarge)
    return client
  }

  const servers: Server[] = []
  const listen = (server: Server, port: number, host: string) => new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => { server.off('error', reject); servers.push(server); resolve((server.address() as { port: number }).port) })
  })

  const ports: { tcp: number, tls: number | null, ws: number | null } = { tcp: 0, tls: null, ws: null }
  // No Nagle: a reply to a gateway's request goes out right after that request's PUBACK, and Nagle would
  // hold it until the gateway acknowledged the PUBACK's segment — which its delayed ACK holds up to 40 ms
  // (a pre-fill check's p50 was 49 ms under load with it, bench/fill-check.ts).
  const tcpServer = createTcpServer({ noDelay: true }, (socket) => handle(socket))
  doors.push(tcpServer)
  ports.tcp = await listen(tcpServer, config.port, config.host)
  if (config.tls !== null) {
    const tlsServer = createTlsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, (socket) => { socket.setNoDelay(true); handle(socket) })
    doors.push(tlsServer)
    ports.tls = await listen(tlsServer as unknown as Server, config.tls.port, config.host)
  }
  for (const door of doors) door.on('drop', countShed)
  let wss: WebSocketServer | null = null
  if (config.wsPort !== null) {
    const httpServer = createHttpServer()
    // ws buffers a whole message before handing it on: bound it too. A message may carry several packets
    // (MQTT 3.1.1 §6), hence room for a few.
    wss = new WebSocketServer({ server: httpServer, maxPayload: 4 * maxPacketBytes })
    wss.on('connection', (socket, req) => handle(createWebSocketStream(socket), req))
    ports.ws = await listen(httpServer as unknown as Server, config.wsPort, config.host)
  }
  log.info({ ports }, 'mqtt broker listening')

  return {
    broker,
    ports,
    get connections () { return broker.connectedClients },
    /** The event loop's busy share over the overload window (0–1) when overload protection is on, else null. */
    get loopBusy () { return loopLoad?.busy() ?? null },
    /** Connections this node admits at most for now (./admission.ts); null when overload protection is off. */
    get admissionCeiling () { return admission?.ceiling ?? null },
    /** Drops a gateway's connections, e.g. after it was disabled or its secret rotated. */
    disconnectGateway (gatewayId: string) {
      for (const client of [...connectionsOf.get(gatewayId) ?? []]) client.close()
    },
    async close () {
      loopLoad?.stop()
      ingest.close()
      // A server closes once its last connection has ended, and it is Aedes that ends them: stop listening,
      // close Aedes (its clients), then end what never became a client (a CONNECT not yet answered).
      const serversClosed = Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
      wss?.close()
      await new Promise<void>((resolve) => broker.close(() => resolve()))
      for (const conn of sockets) conn.destroy()
      await serversClosed
      // Without Redis the shared bus could not say goodbye (split-emitter.ts stops waiting): stop its reconnecting.
      busConns?.subConn.disconnect()
      busConns?.pubConn.disconnect()
      if (persistence !== null) {
        // Without a callback: its callback form waits for a 'ready' event that Aedes 1.x's async setup never
        // emits. Leaving the shared broker needs Redis; during an outage, give up after a moment.
        const left = persistence.destroy().then(() => true, () => false)
        const gaveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), LEAVE_TIMEOUT_MS).unref())
        if (!await Promise.race([left, gaveUp])) log.warn('left the shared broker without telling Redis (unreachable)')
        await closeRedis(sessionsConn!)
      }
    }
  }
}

export type Broker = Awaited<ReturnType<typeof startBroker>>
