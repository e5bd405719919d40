// A client of our own live stream (GET /api/live) over fetch, for tests and the bench: parses the
// text/event-stream framing and hands each event over with the moment its bytes were read.
export interface SseEvent { event: string, data: any, receivedAt: number }

export async function openSse (url: string, onEvent?: (event: SseEvent, readAt: number) => void) {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  if (!response.ok) throw new Error(`GET ${url.split('?')[0]}: ${response.status}`)
  const events: SseEvent[] = []
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
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
          if (onEvent === undefined) events.push(parsed)
          else onEvent(parsed, readAt)
        }
      }
    } catch {}
  })()
  return { events, close: () => controller.abort() }
}
