// Settings for a scenario whose few gateways stand in for a city's load: each gateway's message-rate
// budget (MQTT_GATEWAY_RATE, ingest/rate-budget.ts) would otherwise pace them at 50 messages a second, and the
// scenario would measure the budget instead of what it is about (an outage, a kill, a full disk).
export const LOAD_BUDGET = { MQTT_GATEWAY_RATE: '1000000', MQTT_GATEWAY_BURST: '1000000' }
