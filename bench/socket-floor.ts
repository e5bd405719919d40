// The socket floor at city shape: what one read and one small write per message cost on quiet loopback
// connections, with no MQTT, JSON or rule in between. Two roles of one child script, each in a process of
// its own so the server's CPU is its alone:
//   server  accepts connections; for every message of MESSAGE_BYTES it reads, writes back 4 bytes (a
//           PUBACK's size), once per read as a corked MQTT broker does
//   client  opens the connections, then writes one message at a time, round-robin over the connections,
//           at the rate it is given (the service's acknowledged rate in the same run), and counts replies
// The orchestrator (bench/city-raw.ts) talks to both over IPC.
import { connect, createServer, type Socket } from 'node:net'

/** Roughly a city-shaped state PUBLISH: topic of ~50 bytes and a lift state of ~200. */
const MESSAGE_BYTES = 256
const REPLY = Buffer.from([0x40, 0x02, 0x00, 0x01])

export type FloorRequest =
  | { id: number, cmd: 'open', port: number, connections: number }
  | { id: number, cmd: 'rate', perSecond: number }
  | { id: number, cmd: 'stats' }
  | { id: number, cmd: 'stop' }
export interface FloorStats { connected: number, failed: number, sent: number, replies: number, messageBytes: number }

function serve () {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.setNoDelay(true)
    let pending = 0
    socket.on('data', (chunk) => {
      pending += chunk.length
      const messages = Math.floor(pending / MESSAGE_BYTES)
      pending -= messages * MESSAGE_BYTES
      if (messages === 1) socket.write(REPLY)
      else if (messages > 1) socket.write(Buffer.concat(Array.from({ length: messages }, () => REPLY)))
    })
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }))
  process.once('disconnect', () => {
    for (const socket of sockets) socket.destroy()
    server.close(() => process.exit(0))
  })
}

function drive () {
  const sockets: Socket[] = []
  const stats: FloorStats = { connected: 0, failed: 0, sent: 0, replies: 0, messageBytes: MESSAGE_BYTES }
  const message = Buffer.alloc(MESSAGE_BYTES, 0x61)
  let replyBytes = 0
  let timer: NodeJS.Timeout | null = null

  async function open (port: number, connections: number) {
    let next = 0
    // CONNECTs outstanding at once: enough to be quick, few enough not to overflow the accept queue.
    const worker = async () => {
      while (next < connections) {
        next++
        await new Promise<void>((resolve) => {
          const socket = connect({ port, host: '127.0.0.1' }, () => { stats.connected++; sockets.push(socket); resolve() })
          socket.setNoDelay(true)
          socket.on('data', (chunk) => { replyBytes += chunk.length; stats.replies = Math.floor(replyBytes / REPLY.length) })
          socket.on('error', () => { stats.failed++; resolve() })
        })
      }
    }
    await Promise.all(Array.from({ length: 128 }, worker))
  }

  // Credit every 5 ms, one message per connection in turn: the rate stays smooth, as the fleet's heartbeats are.
  function pace (perSecond: number) {
    let credit = 0
    let cursor = 0
    let last = performance.now()
    timer = setInterval(() => {
      const now = performance.now()
      credit = Math.min(credit + perSecond * (now - last) / 1000, perSecond / 20)
      last = now
      while (credit >= 1 && sockets.length > 0) {
        credit--
        sockets[cursor]!.write(message)
        cursor = (cursor + 1) % sockets.length
        stats.sent++
      }
    }, 5)
  }

  process.on('message', (request: FloorRequest) => {
    const answer = async (): Promise<unknown> => {
      if (request.cmd === 'open') return await open(request.port, request.connections)
      if (request.cmd === 'rate') return pace(request.perSecond)
      if (request.cmd === 'stop') {
        if (timer !== null) clearInterval(timer)
        for (const socket of sockets) socket.destroy()
      }
      return null
    }
    void answer().then(() => {
      process.send!({ id: request.id, value: { ...stats } })
      if (request.cmd === 'stop') process.disconnect()
    })
  })
  process.once('disconnect', () => process.exit(0))
}

if (process.argv[2] === 'server') serve()
else if (process.argv[2] === 'client') drive()
