import { describe, expect, it } from 'vitest'
import { mapHeader, validateElevatorRow } from '../elevators/csv.ts'
import { renderAll } from '../platform/messages/message.ts'
// The checks are pure and only say which message; its texts come with the importer's messages file.
import '../elevators/messages.ts'

const good = { equipmentCode: '31106300002024000001', rescueId: '123456', kind: 'traction', address: '西宁市城东区', district: '城东区', useUnit: '人民医院' }

describe('elevator CSV rows', () => {
  it('maps English and Chinese headers and names missing required columns', () => {
    expect(mapHeader(['设备代码', 'rescue_id', 'Kind', '备注']).fields).toEqual(['equipmentCode', 'rescueId', 'kind', null])
    expect(mapHeader(['设备代码', 'rescue_id']).missing).toEqual(['kind', 'address', 'district', 'useUnit'])
    expect(mapHeader(['设备代码', '备注']).unknown).toEqual(['备注'])
  })

  it('accepts a good row with defaults and Chinese values', () => {
    expect(validateElevatorRow({ ...good, kind: '自动扶梯', status: '停用', publicPlace: '是', floors: '3' })).toEqual({
      row: expect.objectContaining({ kind: 'escalator', status: 'stopped', publicPlace: true, floors: 3, building: null, maintenanceFirm: null })
    })
    expect(validateElevatorRow(good)).toEqual({ row: expect.objectContaining({ status: 'in_use', publicPlace: false }) })
  })

  it.each([
    [{ rescueId: '' }, 'rescueId is empty'],
    [{ rescueId: '12345a' }, 'rescueId "12345a" must be 6 digits'],
    [{ equipmentCode: 'has space' }, 'equipmentCode "has space"'],
    [{ kind: 'lift' }, 'kind "lift" must be one of'],
    [{ status: 'broken' }, 'status "broken"'],
    [{ floors: '0' }, 'floors "0"'],
    [{ floors: '2.5' }, 'floors "2.5"'],
    [{ publicPlace: 'maybe' }, 'publicPlace "maybe"'],
    [{ nextInspectionDate: '2026-13-01' }, 'nextInspectionDate "2026-13-01"'],
    [{ lastInspectionDate: '01/02/2026' }, 'lastInspectionDate "01/02/2026"']
  ])('refuses %o with a reason', (change, reason) => {
    const result = validateElevatorRow({ ...good, ...change })
    expect('problems' in result && renderAll(result.problems, 'en')).toContain(reason)
  })

  it('lists every problem of a row at once', () => {
    const result = validateElevatorRow({ ...good, rescueId: 'x', kind: 'y' })
    expect('problems' in result && result.problems).toHaveLength(2)
  })
})
