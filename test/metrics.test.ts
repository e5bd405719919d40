// Hot-path counters (platform/metrics.ts `tallied`): plain additions that prom-client hears of when the
// registry is read. What a scrape shows must be what plain prom-client counters would show.
import { describe, expect, it } from 'vitest'
import { createMetrics } from '../platform/metrics.ts'

describe('tallied counters', () => {
  it('read the same as counters, label set by label set, however often they are read', async () => {
    const metrics = createMetrics()
    const state = metrics.mqttMessages.tally({ kind: 'state' })
    const event = metrics.mqttMessages.tally({ kind: 'event' })
    // A label set never counted is not shown, as with a prom-client child never incremented.
    metrics.mqttMessages.tally({ kind: 'never' })
    state.inc()
    state.inc(2)
    event.inc()
    let text = await metrics.registry.getSingleMetricAsString('tianjian_mqtt_messages_total')
    expect(text).toContain('tianjian_mqtt_messages_total{kind="state"} 3')
    expect(text).toContain('tianjian_mqtt_messages_total{kind="event"} 1')
    expect(text).not.toContain('never')
    // Read again with nothing new: nothing counted twice.
    text = await metrics.registry.metrics()
    expect(text).toContain('tianjian_mqtt_messages_total{kind="state"} 3')
    state.inc()
    // The same label set gives the same tally.
    metrics.mqttMessages.tally({ kind: 'state' }).inc()
    text = await metrics.registry.getSingleMetricAsString('tianjian_mqtt_messages_total')
    expect(text).toContain('tianjian_mqtt_messages_total{kind="state"} 5')
    expect(text).toContain('tianjian_mqtt_messages_total{kind="event"} 1')
  })

  it('count without labels too, beside increments made on the counter itself', async () => {
    const metrics = createMetrics()
    const skipped = metrics.tallied('test_skipped_total', 'test').tally()
    const counter = metrics.registry.getSingleMetric('test_skipped_total') as unknown as { inc (by?: number): void }
    skipped.inc()
    counter.inc(10)
    skipped.inc()
    expect(await metrics.registry.getSingleMetricAsString('test_skipped_total')).toContain('test_skipped_total 12')
  })
})
