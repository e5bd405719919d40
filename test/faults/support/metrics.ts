// Reads Prometheus text (GET /metrics) the way a scrape would: one sample per line, `name{labels} value`.
export interface Sample { name: string, labels: Record<string, string>, value: number }

export function parseMetrics (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line)
    if (match === null) continue
    const labels: Record<string, string> = {}
    for (const l of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The sum of a metric's samples whose labels include `where`. */
export function metricSum (samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0)
}

export async function scrape (httpUrl: string): Promise<Sample[]> {
  const response = await fetch(`${httpUrl}/metrics`)
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`)
  return parseMetrics(await response.text())
}
