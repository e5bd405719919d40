// Who is connected: gateway authentication at CONNECT, the per-gateway ACL (its own equipment), presence
// (online/offline, last seen, message counters) and the last rejected messages shown to operators.
import type { EquipmentRef, GatewayCredentials, GatewayStore } from './store.ts'
import type { Bus } from '../platform/events/bus.ts'
import { digestToken, verifySecret } from '../platform/secrets.ts'
import { equipmentKey, ID_PATTERN } from '../protocol/topics.ts'
import type { GatewayErrorReport } from '../protocol/payloads.ts'
import type { GatewayPresence, PresenceView } from './presence.ts'

export interface GatewaySession {
  id: string
  /** The ACL: `{kind}/{code}` of each piece assigned (protocol/topics.ts equipmentKey), one lookup per message. */
  equipment: Set<string>
  connections: number
  connectedAt: number | null
  lastSeenAt: number
  messages: number
  rejected: number
  firmware: string | null
  recentRejections: GatewayErrorReport[]
  /** Message count at the start of the current rate window. */
  rateMark: { at: number, messages: number }
  /** Error reports sent in the current window (see REPORTS_PER_WINDOW). */
  reports: { windowStart: number, sent: number }
}

export type AuthResult = { ok: true, session: GatewaySession } | { ok: false, reason: 'bad_credentials' | 'disabled' | 'bad_username' }

const aclOf = (equipment: readonly EquipmentRef[] | undefined) => new Set((equipment ?? []).map((e) => equipmentKey(e.kind, e.code)))

const RECENT_REJECTIONS = 20
// A gateway stuck sending garbage gets enough reports to debug it, not one per message: a flood of bad
// QoS 0 messages must cost us counters, not an errors-topic publish each.
const REPORT_WINDOW_MS = 10_000
const REPORTS_PER_WINDOW = 20

