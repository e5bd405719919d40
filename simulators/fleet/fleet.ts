// A fleet of simulated lifts behind their building gateways, one MQTT connection per gateway. Everything
// timed (lift doors and trips, passenger arrivals, reconnect retries, scenario events, heartbeats) runs
// from one interval and one deadline queue, so 20,000 lifts cost one timer. Heartbeats are spread evenly
// over the heartbeat period, which keeps the message rate steady instead of bursting every 5 s.
import mqtt from 'mqtt'
import type { FleetGateway } from '../credentials.ts'
import { createRng, type Rng } from '../../platform/prng.ts'
import { createLift, nextWake, reportLift, stepLift } from '../lift/lift-machine.ts'
import { landingOf } from '../lift/lift-motion.ts'
import type { LiftInput, LiftMessage, LiftState } from '../lift/lift-types.ts'
import { bindScenario, type FleetAction } from '../scenario/bind-scenario.ts'
import type { ScenarioEvent } from '../scenario/scenario.ts'
import { elevatorTopic } from '../../elevators/payloads.ts'
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts'
import { createGatewayLink, type Connect, type GatewayLink } from './gateway-link.ts'
import { connectLite } from '../mqtt/lite-client.ts'
import { createIncidentPlanner, NO_INCIDENTS, type IncidentRates } from './incidents.ts'
import { drawPassengers, nextArrivalIn } from './traffic.ts'
import { createMinHeap, createTimers } from './timers.ts'
import { createCounters, type FleetStats } from './fleet-stats.ts'

export interface FleetOptions {
  brokerUrl: string
  qos: 0 | 1
  /** Every lift sends its state at least this often (domain.md §7: 5 s). */
  heartbeatMs: number
  /** Resolution of the simulation clock. */
  tickMs: number
  seed: string
  /** Passenger trips per lift per hour, before the lift's own traffic weight. */
  tripsPerHour: number
  incidents: IncidentRates
  scenario: ScenarioEvent[]
  /** Gateway clocks are off by up to this much, either way. */
  maxSkewMs: number
  /** New connections per second while the fleet starts: a city does not power up in one millisecond. */
  connectPerSecond: number
  backoff: BackoffOptions
  keepaliveS: number
  maxQueuedPerGateway: number
  /** Messages waiting in the whole fleet: shared out among its gateways, so a large fleet stays in memory. */
  maxQueuedInFleet: number
  fw: string
  /** How long stop() waits for outstanding PUBACKs before it closes the connections anyway. */
  closeTimeoutMs: number
}

export const FLEET_DEFAULTS: Omit<FleetOptions, 'brokerUrl' | 'seed'> = {
  qos: 1, heartbeatMs: 5000, tickMs: 20, tripsPerHour: 12, incidents: NO_INCIDENTS, scenario: [], maxSkewMs: 3000,
  connectPerSecond: 200, backoff: DEFAULT_BACKOFF, keepaliveS: 45, maxQueuedPerGateway: 2000, maxQueuedInFleet: 200_000, fw: 'tianjian-sim/1.0',
  closeTimeoutMs: 10_000
}

export interface FleetDeps {
  connect?: Connect
  clock?: () => number
  log?: (line: string) => void
}

// Fewer than this per gateway and a reconnect's current states (one per lift) would not fit.
const MIN_QUEUED_PER_GATEWAY = 32

/**
 * How many unacknowledged messages one gateway may hold. mqtt.js keeps each with its packet and callback
 * (~1 KB); 16,369 gateways at 2,000 each let a 100,000-lift demo whose broker fell behind hold 4.5 million
 * and die out of heap after half an hour of garbage collection that starved the broker on the same cores.
 */
export function queuePerGateway (gateways: number, o: Pick<FleetOptions, 'maxQueuedPerGateway' | 'maxQueuedInFleet'>): number {
  const share = Math.floor(o.maxQueuedInFleet / Math.max(1, gateways))
  return Math.min(o.maxQueuedPerGateway, Math.max(MIN_QUEUED_PER_GATEWAY, share))
}

interface SimLift { state: LiftState, gateway: number, weight: number, rng: Rng, stateTopic: string, eventTopic: string }

const TICK: LiftInput = { type: 'tick' }

// Plain MQTT goes through the lean client: at a city's 20,000 messages a second mqtt.js cost ~86 µs of CPU
// a message on the cores the service needs too, the lean one about half. TLS and WebSocket need mqtt.js.
const defaultConnect: Connect = (url, o) => url.startsWith('mqtt://') ? connectLite(url, o) : mqtt.connect(url, o)

