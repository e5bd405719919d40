// Webhooks: every new critical alert and every escalation (or whatever events a hook subscribes to) is
// POSTed as JSON, signed over its timestamp and body (signature.ts), so a center can wire SMS, voice calls or
// its 96333 system. Each endpoint has its own queue worker: a receiver that is dead, slow or never answers
// holds up only its own deliveries, never a critical alert to the others. Deliveries are rows (store.ts):
// queued by the process that saw the event, retried with a back-off per endpoint, kept as a delivery log
// pruned by age, and not lost by a restart.
import type { Logger } from 'pino'
import type { Bus } from '../platform/events/bus.ts'
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signDelivery } from './signature.ts'
import type { AttemptResult, ClaimedDelivery, WebhookEvent, WebhookStore } from './store.ts'


export interface WebhookDispatcherOptions {
  bus: Bus
  store: WebhookStore
  log: Logger
  /** WEBHOOK_LOG_RETENTION_DAYS: deliveries older than this are deleted. */
  retentionDays?: number
  /** How often to look for deliveries that came due (retries, other nodes' leftovers). */
  pollMs?: number
  /** One attempt's limit, connection to last byte of the answer's head. */
  timeoutMs?: number
  pruneEveryMs?: number
}

interface Worker { running: Promise<void> | null, again: boolean }

export function startWebhookDispatcher (deps: WebhookDispatcherOptions) {
  const { bus, store, log } = deps
  const timeoutMs = deps.timeoutMs ?? 5000
  // Longer than an attempt can take, so a lease never runs out under a live attempt.
  const leaseS = Math.ceil(timeoutMs / 1000) + 25
  const workers = new Map<number, Worker>()
  const shutdown = new AbortController()
  let stopped = false

  /** Runs the endpoint's worker, or asks the running one for another pass; resolves when it is idle. */
  function poke (webhookId: number): Promise<void> {
    let worker = workers.get(webhookId)
    if (worker === undefined) workers.set(webhookId, worker = { running: null, again: false })
    if (worker.running !== null) {
      worker.again = true
      return worker.running
    }
    const w = worker
    w.running = (async () => {
      try {
        do {
          w.again = false
          await drain(webhookId)
        } while (w.again && !stopped)
      } catch (err) {
        log.warn({ err, webhookId }, 'webhook delivery round failed')
      } finally {
        w.running = null
      }
    })()
    return w.running
  }

  /** Sends the endpoint's due deliveries oldest first, one at a time; a failure pauses the endpoint. */
  async function drain (webhookId: number) {
    while (!stopped) {
      const delivery = await store.claimNext(webhookId, leaseS)
      if (delivery === undefined) return
      const result = await attempt(delivery)
      if (result === null) return store.release(delivery.id)
      await store.recordAttempt(delivery, result)
      if (!result.ok) {
        log.warn({ webhookId, delivery: delivery.id, attempt: delivery.attempts + 1, status: result.status, error: result.error }, 'webhook delivery failed; endpoint paused')
        return
      }
    }
  }

  /** One POST. null: cut short by our own shutdown (not the receiver's fault, not counted). */
  async function attempt (d: ClaimedDelivery): Promise<AttemptResult | null> {
    // Signed when sent, not when queued: a retry an hour later is still inside the receiver's replay window.
    const timestamp = Math.floor(Date.now() / 1000)
    // A timer of our own rather than AbortSignal.timeout() inside AbortSignal.any(): on Node 20 the garbage
    // collector may take that timeout signal, and an endpoint that never answers then holds its worker forever.
    const abort = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => { timedOut = true; abort.abort() }, timeoutMs)
    const onShutdown = () => abort.abort()
    shutdown.signal.addEventListener('abort', onShutdown)
    try {
      const response = await fetch(d.url, {
        method: 'POST',
        body: d.body,
        // A redirect would send the signed body somewhere the administrator did not register.
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'tianjian-webhooks/1',
          [EVENT_HEADER]: d.event,
          [DELIVERY_HEADER]: String(d.id),
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signDelivery(d.secret, timestamp, d.body)
        },
        signal: abort.signal
      })
      await response.body?.cancel().catch(() => {})
      return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` }
    } catch (err) {
      if (stopped && !timedOut) return null
      const e = err as Error & { cause?: { code?: string, message?: string } }
      return { ok: false, status: null, error: timedOut ? `no answer within ${timeoutMs} ms` : e.cause?.code ?? e.cause?.message ?? e.message }
    } finally {
      clearTimeout(timer)
      shutdown.signal.removeEventListener('abort', onShutdown)
    }
  }

  async function deliverDue () {
    if (stopped) return
    try {
      await Promise.all((await store.dueEndpoints()).map(poke))
    } catch (err) {
      log.warn({ err }, 'could not look for due webhook deliveries')
    }
  }

  async function prune () {
    try {
      const deleted = await store.prune(deps.retentionDays ?? 30)
      if (deleted > 0) log.info({ deleted, retentionDays: deps.retentionDays ?? 30 }, 'webhook delivery log pruned')
      return deleted
    } catch (err) {
      log.warn({ err }, 'could not prune the webhook delivery log')
      return 0
    }
  }

  const queue = (event: WebhookEvent, payload: unknown) => {
    store.enqueue(event, payload).then(
      (hooks) => { if (!stopped) for (const id of hooks) void poke(id) },
      (err: Error) => log.error({ err, event }, 'could not queue a webhook delivery'))
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
    }),
    bus.on('inspection.notice', (notice) => queue('inspection.notice', notice))
  ]
  // What was queued before a restart, retries whose pause ran out, and another node's expired leases.
  const poll = setInterval(() => { void deliverDue() }, deps.pollMs ?? 2000)
  const pruning = setInterval(() => { void prune() }, deps.pruneEveryMs ?? 3_600_000)
  const started = prune().then(deliverDue)

  return {
    /** Sends everything due now on every endpoint; resolves when those workers are idle again. */
    deliverDue,
    prune,
    async stop () {
      stopped = true
      for (const off of offs) off()
      clearInterval(poll)
      clearInterval(pruning)
      shutdown.abort()
      await started
      await Promise.all([...workers.values()].map((w) => w.running))
    }
  }
}
