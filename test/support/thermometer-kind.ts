// A second equipment kind that exists only in the tests: a thermometer with a `reading` telemetry channel.
// It proves that a kind is one folder plus one line of registration: nothing in ingest/ or protocol/ names
// it, yet it is authorised, validated, stored and announced on the bus over real MQTT.
import { Type } from 'typebox'
import { Timestamp } from '../../protocol/payloads.ts'
import type { EquipmentKind, KindDeps, TelemetryChannel } from '../../protocol/equipment-kind.ts'
import type { Queryable } from '../../platform/db/db.ts'

export const THERMOMETER = 'thermometer'

/** Its registry table; the test creates it (a real kind would have a migration). */
export const THERMOMETER_TABLE = 'create table thermometers (code text primary key, calibrated_on date)'

export const ThermometerReading = Type.Object({
  ts: Type.Optional(Timestamp),
  celsius: Type.Number({ minimum: -80, maximum: 200 })
}, { additionalProperties: false })

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

export function thermometerKind ({ bus }: Pick<KindDeps, 'bus'>): EquipmentKind {
  const reading: TelemetryChannel<typeof ThermometerReading> = {
    type: 'telemetry',
    schema: ThermometerReading,
    toLines: (gatewayId, code, records) =>
      records.map((r) => `thermometer_reading,thermometer=${code},gateway=${gatewayId} celsius=${r.celsius} ${r.ts}\n`).join(''),
    stored (gatewayId, code, records) {
      for (const r of records) bus.emit('thermometer.reading', { gatewayId, code, celsius: r.celsius, ts: r.ts })
    }
  }

  return { segment: THERMOMETER, channels: { reading }, unknownCodes }
}
