// Rebuilds the fleet file when the registry holds the demo city but the file with the gateway secrets is
// gone (deleted, or another data folder copied without it). Secrets are stored only as hashes, so the
// demo's gateways get new ones; gateways outside the demo's id prefix are never touched.
import type { Db } from '../../platform/db/db.ts'
import { createGatewayStore } from '../../gateways/store.ts'
import type { FleetFile } from '../credentials.ts'
import { ratedSpeed } from './city-plan.ts'

export const DEMO_GATEWAY_PREFIX = 'xn-'

export async function recoverFleet (db: Db, prefix = DEMO_GATEWAY_PREFIX): Promise<FleetFile | null> {
  const gateways = createGatewayStore(db)
  const mine = (await gateways.list()).filter((g) => g.id.startsWith(prefix) && g.equipmentCodes.length > 0)
  if (mine.length === 0) return null
  const rows = await db.query<{ code: string, floors: number | null, kind: string }>(
    'select equipment_code as code, floors, kind from elevators where equipment_code = any($1::text[])', [mine.flatMap((g) => g.equipmentCodes)])
  const lifts = new Map(rows.map((r) => [r.code, r]))
  const fleet: FleetFile = { version: 1, gateways: [] }
  for (const g of mine) {
    const secret = await gateways.rotateSecret(g.id)
    if (secret === undefined) continue
    fleet.gateways.push({
      id: g.id,
      secret,
      lifts: g.equipmentCodes.map((code) => {
        const landings = Math.max(2, lifts.get(code)?.floors ?? 10)
        // The bottom floor is not in the registry: without it every lift starts at floor 1.
        return { equipmentCode: code, lowest: 1, landings, speed: ratedSpeed(landings, lifts.get(code)?.kind === 'hydraulic') }
      })
    })
  }
  return fleet.gateways.length > 0 ? fleet : null
}
