// The roles a user may have: what the API's role checks name, shared by the users store, the API schemas
// and the dashboard's menus.
export const ROLES = ['admin', 'dispatcher', 'maintainer', 'inspector', 'use_unit', 'filling_unit'] as const
export type Role = typeof ROLES[number]
