// The raw limits at city shape (issue #14): the city phase's plan — the same gateways and lifts, the same
// generator processes, seeds, heartbeat and connect rate — played against a bare Aedes (bench/aedes-raw.ts:
// no hooks, in-memory persistence) and Mosquitto, anonymously, each for a shorter window; then the socket
// floor (bench/socket-floor.ts): one read and one 4-byte write per message over as many connections at
// the service's rate. What a broker costs per message at this shape before any of the service's work.
import { fork, type ChildProcess } from 'node:child_process'
import type { FleetGateway } from '../simulators/credentials.ts'
import { childScript } from './build.ts'
import { mosquittoVersion, startAedesRaw, startMosquitto, type RunningBroker } from './brokers.ts'
import { sampleWindow, sleep, startGenerators, waitConnected } from './city-generators.ts'
import { round } from './machine.ts'
import { cpuSeconds, openFileLimit, rssBytes } from './proc-stats.ts'
import type { FloorRequest, FloorStats } from './socket-floor.ts'

const SAMPLE_MS = 2_000
// Descriptors Mosquitto needs besides its connections (listener, epoll, standard streams).
const MOSQUITTO_FD_MARGIN = 100

export interface CityBrokerRun {
  connectS: number
  measuredS: number
  offeredMsgS: number
  ackedMsgS: number
  /** The broker's CPU (user + system, from /proc) per acknowledged message over the measured window. */
  cpuUsPerMsg: number | null
  cores: { broker: number, generators: number }
  generatorCpuUsPerMsg: number | null
  rssMb: number
  failed: number
  refused: number
}

export interface CitySocketFloor {
  connections: number
  messageBytes: number
  /** Asked of the client: the service's acknowledged rate in the same run. */
  rateMsgS: number
  repliedMsgS: number
  measuredS: number
  /** The echo server's CPU per message it read and answered. */
  cpuUsPerMsg: number | null
  cores: number
}

export interface CityRawRuns {
  measuredS: number
  aedes: CityBrokerRun | null
  mosquitto: CityBrokerRun | null
  socketFloor: CitySocketFloor | null
  /** Why a run is missing (not installed, a descriptor limit, a failure), by run. */
  skipped: Partial<Record<'aedes' | 'mosquitto' | 'socketFloor', string>>
}

export interface CityRawOptions {
  gateways: FleetGateway[]
  heartbeatS: number
  /** Measured seconds of each raw run, after every gateway is connected and `settleMs` more. */
  durationS: number
  settleMs: number
  tmpDir: string
  /** The socket floor's rate (the service's acknowledged msg/s); 0 skips it. */
  floorRate: number
  log: (line: string) => void
}

export async function runCityRaw (o: CityRawOptions): Promise<CityRawRuns> {
  const skipped: CityRawRuns['skipped'] = {}
  const attempt = async <T>(name: keyof CityRawRuns['skipped'], run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run()
    } catch (err) {
      skipped[name] = `failed: ${(err as Error).message}`
      o.log(`  city raw: ${name} ${skipped[name]}`)
      return null
    }
  }
  const n = o.gateways.length.toLocaleString('en-US')
  o.log(`  city raw: bare Aedes, the same ${n} gateways, anonymous, ${o.durationS} s measured…`)
  const aedes = await attempt('aedes', async () => await cityOnBroker('aedes', await startAedesRaw(), o))

  let mosquitto: CityBrokerRun | null = null
  if (mosquittoVersion() === null) {
    skipped.mosquitto = 'not installed (apt-get install mosquitto)'
    o.log(`  city raw: Mosquitto skipped: ${skipped.mosquitto}`)
  } else {
    mosquitto = await attempt('mosquitto', async () => {
      const broker = await startMosquitto(o.tmpDir)
      // mosquitto.conf says max_connections -1; what can still stop it is the descriptor limit it inherited.
      const limit = openFileLimit(broker.pid)
      if (limit < o.gateways.length + MOSQUITTO_FD_MARGIN) {
        await broker.stop()
        skipped.mosquitto = `its open-file limit (${limit}) is below ${n} connections + ${MOSQUITTO_FD_MARGIN}`
        o.log(`  city raw: Mosquitto skipped: ${skipped.mosquitto}`)
        return null
      }
      o.log(`  city raw: Mosquitto, the same ${n} gateways, ${o.durationS} s measured…`)
      return await cityOnBroker('mosquitto', broker, o)
    })
  }

  let socketFloor: CitySocketFloor | null = null
  if (o.floorRate > 0) {
    o.log(`  city raw: socket floor, ${n} connections at ${Math.round(o.floorRate).toLocaleString('en-US')} msg/s, ${o.durationS} s measured…`)
    socketFloor = await attempt('socketFloor', () => measureSocketFloor(o))
  } else skipped.socketFloor = 'no service rate to match'
  return { measuredS: o.durationS, aedes, mosquitto, socketFloor, skipped }
}

