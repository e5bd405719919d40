// A second equipment kind that exists only in the tests: a thermometer with a `reading` telemetry channel
// and a `request` channel ("are you calibrated?"). It proves that a kind is one folder plus one line of
// registration: nothing in ingest/ or protocol/ names it, yet it is authorised, validated, stored,
// announced on the bus and answered over real MQTT.
import { Type } from 'typebox'
import { Timestamp, replyPayload, requestPayload } from '../../protocol/payloads.ts'
import type { EquipmentKind, KindDeps, RequestChannel, TelemetryChannel } from '../../protocol/equipment-kind.ts'
import type { Queryable } from '../../platform/db/db.ts'

export const THERMOMETER = 'thermometer'

/** Its registry table; the test creates it (a real kind would have a migration). */
export const THERMOMETER_TABLE = 'create table thermometers (code text primary key, calibrated_on date)'

export const ThermometerReading = Type.Object({
  ts: Type.Optional(Timestamp),
  celsius: Type.Number({ minimum: -80, maximum: 200 })
}, { additionalProperties: false })

export const ThermometerRequest = requestPayload({
  // `fail` and `malformed` make the handler throw or answer outside its schema, for the tests.
  question: Type.Enum(['calibration', 'fail', 'malformed'])
})

export const ThermometerReply = replyPayload({
  calibrated: Type.Boolean(),
  calibratedOn: Type.Union([Type.String(), Type.Null()])
})

export interface ThermometerReadingReceived { gatewayId: string, code: string, celsius: number, ts: number }

declare module '../../platform/events/bus.ts' {
  interface BusEvents {
    'thermometer.reading': ThermometerReadingReceived
  }
}

async function unknownCodes (db: Queryable, codes: readonly string[]): Promise<string[]> {
  const found = new Set((await db.query<{ code: string }>('select code from thermometers where code = any($1::text[])', [codes])).map((r) => r.code))
  return codes.filter((c) => !found.has(c))
}

export function thermometerKind ({ db, bus }: Pick<KindDeps, 'db' | 'bus'>): EquipmentKind {
  const reading: TelemetryChannel<typeof ThermometerReading> = {
    type: 'telemetry',
    schema: ThermometerReading,
    toLines: (gatewayId, code, records) =>
      records.map((r) => `thermometer_reading,thermometer=${code},gateway=${gatewayId} celsius=${r.celsius} ${r.ts}\n`).join(''),
    stored (gatewayId, code, records) {
      for (const r of records) bus.emit('thermometer.reading', { gatewayId, code, celsius: r.celsius, ts: r.ts })
    }
  }

  const request: RequestChannel<typeof ThermometerRequest, typeof ThermometerReply> = {
    type: 'request',
    schema: ThermometerRequest,
    reply: ThermometerReply,
    async answer (_gatewayId, code, { question }) {
      if (question === 'fail') throw new Error('the calibration records are unreachable')
      // JSON.parse: an answer the type system would refuse, as a buggy handler's might be.
      if (question === 'malformed') return JSON.parse('{"calibrated":"yes","calibratedOn":null}')
      const [row] = await db.query<{ calibratedOn: string | null }>('select calibrated_on::text as "calibratedOn" from thermometers where code = $1', [code])
      return { calibrated: row?.calibratedOn != null, calibratedOn: row?.calibratedOn ?? null }
    }
  }

  return { segment: THERMOMETER, channels: { reading, request }, unknownCodes }
}
