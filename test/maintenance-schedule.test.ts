// Maintenance's pure rules, table-tested: the checklist per interval (TSG T5002-2017 Annex A counts), due
// dates across month ends and leap years, day 16 overdue on the city's date, the plan of a lift, the
// refusals of a visit, the terminal's verdict, and the hash chain (valid, edited, removed).
import { describe, expect, it } from 'vitest'
import { SEED_CHECKLISTS } from '../platform/db/migrations/012-maintenance.ts'
import { itemsFor, INTERVALS, type Interval } from '../maintenance/checklists.ts'
import { distanceM, dueBy, inspectionModePeriods, judgeVisit, liftDue, submissionProblems } from '../maintenance/schedule.ts'
import { recordHash, verifyChain, canonicalJson, type ChainLink } from '../maintenance/chain.ts'
import { sniffImage, isPngDataUrl } from '../platform/photos/photo-type.ts'
import { localDate } from '../platform/calendar.ts'

const annexA = SEED_CHECKLISTS.find((c) => c.annex === 'A')!.items
const annexD = SEED_CHECKLISTS.find((c) => c.annex === 'D')!.items

describe('checklists (TSG T5002-2017)', () => {
  it.each([
    ['half_monthly', 31], ['quarterly', 44], ['half_yearly', 59], ['annual', 76]
  ] as Array<[Interval, number]>)('Annex A %s covers %i items, the shorter intervals\' included', (interval, count) => {
    expect(itemsFor(annexA, interval)).toHaveLength(count)
  })
  it('names the half-monthly items as the standard does, in its order', () => {
    const half = itemsFor(annexA, 'half_monthly')
    expect(half[0]).toMatchObject({ code: 'A1-01', item: '机房、滑轮间环境' })
    expect(half[28]).toMatchObject({ item: '层门锁紧元件啮合长度', requirement: '不小于7mm' })
    expect(half[30]).toMatchObject({ code: 'A1-31', item: '底坑停止装置' })
    expect(new Set(annexA.map((i) => i.code)).size).toBe(76)
  })
  it('has Annex D (escalators and moving walks) for every interval', () => {
    for (const interval of INTERVALS) expect(annexD.some((i) => i.interval === interval)).toBe(true)
    expect(itemsFor(annexD, 'annual').length).toBe(annexD.length)
  })
})

describe('due dates', () => {
  it.each([
    ['half_monthly', '2024-01-01', '2024-01-16'],
    ['half_monthly', '2024-02-20', '2024-03-06'], // leap February: 02-29 counts
    ['half_monthly', '2023-02-20', '2023-03-07'],
    ['half_monthly', '2025-12-25', '2026-01-09'], // across the year
    ['quarterly', '2024-11-30', '2025-02-28'], // month end kept inside February
    ['quarterly', '2023-11-30', '2024-02-29'], // … a leap one
    ['half_yearly', '2024-08-31', '2025-02-28'],
    ['annual', '2024-02-29', '2025-02-28'], // a leap day's anniversary
    ['annual', '2023-03-01', '2024-03-01']
  ] as Array<[Interval, string, string]>)('%s after %s: due by %s', (interval, last, expected) => {
    expect(dueBy(interval, last)).toBe(expected)
  })

  it.each([
    ['2024-01-16', 'due_soon', 0], // day 15: still in time, due today
    ['2024-01-17', 'overdue', -1], // day 16: overdue
    ['2024-01-12', 'due_soon', 4],
    ['2024-01-10', 'ok', 6]
  ] as const)('half-monthly done 2024-01-01, on %s: %s', (today, status, daysLeft) => {
    const plan = liftDue({ half_monthly: '2024-01-01', annual: '2023-12-20' }, today, 5)
    expect(plan.intervals[0]).toMatchObject({ interval: 'half_monthly', dueBy: '2024-01-16', status, daysLeft })
  })

  it('judges on the city\'s date, not UTC\'s', () => {
    // 2024-01-16 17:30 UTC is 2024-01-17 01:30 in Xining: day 16 there.
    const instant = Date.parse('2024-01-16T17:30:00Z')
    expect(localDate(instant, 'UTC')).toBe('2024-01-16')
    expect(liftDue({ half_monthly: '2024-01-01' }, localDate(instant, 'UTC'), 3).status).not.toBe('overdue')
    expect(liftDue({ half_monthly: '2024-01-01' }, localDate(instant, 'Asia/Shanghai'), 3).status).toBe('overdue')
  })

  it('counts a longer interval\'s record for the shorter ones and picks the next visit\'s interval', () => {
    const plan = liftDue({ half_monthly: '2024-03-20', quarterly: '2024-01-05', half_yearly: null, annual: '2023-09-01' }, '2024-04-02', 3)
    // Quarterly due 04-05 (due soon), half-yearly from the annual 2023-09-01 → 2024-03-01 (overdue).
    expect(plan.intervals.map((i) => [i.interval, i.lastDone, i.dueBy, i.status])).toEqual([
      ['half_monthly', '2024-03-20', '2024-04-04', 'due_soon'],
      ['quarterly', '2024-01-05', '2024-04-05', 'due_soon'],
      ['half_yearly', '2023-09-01', '2024-03-01', 'overdue'],
      ['annual', '2023-09-01', '2024-09-01', 'ok']
    ])
    expect(plan).toMatchObject({ status: 'overdue', nextInterval: 'half_yearly', dueBy: '2024-03-01', overdue: { interval: 'half_yearly', dueBy: '2024-03-01' } })
    expect(liftDue({}, '2024-04-02', 3)).toMatchObject({ status: 'no_record', nextInterval: 'half_monthly', overdue: null })
    // An annual visit today clears everything.
    expect(liftDue({ annual: '2024-04-02', half_monthly: '2024-03-20' }, '2024-04-02', 3).status).toBe('ok')
  })
})

