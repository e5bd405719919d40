// `npm start`: one process runs everything by default; ROLE=broker or ROLE=api runs one half against a
// shared PostgreSQL server.
import pino from 'pino'
import { loadConfig, ConfigError } from '../platform/config.ts'
import { startService } from './service.ts'

let config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`configuration error: ${err.message}`)
    process.exit(2)
  }
  throw err
}

const log = pino({ level: config.logLevel, redact: ['req.headers.authorization', '*.password', '*.secret', '*.token'] })
const service = await startService(config, log).catch((err: Error) => {
  log.fatal({ err }, `start-up failed: ${err.message}`)
  process.exit(1)
})
log.info({ http: service.httpUrl, mqttPort: service.mqttPort, influx: service.influxUrl, role: config.role }, 'Tianjian is running')

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    service.close().then(() => process.exit(0), () => process.exit(1))
  })
}
