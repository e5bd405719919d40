// Realistic message shapes for the load: each lift of the seeded city is played by the fleet simulator's
// own state machine (simulators/lift) with busy passenger traffic, and what its terminal would report —
// state changes plus the 5 s heartbeat — becomes that lift's cycle of payloads. No incidents: the load must
// not raise alerts by itself (that is the alert phase's job), it must look like a city at rush hour.
import type { FleetGateway, FleetLift } from '../simulators/credentials.ts'
import { createLift, nextWake, reportLift, stepLift } from '../simulators/lift/lift-machine.ts'
import { drawPassengers, nextArrivalIn } from '../simulators/fleet/traffic.ts'
import { createRng } from '../platform/prng.ts'
import type { LiftReport } from '../simulators/lift/lift-types.ts'
import { elevatorTopic } from '../elevators/payloads.ts'
import { elevatorStateLine } from '../elevators/line-protocol.ts'
import type { JobGateway } from './load-job.ts'

const HEARTBEAT_MS = 5000
const TRIPS_PER_HOUR = 120

/** The first `count` state reports of one lift at rush hour. */
export function liftReports (lift: FleetLift, count: number, seed: string): LiftReport[] {
  const rng = createRng(`${seed}/${lift.equipmentCode}`)
  let state = createLift({ equipmentCode: lift.equipmentCode, lowest: lift.lowest, landings: lift.landings, speed: lift.speed },
    { floor: 1, trips: rng.int(5_000, 400_000), runMs: rng.int(10_000, 4_000_000) * 1000 })
  const reports: LiftReport[] = [reportLift(state)]
  let now = 0
  let arrival = nextArrivalIn(rng, TRIPS_PER_HOUR, lift.traffic ?? 1) ?? Infinity
  let heartbeat = HEARTBEAT_MS
  while (reports.length < count) {
    const wake = nextWake(state) ?? Infinity
    now = Math.min(wake, arrival, heartbeat)
    if (now === heartbeat) {
      reports.push(reportLift(state))
      heartbeat += HEARTBEAT_MS
      continue
    }
    const inputs = now === arrival ? drawPassengers(rng, state.spec) : [{ type: 'tick' as const }]
    if (now === arrival) arrival = now + (nextArrivalIn(rng, TRIPS_PER_HOUR, lift.traffic ?? 1) ?? Infinity)
    for (const input of inputs) {
      const step = stepLift(state, input, now)
      state = step.state
      for (const m of step.messages) if (m.channel === 'state') reports.push(m.body as LiftReport)
    }
  }
  return reports.slice(0, count)
}

/** JSON without its closing brace, so the generator can append the timestamp with one concatenation. */
const openBody = (report: LiftReport) => JSON.stringify(report).slice(0, -1)

export function jobGateways (gateways: FleetGateway[], reportsPerLift: number, seed = 'bench'): JobGateway[] {
  return gateways.map((g) => ({
    id: g.id,
    secret: g.secret,
    lifts: g.lifts.map((l) => ({
      code: l.equipmentCode,
      topic: elevatorTopic(g.id, l.equipmentCode, 'state'),
      bodies: liftReports(l, reportsPerLift, seed).map(openBody)
    }))
  }))
}

/** Line protocol exactly as the service writes it, `points` lines over the given lifts, one ms apart per lift. */
export function lineProtocolBatches (gateways: JobGateway[], points: number, batchSize: number, tsBase: number): string[] {
  const lifts = gateways.flatMap((g) => g.lifts.map((l) => ({ gateway: g.id, code: l.code, reports: l.bodies.map((b) => JSON.parse(`${b}}`) as LiftReport) })))
  const batches: string[] = []
  let batch: string[] = []
  for (let i = 0; i < points; i++) {
    const lift = lifts[i % lifts.length]!
    const seq = Math.floor(i / lifts.length)
    batch.push(elevatorStateLine(lift.gateway, lift.code, { ...lift.reports[seq % lift.reports.length]!, ts: tsBase + seq }))
    if (batch.length === batchSize) { batches.push(batch.join('')); batch = [] }
  }
  if (batch.length > 0) batches.push(batch.join(''))
  return batches
}
