// Users, roles and login sessions. Tokens are stored only as digests.
import type { Db } from '../platform/db/db.ts'
import { createPasswordHasher, digestToken, generateSecret, type PasswordHasher } from '../platform/secrets.ts'
import type { Role } from '../platform/http/roles.ts'
import type { SessionUser } from '../platform/http/auth.ts'

export interface User extends SessionUser {
  displayName: string | null
  enabled: boolean
}

export interface UserInput {
  username: string
  displayName: string | null
  password: string
  role: Role
  maintenanceFirmId: number | null
  useUnitId: number | null
  /** A filling_unit user's gas-cylinder filling unit. */
  fillingUnitId?: number | null
}

const USER_COLUMNS = `u.id, u.username, u.display_name as "displayName", u.role, u.maintenance_firm_id as "maintenanceFirmId",
  u.use_unit_id as "useUnitId", u.filling_unit_id as "fillingUnitId", u.enabled`

/**
 * `hasher` bounds how many password hashes run at once (platform/secrets.ts); the service sizes it from
 * PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE, tools and tests take a small default.
 */
export function createUserStore (db: Db, hasher: PasswordHasher = createPasswordHasher({ concurrency: 1, queue: 1000 })) {
  // Spent on unknown usernames too, so response time does not reveal which usernames exist.
  let dummyHash: Promise<string> | null = null
  const dummy = () => (dummyHash ??= hasher.hash('not-a-real-password').catch((err: unknown) => { dummyHash = null; throw err }))
  return {
    list: () => db.query<User>(`select ${USER_COLUMNS} from users u order by u.username`),
    count: async () => (await db.query<{ n: number }>('select count(*) as n from users'))[0]?.n ?? 0,

    async create (input: UserInput): Promise<User> {
      const [row] = await db.query<User>(`insert into users (username, display_name, password_hash, role, maintenance_firm_id, use_unit_id, filling_unit_id)
        values ($1, $2, $3, $4, $5, $6, $7) returning id, username, display_name as "displayName", role,
        maintenance_firm_id as "maintenanceFirmId", use_unit_id as "useUnitId", filling_unit_id as "fillingUnitId", enabled`,
      [input.username, input.displayName, await hasher.hash(input.password), input.role, input.maintenanceFirmId, input.useUnitId, input.fillingUnitId ?? null])
      return row!
    },

    async update (id: number, input: { displayName?: string | null, password?: string, enabled?: boolean }): Promise<User | undefined> {
      const hash = input.password === undefined ? null : await hasher.hash(input.password)
      const [row] = await db.query<User>(`update users u set display_name = case when $2::boolean then $3 else display_name end,
        password_hash = coalesce($4, password_hash), enabled = coalesce($5, enabled) where id = $1 returning ${USER_COLUMNS}`,
      [id, input.displayName !== undefined, input.displayName ?? null, hash, input.enabled ?? null])
      if (row !== undefined && (hash !== null || input.enabled === false)) {
        await db.query('delete from sessions where user_id = $1', [id])
      }
      return row
    },

    /** One user by id, for the audit log's "before". */
    async get (id: number): Promise<User | undefined> {
      const [row] = await db.query<User>(`select ${USER_COLUMNS} from users u where u.id = $1`, [id])
      return row
    },

    /**
     * Checks a login; undefined for a wrong username, a wrong password or a disabled user alike. Throws
     * HashPoolBusyError when the hashing pool has no room (platform/secrets.ts).
     */
    async verifyLogin (username: string, password: string): Promise<User | undefined> {
      const [row] = await db.query<User & { passwordHash: string }>(
        `select ${USER_COLUMNS}, u.password_hash as "passwordHash" from users u where u.username = $1`, [username])
      const ok = await hasher.verify(password, row?.passwordHash ?? await dummy())
      if (row === undefined || !ok || !row.enabled) return undefined
      const { passwordHash: _, ...user } = row
      return user
    },

    async createSession (userId: number, ttlHours: number): Promise<{ token: string, expiresAt: Date }> {
      const token = generateSecret()
      const [row] = await db.query<{ expiresAt: Date }>(`insert into sessions (token_hash, user_id, expires_at)
        values ($1, $2, now() + make_interval(hours => $3)) returning expires_at as "expiresAt"`, [digestToken(token), userId, ttlHours])
      // Opportunistic clean-up keeps the table small without a timer.
      await db.query('delete from sessions where expires_at < now()')
      return { token, expiresAt: row!.expiresAt }
    },

    async userForToken (token: string): Promise<User | undefined> {
      const [row] = await db.query<User>(`select ${USER_COLUMNS} from sessions s join users u on u.id = s.user_id
        where s.token_hash = $1 and s.expires_at > now() and u.enabled`, [digestToken(token)])
      return row
    },

    /** A single-use ticket that opens one live stream for this session within `ttlSeconds`. */
    async issueLiveTicket (token: string, ttlSeconds: number): Promise<{ ticket: string, expiresAt: Date } | undefined> {
      const ticket = generateSecret()
      const [row] = await db.query<{ expiresAt: Date }>(`insert into live_tickets (ticket_hash, session_token_hash, expires_at)
        select $1, s.token_hash, now() + make_interval(secs => $3) from sessions s where s.token_hash = $2 and s.expires_at > now()
        returning expires_at as "expiresAt"`, [digestToken(ticket), digestToken(token), ttlSeconds])
      if (row === undefined) return undefined
      await db.query('delete from live_tickets where expires_at < now()')
      return { ticket, expiresAt: row.expiresAt }
    },

    /** Spends a ticket: its session's user and session digest, or undefined (unknown, spent, expired, signed out). */
    async redeemLiveTicket (ticket: string): Promise<{ user: User, session: string } | undefined> {
      const [row] = await db.query<User & { session: string }>(`with spent as (delete from live_tickets where ticket_hash = $1 returning session_token_hash, expires_at)
        select ${USER_COLUMNS}, s.token_hash as session from spent t join sessions s on s.token_hash = t.session_token_hash
        join users u on u.id = s.user_id where t.expires_at > now() and s.expires_at > now() and u.enabled`, [digestToken(ticket)])
      if (row === undefined) return undefined
      const { session, ...user } = row
      return { user, session }
    },

    /** Whether a session (by its digest) still stands for this user: not signed out, expired, or disabled. */
    async sessionStands (session: string, userId: number): Promise<boolean> {
      const rows = await db.query(`select 1 from sessions s join users u on u.id = s.user_id
        where s.token_hash = $1 and s.user_id = $2 and s.expires_at > now() and u.enabled`, [session, userId])
      return rows.length > 0
    },

    async deleteSession (token: string): Promise<void> {
      await db.query('delete from sessions where token_hash = $1', [digestToken(token)])
    }
  }
}

export type UserStore = ReturnType<typeof createUserStore>
