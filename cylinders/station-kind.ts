// The filling station as an equipment kind: topic segment `station`, code = the station's code
// (filling_stations.code). Two channels (docs/gateway-protocol.md):
//  - `check` (request): may this cylinder be filled with this medium here, today? Answered from the
//    in-memory view (./check-view.ts) — no database round trip — on the station gateway's own reply topic.
//    A refusal is remembered (to tell a forced fill) and written to the cylinder's timeline.
//  - `fill` (telemetry): what was filled, stored in InfluxDB (cylinder_fill) and on the timeline. A fill
//    the check refused, or would refuse, raises a critical `non_compliant_filling` alert against the
//    station and a `forced_fill` timeline entry. A mass outside the cylinder's range, an unregistered
//    cylinder or another unit's cylinder is stored but flagged, and the gateway is told on `errors`.
import type { Logger } from 'pino'
import type { EquipmentKind, RequestChannel, TelemetryChannel } from '../protocol/equipment-kind.ts'
import type { PayloadError } from '../protocol/payloads.ts'
import type { Queryable } from '../platform/db/db.ts'
import type { Bus } from '../platform/events/bus.ts'
import type { Metrics } from '../platform/metrics.ts'
import type { AlertStore } from '../alerts/store.ts'
import { CheckReply, CheckRequest, FillPayload, STATION, type Fill } from './payloads.ts'
import { cylinderFillLine, type FillFlags } from './line-protocol.ts'
import type { CheckView } from './check-view.ts'
import type { RefusalReason } from './fill-check.ts'
import type { CylinderEventInput } from './store.ts'
import type { TimelineWriter } from './timeline-writer.ts'
import { placeOfStation } from './alert-places.ts'
import '../alerts/events.ts'

export const NON_COMPLIANT_FILLING = 'non_compliant_filling'

export interface StationKindDeps {
  db: Queryable
  bus: Bus
  view: CheckView
  alerts: Pick<AlertStore, 'raiseOn'>
  timeline: Pick<TimelineWriter, 'push'>
  metrics: Pick<Metrics, 'counter'>
  log: Pick<Logger, 'error'>
  /** The city's date now ('YYYY-MM-DD'): due dates are judged on it, not on UTC's. */
  today: () => string
}

/** Which of these codes name no filling station. */
export async function unknownStationCodes (db: Queryable, codes: readonly string[]): Promise<string[]> {
  const found = new Set((await db.query<{ code: string }>('select code from filling_stations where code = any($1::text[])', [codes])).map((r) => r.code))
  return codes.filter((c) => !found.has(c))
}

/** What the server found about one fill, from toLines to stored (the same record objects). */
interface FillVerdict extends FillFlags {
  fillingUnitId: number | null
  /** The reasons the fill was not compliant: the view's now, or the refusal the station was given. */
  forced: RefusalReason[] | null
}