export function createFleet (gateways: FleetGateway[], options: FleetOptions, deps: FleetDeps = {}) {
  const clock = deps.clock ?? Date.now
  const log = deps.log ?? (() => {})
  const connect: Connect = deps.connect ?? defaultConnect
  const rng = createRng(options.seed)
  const counters = createCounters()
  const timers = createTimers()
  const actions = createMinHeap<FleetAction>()

  const lifts: SimLift[] = []
  const liftIndex = new Map<string, number>()
  const gatewayIndex = new Map<string, number>()
  gateways.forEach((gw, g) => {
    gatewayIndex.set(gw.id, g)
    for (const l of gw.lifts) {
      const liftRng = rng.fork(`lift:${l.equipmentCode}`)
      const spec = { equipmentCode: l.equipmentCode, lowest: l.lowest, landings: l.landings, speed: l.speed }
      // Counters of a lift in service for years, and a car parked at the lobby or wherever it last stopped.
      const trips = liftRng.int(5_000, 400_000)
      const floor = liftRng.chance(0.5) ? (landingOf(spec, 1) ?? 1) : liftRng.int(1, l.landings)
      liftIndex.set(l.equipmentCode, lifts.length)
      lifts.push({
        state: createLift(spec, { floor, trips, runMs: Math.round(trips * liftRng.real(15_000, 40_000)) }),
        gateway: g,
        weight: l.traffic ?? 1,
        rng: liftRng,
        stateTopic: elevatorTopic(gw.id, l.equipmentCode, 'state'),
        eventTopic: elevatorTopic(gw.id, l.equipmentCode, 'event')
      })
    }
  })
  const L = lifts.length
  const liftsOf: number[][] = gateways.map(() => [])
  lifts.forEach((lift, i) => liftsOf[lift.gateway]!.push(i))

  // Checked before any connection opens: a scenario naming an unknown lift fails the run at once.
  const scripted = bindScenario(options.scenario, {
    liftIndex: (code) => liftIndex.get(code),
    gatewayIndex: (id) => gatewayIndex.get(id),
    spec: (i) => lifts[i]!.state.spec
  })

  let connectedOnce = 0
  let resolveReady!: () => void
  const ready = new Promise<void>((resolve) => { resolveReady = resolve })
  if (gateways.length === 0) resolveReady()

  // Deadline ids: lift i's state machine is i, its passenger stream L + i, gateway g is 2L + g.
  const maxQueued = queuePerGateway(gateways.length, options)
  const links: GatewayLink[] = gateways.map((gw, g) => {
    const gwRng = rng.fork(`gateway:${gw.id}`)
    const magnitude = options.maxSkewMs >= 200 ? gwRng.int(200, options.maxSkewMs) : gwRng.int(0, options.maxSkewMs)
    return createGatewayLink({
      id: gw.id, secret: gw.secret, brokerUrl: options.brokerUrl, qos: options.qos, fw: gw.fw ?? options.fw,
      keepaliveS: options.keepaliveS, backoff: options.backoff, maxQueued,
      skewMs: gwRng.chance(0.5) ? magnitude : -magnitude, rng: gwRng
    }, {
      connect, clock, counters, log,
      wake: (at) => timers.schedule(2 * L + g, at),
      online (first) {
        // A gateway that (re)connects sends every lift's current state at once, as real terminals do.
        for (const i of liftsOf[g]!) sendState(i, 'change')
        if (first && ++connectedOnce === gateways.length) resolveReady()
      }
    })
  })

  function send (lift: SimLift, message: LiftMessage) {
    const link = links[lift.gateway]!
    const payload = JSON.stringify({ ...message.body, ts: link.now() })
    if (message.channel === 'state') {
      if (link.publish(lift.stateTopic, payload, 'change')) counters.states++
    } else if (link.publish(lift.eventTopic, payload, 'change')) counters.events++
  }

  function sendState (i: number, kind: 'heartbeat' | 'change') {
    const lift = lifts[i]!
    const link = links[lift.gateway]!
    if (link.publish(lift.stateTopic, JSON.stringify({ ...reportLift(lift.state), ts: link.now() }), kind)) counters.states++
  }

  function feed (i: number, input: LiftInput, now: number) {
    const lift = lifts[i]!
    const step = stepLift(lift.state, input, now)
    lift.state = step.state
    for (const message of step.messages) send(lift, message)
    const at = nextWake(step.state)
    if (at === null) timers.cancel(i)
    else timers.schedule(i, at)
  }

  function passengersArrive (i: number, now: number) {
    const lift = lifts[i]!
    for (const input of drawPassengers(lift.rng, lift.state.spec)) feed(i, input, now)
    const delay = nextArrivalIn(lift.rng, options.tripsPerHour, lift.weight)
    if (delay !== null) timers.schedule(L + i, now + delay)
  }

  function act (action: FleetAction, now: number) {
    if (action.kind === 'lift') return feed(action.lift, action.input, now)
    const link = links[action.gateway]!
    if (action.network === 'drop') link.drop()
    else link.powerOff(action.durationMs)
  }

  const view = { size: L, state: (i: number) => lifts[i]!.state }
  let planner: ReturnType<typeof createIncidentPlanner> | null = null
  let interval: NodeJS.Timeout | null = null
  let startedAt: number | null = null
  let stoppedAt: number | null = null
  let lastTick = 0
  let toOpen = 0
  let openCredit = 1
  let heartbeatCredit = 0
  let cursor = 0

  function tick () {
    const now = clock()
    const elapsed = Math.max(0, now - lastTick)
    lastTick = now

    openCredit += options.connectPerSecond * elapsed / 1000
    while (openCredit >= 1 && toOpen < links.length) {
      links[toOpen++]!.open()
      openCredit--
    }

    while (actions.peek() <= now) act(actions.pop()!, now)
    for (const p of planner!.due(now, view)) {
      if (p.at <= now) feed(p.lift, p.input, now)
      else actions.push(p.at, { at: p.at, kind: 'lift', lift: p.lift, input: p.input })
    }

    timers.fireDue(now, (id) => {
      if (id < L) feed(id, TICK, now)
      else if (id < 2 * L) passengersArrive(id - L, now)
      else links[id - 2 * L]!.due(now)
    })

    // A long pause (a busy event loop, a suspended laptop) must not turn into one giant burst.
    heartbeatCredit = Math.min(L, heartbeatCredit + L * elapsed / options.heartbeatMs)
    while (heartbeatCredit >= 1) {
      heartbeatCredit--
      sendState(cursor, 'heartbeat')
      cursor = (cursor + 1) % L
    }
  }

  function stats (): FleetStats {
    let online = 0
    let connecting = 0
    let retrying = 0
    let inFlight = 0
    for (const link of links) {
      const phase = link.phase
      if (phase === 'online') online++
      else if (phase === 'connecting') connecting++
      else if (phase === 'retrying' || phase === 'off') retrying++
      inFlight += link.queued
    }
    let trapped = 0
    let faulted = 0
    let inspection = 0
    for (const { state } of lifts) {
      if (state.phase === 'trapped') trapped++
      else if (state.phase === 'faulted') faulted++
      else if (state.phase === 'inspection') inspection++
    }
    return {
      ...counters, gateways: links.length, lifts: L, online, connecting, retrying, connectedOnce, inFlight, trapped, faulted, inspection,
      elapsedMs: startedAt === null ? 0 : (stoppedAt ?? clock()) - startedAt
    }
  }

  return {
    /** Resolves once every gateway has connected at least once. */
    ready,
    stats,
    /** The current state of a lift, by equipment code. */
    lift: (equipmentCode: string): LiftState | undefined => {
      const i = liftIndex.get(equipmentCode)
      return i === undefined ? undefined : lifts[i]!.state
    },
    /**
     * Something done to a lift from outside the fleet (a maintenance crew switching it to 检修), at the
     * next tick like every timed input. False for a lift this fleet does not play, or before start().
     */
    perform (equipmentCode: string, input: LiftInput): boolean {
      const i = liftIndex.get(equipmentCode)
      if (i === undefined || interval === null) return false
      const at = clock()
      actions.push(at, { at, kind: 'lift', lift: i, input })
      return true
    },
    /** The last error of each gateway that has one, for a summary at the end of a run. */
    errors: () => links.filter((link) => link.lastError !== null).map((link) => ({ gateway: link.id, phase: link.phase, error: link.lastError! })),
    /** Starts the clock: scenario times count from here. Connections open progressively from the first tick. */
    start () {
      if (startedAt !== null || L === 0) return
      const t0 = lastTick = clock()
      startedAt = t0
      for (const action of scripted) actions.push(t0 + action.at, action)
      planner = createIncidentPlanner(options.incidents, rng.fork('incidents'), t0)
      for (let i = 0; i < L; i++) {
        const delay = nextArrivalIn(lifts[i]!.rng, options.tripsPerHour, lifts[i]!.weight)
        if (delay !== null) timers.schedule(L + i, t0 + delay)
      }
      interval = setInterval(tick, options.tickMs)
      tick()
    },
    /** Stops the clock, says goodbye on every connection and closes them; resolves with the final counts. */
    async stop (): Promise<FleetStats> {
      if (interval === null) return stats()
      clearInterval(interval)
      interval = null
      stoppedAt = clock()
      const closing = Promise.all(links.map((link) => link.close()))
      let timer: NodeJS.Timeout | undefined
      await Promise.race([closing, new Promise((resolve) => { timer = setTimeout(resolve, options.closeTimeoutMs) })])
      clearTimeout(timer)
      await Promise.all(links.map((link) => link.forceClose()))
      return stats()
    }
  }
}

export type Fleet = ReturnType<typeof createFleet>
