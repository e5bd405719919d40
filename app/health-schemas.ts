// Health of the parts a dispatcher depends on, as GET /api/health (and /health) answers. Anyone may ask
// whether the service is up (the status code and `status`); what each part is doing is for administrators.
import { Type } from 'typebox'
import { literals, Nullable } from '../platform/http/schema-blocks.ts'

const Part = Type.Object({
  up: Type.Boolean(),
  code: Type.String({ description: 'stable key of the part\'s state (health.influx_unreachable, …): branch on this' }),
  detail: Type.String({ description: 'the same for a person, in the language of Accept-Language' })
})
export const Health = Type.Object({
  status: literals(['ok', 'degraded']),
  broker: Type.Optional(Part),
  influx: Type.Optional(Type.Object({ ...Part.properties, version: Nullable(Type.String()), backlogPoints: Type.Integer({ description: 'points durable on disk, not yet in InfluxDB' }), spoolBytes: Type.Integer({ description: 'size of the write-ahead log on disk; shipped segments are recycled' }), spoolFull: Type.Boolean({ description: 'what waits for InfluxDB has reached SPOOL_MAX_MB: gateways\' acknowledgements wait until InfluxDB takes the backlog' }), spoolLimitBytes: Nullable(Type.Integer({ description: 'SPOOL_MAX_MB in bytes; null where this process runs no broker' })) })),
  database: Type.Optional(Part),
  redis: Type.Optional(Nullable(Type.Object(Part.properties, { description: 'the cluster\'s Redis; null when the process runs alone (no REDIS_URL)' })))
}, { description: 'status only, unless the caller is a signed-in administrator' })