/** The city's generators against one bare broker, anonymously; the broker is stopped at the end. */
async function cityOnBroker (name: string, broker: RunningBroker, o: CityRawOptions): Promise<CityBrokerRun> {
  try {
    const generators = startGenerators(o.gateways, { brokerUrl: `mqtt://127.0.0.1:${broker.port}`, heartbeatMs: o.heartbeatS * 1000, tmpDir: o.tmpDir, auth: false, name })
    try {
      const connectS = await waitConnected(generators)
      await sleep(o.settleMs)
      const atStart = await generators.stats()
      o.log(`  city raw: ${name}: ${atStart.connectedOnce >= atStart.gateways ? 'all' : `${atStart.online} of ${atStart.gateways} (saturated)`} connected in ${connectS.toFixed(1)} s; measuring…`)
      const samples = await sampleWindow(o.durationS, SAMPLE_MS, async () => {
        const stats = await generators.stats()
        return { t: performance.now() / 1000, ...stats, broker: cpuSeconds(broker.pid), generatorCpu: generators.cpuSeconds() }
      }, () => {})
      const first = samples[0]!
      const last = samples.at(-1)!
      const seconds = last.t - first.t
      const acked = last.acked - first.acked
      const sent = last.sent - first.sent
      return {
        connectS: round(connectS, 1),
        measuredS: round(seconds, 1),
        offeredMsgS: round(sent / seconds),
        ackedMsgS: round(acked / seconds),
        cpuUsPerMsg: perMessage(last.broker - first.broker, acked),
        cores: { broker: round((last.broker - first.broker) / seconds, 2), generators: round((last.generatorCpu - first.generatorCpu) / seconds, 2) },
        generatorCpuUsPerMsg: perMessage(last.generatorCpu - first.generatorCpu, sent),
        rssMb: round(rssBytes(broker.pid) / 2 ** 20),
        failed: last.failed,
        refused: last.refused
      }
    } finally {
      await generators.stop()
    }
  } finally {
    await broker.stop()
  }
}

async function measureSocketFloor (o: CityRawOptions): Promise<CitySocketFloor> {
  const server = fork(childScript('socket-floor'), ['server'], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const client = fork(childScript('socket-floor'), ['client'], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  try {
    const { port } = await answerOf<{ port: number }>(server, () => {})
    const ask = ipc(client)
    const opened = await ask({ cmd: 'open', port, connections: o.gateways.length })
    if (opened.connected < o.gateways.length) throw new Error(`only ${opened.connected} of ${o.gateways.length} connections opened`)
    await ask({ cmd: 'rate', perSecond: o.floorRate })
    await sleep(o.settleMs)
    const samples = await sampleWindow(o.durationS, SAMPLE_MS, async () => ({ t: performance.now() / 1000, ...(await ask({ cmd: 'stats' })), server: cpuSeconds(server.pid!) }), () => {})
    await ask({ cmd: 'stop' })
    const first = samples[0]!
    const last = samples.at(-1)!
    const seconds = last.t - first.t
    const replies = last.replies - first.replies
    return {
      connections: opened.connected,
      messageBytes: opened.messageBytes,
      rateMsgS: round(o.floorRate),
      repliedMsgS: round(replies / seconds),
      measuredS: round(seconds, 1),
      cpuUsPerMsg: perMessage(last.server - first.server, replies),
      cores: round((last.server - first.server) / seconds, 2)
    }
  } finally {
    for (const child of [client, server]) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const exited = new Promise((resolve) => child.once('exit', resolve))
      if (child.connected) child.disconnect()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
}

/** The next message of a child, or an error when it exits first. */
function answerOf<T> (child: ChildProcess, send: () => void, match: (m: unknown) => boolean = () => true): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: unknown) => { if (match(m)) { done(); resolve(m as T) } }
    const onExit = (code: number | null) => { done(); reject(new Error(`socket-floor child exited with code ${code}`)) }
    const done = () => { child.off('message', onMessage); child.off('exit', onExit) }
    child.on('message', onMessage)
    child.once('exit', onExit)
    send()
  })
}

function ipc (child: ChildProcess) {
  let nextId = 1
  return (request: DistributiveOmit<FloorRequest, 'id'>): Promise<FloorStats> => {
    const id = nextId++
    return answerOf<{ id: number, value: FloorStats }>(child, () => child.send({ ...request, id }), (m) => (m as { id?: number }).id === id)
      .then((m) => m.value)
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

const perMessage = (cpuS: number, messages: number) => messages > 0 ? round(cpuS / messages * 1e6, 1) : null
