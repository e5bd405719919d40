// The one API client: every call to the service goes through here, so the bearer token, the 401 funnel
// (back to sign-in, page remembered) and readable errors are handled in one place. Every call names the
// dashboard's language, so the server's refusals come in the words the user reads.
import type {
  Alert, AlertCommentBody, AlertDetail, AlertStepBody, AuditEntry, AuditQuery, District, DistrictInput, Elevator, Gateway, GatewayRejection, Health, History, ListedElevator,
  LiftState, LoginAnswer, LoginBody, MaintenanceFirm, Page, PhoneReportBody, RescueActionBody, RescueCase, RescueDetail, RescueFigures, UseUnit, User,
  Incident, InspectionFigures, InspectionLift, InspectionRecord, InspectionRecordInput, InspectionStatus, LiftInspectionHistory,
  LiftMaintenance, MaintenanceDueList, MaintenanceFigures, MaintenancePhoto, MaintenanceVisit, MaintenanceVisitPatch, MaintenanceVisitStart,
  Cylinder, CylinderAlert, CylinderEvent, CylinderFigures, CylinderListQuery, FillingUnit, FillingUnitDetail, PublicCylinder, UnitToday
} from './types.ts'
import type { ElevatorQuery } from '../lib/common/list-query.ts'
import type { AlertQuery } from '../lib/alerts/alert-query.ts'
import { noteServerDate } from '../lib/common/server-clock.ts'

/** An answer that was not 2xx, or no answer at all (status 0). `message` is the server's own text, in the dashboard's language. */
export class ApiError extends Error {
  constructor (
    readonly status: number,
    message: string,
    readonly retryAfterS: number | null = null,
    /** true when the client already acted on it (a 401 sent the user to sign in) */
    readonly handled = false
  ) {
    super(message)
  }
}

interface ClientHooks { token: () => string | null, onUnauthorized: () => void, language: () => string }
let hooks: ClientHooks = { token: () => null, onUnauthorized: () => {}, language: () => 'zh-CN' }

export function configureApi (next: ClientHooks) { hooks = next }

type QueryValue = string | number | boolean | undefined | null
function withQuery (path: string, query?: Record<string, QueryValue>): string {
  if (query === undefined) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text === '' ? path : `${path}?${text}`
}

interface RequestOptions { query?: Record<string, QueryValue>, body?: unknown, okStatuses?: number[], anonymous?: boolean, accept?: string, raw?: Blob }