describe('a visit\'s refusals', () => {
  const base = {
    requiredItems: ['A1-01', 'A1-02'], results: { 'A1-01': { result: 'pass' as const }, 'A1-02': { result: 'na' as const } }, photos: 4, photosMin: 4,
    workers: [{ name: '张工', certificateNo: 'T-1', signature: 'data:x' }, { name: '李工', certificateNo: null, signature: 'data:y' }],
    startedAt: 1_000_000, endedAt: 3_000_000, now: 4_000_000
  }
  const reasons = (over: Partial<typeof base>) => submissionProblems({ ...base, ...over }).map((p) => p.reason)
  it.each([
    [{}, []],
    [{ results: { 'A1-01': { result: 'pass' as const } } }, ['missing_items']],
    [{ results: { ...base.results, 'A1-02': { result: 'fail' as const } } }, ['fail_without_note']],
    [{ photos: 3 }, ['too_few_photos']],
    [{ workers: [base.workers[0]!] }, ['one_worker']],
    [{ workers: [{ ...base.workers[0]!, certificateNo: ' ' }, base.workers[1]!] }, ['no_certified_worker']],
    [{ workers: [base.workers[0]!, { ...base.workers[1]!, signature: null }] }, ['missing_signature']],
    [{ endedAt: 999_999 }, ['end_before_start']],
    [{ endedAt: 4_000_000 + 6 * 60_000 }, ['end_in_future']],
    [{ photos: 0, workers: [] }, ['too_few_photos', 'one_worker', 'no_certified_worker']]
  ] as Array<[Partial<typeof base>, string[]]>)('%j → %j', (over, expected) => {
    expect(reasons(over)).toEqual(expected)
  })
})

describe('the terminal\'s verdict', () => {
  const t = { hasTerminal: true, points: 10, inspectionModePoints: 3, modeBefore: 1 }
  it.each([
    [t, 40, { verified: true, reason: 'inspection_mode_seen' }],
    [{ ...t, inspectionModePoints: 0, modeBefore: 2 }, 40, { verified: true, reason: 'inspection_mode_seen' }],
    [{ ...t, hasTerminal: false }, 40, { verified: false, reason: 'no_terminal' }],
    [{ ...t, points: 0, inspectionModePoints: 0, modeBefore: null }, 40, { verified: false, reason: 'offline' }],
    [{ ...t, inspectionModePoints: 0 }, 40, { verified: false, reason: 'no_inspection_mode' }],
    [t, 10, { verified: false, reason: 'too_short' }],
    [null, 40, { verified: false, reason: 'unavailable' }]
  ] as const)('%j over %i min', (telemetry, minutes, expected) => {
    expect(judgeVisit(telemetry, minutes * 60_000, 15 * 60_000)).toEqual(expected)
  })
})

