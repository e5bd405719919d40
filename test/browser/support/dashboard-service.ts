// A whole service for the browser tests: the seeded test registry, one user per role, and a gateway that
// publishes over real MQTT. `env` sets the service's configuration (a short entrapment threshold, say).
import type { MqttClient } from 'mqtt'
import { startTestService, ADMIN_PASSWORD, type TestService } from '../../support/service.ts'
import { provisionGateway, seedRegistry } from '../../support/fixtures.ts'
import { connectGateway } from '../../support/mqtt.ts'
import { ensureDashboardBuilt } from './build.ts'

export const PASSWORDS = {
  admin: ADMIN_PASSWORD,
  dispatcher: 'dispatcher-password',
  inspector: 'inspector-password',
  'firm-a': 'firm-a-password',
  hospital: 'hospital-password'
} as const

export interface DashboardService {
  service: TestService
  baseUrl: string
  seed: Awaited<ReturnType<typeof seedRegistry>>
  gatewayId: string
  gateway: MqttClient
  /** Publishes one state of a lift as the gateway, QoS 1: it is stored when this resolves. */
  publishState (code: string, state: Partial<LiftStateInput>): Promise<void>
  /** Publishes a GB/T 24476 event (a fault code starting or ending) as the gateway, QoS 1. */
  publishEvent (code: string, event: { code: string, active: boolean }): Promise<void>
  stop (): Promise<void>
}

interface LiftStateInput { mode: number, moving: boolean, dir: number, floor: number, doorZone: boolean, doorClosed: boolean, occupied: boolean, speed: number }
const RESTING: LiftStateInput = { mode: 1, moving: false, dir: 0, floor: 1, doorZone: true, doorClosed: true, occupied: false, speed: 0 }

export async function startDashboardService (env: Record<string, string> = {}): Promise<DashboardService> {
  await ensureDashboardBuilt()
  const service = await startTestService(env)
  try {
    const seed = await seedRegistry(service.registry, 4)
    const users = [
      { username: 'dispatcher', displayName: '调度员小王', role: 'dispatcher' as const, maintenanceFirmId: null, useUnitId: null },
      { username: 'inspector', displayName: '监察员老李', role: 'inspector' as const, maintenanceFirmId: null, useUnitId: null },
      { username: 'firm-a', displayName: '通力维保张工', role: 'maintainer' as const, maintenanceFirmId: seed.firmA.id, useUnitId: null },
      { username: 'hospital', displayName: '医院设备科', role: 'use_unit' as const, maintenanceFirmId: null, useUnitId: seed.useUnit.id }
    ]
    for (const u of users) await service.users.create({ ...u, password: PASSWORDS[u.username as keyof typeof PASSWORDS] })
    const gatewayId = 'gw-hospital'
    const { secret } = await provisionGateway(service.gateways, gatewayId, seed.codes.slice(0, 3))
    const gateway = await connectGateway(service.mqttPort!, gatewayId, secret)
    await gateway.publishAsync(`se/v1/${gatewayId}/status`, JSON.stringify({ online: true, fw: '2.4.1' }), { qos: 1, retain: true })
    return {
      service,
      baseUrl: service.httpUrl!.replace('0.0.0.0', '127.0.0.1'),
      seed,
      gatewayId,
      gateway,
      async publishState (code, state) {
        await gateway.publishAsync(`se/v1/${gatewayId}/elevator/${code}/state`, JSON.stringify({ ...RESTING, ts: Date.now(), ...state }), { qos: 1 })
      },
      async publishEvent (code, event) {
        await gateway.publishAsync(`se/v1/${gatewayId}/elevator/${code}/event`, JSON.stringify({ ts: Date.now(), ...event }), { qos: 1 })
      },
      async stop () {
        gateway.end(true)
        await service.stop()
      }
    }
  } catch (err) {
    await service.stop()
    throw err
  }
}
