// Which role sees which page. The API enforces the same rules; this only keeps people off pages that
// would answer 403.
import type { Role } from '../api/types.ts'
import { ROLES } from '../api/types.ts'

export const PAGE_ROLES = {
  home: ROLES,
  elevators: ROLES,
  elevator: ROLES,
  gateways: ['admin', 'dispatcher', 'inspector'],
  system: ['admin', 'dispatcher', 'inspector']
} as const satisfies Record<string, readonly Role[]>

export type PageName = keyof typeof PAGE_ROLES

export function mayOpen (role: Role | null, page: PageName): boolean {
  return role !== null && (PAGE_ROLES[page] as readonly Role[]).includes(role)
}

/** The navigation a role gets, in order. */
export function navFor (role: Role | null): Array<{ name: PageName, label: string }> {
  const items: Array<{ name: PageName, label: string }> = [
    { name: 'home', label: 'nav.home' },
    { name: 'elevators', label: 'nav.elevators' },
    { name: 'gateways', label: 'nav.gateways' },
    { name: 'system', label: 'nav.system' }
  ]
  return items.filter((item) => mayOpen(role, item.name))
}
