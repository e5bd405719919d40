// What the orchestrator asks of a load-generator child (bench/load-gen.ts) and what it answers. One job
// format for Mosquitto, bare Aedes and the service, so the three are driven by exactly the same load.

export interface JobLift {
  code: string
  topic: string
  /** Realistic state payloads without their closing brace: the generator appends `,"ts":…}`. */
  bodies: string[]
}

export interface JobGateway {
  id: string
  secret: string
  lifts: JobLift[]
}

export interface PublishJob {
  mode: 'publish'
  host: string
  port: number
  gateways: JobGateway[]
  /** QoS 1 messages in flight per connection. */
  window: number
  durationMs: number
  /** Messages per second over all connections; null: as fast as the acknowledgements come back. */
  rate: number | null
  /** Every lift's first timestamp; each message of a lift takes the next millisecond, so (lift, ts) is unique. */
  tsBase: number
  /** Send the gateways' credentials (the service checks them; the bare brokers accept anyone). */
  auth: boolean
  /** Processes under test whose CPU the generator reads from /proc at the edges of the measured window. */
  watch: Record<string, number>
}

export interface HoldJob {
  mode: 'hold'
  host: string
  port: number
  gateways: JobGateway[]
  keepaliveS: number
  /** CONNECTs outstanding at once: a real reconnect storm is paced by TCP and the broker's accept queue. */
  connectConcurrency: number
  tsBase: number
}

export type LoadJob = PublishJob | HoldJob

export interface PublishResult {
  connected: number
  refused: number
  disconnects: number
  sent: number
  acked: number
  /** From the first publish to the last acknowledgement. */
  elapsedMs: number
  /** Per lift, in job order (gateway by gateway): messages sent and acknowledged. */
  sentByLift: number[]
  ackedByLift: number[]
  /** Messages never acknowledged (connection lost): [lift index, ts]; the rest of a lift's range was acked. */
  unacked: Array<[number, number]>
  /** CPU seconds the generator itself used (user + system) in the measured window: from the first publish
   *  until the last message in flight was acknowledged — not its start-up, the CONNECTs or the DISCONNECTs. */
  cpuS: number
  /** CPU seconds (user + system, from /proc) each watched process had used when the window opened and closed. */
  watchedCpuS: { start: Record<string, number>, end: Record<string, number> }
}

export interface HoldProgress { connected: number, refused: number, failed: number, acked: number, elapsedMs: number }

export type LoadMessage =
  | { type: 'progress', acked: number }
  | { type: 'result', result: PublishResult }
  | { type: 'held', progress: HoldProgress }
  | { type: 'released', progress: HoldProgress }
  | { type: 'error', message: string }
