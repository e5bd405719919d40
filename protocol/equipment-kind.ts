// What an equipment kind (elevator, gas cylinder, …) hands the generic gateway protocol, the ingest path
// and the gateway registry. Types only: each kind implements it in its own folder and the composition root
// lists the kinds, one line each; neither protocol/ nor ingest/ names a kind.
import type { Static, TSchema } from 'typebox'
import type { Db, Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { InfluxClient } from '../platform/influx/client.ts'
import type { Metrics } from '../platform/metrics.ts'
import type { PayloadError, WithTime } from './payloads.ts'

/** A decoded record of a channel whose schema is `S`: `ts` is resolved to epoch milliseconds. */
export type Decoded<S extends TSchema> = WithTime<Static<S>>

/**
 * Gateway → server telemetry, stored in InfluxDB through the write-ahead log. Handlers take plain
 * arguments, not a context object: they run once per message on the hot path.
 */
export interface TelemetryChannel<S extends TSchema = TSchema> {
  readonly type: 'telemetry'
  /** One item of the payload (which is one item or an array of them); decode.ts checks it. */
  readonly schema: S
  /** Value of the `kind` label of tianjian_mqtt_messages_total / _items_total; default `{kind}.{channel}`. */
  readonly metricLabel?: string
  /**
   * The valid records of one message as line protocol, one point per record, in order, each ending with
   * the record's `ts` in milliseconds — or none for a record whose content a durable point already holds
   * (elevators/unchanged-states.ts); string fields quoted with platform/influx/line-protocol.ts
   * `quoteString`. The ingest path turns each time into nanoseconds (ingest/point-time.ts) before the
   * write-ahead log. Runs before the log; may push an error for a record it stores but flags, and may
   * announce at once what must not wait for the disk sync (an alarm).
   */
  toLines (gatewayId: string, code: string, records: Array<Decoded<S>>, errors: PayloadError[]): string
  /** Runs once the records are durable, just before the PUBACK: latest state, bus events. */
  stored? (gatewayId: string, code: string, records: Array<Decoded<S>>, receivedAt: number): void
}

/**
 * Gateway → server request, answered on `se/v1/{gatewayId}/{kind}/{code}/reply` (QoS 1, to that gateway
 * only). Requests are not stored by the ingest path; the handler records what its capability needs.
 */
export interface RequestChannel<S extends TSchema = TSchema, R extends TSchema = TSchema> {
  readonly type: 'request'
  /** Built with protocol/payloads.ts `requestPayload`, so that it carries the request `id`. */
  readonly schema: S
  /** Built with `replyPayload`; the broker adds the request's `id` and checks the answer against it. */
  readonly reply: R
  readonly metricLabel?: string
  answer (gatewayId: string, code: string, request: Decoded<S>): Promise<Omit<Static<R>, 'id'>>
}

export type Channel = TelemetryChannel | RequestChannel

export interface EquipmentKind {
  /** The `{kind}` topic segment, and the `kind` column of gateway_equipment. */
  readonly segment: string
  /** By channel name (the last topic segment). */
  readonly channels: Readonly<Record<string, Channel>>
  /**
   * The codes among `codes` that name no equipment of this kind in its registry table; runs inside the
   * transaction that assigns equipment to a gateway.
   */
  unknownCodes (db: Queryable, codes: readonly string[]): Promise<string[]>
}

/** What the composition root can build a kind from. */
export interface KindDeps { db: Db, bus: Bus, influx: InfluxClient, metrics: Metrics }
