// What rings on the desk for the cylinder alerts (dashboard/src/lib/alerts/ringing-alerts.ts and the alarm
// store): a leak, an over-pressure or a non-compliant filling rings from its raise until it is handled,
// beside the rescue cases' rings and without being taken for one.
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { alertAlarmKey, ringsLikeEntrapment } from '../dashboard/src/lib/alerts/ringing-alerts.ts'
import { useAlarmStore } from '../dashboard/src/stores/alarm.ts'

describe('which alerts ring', () => {
  it.each([
    ['cylinder_leak', 'raised', true],
    ['cylinder_overpressure', 'raised', true],
    ['non_compliant_filling', 'raised', true],
    ['cylinder_leak', 'acknowledged', false],
    ['cylinder_leak', 'cleared', false],
    ['non_compliant_filling', 'closed', false],
    // An entrapment rings through its rescue case, not as an alert; the rest do not ring.
    ['entrapment', 'raised', false],
    ['fault.01', 'raised', false],
    ['cylinder_inspection_overdue', 'raised', false]
  ])('%s %s: %s', (type, status, rings) => {
    expect(ringsLikeEntrapment({ type, status: status as 'raised' })).toBe(rings)
  })
})

describe('the alarm store with alert keys', () => {
  beforeEach(() => { setActivePinia(createPinia()) })

  it('keeps an alert ringing across the cases\' syncs, counts it apart, and stops it when settled', () => {
    const alarm = useAlarmStore()
    alarm.raise(alertAlarmKey(7))
    alarm.sync([3], [3])
    expect(alarm.pending).toEqual(['alert:7', '3:await'])
    expect(alarm.count).toBe(2)
    alarm.raise(alertAlarmKey(8))
    expect(alarm.count).toBe(3)
    alarm.settle(alertAlarmKey(7))
    alarm.sync([], [])
    expect(alarm.pending).toEqual(['alert:8'])
    expect(alarm.ringing).toBe(true)
    alarm.silence()
    alarm.raise(alertAlarmKey(8))
    expect(alarm.ringing).toBe(false)
  })
})
