// Where a cylinder alert's subject is, for the alert lists and the dispatcher: its filling unit's name,
// district and address (alerts/store.ts SubjectPlace). Read when an alert is raised — rare — not per message.
import type { Queryable } from '../platform/db/db.ts'
import type { SubjectPlace } from '../alerts/store.ts'

export async function placeOfUnit (db: Queryable, fillingUnitId: number | null): Promise<SubjectPlace | undefined> {
  if (fillingUnitId === null) return undefined
  const [row] = await db.query<{ unitName: string, districtId: number, address: string }>(
    'select name as "unitName", district_id as "districtId", address from filling_units where id = $1', [fillingUnitId])
  return row === undefined ? undefined : { fillingUnitId, ...row }
}

/** A station's place: its unit's, with the station's name before the unit's address. */
export async function placeOfStation (db: Queryable, stationCode: string): Promise<SubjectPlace | undefined> {
  const [row] = await db.query<{ fillingUnitId: number, unitName: string, districtId: number, address: string, stationName: string }>(
    `select s.filling_unit_id as "fillingUnitId", u.name as "unitName", u.district_id as "districtId", u.address, s.name as "stationName"
     from filling_stations s join filling_units u on u.id = s.filling_unit_id where s.code = $1`, [stationCode])
  if (row === undefined) return undefined
  return { fillingUnitId: row.fillingUnitId, unitName: row.unitName, districtId: row.districtId, address: [row.stationName, row.address].filter((p) => p !== '').join(' · ') }
}