/** Sends a request; answers that are not 2xx (or in okStatuses) become an ApiError with the server's message. */
async function send (method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json', 'accept-language': hooks.language() }
  const token = hooks.token()
  if (token !== null && options.anonymous !== true) headers.authorization = `Bearer ${token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  // A photo goes as itself, typed by the server from its bytes.
  if (options.raw !== undefined) headers['content-type'] = options.raw.type || 'application/octet-stream'
  let response: Response
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) })
  } catch (err) {
    throw new ApiError(0, err instanceof Error ? err.message : String(err))
  }
  noteServerDate(response.headers.get('date'))
  if (response.ok || options.okStatuses?.includes(response.status)) return response
  const json = (response.headers.get('content-type') ?? '').includes('json') ? await response.json().catch(() => null) : null
  const message = typeof json?.message === 'string' ? json.message : `${response.status} ${response.statusText}`
  const retryAfter = Number(response.headers.get('retry-after'))
  if (response.status === 401 && options.anonymous !== true) {
    hooks.onUnauthorized()
    throw new ApiError(401, message, null, true)
  }
  throw new ApiError(response.status, message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null)
}

async function request<T> (method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options)
  const json = (response.headers.get('content-type') ?? '').includes('json') ? await response.json().catch(() => null) : null
  return json as T
}

const enc = encodeURIComponent

/** A searched, paged list: the query of GET /api/gateways and /api/use-units (a type: it must fit the query record). */
export type ListQuery = { q?: string, limit?: number, offset?: number }

export const api = {
  login: (username: string, password: string) => request<LoginAnswer>('POST', '/api/auth/login', { body: { username, password } satisfies LoginBody, anonymous: true }),
  logout: () => request<null>('POST', '/api/auth/logout'),
  me: () => request<User>('GET', '/api/auth/me'),

  districts: () => request<District[]>('GET', '/api/districts'),
  updateDistrict: (id: number, body: DistrictInput) => request<District>('PUT', `/api/districts/${id}`, { body }),
  /** Paged: a province has tens of thousands; `q` is part of the name. */
  useUnits: (query: ListQuery) => request<Page<UseUnit>>('GET', '/api/use-units', { query }),
  useUnit: (id: number) => request<UseUnit>('GET', `/api/use-units/${id}`),
  maintenanceFirms: () => request<MaintenanceFirm[]>('GET', '/api/maintenance-firms'),

  elevators: (query: Partial<ElevatorQuery> & { limit?: number, offset?: number }) =>
    request<Page<ListedElevator>>('GET', '/api/elevators', { query: query as Record<string, QueryValue> }),
  elevator: (code: string) => request<Elevator>('GET', `/api/elevators/${enc(code)}`),
  /** The latest state, or null when the lift has not reported yet. */
  elevatorState: (code: string) => request<LiftState | null>('GET', `/api/elevators/${enc(code)}/state`).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return null
    throw err
  }),
  history: (code: string, from: Date, to: Date) =>
    request<History>('GET', `/api/elevators/${enc(code)}/history`, { query: { from: from.toISOString(), to: to.toISOString() } }),

  /** Paged; `q` is part of the id or name. */
  gateways: (query: ListQuery) => request<Page<Gateway>>('GET', '/api/gateways', { query }),
  gatewayRejections: (id: string) => request<GatewayRejection[]>('GET', `/api/gateways/${enc(id)}/rejections`),

  /** 503 carries the same body, saying (to an admin) which part is down. */
  health: () => request<Health>('GET', '/api/health', { okStatuses: [503] }),
  /** The audit log, newest first (admin). */
  audit: (query: AuditQuery) => request<Page<AuditEntry>>('GET', '/api/audit', { query }),

  alerts: (query: AlertQuery & { limit?: number, offset?: number }) =>
    request<Page<Alert>>('GET', '/api/alerts', { query: query as Record<string, QueryValue> }),
  alert: (id: number) => request<AlertDetail>('GET', `/api/alerts/${id}`),
  alertStep: (id: number, step: 'acknowledge' | 'assign' | 'close', body: AlertStepBody) =>
    request<Alert>('POST', `/api/alerts/${id}/${step}`, { body }),
  alertComment: (id: number, comment: string) => request<null>('POST', `/api/alerts/${id}/comments`, { body: { comment } satisfies AlertCommentBody }),

  /** Open cases come longest waiting first; a maintenance firm gets the cases dispatched to it. */
  rescues: (query: { status?: string, districtId?: number, limit?: number, offset?: number }) =>
    request<Page<RescueCase>>('GET', '/api/rescues', { query }),
  rescue: (id: number) => request<RescueDetail>('GET', `/api/rescues/${id}`),
  /** A case opened from a phone call, by the 6-digit rescue ID the caller reads in the car. */
  reportCall: (rescueId: string, caller: string | undefined) => request<RescueCase>('POST', '/api/rescues', { body: { rescueId, caller } satisfies PhoneReportBody }),
  rescueAction: (id: number, body: RescueActionBody) => request<RescueCase>('POST', `/api/rescues/${id}/actions`, { body }),
  figures: (from: Date, to: Date) => request<RescueFigures>('GET', '/api/figures/rescue', { query: { from: from.toISOString(), to: to.toISOString() } }),
  /** The same figures as CSV: fetched with the session (a plain link could not carry it), handed over as a Blob. */
  figuresCsv: async (from: Date, to: Date) =>
    (await send('GET', '/api/figures/rescue', { query: { from: from.toISOString(), to: to.toISOString(), format: 'csv' }, accept: 'text/csv' })).blob(),

  /** A lift's inspection status (from its records) and its records, latest first. */
  liftInspections: (code: string) => request<LiftInspectionHistory>('GET', `/api/elevators/${enc(code)}/inspections`),
  createInspection: (body: InspectionRecordInput) => request<InspectionRecord>('POST', '/api/inspections', { body }),
  /** Lifts in use by inspection status (default: overdue, failed and due soon), soonest due first. */
  inspectionLifts: (query: { status?: InspectionStatus | 'attention', districtId?: number, q?: string, running?: boolean, limit?: number, offset?: number }) =>
    request<Page<InspectionLift>>('GET', '/api/inspections/lifts', { query }),
  incidents: (query: { from?: string, to?: string, districtId?: number, equipmentCode?: string, limit?: number, offset?: number }) =>
    request<Page<Incident>>('GET', '/api/incidents', { query }),
  /** 定检率 by district at a date (default today) with its monthly trend; the formulas come in the dashboard's language. */
  inspectionFigures: (query: { date?: string, months?: number, districtId?: number }) => request<InspectionFigures>('GET', '/api/figures/inspection', { query }),
  inspectionFiguresCsv: async (query: { date?: string, months?: number }) =>
    (await send('GET', '/api/figures/inspection', { query: { ...query, format: 'csv' }, accept: 'text/csv' })).blob(),

  /** The firm's work list (or, for others, every lift in their scope) with each lift's plan. */
  maintenanceDue: (query: { status?: string, equipmentCode?: string } = {}) => request<MaintenanceDueList>('GET', '/api/maintenance/due', { query }),
  startVisit: (body: MaintenanceVisitStart) => request<MaintenanceVisit>('POST', '/api/maintenance/visits', { body }),
  visit: (id: number) => request<MaintenanceVisit>('GET', `/api/maintenance/visits/${id}`),
  updateVisit: (id: number, body: MaintenanceVisitPatch) => request<MaintenanceVisit>('PATCH', `/api/maintenance/visits/${id}`, { body }),
  uploadPhoto: (id: number, photo: Blob) => request<MaintenancePhoto>('POST', `/api/maintenance/visits/${id}/photos`, { raw: photo }),
  deletePhoto: (id: number, photoId: number) => request<null>('DELETE', `/api/maintenance/visits/${id}/photos/${photoId}`),
  /** A photo's image, fetched with the session (an <img src> could not carry it). */
  photo: async (photoId: number) => (await send('GET', `/api/maintenance/photos/${photoId}`, { accept: 'image/*' })).blob(),
  submitVisit: (id: number, endedAt?: string) => request<MaintenanceVisit>('POST', `/api/maintenance/visits/${id}/submit`, { body: endedAt === undefined ? {} : { endedAt } }),
  confirmVisit: (id: number, name: string, signature: string) => request<MaintenanceVisit>('POST', `/api/maintenance/visits/${id}/confirm`, { body: { name, signature } }),
  liftMaintenance: (code: string) => request<LiftMaintenance>('GET', `/api/elevators/${enc(code)}/maintenance`),
  maintenanceFigures: (query: { from?: string, to?: string } = {}) => request<MaintenanceFigures>('GET', '/api/figures/maintenance', { query }),

  /** Server-side search and paging (a city holds up to a million); a filling unit gets its own. */
  cylinders: (query: CylinderListQuery) => request<Page<Cylinder>>('GET', '/api/cylinders', { query: query as Record<string, QueryValue> }),
  cylinder: (code: string) => request<Cylinder>('GET', `/api/cylinders/${enc(code)}`),
  cylinderTimeline: (code: string) => request<{ items: CylinderEvent[] }>('GET', `/api/cylinders/${enc(code)}/timeline`),
  fillingUnits: () => request<FillingUnit[]>('GET', '/api/filling-units'),
  fillingUnit: (id: number) => request<FillingUnitDetail>('GET', `/api/filling-units/${id}`),
  fillingUnitToday: (id: number) => request<UnitToday>('GET', `/api/filling-units/${id}/today`),
  cylinderFigures: (query: { at?: string, by?: 'unit' | 'district' } = {}) => request<CylinderFigures>('GET', '/api/figures/cylinders', { query }),
  cylinderAlerts: (query: { open?: boolean, fillingUnitId?: number } = {}) => request<{ items: CylinderAlert[] }>('GET', '/api/cylinder-alerts', { query }),
  /** No sign-in: what a phone shows when it scans a cylinder's mark. */
  publicCylinder: (code: string) => request<PublicCylinder>('GET', `/api/public/cylinders/${enc(code)}`, { anonymous: true }),

  /**
   * EventSource cannot send headers, and a session token must not travel in a URL: each stream opens with a
   * single-use ticket fetched with the session (POST /api/live/ticket), valid for seconds.
   */
  liveUrl: async (equipment?: string[]) => {
    const { ticket } = await request<{ ticket: string }>('POST', '/api/live/ticket')
    const url = withQuery('/api/live', { ticket, equipment: equipment?.join(',') })
    // An empty list means "no lifts" (presence, alerts and rescue cases only); withQuery would drop it,
    // and a stream without `equipment` carries every lift's states.
    return equipment !== undefined && equipment.join(',') === '' ? `${url}&equipment=` : url
  }
}
