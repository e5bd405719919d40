// The installation alarms' table (cylinders/leak-rules.ts), with plain readings and times.
import { describe, expect, it } from 'vitest'
import { DEFAULT_LEAK_THRESHOLDS as T, forgetMonitorAlert, leakLevelOf, memoryFromOpen, quietMemory, stepMonitor, type MonitorMemory, type MonitorReading } from '../cylinders/leak-rules.ts'

const LPG_LIMIT = 2.1

/** Runs readings at times 1, 2, 3…; returns the effects in short form. */
function run (readings: MonitorReading[], memory: MonitorMemory = quietMemory(), limit: number | null = LPG_LIMIT) {
  const out: string[] = []
  readings.forEach((r, i) => {
    const step = stepMonitor(memory, r, limit, i + 1, T)
    memory = step.memory
    for (const e of step.effects) {
      out.push(e.kind === 'raise'
        ? `${e.at} raise ${e.type} ${e.severity}${e.details.level === undefined ? '' : ` L${e.details.level}`}`
        : `${e.at} clear ${e.type} ${e.reason.key}`)
    }
  })
  return { effects: out, memory }
}

describe('leak levels', () => {
  it.each([
    [0, 0], [24.9, 0], [25, 1], [49.9, 1], [50, 2], [100, 2]
  ])('%s %%LEL is level %s', (lel, level) => {
    expect(leakLevelOf(lel, T)).toBe(level)
  })

  it.each([
    ['nothing below 25 %LEL', [{ leakLEL: 0 }, { leakLEL: 24.9 }], []],
    ['level 1 at 25 %LEL, major, once', [{ leakLEL: 25 }, { leakLEL: 30 }, { leakLEL: 49 }], ['1 raise cylinder_leak major L1']],
    ['level 2 at 50 %LEL, critical', [{ leakLEL: 50 }, { leakLEL: 80 }], ['1 raise cylinder_leak critical L2']],
    ['level 1 escalated to level 2: the first cleared, the second raised', [{ leakLEL: 30 }, { leakLEL: 55 }],
      ['1 raise cylinder_leak major L1', '2 clear cylinder_leak note.cylinder_leak_escalated', '2 raise cylinder_leak critical L2']],
    ['level 2 does not fall back to level 1 while gas is there', [{ leakLEL: 60 }, { leakLEL: 30 }, { leakLEL: 20 }], ['1 raise cylinder_leak critical L2']],
    ['cleared below 20 %LEL (hysteresis), not at 24', [{ leakLEL: 26 }, { leakLEL: 24 }, { leakLEL: 20 }, { leakLEL: 19.9 }],
      ['1 raise cylinder_leak major L1', '4 clear cylinder_leak note.cylinder_leak_over']],
    ['a detector hovering around 25 raises once', [{ leakLEL: 25 }, { leakLEL: 24 }, { leakLEL: 26 }, { leakLEL: 24.5 }, { leakLEL: 25.5 }],
      ['1 raise cylinder_leak major L1']],
    ['a second leak after the first cleared is a new alert', [{ leakLEL: 30 }, { leakLEL: 5 }, { leakLEL: 52 }],
      ['1 raise cylinder_leak major L1', '2 clear cylinder_leak note.cylinder_leak_over', '3 raise cylinder_leak critical L2']],
    ['a reading without a detector value changes nothing', [{ leakLEL: 30 }, { pressureMPa: 1 }], ['1 raise cylinder_leak major L1']]
  ])('%s', (_name, readings, effects) => {
    expect(run(readings).effects).toEqual(effects)
  })
})

describe('over-pressure', () => {
  it.each([
    ['at the limit is not over it', [{ pressureMPa: 2.1 }], []],
    ['above the limit raises, once', [{ pressureMPa: 2.11 }, { pressureMPa: 2.5 }], ['1 raise cylinder_overpressure major']],
    ['cleared under 95 % of the limit (1.995 MPa for LPG), not just under it', [{ pressureMPa: 2.2 }, { pressureMPa: 2.05 }, { pressureMPa: 1.99 }],
      ['1 raise cylinder_overpressure major', '3 clear cylinder_overpressure note.cylinder_pressure_normal']],
    ['leak and pressure are separate alerts', [{ pressureMPa: 2.3, leakLEL: 55 }],
      ['1 raise cylinder_leak critical L2', '1 raise cylinder_overpressure major']]
  ])('%s', (_name, readings, effects) => {
    expect(run(readings).effects).toEqual(effects)
  })

  it('takes the limit of the cylinder\'s medium, and none when the medium is unknown', () => {
    expect(run([{ pressureMPa: 16 }], quietMemory(), 15).effects).toEqual(['1 raise cylinder_overpressure major'])
    expect(run([{ pressureMPa: 16 }], quietMemory(), 20).effects).toEqual([])
    expect(run([{ pressureMPa: 99 }], quietMemory(), null).effects).toEqual([])
  })

  it('records the reading and the limit with the alert', () => {
    const { effects } = stepMonitor(quietMemory(), { pressureMPa: 2.4, leakLEL: 26 }, LPG_LIMIT, 7, T)
    expect(effects).toEqual([
      { kind: 'raise', type: 'cylinder_leak', severity: 'major', at: 7, details: { level: 1, leakLEL: 26 } },
      { kind: 'raise', type: 'cylinder_overpressure', severity: 'major', at: 7, details: { pressureMPa: 2.4, maxPressureMPa: LPG_LIMIT } }
    ])
  })
})

describe('memory', () => {
  it('keeps the same memory object when nothing changes', () => {
    const memory = quietMemory()
    expect(stepMonitor(memory, { leakLEL: 3, pressureMPa: 0.8 }, LPG_LIMIT, 1, T).memory).toBe(memory)
  })

  it('raises again after a person closed the alert while the gas is still there', () => {
    const open = run([{ leakLEL: 55 }]).memory
    const forgotten = forgetMonitorAlert(open, 'cylinder_leak')
    expect(run([{ leakLEL: 54 }], forgotten).effects).toEqual(['1 raise cylinder_leak critical L2'])
    expect(forgetMonitorAlert(run([{ pressureMPa: 3 }]).memory, 'cylinder_overpressure')).toEqual(quietMemory())
  })

  it('resumes from the open alerts after a restart: no second raise, and the clear still comes', () => {
    const memory = memoryFromOpen([{ type: 'cylinder_leak', level: 2 }, { type: 'cylinder_overpressure' }, { type: 'entrapment' }])
    expect(memory).toEqual({ leak: 2, overpressure: true })
    expect(run([{ leakLEL: 60, pressureMPa: 2.5 }, { leakLEL: 0, pressureMPa: 1 }], memory).effects).toEqual([
      '2 clear cylinder_leak note.cylinder_leak_over', '2 clear cylinder_overpressure note.cylinder_pressure_normal'
    ])
  })
})
