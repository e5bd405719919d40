// A slice of the city's gateways, played by the fleet simulator (simulators/fleet: each lift runs the lift
// model and sends its state on every change and at least every heartbeat) over a lean MQTT client
// (simulators/mqtt/lite-client.ts), in a process of its own so its CPU is counted apart from the service's. The bench (bench/city.ts) asks it over IPC for its counters.
import { readFileSync } from 'node:fs'
import { createFleet, FLEET_DEFAULTS } from '../simulators/fleet/fleet.ts'
import type { FleetGateway } from '../simulators/credentials.ts'
import { connectLite } from '../simulators/mqtt/lite-client.ts'

export interface CityGenJob {
  brokerUrl: string
  gateways: FleetGateway[]
  seed: string
  heartbeatMs: number
  connectPerSecond: number
  /** Send the gateways' id and secret as username and password; false: connect anonymously (bare brokers). */
  auth: boolean
}

export type CityGenRequest = { id: number, cmd: 'stats' | 'stop' }

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as CityGenJob
const fleet = createFleet(job.gateways, {
  ...FLEET_DEFAULTS, brokerUrl: job.brokerUrl, seed: job.seed, heartbeatMs: job.heartbeatMs, connectPerSecond: job.connectPerSecond
}, { connect: job.auth ? connectLite : (url, { username: _username, password: _password, ...anonymous }) => connectLite(url, anonymous) })
fleet.start()

process.on('message', (request: CityGenRequest) => {
  const answer = request.cmd === 'stats' ? Promise.resolve(fleet.stats()) : fleet.stop()
  void answer.then((value) => {
    process.send!({ id: request.id, value })
    if (request.cmd === 'stop') process.disconnect()
  })
})
// The bench gone (killed): stop too.
process.once('disconnect', () => { void fleet.stop().finally(() => process.exit(0)) })