describe('where the visit started', () => {
  const t = { hasTerminal: true, points: 10, inspectionModePoints: 3, modeBefore: 1 }
  it.each([
    [{ distanceM: 120, accuracyM: 20, radiusM: 300 }, { verified: true, reason: 'inspection_mode_seen' }],
    [{ distanceM: 310, accuracyM: 30, radiusM: 300 }, { verified: true, reason: 'inspection_mode_seen' }],
    [{ distanceM: 2500, accuracyM: 30, radiusM: 300 }, { verified: false, reason: 'far_from_lift' }],
    [{ distanceM: 2500, accuracyM: null, radiusM: 300 }, { verified: false, reason: 'far_from_lift' }],
    [{ distanceM: null, accuracyM: null, radiusM: 300 }, { verified: true, reason: 'inspection_mode_seen' }]
  ] as const)('%j', (place, expected) => {
    expect(judgeVisit(t, 40 * 60_000, 15 * 60_000, place)).toEqual(expected)
  })
  it('measures great-circle distances in metres', () => {
    // Xining's 中心广场 to 西宁站, about 2.6 km; one degree of latitude, about 111.2 km.
    expect(distanceM({ latitude: 36.6171, longitude: 101.7782 }, { latitude: 36.6270, longitude: 101.8049 })).toBeGreaterThan(2300)
    expect(distanceM({ latitude: 36.6171, longitude: 101.7782 }, { latitude: 36.6270, longitude: 101.8049 })).toBeLessThan(2800)
    expect(distanceM({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111_195, -2)
    expect(distanceM({ latitude: 36.6, longitude: 101.7 }, { latitude: 36.6, longitude: 101.7 })).toBe(0)
  })
})

describe('检修 periods from a terminal\'s mode-2 reports', () => {
  it('joins reports closer than the gap, in time order, and counts them', () => {
    const H = 3_600_000
    expect(inspectionModePeriods([], H)).toEqual([])
    expect(inspectionModePeriods([5 * H, 0, 0.5 * H, 1.5 * H, 2.6 * H], H)).toEqual([{ from: 0, to: 1.5 * H, points: 3 }, { from: 2.6 * H, to: 2.6 * H, points: 1 }, { from: 5 * H, to: 5 * H, points: 1 }])
    expect(inspectionModePeriods([0, H], H)).toEqual([{ from: 0, to: H, points: 2 }])
  })
})

describe('the hash chain', () => {
  const chain = (n: number): ChainLink[] => {
    const links: ChainLink[] = []
    let prev: string | null = null
    for (let seq = 1; seq <= n; seq++) {
      const content = { id: seq * 10, seq, results: { 'A1-01': { result: 'pass' } } }
      const photoHashes = [`${seq}`.padStart(64, 'a')]
      const hash = recordHash(content, photoHashes, prev)
      links.push({ id: seq * 10, seq, prevHash: prev, hash, content, photoHashes })
      prev = hash
    }
    return links
  }
  const head = (links: ChainLink[]) => ({ seq: links.at(-1)!.seq, hash: links.at(-1)!.hash })
  it('holds when nothing changed', () => {
    const links = chain(4)
    expect(verifyChain(links, head(links))).toEqual({ valid: true, records: 4, brokenAt: null })
    expect(verifyChain([], null)).toEqual({ valid: true, records: 0, brokenAt: null })
  })
  it('names the edited record', () => {
    const links = chain(4)
    links[1] = { ...links[1]!, content: { ...links[1]!.content as object, results: { 'A1-01': { result: 'fail' } } } }
    expect(verifyChain(links, head(links)).brokenAt).toEqual({ seq: 2, recordId: 20, reason: 'content_changed' })
    const photos = chain(3)
    photos[2] = { ...photos[2]!, photoHashes: ['f'.repeat(64)] }
    expect(verifyChain(photos, head(photos)).brokenAt).toEqual({ seq: 3, recordId: 30, reason: 'content_changed' })
  })
  it('names where a record was removed: in the middle, renumbered, or at the end', () => {
    const links = chain(4)
    expect(verifyChain([links[0]!, links[2]!, links[3]!], head(links)).brokenAt).toEqual({ seq: 2, recordId: null, reason: 'missing_record' })
    const renumbered = [links[0]!, { ...links[2]!, seq: 2 }, { ...links[3]!, seq: 3 }]
    expect(verifyChain(renumbered, head(links)).brokenAt).toMatchObject({ seq: 2, reason: 'previous_hash_mismatch' })
    expect(verifyChain(links.slice(0, 3), head(links)).brokenAt).toEqual({ seq: 4, recordId: null, reason: 'head_mismatch' })
  })
  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}')
    expect(recordHash({ a: 1, b: 2 }, [], null)).toBe(recordHash({ b: 2, a: 1 }, [], null))
    expect(recordHash({ a: 1 }, [], null)).not.toBe(recordHash({ a: 1 }, [], 'x'))
  })
})

describe('photo types by their bytes', () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    [[...Buffer.from('RIFF')], null],
    [[...Buffer.from('RIFF\0\0\0\0WEBPVP8 ')], 'image/webp'],
    [[...Buffer.from('GIF89a')], null],
    [[...Buffer.from('<svg xmlns=')], null]
  ] as const)('%j → %s', (bytes, type) => {
    expect(sniffImage(Uint8Array.from(bytes))).toBe(type)
  })
  it('takes a PNG data URL as a signature and nothing else', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64')
    const decode = (b: string) => Buffer.from(b, 'base64')
    expect(isPngDataUrl(`data:image/png;base64,${png}`, decode)).toBe(true)
    expect(isPngDataUrl(`data:image/jpeg;base64,${png}`, decode)).toBe(false)
    expect(isPngDataUrl(`data:image/png;base64,${Buffer.from('GIF89a-not-png').toString('base64')}`, decode)).toBe(false)
  })
})
