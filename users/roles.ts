// The roles a user may have: shared by the store, the API schemas and the dashboard's menus.
export const ROLES = ['admin', 'dispatcher', 'maintainer', 'inspector', 'use_unit'] as const
export type Role = typeof ROLES[number]
