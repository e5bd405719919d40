// Webhooks and their delivery log in PostgreSQL. A delivery is a row from the moment its event is seen until
// it is pruned by age: queued, claimed for one attempt at a time, retried, delivered or given up, and never
// lost by a restart. Failures back off per endpoint (webhooks.paused_until), not per delivery, so a dead
// receiver costs one attempt per back-off whatever its backlog, and its queue drains in order once it is back.
import type { Db } from '../platform/db/db.ts'

export const WEBHOOK_EVENTS = ['alert.critical', 'alert.raised', 'alert.updated', 'rescue.created', 'rescue.escalated', 'rescue.warning', 'rescue.updated', 'inspection.notice'] as const
export type WebhookEvent = typeof WEBHOOK_EVENTS[number]

export interface Webhook { id: number, url: string, events: WebhookEvent[], enabled: boolean, createdAt: Date }
export interface Delivery {
  id: number, webhookId: number, event: string, status: 'pending' | 'delivered' | 'failed', attempts: number,
  nextAttemptAt: Date, lastStatus: number | null, lastError: string | null, createdAt: Date, deliveredAt: Date | null
}
export interface ClaimedDelivery { id: number, webhookId: number, url: string, secret: string, event: string, body: string, attempts: number }
export type AttemptResult = { ok: true, status: number } | { ok: false, status: number | null, error: string }

/** A delivery is given up after this many attempts (about 21 minutes of an endpoint failing). */
export const MAX_ATTEMPTS = 8

export function createWebhookStore (db: Db) {
  const COLUMNS = 'id, url, events, enabled, created_at as "createdAt"'
  return {
    list: () => db.query<Webhook>(`select ${COLUMNS} from webhooks order by id`),
    async create (input: { url: string, secret: string, events: WebhookEvent[] }): Promise<Webhook> {
      const [row] = await db.query<Webhook>(`insert into webhooks (url, secret, events) values ($1, $2, $3) returning ${COLUMNS}`, [input.url, input.secret, input.events])
      return row!
    },
    /** Enabling again gives the endpoint a fresh start: no pause, no failure count. */
    async setEnabled (id: number, enabled: boolean) {
      const [row] = await db.query<Webhook>(`update webhooks set enabled = $2,
        consecutive_failures = case when $2 then 0 else consecutive_failures end, paused_until = case when $2 then null else paused_until end
        where id = $1 returning ${COLUMNS}`, [id, enabled])
      return row
    },
    remove: async (id: number) => (await db.query('delete from webhooks where id = $1 returning id', [id])).length > 0,
    deliveries: (webhookId: number, limit: number) => db.query<Delivery>(`select id, webhook_id as "webhookId", event, status, attempts,
      next_attempt_at as "nextAttemptAt", last_status as "lastStatus", last_error as "lastError", created_at as "createdAt", delivered_at as "deliveredAt"
      from webhook_deliveries where webhook_id = $1 order by id desc limit $2`, [webhookId, limit]),

    /** Queues the event for every enabled hook that subscribes to it; returns those hooks' ids. */
    async enqueue (event: WebhookEvent, payload: unknown): Promise<number[]> {
      const rows = await db.query<{ webhookId: number }>(`insert into webhook_deliveries (webhook_id, event, payload)
        select id, $1, $2::jsonb from webhooks where enabled and $1 = any(events) returning webhook_id as "webhookId"`,
      [event, JSON.stringify({ event, at: new Date().toISOString(), data: payload })])
      return rows.map((r) => r.webhookId)
    },

    /** Endpoints with a delivery due now and no pause in force. */
    async dueEndpoints (): Promise<number[]> {
      const rows = await db.query<{ id: number }>(`select w.id from webhooks w where w.enabled and (w.paused_until is null or w.paused_until <= now())
        and exists (select 1 from webhook_deliveries d where d.webhook_id = w.id and d.status = 'pending' and d.next_attempt_at <= now())`)
      return rows.map((r) => r.id)
    },

    /**
     * Takes the endpoint's oldest due delivery for one attempt. The lease (its next attempt moved `leaseS` on)
     * keeps another node, or this one, from sending it at the same time; if this process dies mid-attempt,
     * the delivery is due again when the lease runs out.
     */
    async claimNext (webhookId: number, leaseS: number): Promise<ClaimedDelivery | undefined> {
      const [row] = await db.query<ClaimedDelivery>(`update webhook_deliveries d set next_attempt_at = now() + make_interval(secs => $2)
        from webhooks w
        where d.id = (select id from webhook_deliveries where webhook_id = $1 and status = 'pending' and next_attempt_at <= now() order by id limit 1 for update skip locked)
          and w.id = d.webhook_id and w.enabled and (w.paused_until is null or w.paused_until <= now())
        returning d.id, d.webhook_id as "webhookId", w.url, w.secret, d.event, d.payload::text as body, d.attempts`, [webhookId, leaseS])
      return row
    },

    /** An attempt cut short by our own shutdown: not counted, due again at once (after a restart). */
    release: (id: number) => db.query("update webhook_deliveries set next_attempt_at = now() where id = $1 and status = 'pending'", [id]).then(() => undefined),

    /** Records one attempt on the delivery and its endpoint, in one statement. A failure pauses the endpoint
     *  10 s after its first failure in a row, doubling up to an hour; the delivery waits out the pause. */
    async recordAttempt (delivery: ClaimedDelivery, result: AttemptResult): Promise<void> {
      const attempts = delivery.attempts + 1
      if (result.ok) {
        await db.query(`with hook as (update webhooks set consecutive_failures = 0, paused_until = null where id = $2)
          update webhook_deliveries set status = 'delivered', attempts = $3, last_status = $4, last_error = null, delivered_at = now() where id = $1`,
        [delivery.id, delivery.webhookId, attempts, result.status])
        return
      }
      await db.query(`with hook as (
          update webhooks set consecutive_failures = consecutive_failures + 1,
            paused_until = now() + make_interval(secs => least(3600, 10 * power(2, least(consecutive_failures, 20))))
          where id = $2 returning paused_until)
        update webhook_deliveries set status = case when $3 >= ${MAX_ATTEMPTS} then 'failed' else 'pending' end, attempts = $3,
          last_status = $4, last_error = $5, next_attempt_at = coalesce((select paused_until from hook), now())
        where id = $1`, [delivery.id, delivery.webhookId, attempts, result.status, result.error.slice(0, 500)])
    },

    /** Deletes deliveries created more than `days` ago, whatever their status, in slices; returns how many. */
    async prune (days: number): Promise<number> {
      let total = 0
      for (;;) {
        const rows = await db.query(`delete from webhook_deliveries where id in (
          select id from webhook_deliveries where created_at < now() - make_interval(days => $1) limit 5000) returning id`, [days])
        total += rows.length
        if (rows.length < 5000) return total
      }
    }
  }
}

export type WebhookStore = ReturnType<typeof createWebhookStore>
