// A real server-sent-events client over fetch: collects events as they arrive.
export interface SseEvent { event: string, data: any, receivedAt: number }

export async function openSse (url: string) {
  const controller = new AbortController()
  const response = await fetch(url, { signal: controller.signal })
  if (!response.ok) throw new Error(`SSE ${url}: ${response.status}`)
  const events: SseEvent[] = []
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += decoder.decode(value, { stream: true })
        let end
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data), receivedAt: Date.now() })
        }
      }
    } catch {}
  })()
  return { events, close: () => controller.abort() }
}
