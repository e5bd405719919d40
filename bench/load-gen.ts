// The load generator, run as a child process so its CPU is not the broker's: `node --import tsx
// bench/load-gen.ts job.json`, answers over IPC (bench/load-job.ts). Publish mode keeps `window` QoS 1
// messages in flight on every connection and sends the next one when a PUBACK comes back (optionally capped
// at a rate); hold mode connects many gateways, announces them as a gateway does, and keeps them alive.
import { connect, type Socket } from 'node:net'
import { readFileSync } from 'node:fs'
import { createPacketReader, DISCONNECT, encodeConnect, encodePublishQos1, encodeTopic, PACKET, PINGREQ, type Packet } from '../simulators/mqtt/wire.ts'
import type { HoldJob, HoldProgress, JobGateway, LoadMessage, PublishJob, PublishResult } from './load-job.ts'
import { cpuSeconds } from './proc-stats.ts'

const send = (message: LoadMessage) => process.send!(message)
const CONNECT_TIMEOUT_MS = 60_000

interface Link {
  socket: Socket
  gateway: JobGateway
  /** Index of the gateway's first lift in the job's flat lift list. */
  firstLift: number
  inFlight: Map<number, [number, number]>
  nextId: number
  liftCursor: number
  out: Buffer[]
}

/** Opens one MQTT connection; resolves with the CONNACK return code (0 = accepted) or rejects. */
function open (job: { host: string, port: number }, gateway: JobGateway, auth: boolean, keepaliveS: number, clean: boolean,
  onPacket: (p: Packet) => void): Promise<{ socket: Socket, code: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: job.host, port: job.port, noDelay: true })
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('connect timeout')) }, CONNECT_TIMEOUT_MS)
    let acked = false
    const read = createPacketReader((p) => {
      if (!acked && p.type === PACKET.connack) {
        acked = true
        clearTimeout(timer)
        resolve({ socket, code: p.body[1]! })
      } else onPacket(p)
    })
    socket.on('data', read)
    socket.on('error', (err) => { clearTimeout(timer); if (!acked) reject(err) })
    socket.on('close', () => { clearTimeout(timer); if (!acked) reject(new Error('closed before CONNACK')) })
    const statusTopic = `se/v1/${gateway.id}/status`
    socket.write(encodeConnect({
      clientId: gateway.id, keepaliveS, clean,
      ...(auth ? { username: gateway.id, password: gateway.secret } : {}),
      // As simulators/fleet/gateway-link.ts: a retained "offline" will, so the broker holds one per gateway.
      ...(clean ? {} : { will: { topic: statusTopic, payload: '{"online":false}', qos: 1 as const, retain: true } })
    }))
  })
}

const readWatched = (pids: Record<string, number>) =>
  Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]))

async function runPublish (job: PublishJob) {
  const lifts = job.gateways.flatMap((g) => g.lifts)
  const topics = lifts.map((l) => encodeTopic(l.topic))
  const sentByLift = new Array<number>(lifts.length).fill(0)
  const ackedByLift = new Array<number>(lifts.length).fill(0)
  let sent = 0
  let acked = 0
  let disconnects = 0
  let refused = 0
  let running = false
  let lastAckAt = 0
  let tokens = 0
  const unacked: Array<[number, number]> = []
  const links: Link[] = []

  function next (link: Link) {
    const count = link.gateway.lifts.length
    const local = link.liftCursor
    link.liftCursor = (local + 1) % count
    const lift = link.firstLift + local
    const seq = sentByLift[lift]!++
    const bodies = link.gateway.lifts[local]!.bodies
    let id = link.nextId
    while (link.inFlight.has(id)) id = id === 65535 ? 1 : id + 1
    link.nextId = id === 65535 ? 1 : id + 1
    const ts = job.tsBase + seq
    link.inFlight.set(id, [lift, ts])
    link.out.push(encodePublishQos1(topics[lift]!, id, `${bodies[seq % bodies.length]},"ts":${ts}}`))
    sent++
  }

  // Fills the window (within the rate's tokens) and writes everything queued in one syscall.
  function fill (link: Link) {
    while (running && link.inFlight.size < job.window && (job.rate === null || tokens >= 1)) {
      if (job.rate !== null) tokens--
      next(link)
    }
    if (link.out.length > 0) {
      link.socket.write(link.out.length === 1 ? link.out[0]! : Buffer.concat(link.out))
      link.out = []
    }
  }

  let firstLift = 0
  const opening = job.gateways.map(async (gateway) => {
    const start = firstLift
    firstLift += gateway.lifts.length
    let link: Link | null = null
    const { socket, code } = await open(job, gateway, job.auth, 60, true, (p) => {
      if (p.type !== PACKET.puback || link === null) return
      const id = p.body.readUInt16BE(0)
      const entry = link.inFlight.get(id)
      if (entry === undefined) return
      link.inFlight.delete(id)
      ackedByLift[entry[0]]!++
      acked++
      lastAckAt = performance.now()
    })
    if (code !== 0) { refused++; socket.destroy(); return }
    link = { socket, gateway, firstLift: start, inFlight: new Map(), nextId: 1, liftCursor: 0, out: [] }
    const l = link
    // PUBACKs of one read are counted packet by packet above; the window is refilled once per read.
    socket.on('data', () => fill(l))
    socket.on('close', () => {
      if (l.inFlight.size > 0 || running) disconnects++
      for (const entry of l.inFlight.values()) unacked.push(entry)
      l.inFlight.clear()
    })
    links.push(link)
  })
  await Promise.all(opening.map((p) => p.catch(() => { refused++ })))

  // The measured window opens here, after every CONNECT (the service's cost per connection is scrypt, not
  // ingest) and closes when the last message in flight is acknowledged, before the DISCONNECTs.
  const watchedStart = readWatched(job.watch)
  const cpuStart = process.cpuUsage()
  running = true
  const startedAt = performance.now()
  let refill: NodeJS.Timeout | null = null
  if (job.rate !== null) {
    let last = startedAt
    // Tokens are handed out every 5 ms, round-robin, so a capped rate stays smooth over the connections.
    refill = setInterval(() => {
      const now = performance.now()
      tokens = Math.min(tokens + job.rate! * (now - last) / 1000, job.rate! / 20)
      last = now
      for (const link of links) fill(link)
    }, 5)
  } else {
    for (const link of links) fill(link)
  }
  const progress = setInterval(() => send({ type: 'progress', acked }), 1000)
  // Ends at durationMs, or earlier when the orchestrator says so (a background load outliving its purpose).
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, job.durationMs)
    process.once('message', () => { clearTimeout(timer); resolve() })
  })
  running = false
  if (refill !== null) clearInterval(refill)

  const deadline = Date.now() + 60_000
  while (links.some((l) => l.inFlight.size > 0 && !l.socket.destroyed) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  clearInterval(progress)
  const cpu = process.cpuUsage(cpuStart)
  const watchedEnd = readWatched(job.watch)
  for (const link of links) {
    for (const entry of link.inFlight.values()) unacked.push(entry)
    link.inFlight.clear()
    link.socket.end(DISCONNECT)
  }
  const result: PublishResult = {
    connected: links.length, refused, disconnects, sent, acked, elapsedMs: Math.max(0, lastAckAt - startedAt),
    sentByLift, ackedByLift, unacked, cpuS: (cpu.user + cpu.system) / 1e6, watchedCpuS: { start: watchedStart, end: watchedEnd }
  }
  send({ type: 'result', result })
}

