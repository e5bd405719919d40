// The one live transport: wraps EventSource on GET /api/live. The browser's own retry is not enough: it
// gives up on an HTTP error and never tells us what we missed. So on any error we close the stream, wait
// with exponential backoff (with jitter, so a thousand screens do not return at the same instant), check
// the session, reconnect, and on every (re)connect ask the page to resync: re-fetch current state, so
// nothing published while we were away stays stale on screen.
import type { AlertChange, LiftState, Notice, Presence, RescueChange } from '../api/types.ts'

export type LiveStatus =
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'reconnecting', inMs: number, attempt: number }
  | { kind: 'closed' }

/**
 * 'all' = every lift in the user's scope; 'none' = no lift states (gateway presence, alerts and rescue cases
 * only); or a list of codes.
 */
export type LiveEquipment = 'all' | 'none' | readonly string[]

export interface LiveSubscription {
  equipment: LiveEquipment
  onState?: (state: LiftState) => void
  onPresence?: (presence: Presence) => void
  /** An alert raised or changed on a lift in the user's scope (whatever `equipment` says). */
  onAlert?: (change: AlertChange) => void
  /** A rescue case opened, moved, escalated or warned; a maintenance firm gets the cases dispatched to it. */
  onRescue?: (change: RescueChange) => void
  /** A supervision notice (督办通知) about a lift in the user's scope. */
  onNotice?: (notice: Notice) => void
  /** Called after every successful reconnect, and after the first connect unless resyncOnFirstOpen is false. */
  onResync?: () => void | Promise<void>
  /**
   * false when the page has just loaded its data and a re-fetch right after the first connect would only
   * repeat it (a list page: the window between its fetch and the stream opening is milliseconds).
   */
  resyncOnFirstOpen?: boolean
  onStatus?: (status: LiveStatus) => void
}

export interface LiveTransport {
  /** URL of a stream for these lifts (with a fresh single-use ticket). */
  url: (equipment: string[] | undefined) => Promise<string>
  /** Asked after a failure; lets the API client notice an ended session (401 → sign-in). */
  checkSession: () => Promise<unknown>
  openSource?: (url: string) => EventSource
  initialDelayMs?: number
  maxDelayMs?: number
}

function equipmentParam (equipment: LiveEquipment): string[] | undefined {
  if (equipment === 'all') return undefined
  // An empty list after splitting means "no lifts": the stream then carries no states, only presence,
  // alerts and rescue cases.
  if (equipment === 'none' || equipment.length === 0) return ['']
  return [...equipment]
}

export function subscribeLive (subscription: LiveSubscription, transport: LiveTransport): () => void {
  const initialDelay = transport.initialDelayMs ?? 1000
  const maxDelay = transport.maxDelayMs ?? 30_000
  const open = transport.openSource ?? ((url: string) => new EventSource(url))
  let source: EventSource | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let attempt = 0
  let opened = false
  let stopped = false

  const status = (s: LiveStatus) => { if (!stopped) subscription.onStatus?.(s) }
  const parse = <T>(event: MessageEvent): T | null => {
    try { return JSON.parse(event.data as string) as T } catch { return null }
  }

  function connect () {
    timer = null
    if (stopped) return
    status({ kind: 'connecting' })
    transport.url(equipmentParam(subscription.equipment)).then((url) => {
      if (stopped || timer !== null || source !== null) return
      listen(open(url))
    }, () => {
      // No ticket (network down, session ended): the backoff asks the session again before the next try.
      if (!stopped && timer === null && source === null) scheduleReconnect()
    })
  }

  function listen (es: EventSource) {
    source = es
    es.addEventListener('open', () => {
      attempt = 0
      status({ kind: 'open' })
      const first = !opened
      opened = true
      if (first && subscription.resyncOnFirstOpen === false) return
      void Promise.resolve(subscription.onResync?.()).catch(() => { /* the page reports its own fetch errors */ })
    })
    es.addEventListener('state', (event) => {
      const state = parse<LiftState>(event as MessageEvent)
      if (state !== null) subscription.onState?.(state)
    })
    es.addEventListener('presence', (event) => {
      const presence = parse<Presence>(event as MessageEvent)
      if (presence !== null) subscription.onPresence?.(presence)
    })
    es.addEventListener('alert', (event) => {
      const change = parse<AlertChange>(event as MessageEvent)
      if (change !== null) subscription.onAlert?.(change)
    })
    es.addEventListener('rescue', (event) => {
      const change = parse<RescueChange>(event as MessageEvent)
      if (change !== null) subscription.onRescue?.(change)
    })
    es.addEventListener('notice', (event) => {
      const notice = parse<Notice>(event as MessageEvent)
      if (notice !== null) subscription.onNotice?.(notice)
    })
    es.addEventListener('error', () => {
      if (stopped || source !== es) return
      es.close()
      source = null
      scheduleReconnect()
    })
  }

  function scheduleReconnect () {
    const base = Math.min(maxDelay, initialDelay * 2 ** attempt)
    const delay = Math.round(base * (0.5 + Math.random() * 0.5))
    attempt++
    status({ kind: 'reconnecting', inMs: delay, attempt })
    timer = setTimeout(() => {
      void transport.checkSession().catch(() => { /* network still down: try the stream anyway */ }).finally(() => {
        if (!stopped && timer === null && source === null) connect()
      })
      timer = null
    }, delay)
  }

  // Back online: do not wait for the rest of the backoff.
  const onOnline = () => {
    if (stopped || source !== null || timer === null) return
    clearTimeout(timer)
    timer = null
    connect()
  }
  window.addEventListener('online', onOnline)

  connect()
  return () => {
    stopped = true
    window.removeEventListener('online', onOnline)
    if (timer !== null) clearTimeout(timer)
    source?.close()
    source = null
    subscription.onStatus?.({ kind: 'closed' })
  }
}
