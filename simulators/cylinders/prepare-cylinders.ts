// The demo's cylinder gateways, from the registry at each start: one gateway per filling station (its pool
// of cylinders: its unit's, sampled), and a few monitored installations with two LPG bottles each. The
// cylinders come from the database, whatever seeded them (the demo city's seeding or an import), so this
// works as soon as there are stations and cylinders; with none it returns null and the demo runs without.
// Gateways are created on the first start and given new secrets on the next ones (only hashes are stored).
import type { Logger } from 'pino'
import type { Db } from '../../platform/db/db.ts'
import { EquipmentConflictError, type GatewayStore } from '../../gateways/store.ts'
import { CYLINDER, STATION } from '../../cylinders/payloads.ts'
import { ID_PATTERN } from '../../protocol/topics.ts'
import { writeCylinderFleetFile, type CylinderFleetFile, type SimCylinder } from './cylinder-fleet-file.ts'

export const CYLINDER_GATEWAY_PREFIX = 'cy-'
const POOL_PER_STATION = 2000
const INSTALLATIONS = 12
const BOTTLES_PER_INSTALLATION = 2

interface PoolRow { code: string, medium: string, capacityKg: number | null, maxPressureMPa: number, overdue: boolean }

/**
 * Creates or re-keys one gateway with exactly this equipment; returns its secret, or null when another
 * gateway (not the demo's: someone provisioned it by hand) holds the equipment already.
 */
async function ensureGateway (gateways: GatewayStore, id: string, name: string, equipment: Record<string, string[]>): Promise<string | null> {
  try {
    if (await gateways.get(id) === undefined) return (await gateways.create({ id, name, useUnitId: null, equipment })).secret
    await gateways.update(id, { equipment })
    return (await gateways.rotateSecret(id))!
  } catch (err) {
    if (err instanceof EquipmentConflictError) return null
    throw err
  }
}

export async function prepareCylinderFleet (db: Db, gateways: GatewayStore, file: string, log: Pick<Logger, 'info'>): Promise<CylinderFleetFile | null> {
  const stations = await db.query<{ code: string, name: string, fillingUnitId: number }>(
    'select code, name, filling_unit_id as "fillingUnitId" from filling_stations order by code')
  const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from cylinders') as [{ n: number }]
  if (stations.length === 0 || n === 0) return null
  const fleet: CylinderFleetFile = { version: 1, stations: [], installations: [] }
  const cylinder = (r: PoolRow): SimCylinder => ({ code: r.code, medium: r.medium, capacityKg: r.capacityKg, maxPressureMPa: r.maxPressureMPa, ...(r.overdue ? { overdue: true } : {}) })
  const pool = (where: string, params: unknown[], limit: number) => db.query<PoolRow>(
    `select c.code, c.medium, c.capacity_kg as "capacityKg", m.max_working_pressure_mpa as "maxPressureMPa",
       (c.status = 'inspection_overdue' or (c.status = 'in_use' and c.next_inspection_due < current_date)) as overdue
     from cylinders c join cylinder_media m on m.code = c.medium where ${where} order by md5(c.code) limit ${limit}`, params)

  // Installations first: their bottles leave the stations' pools (a bottle at a restaurant is not on a scale).
  const bottles = await pool(`c.medium = 'LPG' and c.status = 'in_use'`, [], INSTALLATIONS * BOTTLES_PER_INSTALLATION)
  const watched = new Set(bottles.map((b) => b.code))
  for (let i = 0; i * BOTTLES_PER_INSTALLATION < bottles.length; i++) {
    const mine = bottles.slice(i * BOTTLES_PER_INSTALLATION, (i + 1) * BOTTLES_PER_INSTALLATION)
    const id = `${CYLINDER_GATEWAY_PREFIX}home-${i + 1}`
    const secret = await ensureGateway(gateways, id, `燃气用户 ${i + 1}`, { [CYLINDER]: mine.map((b) => b.code) })
    if (secret === null) continue
    fleet.installations.push({ gatewayId: id, secret, cylinders: mine.map(cylinder) })
  }
  for (const [i, s] of stations.entries()) {
    const cylinders = (await pool('c.filling_unit_id = $1', [s.fillingUnitId], POOL_PER_STATION)).filter((c) => !watched.has(c.code)).map(cylinder)
    if (cylinders.length === 0) continue
    const named = `${CYLINDER_GATEWAY_PREFIX}st-${s.code}`
    const id = ID_PATTERN.test(named) ? named : `${CYLINDER_GATEWAY_PREFIX}st-${i + 1}`
    const secret = await ensureGateway(gateways, id, s.name, { [STATION]: [s.code] })
    if (secret === null) continue
    fleet.stations.push({ gatewayId: id, secret, stationCode: s.code, cylinders })
  }
  if (fleet.stations.length === 0 && fleet.installations.length === 0) return null
  await writeCylinderFleetFile(file, fleet)
  log.info({ stations: fleet.stations.length, installations: fleet.installations.length, cylinders: n, file }, 'cylinder gateways ready for the demo (secrets in the file)')
  return fleet
}
