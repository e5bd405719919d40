// Gateway provisioning and credentials. The secret exists in clear only in the answer to create/rotate.
// A gateway's equipment is (kind, code) pairs, each piece assigned to at most one gateway; each kind's
// registry says whether a code exists. The API's `equipmentCodes` are the elevator kind's codes.
import type { Db, Queryable } from '../platform/db/db.ts'
import type { EquipmentKind } from '../protocol/equipment-kind.ts'
import { ELEVATOR } from '../elevators/payloads.ts'
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

/** One piece of equipment: its kind (the topic segment) and its code. */
export interface EquipmentRef { kind: string, code: string }

export interface GatewayCredentials { id: string, secretHash: string, enabled: boolean, equipment: EquipmentRef[] }

const CREDENTIAL_COLUMNS = `g.id, g.secret_hash as "secretHash", g.enabled, coalesce((select json_agg(json_build_object('kind', ge.kind, 'code', ge.code))
  from gateway_equipment ge where ge.gateway_id = g.id), '[]') as equipment`

export class EquipmentConflictError extends MessageError {
  constructor (public readonly codes: string[], reason: 'unknown' | 'taken') {
    super(msg(reason === 'unknown' ? 'gateway.unknown_equipment' : 'gateway.equipment_taken', { codes }))
  }
}

/** Equipment of a kind no line of app/service.ts registers. */
export class UnknownEquipmentKindError extends MessageError {
  constructor (public readonly kind: string) {
    super(msg('gateway.unknown_kind', { kind }))
  }
}

const GATEWAY_COLUMNS = `g.id, g.name, g.use_unit_id as "useUnitId", g.enabled, g.last_seen_at as "lastSeenAt",
  g.created_at as "createdAt", g.secret_rotated_at as "secretRotatedAt",
  coalesce((select array_agg(ge.code order by ge.code) from gateway_equipment ge
    where ge.gateway_id = g.id and ge.kind = '${ELEVATOR}'), '{}') as "equipmentCodes"`

/** Per kind, the codes a gateway is to hold: each kind listed replaces that kind's codes, others stay. */
export type EquipmentAssignment = Readonly<Record<string, readonly string[]>>

/** The API's `equipmentCodes` are lifts; `equipment` assigns any kind. */
const assignmentOf = (input: { equipmentCodes?: string[], equipment?: EquipmentAssignment }): EquipmentAssignment =>
  input.equipmentCodes === undefined ? input.equipment ?? {} : { ...input.equipment, [ELEVATOR]: input.equipmentCodes }

export function createGatewayStore (db: Db, kinds: ReadonlyArray<Pick<EquipmentKind, 'segment' | 'unknownCodes'>> = []) {
  const kindOf = new Map(kinds.map((k) => [k.segment, k]))

  async function assignEquipment (tx: Queryable, gatewayId: string, assignment: EquipmentAssignment) {
    for (const [kind, codes] of Object.entries(assignment)) {
      const registry = kindOf.get(kind)
      if (registry === undefined) throw new UnknownEquipmentKindError(kind)
      const unique = [...new Set(codes)]
      if (unique.length > 0) {
        const unknown = await registry.unknownCodes(tx, unique)
        if (unknown.length > 0) throw new EquipmentConflictError(unknown, 'unknown')
        const taken = await tx.query<{ code: string }>(`select code from gateway_equipment
          where kind = $1 and code = any($2::text[]) and gateway_id <> $3 order by code`, [kind, unique, gatewayId])
        if (taken.length > 0) throw new EquipmentConflictError(taken.map((t) => t.code), 'taken')
      }
      await tx.query('delete from gateway_equipment where gateway_id = $1 and kind = $2', [gatewayId, kind])
      if (unique.length > 0) {
        await tx.query('insert into gateway_equipment (gateway_id, kind, code) select $1, $2, unnest($3::text[])', [gatewayId, kind, unique])
      }
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
    async create (input: { id: string, name: string | null, useUnitId: number | null, equipmentCodes?: string[], equipment?: EquipmentAssignment }) {
      const secret = generateSecret()
      const secretHash = await hashSecret(secret, GATEWAY_SECRET_COST)
      await db.transaction(async (tx) => {
        await tx.query('insert into gateways (id, name, use_unit_id, secret_hash) values ($1, $2, $3, $4)',
          [input.id, input.name, input.useUnitId, secretHash])
        await assignEquipment(tx, input.id, assignmentOf(input))
      })
      return { gateway: (await get(input.id))!, secret }
    },

    async update (id: string, input: { name?: string | null, enabled?: boolean, equipmentCodes?: string[], equipment?: EquipmentAssignment }) {
      const exists = await db.transaction(async (tx) => {
        const rows = await tx.query(`update gateways set name = case when $2::boolean then $3 else name end,
          enabled = coalesce($4, enabled) where id = $1 returning id`,
        [id, input.name !== undefined, input.name ?? null, input.enabled ?? null])
        if (rows.length === 0) return false
        await assignEquipment(tx, id, assignmentOf(input))
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

    /** What the broker needs to admit a gateway: its secret's hash, whether it is enabled, its equipment. */
    async credentials (id: string): Promise<GatewayCredentials | undefined> {
      const [row] = await db.query<GatewayCredentials>(`select ${CREDENTIAL_COLUMNS} from gateways g where g.id = $1`, [id])
      return row
    },

    /** Every gateway's credentials in one query: the broker's in-memory copy of the registry. */
    allCredentials: () => db.query<GatewayCredentials>(`select ${CREDENTIAL_COLUMNS} from gateways g`),

    /** Presence is kept in memory; this records it for the registry in one statement per flush. */
    async recordLastSeen (seen: Map<string, number>): Promise<void> {
      if (seen.size === 0) return
      await db.query(`update gateways g set last_seen_at = to_timestamp(s.ms / 1000.0)
        from unnest($1::text[], $2::float8[]) as s(id, ms) where g.id = s.id`, [[...seen.keys()], [...seen.values()]])
    }
  }
}

export type GatewayStore = ReturnType<typeof createGatewayStore>
