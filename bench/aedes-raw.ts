// A bare Aedes broker — no hooks, in-memory persistence — in a process of its own: the ceiling the
// service's broker could reach if ingest cost nothing. Prints its port over IPC; SIGTERM stops it.
import { createServer } from 'node:net'
import { Aedes } from 'aedes'

const broker = await Aedes.createBroker()
const server = createServer(broker.handle)
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }))
process.on('SIGTERM', () => { server.close(); broker.close(() => process.exit(0)) })
