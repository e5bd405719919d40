// Gateway provisioning and credentials. The secret exists in clear only in the answer to create/rotate.
import type { Db } from '../platform/db/db.ts'
import { containing, createWhere } from '../platform/db/where.ts'
import { generateSecret, hashSecret, GATEWAY_SECRET_COST } from '../platform/secrets.ts'
import { MessageError, msg } from '../platform/messages/message.ts'

export interface Gateway {
  id: string
  name: string | null
  useUnitId: number | null
  enabled: boolean
  lastSeenAt: Date | null
  createdAt: Date
  secretRotatedAt: Date
  equipmentCodes: string[]
}

export interface GatewayCredentials { id: string, secretHash: string, enabled: boolean, equipmentCodes: string[] }

const CREDENTIAL_COLUMNS = `g.id, g.secret_hash as "secretHash", g.enabled, coalesce((select array_agg(e.equipment_code) from gateway_equipment ge
  join elevators e on e.id = ge.elevator_id where ge.gateway_id = g.id), '{}') as "equipmentCodes"`

export class EquipmentConflictError extends MessageError {
  constructor (public readonly codes: string[], reason: 'unknown' | 'taken') {
    super(msg(reason === 'unknown' ? 'gateway.unknown_equipment' : 'gateway.equipment_taken', { codes }))
  }
}

const GATEWAY_COLUMNS = `g.id, g.name, g.use_unit_id as "useUnitId", g.enabled, g.last_seen_at as "lastSeenAt",
  g.created_at as "createdAt", g.secret_rotated_at as "secretRotatedAt",
  coalesce((select array_agg(e.equipment_code order by e.equipment_code) from gateway_equipment ge
    join elevators e on e.id = ge.elevator_id where ge.gateway_id = g.id), '{}') as "equipmentCodes"`

export function createGatewayStore (db: Db) {
  async function assignEquipment (tx: { query: Db['query'] }, gatewayId: string, codes: string[]) {
    const unique = [...new Set(codes)]
    const found = await tx.query<{ id: number, code: string, owner: string | null }>(
      `select e.id, e.equipment_code as code, ge.gateway_id as owner from elevators e
       left join gateway_equipment ge on ge.elevator_id = e.id where e.equipment_code = any($1::text[])`, [unique])
    const unknown = unique.filter((c) => !found.some((f) => f.code === c))
    if (unknown.length > 0) throw new EquipmentConflictError(unknown, 'unknown')
    const taken = found.filter((f) => f.owner !== null && f.owner !== gatewayId).map((f) => f.code)
    if (taken.length > 0) throw new EquipmentConflictError(taken, 'taken')
    await tx.query('delete from gateway_equipment where gateway_id = $1', [gatewayId])
    if (found.length > 0) {
      await tx.query('insert into gateway_equipment (gateway_id, elevator_id) select $1, unnest($2::int[])', [gatewayId, found.map((f) => f.id)])
    }
  }

  async function get (id: string): Promise<Gateway | undefined> {
    const [row] = await db.query<Gateway>(`select ${GATEWAY_COLUMNS} from gateways g where g.id = $1`, [id])
    return row
  }

  return {
    get,
    /** Every gateway: for tools that work on a whole fleet; people get pages (`find`). */
    list: () => db.query<Gateway>(`select ${GATEWAY_COLUMNS} from gateways g order by g.id`),
    /** A page of gateways by id, optionally those whose id or name contains `q`. */
    async find (filter: { q?: string }, page: { limit: number, offset: number }) {
      const where = createWhere()
      if (filter.q !== undefined && filter.q !== '') {
        const pattern = where.param(containing(filter.q))
        where.raw(`(g.id ilike ${pattern} or g.name ilike ${pattern})`)
      }
      const items = await db.query<Gateway>(
        `select ${GATEWAY_COLUMNS} from gateways g ${where.sql} order by g.id limit ${page.limit} offset ${page.offset}`, where.params)
      const [count] = await db.query<{ total: number }>(`select count(*) as total from gateways g ${where.sql}`, where.params)
      return { items, total: count?.total ?? 0 }
    },

    /** Returns the new gateway and its secret; the secret is not stored and cannot be read again. */
    async create (input: { id: string, name: string | null, useUnitId: number | null, equipmentCodes: string[] }) {
      const secret = generateSecret()
      const secretHash = await hashSecret(secret, GATEWAY_SECRET_COST)
      await db.transaction(async (tx) => {
        await tx.query('insert into gateways (id, name, use_unit_id, secret_hash) values ($1, $2, $3, $4)',
          [input.id, input.name, input.useUnitId, secretHash])
        await assignEquipment(tx, input.id, input.equipmentCodes)
      })
      return { gateway: (await get(input.id))!, secret }
    },

    async update (id: string, input: { name?: string | null, enabled?: boolean, equipmentCodes?: string[] }) {
      const exists = await db.transaction(async (tx) => {
        const rows = await tx.query(`update gateways set name = case when $2::boolean then $3 else name end,
          enabled = coalesce($4, enabled) where id = $1 returning id`,
        [id, input.name !== undefined, input.name ?? null, input.enabled ?? null])
        if (rows.length === 0) return false
        if (input.equipmentCodes !== undefined) await assignEquipment(tx, id, input.equipmentCodes)
        return true
      })
      return exists ? get(id) : undefined
    },

    async rotateSecret (id: string): Promise<string | undefined> {
      const secret = generateSecret()
      const rows = await db.query('update gateways set secret_hash = $2, secret_rotated_at = now() where id = $1 returning id',
        [id, await hashSecret(secret, GATEWAY_SECRET_COST)])
      return rows.length > 0 ? secret : undefined
    },

    async remove (id: string): Promise<boolean> {
      return (await db.query('delete from gateways where id = $1 returning id', [id])).length > 0
    },

    /** What the broker needs to admit a gateway: its secret's hash, whether it is enabled, its lifts. */
    async credentials (id: string): Promise<GatewayCredentials | undefined> {
      const [row] = await db.query<GatewayCredentials>(`select ${CREDENTIAL_COLUMNS} from gateways g where g.id = $1`, [id])
      return row
    },

    /** Every gateway's credentials in one query: the broker's in-memory copy of the registry. */
    allCredentials: () => db.query<GatewayCredentials>(`select ${CREDENTIAL_COLUMNS} from gateways g`),

    /** Gateways a scoped caller may see: those carrying its lifts, or belonging to its use unit. Null: all. */
    async idsInScope (scope: { maintenanceFirmId?: number | null, useUnitId?: number | null }): Promise<Set<string> | null> {
      if (scope.maintenanceFirmId == null && scope.useUnitId == null) return null
      const rows = await db.query<{ id: string }>(`select ge.gateway_id as id from gateway_equipment ge join elevators e on e.id = ge.elevator_id
        where ($1::int is null or e.maintenance_firm_id = $1) and ($2::int is null or e.use_unit_id = $2)
        union select g.id from gateways g where $2::int is not null and g.use_unit_id = $2`, [scope.maintenanceFirmId ?? null, scope.useUnitId ?? null])
      return new Set(rows.map((r) => r.id))
    },

    /** Presence is kept in memory; this records it for the registry in one statement per flush. */
    async recordLastSeen (seen: Map<string, number>): Promise<void> {
      if (seen.size === 0) return
      await db.query(`update gateways g set last_seen_at = to_timestamp(s.ms / 1000.0)
        from unnest($1::text[], $2::float8[]) as s(id, ms) where g.id = s.id`, [[...seen.keys()], [...seen.values()]])
    }
  }
}

export type GatewayStore = ReturnType<typeof createGatewayStore>