export function createGatewaySessions (deps: { gateways: GatewayStore, bus: Bus }) {
  const sessions = new Map<string, GatewaySession>()
  // The registry's gateways, kept in memory so that a CONNECT costs no database round trip: thousands of
  // gateways reconnect at once after a network cut. Reloaded periodically (other nodes' changes) and per
  // gateway at once when this process's API changes it.
  let registry = new Map<string, GatewayCredentials>()
  // Digest of the last accepted secret per gateway, so a reconnect storm after a network cut does not cost
  // one scrypt per gateway; a changed stored hash (rotation) invalidates it.
  const verified = new Map<string, { hash: string, digest: string }>()

  function sessionFor (id: string): GatewaySession {
    let session = sessions.get(id)
    if (session === undefined) {
      session = { id, equipment: new Set(), connections: 0, connectedAt: null, lastSeenAt: 0, messages: 0, rejected: 0, firmware: null, recentRejections: [], rateMark: { at: Date.now(), messages: 0 }, reports: { windowStart: 0, sent: 0 } }
      sessions.set(id, session)
    }
    return session
  }

  /** Accepted messages per minute over the last one to two minutes, computed when asked (no timer). */
  function ratePerMinute (session: GatewaySession, now = Date.now()): number {
    const elapsed = now - session.rateMark.at
    const rate = elapsed > 0 ? (session.messages - session.rateMark.messages) * 60_000 / elapsed : 0
    if (elapsed >= 120_000) session.rateMark = { at: now - 60_000, messages: session.messages - Math.round(rate) }
    return Math.round(rate * 10) / 10
  }

  function view (session: GatewaySession, now = Date.now()): PresenceView {
    return {
      online: session.connections > 0, lastSeenAt: session.lastSeenAt, firmware: session.firmware, messages: session.messages,
      ratePerMinute: ratePerMinute(session, now), rejected: session.rejected, recentRejections: session.recentRejections
    }
  }
  const onlineIds = () => [...sessions.values()].filter((s) => s.connections > 0).map((s) => s.id)

  return {
    async authenticate (username: string | undefined, password: Buffer | undefined): Promise<AuthResult> {
      if (username === undefined || !ID_PATTERN.test(username)) return { ok: false, reason: 'bad_username' }
      let credentials = registry.get(username)
      if (credentials === undefined) {
        credentials = await deps.gateways.credentials(username)
        if (credentials !== undefined) registry.set(username, credentials)
      }
      const secret = password?.toString('utf8') ?? ''
      if (credentials === undefined) return { ok: false, reason: 'bad_credentials' }
      const cached = verified.get(username)
      const digest = digestToken(secret)
      const ok = (cached !== undefined && cached.hash === credentials.secretHash && cached.digest === digest) ||
        await verifySecret(secret, credentials.secretHash)
      if (!ok) return { ok: false, reason: 'bad_credentials' }
      if (!credentials.enabled) return { ok: false, reason: 'disabled' }
      verified.set(username, { hash: credentials.secretHash, digest })
      const session = sessionFor(username)
      session.equipment = aclOf(credentials.equipment)
      return { ok: true, session }
    },

    connected (session: GatewaySession, now = Date.now()) {
      session.connections++
      session.connectedAt = now
      session.lastSeenAt = now
      if (session.connections === 1) deps.bus.emit('gateway.presence', { gatewayId: session.id, online: true, at: now })
    },

    disconnected (session: GatewaySession, now = Date.now()) {
      session.connections = Math.max(0, session.connections - 1)
      if (session.connections === 0) {
        session.connectedAt = null
        deps.bus.emit('gateway.presence', { gatewayId: session.id, online: false, at: now })
      }
    },

    /**
     * Counts a rejection; returns whether the gateway should be told now (bounded per window). `always`: a
     * report the gateway and operators must see whatever the window holds (why it was disconnected).
     */
    recordRejection (session: GatewaySession, report: GatewayErrorReport, always = false): boolean {
      session.rejected++
      if (report.ts - session.reports.windowStart >= REPORT_WINDOW_MS) session.reports = { windowStart: report.ts, sent: 0 }
      if (session.reports.sent >= REPORTS_PER_WINDOW && !always) return false
      session.reports.sent++
      session.recentRejections.push(report)
      if (session.recentRejections.length > RECENT_REJECTIONS) session.recentRejections.shift()
      return true
    },

    /**
     * Re-reads a gateway after the registry changed it (secret, enabled, equipment). Returns whether a
     * connection of it must be dropped: it was deleted, disabled or given a new secret.
     */
    async refresh (id: string): Promise<boolean> {
      verified.delete(id)
      const before = registry.get(id)
      const credentials = await deps.gateways.credentials(id)
      if (credentials === undefined) registry.delete(id)
      else registry.set(id, credentials)
      const session = sessions.get(id)
      if (session === undefined) return false
      session.equipment = aclOf(credentials?.equipment)
      return session.connections > 0 && revoked(before, credentials)
    },

    /**
     * Re-reads every gateway (changes made through another node's API); sessions of connected gateways get
     * their current equipment. Returns the connected gateways that were deleted, disabled or re-keyed.
     */
    async reload (): Promise<string[]> {
      const next = new Map((await deps.gateways.allCredentials()).map((c) => [c.id, c]))
      const before = registry
      registry = next
      const drop: string[] = []
      for (const session of sessions.values()) {
        session.equipment = aclOf(next.get(session.id)?.equipment)
        if (session.connections > 0 && revoked(before.get(session.id), next.get(session.id))) drop.push(session.id)
      }
      return drop
    },

    get: (id: string) => sessions.get(id),
    /** Whether the registry (as this node holds it in memory) has a gateway with this id. */
    isRegistered: (id: string) => registry.has(id),
    onlineIds,
    view,
    /** Presence as this node alone sees it. */
    presence (): GatewayPresence {
      return { get: (id) => { const s = sessions.get(id); return s === undefined ? undefined : view(s) }, onlineIds }
    },

    all: () => sessions.values(),
    /** Last-seen times of gateways heard from since `since`, for the registry. */
    seenSince (since: number): Map<string, number> {
      const seen = new Map<string, number>()
      for (const s of sessions.values()) if (s.lastSeenAt > since) seen.set(s.id, s.lastSeenAt)
      return seen
    },
    get onlineCount () {
      let n = 0
      for (const s of sessions.values()) if (s.connections > 0) n++
      return n
    }
  }
}

export type GatewaySessions = ReturnType<typeof createGatewaySessions>

/** A connection authenticated under `before` may not go on under `after`. */
function revoked (before: GatewayCredentials | undefined, after: GatewayCredentials | undefined): boolean {
  return after === undefined || !after.enabled || (before !== undefined && before.secretHash !== after.secretHash)
}
