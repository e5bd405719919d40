// The pre-fill check's table (cylinders/fill-check.ts): every reason, alone and together.
import { describe, expect, it } from 'vitest'
import { refusalReasons, REFUSAL_REASONS, type CheckSnapshot } from '../cylinders/fill-check.ts'

const TODAY = '2026-12-02'
const fine: CheckSnapshot = { medium: 'LPG', fillingUnitId: 1, status: 'in_use', nextInspectionDue: '2028-05-01', endOfLife: '2034-01-01' }
const ask = { medium: 'LPG', fillingUnitId: 1 }
const cyl = (change: Partial<CheckSnapshot>): CheckSnapshot => ({ ...fine, ...change })

describe('the pre-fill check', () => {
  it.each<[string, CheckSnapshot | undefined, { medium: string, fillingUnitId: number | null }, string[]]>([
    ['a registered, inspected cylinder of the unit, right gas', fine, ask, []],
    ['an unknown code, and nothing else said', undefined, { medium: 'O2', fillingUnitId: 9 }, ['unregistered']],
    ['another gas', fine, { medium: 'CNG', fillingUnitId: 1 }, ['wrong_medium']],
    ['another filling unit\'s cylinder', fine, { medium: 'LPG', fillingUnitId: 2 }, ['other_unit']],
    ['a station the registry does not know', fine, { medium: 'LPG', fillingUnitId: null }, ['other_unit']],
    ['status inspection_overdue, whatever the date says', cyl({ status: 'inspection_overdue', nextInspectionDue: '2030-01-01' }), ask, ['inspection_overdue']],
    ['due yesterday, before the daily scan marked it', cyl({ nextInspectionDue: '2026-12-01' }), ask, ['inspection_overdue']],
    ['due today: still in time', cyl({ nextInspectionDue: TODAY }), ask, []],
    ['no due date known', cyl({ nextInspectionDue: null }), ask, []],
    ['failed its last inspection', cyl({ status: 'failed', nextInspectionDue: '2020-01-01' }), ask, ['failed']],
    ['scrapped', cyl({ status: 'scrapped' }), ask, ['scrapped']],
    ['past its design life from its last day on', cyl({ endOfLife: TODAY }), ask, ['past_design_life']],
    ['the day before its end of life', cyl({ endOfLife: '2026-12-03' }), ask, []],
    ['end of life unknown', cyl({ endOfLife: null }), ask, []],
    ['everything wrong at once, in the fixed order', cyl({ medium: 'O2', fillingUnitId: 3, status: 'scrapped', endOfLife: '2025-01-01' }), ask,
      ['wrong_medium', 'other_unit', 'scrapped', 'past_design_life']],
    ['overdue, other unit and past life', cyl({ fillingUnitId: 3, nextInspectionDue: '2024-01-01', endOfLife: '2026-06-01' }), ask,
      ['other_unit', 'inspection_overdue', 'past_design_life']]
  ])('%s', (_name, snapshot, asked, reasons) => {
    expect(refusalReasons(snapshot, asked, TODAY)).toEqual(reasons)
  })

  it('says only reasons from the protocol\'s list', () => {
    const all = refusalReasons(cyl({ medium: 'O2', fillingUnitId: 3, status: 'failed', endOfLife: '2025-01-01' }), ask, TODAY)
    for (const r of all) expect(REFUSAL_REASONS).toContain(r)
  })
})
