// A client of our own live stream (GET /api/live) over fetch, for tests and the bench: gets a ticket with
// the session token (POST /api/live/ticket), opens the stream with it, parses the text/event-stream framing
// and hands each event over with the moment its bytes were read.
export interface SseEvent { event: string, data: any, receivedAt: number }

export interface SseOptions {
  /** Only these lifts' states (the stream's ?equipment=). */
  equipment?: readonly string[]
  /** Called per event instead of collecting them in `events`. */
  onEvent?: (event: SseEvent, readAt: number) => void
}

/** A single-use ticket for one live stream of this session. */
export async function liveTicket (baseUrl: string, token: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/live/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  if (response.status !== 201) throw new Error(`POST /api/live/ticket: ${response.status}`)
  return ((await response.json()) as { ticket: string }).ticket
}

export async function openSse (baseUrl: string, token: string, options: SseOptions = {}) {
  const query = new URLSearchParams({ ticket: await liveTicket(baseUrl, token) })
  if (options.equipment !== undefined) query.set('equipment', options.equipment.join(','))
  const controller = new AbortController()
  const response = await fetch(`${baseUrl}/api/live?${query.toString()}`, { signal: controller.signal })
  if (!response.ok) throw new Error(`GET /api/live: ${response.status}`)
  const events: SseEvent[] = []
  const state = { ended: false }
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        const readAt = performance.now()
        buffer += decoder.decode(value, { stream: true })
        let end
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event === undefined || data === undefined) continue
          const parsed: SseEvent = { event, data: JSON.parse(data), receivedAt: Date.now() }
          if (options.onEvent === undefined) events.push(parsed)
          else options.onEvent(parsed, readAt)
        }
      }
    } catch {}
    state.ended = true
  })()
  return { events, state, close: () => controller.abort() }
}
