// Webhooks: every new critical alert and every escalation (or whatever events a hook subscribes to) is
// POSTed as JSON, signed with HMAC-SHA256, so a center can wire SMS, voice calls or its 96333 system.
// Deliveries are rows in PostgreSQL: queued in the same process that saw the event, retried with backoff,
// kept as a delivery log, and not lost by a restart.
import { createHmac } from 'node:crypto'
import type { Logger } from 'pino'
import type { Db } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'

export const WEBHOOK_EVENTS = ['alert.critical', 'alert.raised', 'alert.updated', 'rescue.created', 'rescue.escalated', 'rescue.warning', 'rescue.updated'] as const
export type WebhookEvent = typeof WEBHOOK_EVENTS[number]

export interface Webhook { id: number, url: string, events: WebhookEvent[], enabled: boolean, createdAt: Date }
export interface Delivery {
  id: number, webhookId: number, event: string, status: 'pending' | 'delivered' | 'failed', attempts: number,
  nextAttemptAt: Date, lastStatus: number | null, lastError: string | null, createdAt: Date, deliveredAt: Date | null
}

const MAX_ATTEMPTS = 8
const backoffMs = (attempts: number) => Math.min(3_600_000, 10_000 * 2 ** (attempts - 1))

/** `sha256=<hex>` over the exact body bytes: what the receiver recomputes with its copy of the secret. */
export function signBody (secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

export function createWebhookStore (db: Db) {
  const COLUMNS = 'id, url, events, enabled, created_at as "createdAt"'
  return {
    list: () => db.query<Webhook>(`select ${COLUMNS} from webhooks order by id`),
    async create (input: { url: string, secret: string, events: WebhookEvent[] }): Promise<Webhook> {
      const [row] = await db.query<Webhook>(`insert into webhooks (url, secret, events) values ($1, $2, $3) returning ${COLUMNS}`, [input.url, input.secret, input.events])
      return row!
    },
    async setEnabled (id: number, enabled: boolean) {
      const [row] = await db.query<Webhook>(`update webhooks set enabled = $2 where id = $1 returning ${COLUMNS}`, [id, enabled])
      return row
    },
    remove: async (id: number) => (await db.query('delete from webhooks where id = $1 returning id', [id])).length > 0,
    deliveries: (webhookId: number, limit: number) => db.query<Delivery>(`select id, webhook_id as "webhookId", event, status, attempts,
      next_attempt_at as "nextAttemptAt", last_status as "lastStatus", last_error as "lastError", created_at as "createdAt", delivered_at as "deliveredAt"
      from webhook_deliveries where webhook_id = $1 order by id desc limit $2`, [webhookId, limit]),
    async enqueue (event: WebhookEvent, payload: unknown): Promise<number> {
      const rows = await db.query(`insert into webhook_deliveries (webhook_id, event, payload)
        select id, $1, $2::jsonb from webhooks where enabled and $1 = any(events) returning id`, [event, JSON.stringify({ event, at: new Date().toISOString(), data: payload })])
      return rows.length
    },
    due: (limit: number) => db.query<{ id: number, url: string, secret: string, event: string, body: string, attempts: number }>(`
      select d.id, w.url, w.secret, d.event, d.payload::text as body, d.attempts from webhook_deliveries d join webhooks w on w.id = d.webhook_id
      where d.status = 'pending' and d.next_attempt_at <= now() order by d.id limit $1`, [limit]),
    async recordAttempt (id: number, attempts: number, ok: boolean, status: number | null, error: string | null) {
      const state = ok ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending'
      await db.query(`update webhook_deliveries set status = $2, attempts = $3, last_status = $4, last_error = $5,
        delivered_at = case when $6 then now() else null end, next_attempt_at = now() + make_interval(secs => $7)
        where id = $1`, [id, state, attempts, status, error, ok, backoffMs(attempts) / 1000])
    }
  }
}

export type WebhookStore = ReturnType<typeof createWebhookStore>

export function startWebhookDispatcher (deps: { bus: Bus, store: WebhookStore, log: Logger, pollMs?: number }) {
  const { bus, store, log } = deps
  let busy = false
  let stopped = false

  async function deliverDue () {
    if (busy || stopped) return
    busy = true
    try {
      for (const d of await store.due(20)) {
        const attempts = d.attempts + 1
        try {
          const response = await fetch(d.url, {
            method: 'POST',
            body: d.body,
            headers: { 'content-type': 'application/json', 'x-tianjian-event': d.event, 'x-tianjian-delivery': String(d.id), 'x-tianjian-signature': signBody(d.secret, d.body) },
            signal: AbortSignal.timeout(5000)
          })
          await store.recordAttempt(d.id, attempts, response.ok, response.status, response.ok ? null : `HTTP ${response.status}`)
        } catch (err) {
          await store.recordAttempt(d.id, attempts, false, null, (err as Error).message)
        }
      }
    } catch (err) {
      log.warn({ err }, 'webhook delivery round failed')
    } finally {
      busy = false
    }
  }

  const queue = (event: WebhookEvent, payload: unknown) => {
    store.enqueue(event, payload).then((n) => { if (n > 0) void deliverDue() }, (err: Error) => log.error({ err, event }, 'could not queue a webhook delivery'))
  }
  const offs = [
    bus.on('alert.raised', (alert) => {
      queue('alert.raised', alert)
      if (alert.severity === 'critical') queue('alert.critical', alert)
    }),
    bus.on('alert.updated', (alert) => queue('alert.updated', alert)),
    bus.on('rescue.changed', ({ change, action, case: c }) => {
      const event = change === 'created' ? 'rescue.created' : change === 'escalated' ? 'rescue.escalated' : change === 'warned' ? 'rescue.warning' : 'rescue.updated'
      queue(event, { action, case: c })
    })
  ]
  const poll = setInterval(() => { void deliverDue() }, deps.pollMs ?? 5000)

  return {
    deliverDue,
    async stop () {
      stopped = true
      for (const off of offs) off()
      clearInterval(poll)
      while (busy) await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}
