// Telemetry reads: the latest state of a lift and its history from InfluxDB (downsampled for long ranges so
// a chart gets at most HISTORY_MAX_POINTS points). The live stream is live/live-route.ts.
import { Type } from 'typebox'
import type { RegistryStore } from '../registry/store.ts'
import type { LatestStates } from './latest-state.ts'
import { influxString, seriesRows, type InfluxClient } from '../platform/influx/client.ts'
import { requireRole, scopeOf } from '../platform/http/auth.ts'
import { HttpError } from '../platform/http/errors.ts'
import { msg } from '../platform/messages/message.ts'
import { errorResponses } from '../platform/http/schemas.ts'
import type { ApiApp, RoutePlugin } from '../platform/http/route-plugin.ts'
import { History, LiftState } from './telemetry-schemas.ts'
import { storedFlags } from './state-flags.ts'
import './messages.ts'

const HistoryQuery = Type.Object({
  from: Type.String({ format: 'date-time', description: 'ISO 8601 start' }),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601 end, default now' }))
}, { additionalProperties: false })

const MAX_RANGE_DAYS = 400
const MAX_RANGE_MS = MAX_RANGE_DAYS * 86_400_000

/** The coarsest of these that keeps the point count under the limit: chart axes stay readable. */
const INTERVALS_S = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400]
export function chooseInterval (rangeMs: number, maxPoints: number): number | null {
  if (rangeMs / 1000 <= maxPoints) return null
  return INTERVALS_S.find((s) => rangeMs / (s * 1000) <= maxPoints) ?? 86400 * Math.ceil(rangeMs / 86_400_000 / maxPoints)
}

interface TelemetryRouteDeps {
  registry: RegistryStore, latest: LatestStates, influx: InfluxClient, maxPoints: number
}

export const telemetryRoutes = (deps: TelemetryRouteDeps): RoutePlugin => (app) => registerTelemetryRoutes(app, deps)

function registerTelemetryRoutes (app: ApiApp, deps: TelemetryRouteDeps) {
  const anyone = requireRole()
  app.addSchema(LiftState)

  async function liftInScope (request: { user: Parameters<typeof scopeOf>[0] | null }, code: string) {
    const lift = await deps.registry.getElevator(scopeOf(request.user!), code)
    if (lift === undefined) throw new HttpError(404, msg('elevator.not_in_scope'))
    return lift
  }

  app.get('/api/elevators/:code/state', {
    schema: { tags: ['telemetry'], summary: 'Latest reported state of a lift', params: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }), response: { 200: Type.Ref('LiftState'), ...errorResponses(401, 404) } },
    preHandler: anyone
  }, async (request) => {
    const { code } = request.params
    await liftInScope(request, code)
    const state = await deps.latest.get(code)
    if (state === undefined) throw new HttpError(404, msg('elevator.not_reported'))
    return { equipmentCode: code, ...state }
  })

  app.get('/api/elevators/:code/history', {
    schema: {
      tags: ['telemetry'], summary: 'State history of a lift; ranges longer than the point limit are downsampled (last value per interval, max speed)',
      params: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }), querystring: HistoryQuery,
      response: { 200: History, ...errorResponses(400, 401, 404, 503) }
    },
    preHandler: anyone
  }, async (request) => {
    const { code } = request.params
    const q = request.query
    const from = Date.parse(q.from)
    const to = q.to === undefined ? Date.now() : Date.parse(q.to)
    if (!(from < to)) throw new HttpError(400, msg('period.from_before_to'))
    if (to - from > MAX_RANGE_MS) throw new HttpError(400, msg('period.too_long', { days: MAX_RANGE_DAYS }))
    await liftInScope(request, code)
    const interval = chooseInterval(to - from, deps.maxPoints)
    const where = `WHERE equipment = ${influxString(code)} AND time >= ${from}ms AND time < ${to}ms`
    // Both layouts: the packed `flags`, and the boolean fields of points before 0.2.0 (state-flags.ts).
    const sql = interval === null
      ? `SELECT floor, mode, flags, moving, occupied, door_closed, speed, load FROM elevator_state ${where} ORDER BY time ASC LIMIT ${deps.maxPoints}`
      : `SELECT last(floor) AS floor, last(mode) AS mode, last(flags) AS flags, last(moving) AS moving, last(occupied) AS occupied, last(door_closed) AS door_closed, max(speed) AS speed, max(load) AS load FROM elevator_state ${where} GROUP BY time(${interval}s) fill(none)`
    let rows
    try {
      rows = seriesRows((await deps.influx.query(sql))[0])
    } catch (err) {
      request.log.warn({ err }, 'history query failed')
      throw new HttpError(503, msg('timeseries.unavailable'))
    }
    // InfluxDB answers numbers and booleans as JSON ones (time as epoch ms); a field a point lacks is null.
    const num = (v: unknown) => (typeof v === 'number' ? v : null)
    return {
      intervalS: interval,
      points: rows.map((r) => {
        const f = storedFlags(r)
        return { t: Number(r.time), floor: num(r.floor), mode: num(r.mode), moving: f.moving, occupied: f.occupied, doorClosed: f.doorClosed, speed: num(r.speed), load: num(r.load) }
      })
    }
  })
}
