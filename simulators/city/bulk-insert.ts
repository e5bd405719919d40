// Batch inserts for seeding thousands of lifts and gateways: one statement per thousand rows instead of
// one round trip per row (5,000 single inserts on PGlite take far longer than the seed should). Written
// against the registry schema of store/migrations; the stores stay the one place for everyday queries.
import type { Queryable } from '../../platform/db/db.ts'
import type { ElevatorInput } from '../../registry/store.ts'
import { ELEVATOR } from '../../elevators/payloads.ts'

const CHUNK = 1000

function chunks<T> (rows: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK))
  return out
}

/** Inserts new lifts; returns each one's id by equipment code. */
export async function insertElevators (db: Queryable, rows: ElevatorInput[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  for (const part of chunks(rows)) {
    const col = <K extends keyof ElevatorInput>(key: K) => part.map((r) => r[key])
    const inserted = await db.query<{ id: number, code: string }>(`
      insert into elevators (equipment_code, rescue_id, kind, status, address, building, floors, district_id, use_unit_id,
        maintenance_firm_id, public_place, last_inspection_date, next_inspection_date)
      select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[],
        $10::int[], $11::boolean[], $12::date[], $13::date[])
      returning id, equipment_code as code`,
    [col('equipmentCode'), col('rescueId'), col('kind'), col('status'), col('address'), col('building'), col('floors'), col('districtId'),
      col('useUnitId'), col('maintenanceFirmId'), col('publicPlace'), col('lastInspectionDate'), col('nextInspectionDate')])
    for (const row of inserted) ids.set(row.code, row.id)
  }
  return ids
}

export interface GatewayRow { id: string, name: string | null, useUnitId: number | null, secretHash: string, equipmentCodes: string[] }

/** Inserts gateways with their hashed secrets and assigns their lifts (the broker's ACL). */
export async function insertGateways (db: Queryable, rows: GatewayRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db.query(`insert into gateways (id, name, use_unit_id, secret_hash)
      select * from unnest($1::text[], $2::text[], $3::int[], $4::text[])`,
    [part.map((g) => g.id), part.map((g) => g.name), part.map((g) => g.useUnitId), part.map((g) => g.secretHash)])
    const pairs = part.flatMap((g) => g.equipmentCodes.map((code) => [g.id, code] as const))
    await db.query('insert into gateway_equipment (gateway_id, kind, code) select g, $3, c from unnest($1::text[], $2::text[]) as p(g, c)',
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), ELEVATOR])
  }
}
