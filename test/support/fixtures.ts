// A small registry for tests: two districts, a use unit, two maintenance firms, lifts, and gateways.
import type { RegistryStore } from '../../registry/store.ts'
import type { GatewayStore } from '../../gateways/store.ts'

export async function seedRegistry (registry: RegistryStore, lifts = 4) {
  const cityDistrict = await registry.createDistrict({ code: 'CD', name: '城东区', arrivalLimitMin: 30 })
  const countyDistrict = await registry.createDistrict({ code: 'DT', name: '大通县', arrivalLimitMin: 60 })
  const useUnit = await registry.createUseUnit({ name: '青海大学附属医院', creditCode: null, contact: '王经理', phone: '0971-0000000', address: null })
  const firmA = await registry.createFirm({ name: '青海通力电梯维保', licenseNo: null, phone24h: '400-000-0001', contact: null })
  const firmB = await registry.createFirm({ name: '西宁奥的斯维保', licenseNo: null, phone24h: '400-000-0002', contact: null })
  const codes: string[] = []
  for (let i = 1; i <= lifts; i++) {
    const code = `3110630000202400${String(i).padStart(4, '0')}`
    codes.push(code)
    await registry.upsertElevator({
      equipmentCode: code, rescueId: String(100000 + i), kind: 'traction', status: 'in_use', address: `西宁市城东区八一路${i}号`,
      building: `${i}号楼`, floors: 18, districtId: i % 2 === 0 ? countyDistrict.id : cityDistrict.id, useUnitId: useUnit.id,
      maintenanceFirmId: i % 2 === 0 ? firmB.id : firmA.id, publicPlace: true,
      lastInspectionDate: '2026-01-10', nextInspectionDate: i === 1 ? '2025-12-31' : '2027-01-10'
    })
  }
  return { cityDistrict, countyDistrict, useUnit, firmA, firmB, codes }
}

export async function provisionGateway (gateways: GatewayStore, id: string, equipmentCodes: string[]) {
  return gateways.create({ id, name: `gateway ${id}`, useUnitId: null, equipmentCodes })
}
