// The equipment list's filters, sort and page live in the URL query, so a list can be shared and reloaded.
// This module turns a route query into typed filters (ignoring anything invalid) and back, and into the
// query of GET /api/elevators.
import {
  ELEVATOR_KINDS, ELEVATOR_SORTS, EQUIPMENT_STATUSES, type ElevatorKind, type ElevatorSort, type EquipmentStatus
} from '../../api/types.ts'

export interface ElevatorQuery {
  districtId?: number
  useUnitId?: number
  maintenanceFirmId?: number
  status?: EquipmentStatus
  kind?: ElevatorKind
  overdue?: boolean
  online?: boolean
  q?: string
  sort: ElevatorSort
  order: 'asc' | 'desc'
}

export interface ListLocation { filters: ElevatorQuery, page: number, size: number }

export const PAGE_SIZES = [20, 50, 100] as const
const DEFAULT_SIZE = 20
export const DEFAULT_FILTERS: ElevatorQuery = { sort: 'equipmentCode', order: 'asc' }

export type RawQuery = Record<string, string | null | undefined | Array<string | null>>

export function first (value: RawQuery[string]): string | undefined {
  const v = Array.isArray(value) ? value[0] : value
  return v === null || v === undefined || v === '' ? undefined : v
}
export function positiveInt (value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined
  const n = Number(value)
  return n >= 1 ? n : undefined
}
export function oneOf<T extends string> (values: readonly T[], value: string | undefined): T | undefined {
  return values.includes(value as T) ? value as T : undefined
}
function bool (value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined
}

export function parseListQuery (query: RawQuery): ListLocation {
  const q = first(query.q)?.trim().slice(0, 100)
  const filters: ElevatorQuery = {
    districtId: positiveInt(first(query.districtId)),
    useUnitId: positiveInt(first(query.useUnitId)),
    maintenanceFirmId: positiveInt(first(query.maintenanceFirmId)),
    status: oneOf(EQUIPMENT_STATUSES, first(query.status)),
    kind: oneOf(ELEVATOR_KINDS, first(query.kind)),
    overdue: bool(first(query.overdue)),
    online: bool(first(query.online)),
    q: q === '' ? undefined : q,
    sort: oneOf(ELEVATOR_SORTS, first(query.sort)) ?? DEFAULT_FILTERS.sort,
    order: oneOf(['asc', 'desc'] as const, first(query.order)) ?? DEFAULT_FILTERS.order
  }
  const size = positiveInt(first(query.size))
  return {
    filters: dropUndefined(filters),
    page: positiveInt(first(query.page)) ?? 1,
    size: PAGE_SIZES.includes(size as typeof PAGE_SIZES[number]) ? size! : DEFAULT_SIZE
  }
}

export function dropUndefined<T extends object> (value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** The route query for a list location; defaults are left out to keep shared links short. */
export function toRouteQuery (location: ListLocation): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(location.filters)) {
    if (value === undefined || value === '') continue
    if (key === 'sort' && value === DEFAULT_FILTERS.sort) continue
    if (key === 'order' && value === DEFAULT_FILTERS.order) continue
    out[key] = String(value)
  }
  if (location.page > 1) out.page = String(location.page)
  if (location.size !== DEFAULT_SIZE) out.size = String(location.size)
  return out
}

export function toApiQuery (location: ListLocation): ElevatorQuery & { limit: number, offset: number } {
  return { ...location.filters, limit: location.size, offset: (location.page - 1) * location.size }
}

/** Changing a filter starts again at page 1; only paging keeps the page. */
export function withFilters (location: ListLocation, changes: Partial<ElevatorQuery>): ListLocation {
  return { ...location, filters: dropUndefined({ ...location.filters, ...changes }), page: 1 }
}
