// Health of the parts a dispatcher depends on, as GET /api/health (and /health) answers.
import { Type } from 'typebox'
import { literals, Nullable } from '../platform/http/schema-blocks.ts'

const Part = Type.Object({ up: Type.Boolean(), detail: Type.String() })
export const Health = Type.Object({
  status: literals(['ok', 'degraded']),
  broker: Part,
  influx: Type.Object({ ...Part.properties, version: Nullable(Type.String()), backlogPoints: Type.Integer({ description: 'points durable on disk, not yet in InfluxDB' }), spoolBytes: Type.Integer({ description: 'size of the write-ahead log on disk; shipped segments are recycled' }) }),
  database: Part,
  redis: Nullable(Type.Object(Part.properties, { description: 'the cluster\'s Redis; null when the process runs alone (no REDIS_URL)' }))
})
