// The cylinder kinds' payload schemas through the protocol's decoder, and their line protocol
// (cylinders/payloads.ts, cylinders/line-protocol.ts).
import { describe, expect, it } from 'vitest'
import { createDecoder } from '../protocol/decode.ts'
import { CheckReply, CheckRequest, FillPayload, MonitorPayload, stationTopic, monitorTopic } from '../cylinders/payloads.ts'
import { cylinderFillLine, cylinderMonitorLine } from '../cylinders/line-protocol.ts'
import { recordEnd, scanRecords } from '../platform/influx/line-protocol.ts'
import { Compile } from 'typebox/compile'

const limits = { maxItems: 10, maxFutureMs: 300_000 }
const NOW = Date.parse('2026-12-02T10:00:00Z')
const decode = (schema: Parameters<typeof createDecoder>[0], payload: unknown) => createDecoder(schema, limits)(JSON.stringify(payload), NOW)

describe('payloads', () => {
  it.each([
    ['a check', CheckRequest, { id: 'c-1', cylinder: 'LPG0001', medium: 'LPG' }, []],
    ['a check without id', CheckRequest, { cylinder: 'LPG0001', medium: 'LPG' }, ['']],
    ['a check with a code no scanner reads', CheckRequest, { id: 'c-2', cylinder: 'LPG 0001/', medium: 'LPG' }, ['/cylinder']],
    ['a check with an extra field', CheckRequest, { id: 'c-3', cylinder: 'A1', medium: 'LPG', weight: 3 }, ['']],
    ['a fill', FillPayload, { ts: NOW - 1000, cylinder: 'A1', medium: 'LPG', massKg: 14.5, operator: '王师傅' }, []],
    ['a fill with a negative mass (stored, flagged later)', FillPayload, { cylinder: 'A1', medium: 'LPG', massKg: -2, operator: 'w' }, []],
    ['a fill without operator', FillPayload, { cylinder: 'A1', medium: 'LPG', massKg: 14.5 }, ['']],
    ['a reading', MonitorPayload, { pressureMPa: 0.8, tempC: 21, leakLEL: 0 }, []],
    ['a reading above 100 %LEL', MonitorPayload, { pressureMPa: 0.8, tempC: 21, leakLEL: 130 }, ['/leakLEL']]
  ])('%s', (_name, schema, payload, paths) => {
    const { records, errors } = decode(schema, payload)
    expect(errors.map((e) => e.path)).toEqual(paths)
    expect(records).toHaveLength(paths.length === 0 ? 1 : 0)
  })

  it('answers only with the listed reasons', () => {
    const check = Compile(CheckReply)
    expect(check.Check({ id: 'x', allowed: false, reasons: ['scrapped', 'other_unit'] })).toBe(true)
    expect(check.Check({ id: 'x', allowed: false, reasons: ['too_old'] })).toBe(false)
  })

  it('names the topics', () => {
    expect(stationTopic('gw-s1', 'ST01', 'check')).toBe('se/v1/gw-s1/station/ST01/check')
    expect(stationTopic('gw-s1', 'ST01', 'reply')).toBe('se/v1/gw-s1/station/ST01/reply')
    expect(monitorTopic('gw-r1', 'LPG0001')).toBe('se/v1/gw-r1/cylinder/LPG0001/monitor')
  })
})

describe('line protocol', () => {
  const fill = { ts: 1_700_000_000_000, cylinder: 'A1', medium: 'LPG', massKg: 14.5, operator: 'Wang' }

  it('writes a compliant fill with the cylinder as a field', () => {
    expect(cylinderFillLine('gw-s', 'ST01', { ...fill, pressureMPa: 1.2 }, { reasons: [], massInRange: true }))
      .toBe('cylinder_fill,station=ST01,gateway=gw-s,medium=LPG cylinder="A1",mass_kg=14.5,pressure_mpa=1.2,operator="Wang",compliant=true,mass_in_range=true 1700000000000\n')
  })

  it('writes a flagged fill with its reasons', () => {
    expect(cylinderFillLine('gw-s', 'ST01', { ...fill, massKg: 40 }, { reasons: ['other_unit', 'scrapped'], massInRange: false }))
      .toBe('cylinder_fill,station=ST01,gateway=gw-s,medium=LPG cylinder="A1",mass_kg=40,operator="Wang",compliant=false,mass_in_range=false,reasons="other_unit,scrapped" 1700000000000\n')
  })

  it('keeps an operator with quotes and newlines inside one record', () => {
    const line = cylinderFillLine('gw-s', 'ST01', { ...fill, operator: 'x"\ncylinder_fill,station=X m=1 1\\' }, { reasons: [], massInRange: true })
    expect(recordEnd(line, 0)).toBe(line.length - 1)
    const bytes = Buffer.from(line + line)
    expect(scanRecords(bytes, 0, bytes.length, Infinity)).toEqual({ records: 2, end: bytes.length })
  })

  it('writes a monitor reading per cylinder', () => {
    expect(cylinderMonitorLine('gw-r', 'A1', { ts: 5, pressureMPa: 0.9, tempC: 22.5, leakLEL: 0 }))
      .toBe('cylinder_monitor,cylinder=A1,gateway=gw-r pressure_mpa=0.9,temp_c=22.5,leak_lel=0 5\n')
  })
})
