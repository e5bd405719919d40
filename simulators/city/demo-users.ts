// One login per role for the demo, with passwords printed by `npm run demo` and listed in
// docs/simulators.md. Demo data only: a real installation creates its users through the API.
import type { UserStore } from '../../users/store.ts'
import type { Role } from '../../platform/http/roles.ts'

export interface DemoUser { username: string, password: string, role: Role, displayName: string, sees: string }

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', password: 'tianjian-admin', role: 'admin', displayName: '系统管理员', sees: 'everything; registry, gateways and users' },
  { username: 'dispatcher', password: 'tianjian-dispatcher', role: 'dispatcher', displayName: '应急处置中心值班员', sees: 'every lift; entrapments and the rescue workflow' },
  { username: 'maintainer', password: 'tianjian-maintainer', role: 'maintainer', displayName: '维保技术员', sees: 'the lifts of 青海昆仑电梯工程有限公司, the largest firm' },
  { username: 'inspector', password: 'tianjian-inspector', role: 'inspector', displayName: '特种设备安全监察员', sees: 'every lift; inspection due dates and rates' },
  { username: 'useunit', password: 'tianjian-useunit', role: 'use_unit', displayName: '使用单位安全管理员', sees: 'the lifts of the first hospital of the seed' },
  { username: 'fillingunit', password: 'tianjian-fillingunit', role: 'filling_unit', displayName: '充装单位安全管理员', sees: 'the cylinders, stations and fills of 西宁市城东液化气充装站' }
]

/** Creates the demo users that do not exist yet (the service creates `admin` itself on first start). */
export async function ensureDemoUsers (users: UserStore, scope: { maintenanceFirmId: number, useUnitId: number, fillingUnitId?: number | null }): Promise<string[]> {
  const existing = new Set((await users.list()).map((u) => u.username))
  const created: string[] = []
  for (const u of DEMO_USERS) {
    if (existing.has(u.username)) continue
    // A city seeded without cylinders has no filling unit to sign in for.
    if (u.role === 'filling_unit' && scope.fillingUnitId == null) continue
    await users.create({
      username: u.username, displayName: u.displayName, password: u.password, role: u.role,
      maintenanceFirmId: u.role === 'maintainer' ? scope.maintenanceFirmId : null,
      useUnitId: u.role === 'use_unit' ? scope.useUnitId : null,
      fillingUnitId: u.role === 'filling_unit' ? scope.fillingUnitId ?? null : null
    })
    created.push(u.username)
  }
  return created
}
