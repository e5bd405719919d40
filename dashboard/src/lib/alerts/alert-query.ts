// The alert list's filters and page live in the URL query, like the equipment list's: a list can be shared
// and reloaded. Without a status in the URL the list shows open alerts; `status=all` shows every status.
import { ALERT_STATUSES, SEVERITIES, type AlertFilter } from '../../api/types.ts'
import { dropUndefined, first, oneOf, positiveInt, type RawQuery } from '../common/list-query.ts'

/** The filters, exactly as the server takes them. */
export type AlertQuery = AlertFilter

export interface AlertLocation { filters: AlertQuery, page: number, size: number }

export const ALERT_PAGE_SIZE = 20
const STATUS_VALUES = ['open', 'all', ...ALERT_STATUSES] as const

export function parseAlertQuery (query: RawQuery): AlertLocation {
  const status = oneOf(STATUS_VALUES, first(query.status)) ?? 'open'
  const type = first(query.type)
  const code = first(query.equipmentCode)
  return {
    filters: dropUndefined({
      status: status === 'all' ? undefined : status,
      type: type !== undefined && /^[a-z_.0-9]+\*?$/.test(type) ? type : undefined,
      severity: oneOf(SEVERITIES, first(query.severity)),
      districtId: positiveInt(first(query.districtId)),
      maintenanceFirmId: positiveInt(first(query.maintenanceFirmId)),
      equipmentCode: code !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(code) ? code : undefined
    }),
    page: positiveInt(first(query.page)) ?? 1,
    size: ALERT_PAGE_SIZE
  }
}

export function toAlertRouteQuery (location: AlertLocation): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(location.filters)) {
    if (value !== undefined && value !== '' && !(key === 'status' && value === 'open')) out[key] = String(value)
  }
  if (location.filters.status === undefined) out.status = 'all'
  if (location.page > 1) out.page = String(location.page)
  return out
}

export function toAlertApiQuery (location: AlertLocation): AlertQuery & { limit: number, offset: number } {
  return { ...location.filters, limit: location.size, offset: (location.page - 1) * location.size }
}

/** Changing a filter starts again at page 1. `status: undefined` means every status. */
export function withAlertFilters (location: AlertLocation, changes: Partial<AlertQuery>): AlertLocation {
  return { ...location, filters: dropUndefined({ ...location.filters, ...changes }), page: 1 }
}