export function createStationKind (deps: StationKindDeps): EquipmentKind {
  const { view, bus } = deps
  const checks = deps.metrics.counter('tianjian_cylinder_checks_total', 'Pre-fill checks answered, by result', ['result'])
  const allowedChecks = checks.labels('allowed')
  const refusedChecks = checks.labels('refused')
  const forcedFills = deps.metrics.counter('tianjian_cylinder_forced_fills_total', 'Fills of cylinders the pre-fill check refused')
  const verdicts = new WeakMap<object, FillVerdict>()
  // The city's date, formatted at most once a second (Intl formatting costs more than the check itself).
  let todayAt = 0
  let todayIs = ''
  const today = () => {
    const now = Date.now()
    if (now - todayAt >= 1000) { todayIs = deps.today(); todayAt = now }
    return todayIs
  }

  const check: RequestChannel<typeof CheckRequest, typeof CheckReply> = {
    type: 'request',
    schema: CheckRequest,
    reply: CheckReply,
    async answer (_gatewayId, stationCode, request) {
      const reasons = view.reasons(request.cylinder, request.medium, stationCode, today())
      if (reasons.length === 0) {
        allowedChecks.inc()
        return { allowed: true, reasons }
      }
      refusedChecks.inc()
      const now = Date.now()
      view.rememberRefusal(request.cylinder, stationCode, reasons, now)
      deps.timeline.push([{
        cylinderCode: request.cylinder, at: new Date(now), kind: 'refused', fillingUnitId: view.unitOfStation(stationCode), stationCode,
        details: { medium: request.medium, reasons, requestId: request.id }
      }])
      return { allowed: false, reasons }
    }
  }

  function judge (stationCode: string, f: Fill, now: number, errors: PayloadError[]): FillVerdict {
    const facts = view.facts(f.cylinder)
    const reasons = view.reasons(f.cylinder, f.medium, stationCode, today())
    const capacity = facts?.capacityKg ?? null
    const massInRange = f.massKg >= 0 && (capacity === null || f.massKg <= capacity)
    // Refused earlier and nothing in the registry changed since (an inspection would have): still refused.
    // A wrong medium was the question's, not the cylinder's: a fill of the registered medium is judged above.
    const refused = view.refusal(f.cylinder, stationCode, now)
    const stillRefused = refused !== undefined && (facts === undefined || facts.updatedAt <= refused.at) ? refused.reasons.filter((r) => r !== 'wrong_medium') : []
    const forced = reasons.length > 0 ? reasons : stillRefused.length > 0 ? stillRefused : null
    if (reasons.includes('unregistered')) {
      errors.push({ path: '/cylinder', reason: 'unregistered', message: `cylinder ${f.cylinder} is not registered: fill stored, flagged` })
    } else if (reasons.includes('other_unit')) {
      errors.push({ path: '/cylinder', reason: 'other_unit', message: `cylinder ${f.cylinder} belongs to another filling unit than station ${stationCode}: fill stored, flagged` })
    }
    if (!massInRange) {
      errors.push({ path: '/massKg', reason: 'mass_out_of_range', message: `massKg ${f.massKg} of cylinder ${f.cylinder} is outside 0..${capacity ?? '∞'} kg (its capacity): fill stored, flagged` })
    }
    if (forced !== null) {
      errors.push({ path: '/cylinder', reason: 'non_compliant_filling', message: `cylinder ${f.cylinder} was filled although the check refuses it (${forced.join(', ')}): stored, alert raised` })
    }
    return { reasons: forced ?? [], massInRange, fillingUnitId: view.unitOfStation(stationCode), forced }
  }

  async function raiseForcedFill (stationCode: string, gatewayId: string, f: Fill, reasons: RefusalReason[], at: number) {
    const place = await placeOfStation(deps.db, stationCode)
    if (place === undefined) return
    const alert = await deps.alerts.raiseOn({
      subject: { kind: STATION, code: stationCode }, type: NON_COMPLIANT_FILLING, severity: 'critical', source: 'forced_fill', code: f.cylinder,
      details: { cylinder: f.cylinder, medium: f.medium, reasons, massKg: f.massKg, operator: f.operator, gatewayId, filledAt: f.ts }, place, at
    })
    if (alert !== undefined) bus.emit('alert.raised', alert)
  }

  const fill: TelemetryChannel<typeof FillPayload> = {
    type: 'telemetry',
    schema: FillPayload,
    toLines (gatewayId, stationCode, records, errors) {
      const now = Date.now()
      let text = ''
      for (const f of records) {
        const verdict = judge(stationCode, f, now, errors)
        verdicts.set(f, verdict)
        text += cylinderFillLine(gatewayId, stationCode, f, verdict)
      }
      return text
    },
    stored (gatewayId, stationCode, records, receivedAt) {
      const entries: CylinderEventInput[] = []
      for (const f of records) {
        const v = verdicts.get(f)
        if (v === undefined) continue
        const flags = [...v.reasons, ...(v.massInRange ? [] : ['mass_out_of_range'])]
        entries.push({
          cylinderCode: f.cylinder, at: new Date(f.ts), kind: 'filled', fillingUnitId: v.fillingUnitId, stationCode,
          details: { medium: f.medium, massKg: f.massKg, ...(f.pressureMPa === undefined ? {} : { pressureMPa: f.pressureMPa }), operator: f.operator, ...(flags.length > 0 ? { flags } : {}) }
        })
        if (v.forced !== null) {
          forcedFills.inc()
          entries.push({ cylinderCode: f.cylinder, at: new Date(f.ts), kind: 'forced_fill', fillingUnitId: v.fillingUnitId, stationCode, details: { medium: f.medium, massKg: f.massKg, reasons: v.forced, operator: f.operator } })
          raiseForcedFill(stationCode, gatewayId, f, v.forced, receivedAt)
            .catch((err: Error) => deps.log.error({ err, stationCode, cylinder: f.cylinder }, 'could not raise the non-compliant filling alert'))
        }
      }
      deps.timeline.push(entries)
    }
  }

  return { segment: STATION, channels: { check, fill }, unknownCodes: unknownStationCodes }
}
