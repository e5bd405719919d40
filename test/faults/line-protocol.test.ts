// Issue #9 item 2 (every string field escaped for line protocol, the log split by record): a
// gateway's free-text field holding newlines, quotes and backslashes is stored as sent, and cannot forge a
// point for another gateway's lift.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MqttClient } from 'mqtt'
import { createTestDatabase, startTestService, type TestService } from '../support/service.ts'
import { provisionGateway, seedRegistry } from '../support/fixtures.ts'
import { connectGateway } from '../support/mqtt.ts'
import { createInfluxClient, seriesRows } from '../../platform/influx/client.ts'
import { metricSum, scrape } from './support/metrics.ts'

let service: TestService
let client: MqttClient

beforeAll(async () => {
  service = await startTestService({ DATABASE_URL: await createTestDatabase() })
  const { codes, cityDistrict, useUnit } = await seedRegistry(service.registry, 1)
  // The victim's lift and gateway have short names, so that a forged line fits in the 64 characters of `fw`.
  await service.registry.upsertElevator({
    equipmentCode: 'V', rescueId: '999999', kind: 'traction', status: 'in_use', address: '西宁市', building: null, floors: 9, districtId: cityDistrict.id,
    useUnitId: useUnit.id, maintenanceFirmId: null, publicPlace: false, lastInspectionDate: null, nextInspectionDate: null
  })
  await provisionGateway(service.gateways, 'v', ['V'])
  const { secret } = await provisionGateway(service.gateways, 'gw-inj', [codes[0]!])
  client = await connectGateway(service.mqttPort!, 'gw-inj', secret)
})
afterAll(async () => {
  client?.end(true)
  await service?.stop()
})

describe('line-protocol injection', () => {
  it('stores a hostile firmware string as sent and forges nothing', async () => {
    const ts = Date.now() - 10_000
    const forged = `"\nelevator_state,equipment=V,gateway=v trips=666i ${ts}\n`
    const hostile = [forged, 'a\\', 'b"c\\"', 'line1\r\nline2', '\\n literally'].map((fw) => fw.slice(0, 64))
    for (const [i, fw] of hostile.entries()) {
      await client.publishAsync('se/v1/gw-inj/status', JSON.stringify({ ts: ts + i, online: true, fw }), { qos: 1 })
    }
    expect(await service.shipper!.drain()).toBe(true)
    const influx = createInfluxClient({ url: service.influx.url, database: service.influx.database })
    expect((await influx.query('SELECT trips FROM elevator_state WHERE equipment = \'V\'')).length).toBe(0)
    const stored = seriesRows((await influx.query('SELECT fw FROM gateway_status WHERE gateway = \'gw-inj\''))[0]).map((r) => r.fw)
    expect(stored).toEqual(hostile)
    expect(metricSum(await scrape(service.httpUrl), 'tianjian_influx_rejected_points_total')).toBe(0)
  })
})
