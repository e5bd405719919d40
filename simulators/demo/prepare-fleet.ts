// The demo's fleet: seeded with the city on the first start, read back from its file on the next ones,
// rebuilt (new secrets for the demo's gateways) if the file is missing or no longer matches the registry.
import { existsSync } from 'node:fs'
import type { Logger } from 'pino'
import type { Db } from '../../platform/db/db.ts'
import { createGatewayStore } from '../../gateways/store.ts'
import { verifySecret } from '../../platform/secrets.ts'
import { readFleetFile, writeFleetFile, type FleetFile } from '../credentials.ts'
import { seedCity, type SeedCounts } from '../city/seed-city.ts'
import { recoverFleet } from '../city/recover-fleet.ts'

export type PreparedFleet =
  | { how: 'seeded', fleet: FleetFile, counts: SeedCounts }
  | { how: 'loaded' | 'recovered', fleet: FleetFile }
  | { how: 'none', fleet: null }

/**
 * `maxGateways`: a first seed wires more buildings to a gateway when a gateway each would not fit in the
 * descriptors the service's process may hold (and the simulator's, which has the same limit).
 */
export async function prepareFleet (db: Db, file: string, city: { lifts: number, seed: string, maxGateways?: number }, log: Logger): Promise<PreparedFleet> {
  const started = Date.now()
  const seeded = await seedCity(db, { ...city, saveFleet: (fleet) => writeFleetFile(file, fleet) })
  if (seeded.seeded) {
    log.info({ ...seeded.counts, history: seeded.history, ms: Date.now() - started, file }, 'seeded the demo city with a year of past rescues, alerts and faults, years of inspection records and incidents; gateway secrets saved to the fleet file')
    return { how: 'seeded', fleet: seeded.fleet, counts: seeded.counts }
  }
  if (existsSync(file)) {
    try {
      const fleet = await readFleetFile(file)
      if (await matchesRegistry(db, fleet)) return { how: 'loaded', fleet }
      log.warn({ file }, 'the fleet file does not match the registry (secrets rotated?); giving the demo gateways new secrets')
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'the fleet file is unreadable; giving the demo gateways new secrets')
    }
  }
  const recovered = await recoverFleet(db)
  if (recovered === null) return { how: 'none', fleet: null }
  await writeFleetFile(file, recovered)
  log.info({ gateways: recovered.gateways.length, file }, 'rebuilt the fleet file with new gateway secrets')
  return { how: 'recovered', fleet: recovered }
}

/** One gateway checked is enough: the file and the registry were written together. */
async function matchesRegistry (db: Db, fleet: FleetFile): Promise<boolean> {
  const first = fleet.gateways[0]!
  const stored = await createGatewayStore(db).credentials(first.id)
  return stored !== undefined && await verifySecret(first.secret, stored.secretHash)
}
