// Which role sees which page. The API enforces the same rules; this only keeps people off pages that
// would answer 403.
import type { Role } from '../api/types.ts'
import { ROLES } from '../api/types.ts'

export const PAGE_ROLES = {
  home: ROLES,
  rescue: ['admin', 'dispatcher'],
  'rescue-case': ['admin', 'dispatcher', 'maintainer'],
  dispatches: ['maintainer'],
  maintenance: ['maintainer'],
  'maintenance-visit': ROLES,
  'maintenance-print': ROLES,
  'maintenance-firms': ['admin', 'dispatcher', 'inspector'],
  alerts: ['admin', 'dispatcher'],
  // A filling unit has cylinders, no lift.
  elevators: ['admin', 'dispatcher', 'maintainer', 'inspector', 'use_unit'],
  elevator: ['admin', 'dispatcher', 'maintainer', 'inspector', 'use_unit'],
  figures: ['admin', 'dispatcher', 'inspector'],
  gateways: ['admin', 'dispatcher', 'inspector'],
  system: ['admin', 'dispatcher', 'inspector'],
  audit: ['admin'],
  cylinders: ['admin', 'dispatcher', 'inspector', 'filling_unit'],
  cylinder: ['admin', 'dispatcher', 'inspector', 'filling_unit']
} as const satisfies Record<string, readonly Role[]>

export type PageName = keyof typeof PAGE_ROLES

/** The live emergency feed (open cases, the alarm) runs for these roles, on every page. */
export function followsRescues (role: Role | null): boolean {
  return role === 'admin' || role === 'dispatcher' || role === 'maintainer'
}

export function mayOpen (role: Role | null, page: PageName): boolean {
  return role !== null && (PAGE_ROLES[page] as readonly Role[]).includes(role)
}

/** The navigation a role gets, in order. */
export function navFor (role: Role | null): Array<{ name: PageName, label: string }> {
  const items: Array<{ name: PageName, label: string }> = [
    { name: 'home', label: 'nav.home' },
    { name: 'rescue', label: 'nav.rescue' },
    { name: 'dispatches', label: 'nav.dispatches' },
    { name: 'maintenance', label: 'nav.maintenance' },
    { name: 'alerts', label: 'nav.alerts' },
    { name: 'elevators', label: 'nav.elevators' },
    { name: 'cylinders', label: 'nav.cylinders' },
    { name: 'figures', label: 'nav.figures' },
    { name: 'maintenance-firms', label: 'nav.maintenanceFirms' },
    { name: 'gateways', label: 'nav.gateways' },
    { name: 'system', label: 'nav.system' },
    { name: 'audit', label: 'nav.audit' }
  ]
  return items.filter((item) => mayOpen(role, item.name))
}
