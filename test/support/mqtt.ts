import mqtt, { type MqttClient } from 'mqtt'

export function connectGateway (port: number, username: string, password: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      username, password, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, clientId: `${username}-${Math.random().toString(16).slice(2, 8)}`, ...options
    })
    client.once('connect', () => resolve(client))
    client.once('error', (err) => { client.end(true); reject(err) })
    // Closed without a CONNACK (a full broker drops the connection as it accepts it).
    client.once('close', () => { client.end(true); reject(new Error('connection closed before CONNACK')) })
  })
}

/** Collects what arrives on a topic filter. */
export async function collect (client: MqttClient, filter: string) {
  const messages: Array<{ topic: string, payload: any }> = []
  client.on('message', (topic, payload) => { messages.push({ topic, payload: JSON.parse(payload.toString()) }) })
  const granted = await client.subscribeAsync(filter, { qos: 0 })
  return { messages, granted }
}

export async function until<T> (check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