async function runHold (job: HoldJob) {
  const sockets: Socket[] = []
  const progress: HoldProgress = { connected: 0, refused: 0, failed: 0, acked: 0, elapsedMs: 0 }
  const startedAt = performance.now()
  // Keep-alive (§3.1.2.10): each connection pings every 2/3 of its keep-alive, from the moment it is up —
  // a storm of 20,000 connects takes longer than one keep-alive, so this cannot wait for the last one.
  const periodTicks = Math.max(1, Math.floor(job.keepaliveS * 2 / 3))
  let tick = 0
  const pinger = setInterval(() => {
    const slot = tick++ % periodTicks
    for (let i = slot; i < sockets.length; i += periodTicks) if (!sockets[i]!.destroyed) sockets[i]!.write(PINGREQ)
  }, 1000)
  let cursor = 0
  async function worker () {
    while (cursor < job.gateways.length) {
      const gateway = job.gateways[cursor++]!
      try {
        const { socket, code } = await open(job, gateway, true, job.keepaliveS, false, (p) => { if (p.type === PACKET.puback) progress.acked++ })
        if (code !== 0) { progress.refused++; socket.destroy(); continue }
        progress.connected++
        sockets.push(socket)
        // What a gateway says when it comes up (gateway-link.ts): its status, then every lift's state.
        const out = [encodePublishQos1(encodeTopic(`se/v1/${gateway.id}/status`), 1, `{"online":true,"fw":"bench","ts":${Date.now()}}`, true)]
        gateway.lifts.forEach((lift, i) => out.push(encodePublishQos1(encodeTopic(lift.topic), i + 2, `${lift.bodies[0]},"ts":${job.tsBase + i}}`)))
        socket.write(Buffer.concat(out))
      } catch {
        progress.failed++
      }
    }
  }
  await Promise.all(Array.from({ length: job.connectConcurrency }, worker))
  progress.elapsedMs = performance.now() - startedAt
  send({ type: 'held', progress: { ...progress } })

  await new Promise<void>((resolve) => process.once('message', () => resolve()))
  clearInterval(pinger)
  const open_ = sockets.filter((s) => !s.destroyed).length
  await Promise.all(sockets.map((s) => new Promise<void>((resolve) => {
    if (s.destroyed) return resolve()
    s.once('close', () => resolve())
    s.end(DISCONNECT)
    setTimeout(() => { s.destroy(); resolve() }, 5000).unref()
  })))
  send({ type: 'released', progress: { ...progress, connected: open_ } })
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as PublishJob | HoldJob
const run = job.mode === 'publish' ? runPublish(job) : runHold(job)
run.then(() => process.disconnect(), (err: Error) => {
  send({ type: 'error', message: err.stack ?? err.message })
  process.disconnect()
})
