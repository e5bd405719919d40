// The message bus of a broker node in a cluster. Telemetry is consumed inside the node that received it
// (the ingest hook) and is never delivered to anyone else, so sending each telemetry publish through
// Redis would only load Redis with the whole city's traffic. This emitter keeps telemetry topics on a
// local mqemitter and sends everything else (errors reports, status, wills, Aedes' $SYS cluster
// heartbeats) through the shared one. Subscriptions are registered on both.
import mqemitter from 'mqemitter'

interface Emitter {
  on (topic: string, notify: (packet: unknown, cb: () => void) => void, done?: () => void): unknown
  removeListener (topic: string, notify: (packet: unknown, cb: () => void) => void, done?: () => void): unknown
  emit (packet: { topic: string }, cb?: (err?: Error) => void): unknown
  close (cb: () => void): void
}

const SHARED_CLOSE_TIMEOUT_MS = 2_000

const both = (done: (() => void) | undefined) => {
  let left = 2
  return () => { if (--left === 0) done?.() }
}

export function createSplitEmitter (shared: Emitter, isLocalOnly: (topic: string) => boolean): Emitter {
  const local = mqemitter({ concurrency: 100, matchEmptyLevels: true }) as unknown as Emitter
  return {
    on (topic, notify, done) {
      const cb = both(done)
      local.on(topic, notify, cb)
      shared.on(topic, notify, cb)
      return this
    },
    removeListener (topic, notify, done) {
      const cb = both(done)
      local.removeListener(topic, notify, cb)
      shared.removeListener(topic, notify, cb)
      return this
    },
    emit (packet, cb) {
      return isLocalOnly(packet.topic) ? local.emit(packet, cb) : shared.emit(packet, cb)
    },
    close (cb) {
      local.close(() => {
        // The shared bus confirms closing only when Redis answers; a node shutting down during a Redis outage
        // must not wait for it forever.
        let done = false
        const finish = () => { if (!done) { done = true; cb() } }
        setTimeout(finish, SHARED_CLOSE_TIMEOUT_MS).unref()
        shared.close(finish)
      })
    }
  }
}
