// The demo city's cylinders as planned, without a database: the same seed plans the same cylinders; every
// cylinder's dates are what cylinders/lifecycle.ts says of its inspections; the mix today has mostly
// cylinders in use with some overdue, failed, past their life and scrapped; fills stop where the pre-fill
// check would refuse them.
import { describe, expect, it } from 'vitest'
import { planCylinders } from '../simulators/city/cylinder-plan.ts'
import { DEFAULT_MEDIA, mediaByCode } from '../cylinders/media.ts'
import { deriveDates } from '../cylinders/lifecycle.ts'
import { CYLINDER_CODE_PATTERN } from '../cylinders/lifecycle.ts'
import { addDays } from '../platform/calendar.ts'

const TODAY = '2026-03-01'

describe('the demo city\'s cylinders', () => {
  const plan = planCylinders({ seed: 'xining', today: TODAY, cylinders: 20_000 })

  it('plans the same cylinders from the same seed, each code once and valid', () => {
    const again = planCylinders({ seed: 'xining', today: TODAY, cylinders: 20_000 })
    expect(again.cylinders.slice(0, 50)).toEqual(plan.cylinders.slice(0, 50))
    expect(plan.cylinders).toHaveLength(20_000)
    expect(new Set(plan.cylinders.map((c) => c.code)).size).toBe(20_000)
    expect(plan.cylinders.every((c) => new RegExp(CYLINDER_CODE_PATTERN).test(c.code))).toBe(true)
    expect(plan.units.map((u) => u.stations.length)).toEqual([3, 3, 2, 2, 2])
    expect(new Set(plan.units.flatMap((u) => u.stations.map((s) => s.code))).size).toBe(12)
  })

  it('keeps each cylinder\'s dates as the lifecycle rules derive them from its inspections', () => {
    const media = mediaByCode(DEFAULT_MEDIA)
    for (const c of plan.cylinders) {
      const dates = deriveDates({ manufacturedOn: c.manufacturedOn, designLifeYears: null }, media.get(c.medium)!, c.inspections)
      expect({ last: c.lastInspectedOn, result: c.inspectionResult, due: c.nextInspectionDue, eol: c.endOfLife })
        .toEqual({ last: dates.lastInspectedOn, result: dates.inspectionResult, due: dates.nextInspectionDue, eol: dates.endOfLife })
      expect(c.manufacturedOn <= TODAY && c.registeredOn <= TODAY).toBe(true)
      expect(c.inspections.every((i) => i.on <= TODAY && i.on >= c.manufacturedOn)).toBe(true)
    }
  })

  it('has mostly cylinders in use, some overdue, failed, past life and scrapped', () => {
    const alive = plan.cylinders.filter((c) => c.scrappedOn === null)
    const share = (n: number) => n / plan.cylinders.length
    const overdue = alive.filter((c) => c.inspectionResult !== 'fail' && c.nextInspectionDue < TODAY).length
    expect(share(overdue)).toBeGreaterThan(0.01)
    expect(share(overdue)).toBeLessThan(0.05)
    expect(alive.filter((c) => c.inspectionResult === 'fail').length).toBeGreaterThan(5)
    expect(alive.filter((c) => c.endOfLife <= TODAY).length).toBeGreaterThan(5)
    expect(share(plan.cylinders.length - alive.length)).toBeGreaterThan(0.02)
    expect(share(plan.cylinders.length - alive.length)).toBeLessThan(0.15)
    const media = new Set(plan.cylinders.map((c) => c.medium))
    expect([...media].sort()).toEqual(['AR', 'C2H2', 'CNG', 'CO2', 'LPG', 'MIX', 'N2', 'O2'])
  })

  it('fills a cylinder only while it may be filled, and records a refusal after', () => {
    for (const c of plan.cylinders) {
      if (c.fills.every === 0) continue
      expect(c.fills.from >= c.registeredOn).toBe(true)
      expect(c.fills.until <= TODAY).toBe(true)
      if (c.scrappedOn !== null) expect(c.fills.until <= c.scrappedOn).toBe(true)
      expect(c.fills.until <= c.endOfLife).toBe(true)
      // Filled up to its due date itself (fills are on days before `until`).
      if (c.inspectionResult !== 'fail') expect(c.fills.until <= addDays(c.nextInspectionDue, 1)).toBe(true)
      else expect(c.fills.until <= c.lastInspectedOn!).toBe(true)
    }
    const refused = plan.cylinders.filter((c) => c.refusedOn !== null)
    expect(refused.length).toBeGreaterThan(50)
    expect(refused.every((c) => c.scrappedOn === null && c.refusedOn! <= TODAY)).toBe(true)
  })
})
