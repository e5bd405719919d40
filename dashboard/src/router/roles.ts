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
  'spot-checks': ['admin', 'inspector'],
  'inspection-report': ['admin', 'dispatcher', 'inspector'],
  dangers: ['admin', 'dispatcher', 'inspector', 'maintainer', 'use_unit'],
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

export interface NavItem { name: PageName, label: string, group?: 'supervision' }

/**
 * The navigation a role gets, in order. Items of a group fold into one menu when the role has two or more
 * of them (the inspector's supervision pages), so a role with many pages keeps a bar that fits.
 */
export function navFor (role: Role | null): NavItem[] {
  const items: NavItem[] = [
    { name: 'home', label: 'nav.home' },
    { name: 'rescue', label: 'nav.rescue' },
    { name: 'dispatches', label: 'nav.dispatches' },
    { name: 'maintenance', label: 'nav.maintenance' },
    { name: 'alerts', label: 'nav.alerts' },
    { name: 'elevators', label: 'nav.elevators' },
    { name: 'cylinders', label: 'nav.cylinders' },
    { name: 'figures', label: 'nav.figures' },
    { name: 'spot-checks', label: 'nav.spotChecks', group: 'supervision' },
    { name: 'dangers', label: 'nav.dangers', group: 'supervision' },
    { name: 'maintenance-firms', label: 'nav.maintenanceFirms', group: 'supervision' },
    { name: 'gateways', label: 'nav.gateways' },
    { name: 'system', label: 'nav.system' },
    { name: 'audit', label: 'nav.audit' }
  ]
  return items.filter((item) => mayOpen(role, item.name))
}

/** The bar as shown: single pages, and groups of two or more pages as one entry, in the order of their first page. */
export function navBar (role: Role | null): Array<NavItem | { group: 'supervision', label: string, items: NavItem[] }> {
  const items = navFor(role)
  const bar: Array<NavItem | { group: 'supervision', label: string, items: NavItem[] }> = []
  for (const item of items) {
    const members = item.group === undefined ? [] : items.filter((i) => i.group === item.group)
    if (members.length < 2) bar.push(item)
    else if (members[0] === item) bar.push({ group: item.group!, label: `nav.${item.group!}`, items: members })
  }
  return bar
}
