// Request channels: a gateway asks (`{ "id": …, … }` on a kind's request channel), the kind's handler
// answers, and the answer goes back on `se/v1/{gatewayId}/{kind}/{code}/reply` with the same id, QoS 1.
// The request is acknowledged as soon as it is valid: the reply, not the PUBACK, carries the answer.
import type { PublishPacket } from 'aedes'
import type { Logger } from 'pino'
import { topicFor } from '../protocol/topics.ts'
import type { GatewaySession } from '../gateways/sessions.ts'
import { quarantine, type Report, type RequestRoute } from './dispatch.ts'

type Callback = (err?: Error | null) => void

// A gateway asking faster than its answers come is refused beyond this many open requests, so that one
// stuck or hostile gateway cannot queue unbounded work (and database queries) on the server.
export const MAX_OPEN_REQUESTS = 32

function requestIdOf (record: object): string {
  return 'id' in record && typeof record.id === 'string' ? record.id : ''
}

export function createRequests (deps: { report: Report, reply: (topic: string, reply: object) => void, log: Pick<Logger, 'warn'> }) {
  const { report } = deps
  const open = new WeakMap<GatewaySession, number>()

  async function answer (session: GatewaySession, route: RequestRoute, code: string, topic: string, request: { ts: number }) {
    const id = requestIdOf(request)
    let failure: string
    open.set(session, (open.get(session) ?? 0) + 1)
    try {
      const reply = { ...await route.spec.answer(session.id, code, request), id }
      if (route.checkReply.Check(reply)) return deps.reply(topicFor.reply(session.id, route.kind, code), reply)
      deps.log.warn({ kind: route.kind, gatewayId: session.id, code, errors: [...route.checkReply.Errors(reply)].slice(0, 3) }, 'a request handler answered outside its reply schema')
      failure = 'the server\'s answer was malformed'
    } catch (err) {
      deps.log.warn({ err, kind: route.kind, gatewayId: session.id, code }, 'a request handler failed')
      failure = 'the server failed'
    } finally {
      open.set(session, (open.get(session) ?? 1) - 1)
    }
    report(session, topic, 0, [{ path: '/id', reason: 'request_failed', message: `request "${id}" could not be answered (${failure}); send it again later` }], 1, Date.now())
  }

  return {
    handle (session: GatewaySession, route: RequestRoute, code: string, packet: PublishPacket, payload: Buffer, now: number, cb: Callback) {
      const { records, errors } = route.decode(payload, now)
      const pending = open.get(session) ?? 0
      if (records.length > 0 && pending + records.length > MAX_OPEN_REQUESTS) {
        errors.length = 0
        errors.push({ reason: 'too_many_requests', message: `${pending} requests of gateway ${session.id} wait for replies and this message adds ${records.length}, at most ${MAX_OPEN_REQUESTS} allowed; wait for the replies` })
        records.length = 0
      }
      const rejecting = errors.length
      if (records.length === 0) {
        report(session, packet.topic, 0, errors, rejecting, now)
        quarantine(packet)
        return cb(null)
      }
      session.messages++
      route.messages.inc()
      route.items.inc(records.length)
      if (errors.length > 0) report(session, packet.topic, records.length, errors, rejecting, now)
      // A request is a question to the server: nobody else receives it, and it must not be kept as retained.
      packet.retain = false
      cb(null)
      for (const request of records) void answer(session, route, code, packet.topic, request)
    }
  }
}
