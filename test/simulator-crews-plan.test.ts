// The crews' planning, pure: which lift a crew goes to (the most pressing, the late share, never one in
// progress or that the fleet cannot switch), how its visits go (检修 window, forgotten, too short, 不合格 with
// a note, 不适用 per lift, workers, photos, confirmation), which firm goes next; the crews file and the
// options that drive them; the generated images.
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createRng } from '../platform/prng.ts'
import { CREW_SHARES, notApplicable, pickCrew, pickLift, planVisit, type DueCandidate } from '../simulators/crews/crew-plan.ts'
import { validateCrewsFile } from '../simulators/crews/crew-file.ts'
import { photoPng, signatureDataUrl } from '../simulators/crews/images.ts'
import { parseFleetArgs, resolveCrewOptions, resolveFleetOptions } from '../simulators/cli/fleet-options.ts'

const lift = (equipmentCode: string, status: DueCandidate['status'], dueBy: string | null, extra: Partial<DueCandidate> = {}): DueCandidate =>
  ({ equipmentCode, status, dueBy, draftId: null, useUnitName: '某物业', ...extra })
const NO_LATE = { late: 0, preferConfirmer: 0 }
const everything = () => true

/** The codes picked over many draws. */
function picks (due: DueCandidate[], o: Partial<Parameters<typeof pickLift>[2]> = {}, draws = 400) {
  const rng = createRng('picks')
  const seen = new Map<string, number>()
  let late = 0
  for (let i = 0; i < draws; i++) {
    const choice = pickLift(rng, due, { shares: NO_LATE, available: everything, confirmerUnit: null, ...o })
    if (choice === null) continue
    seen.set(choice.lift.equipmentCode, (seen.get(choice.lift.equipmentCode) ?? 0) + 1)
    if (choice.late) late++
  }
  return { codes: [...seen.keys()].sort(), late: late / draws }
}

describe('which lift a crew goes to', () => {
  const city = [
    lift('OK-1', 'ok', '2026-12-20'), lift('OK-2', 'ok', '2026-12-12'),
    lift('SOON-1', 'due_soon', '2026-12-04'), lift('SOON-2', 'due_soon', '2026-12-03'),
    lift('NEW-1', 'no_record', null),
    lift('LATE-1', 'overdue', '2026-11-28'), lift('LATE-2', 'overdue', '2026-11-30')
  ]
  it.each([
    ['the ones due soon, before any other, none late', city, {}, ['SOON-1', 'SOON-2'], 0],
    ['never one with a visit in progress', city.map((l) => l.equipmentCode === 'SOON-1' ? { ...l, draftId: 7 } : l), {}, ['SOON-2'], 0],
    ['never one the fleet cannot switch to 检修', city, { available: (c: string) => c !== 'SOON-2' }, ['SOON-1'], 0],
    ['a never-maintained one when none is due soon', city.filter((l) => l.status !== 'due_soon'), {}, ['NEW-1'], 0],
    ['then the next due, earliest five', city.filter((l) => l.status === 'ok' || l.status === 'overdue'), {}, ['OK-1', 'OK-2'], 0],
    ['an overdue one when nothing else is left: a late record', city.filter((l) => l.status === 'overdue'), {}, ['LATE-1', 'LATE-2'], 1],
    ['the confirming use unit\'s due lift when preferred', city.map((l) => l.equipmentCode === 'SOON-1' ? { ...l, useUnitName: '人民医院' } : l),
      { confirmerUnit: '人民医院', shares: { late: 0, preferConfirmer: 1 } }, ['SOON-1'], 0]
  ] as const)('%s', (_name, due, o, codes, late) => {
    const result = picks(due as DueCandidate[], o as never)
    expect(result.codes).toEqual(codes)
    expect(result.late).toBe(late)
  })

  it('goes to an overdue lift at about the late share, the rest on time', () => {
    const { late, codes } = picks(city, { shares: { late: 0.1, preferConfirmer: 0 } }, 4000)
    expect(late).toBeGreaterThan(0.08)
    expect(late).toBeLessThan(0.12)
    expect(codes).toEqual(['LATE-1', 'LATE-2', 'SOON-1', 'SOON-2'])
  })

  it('has nothing to do when no lift is free', () => {
    expect(pickLift(createRng('x'), city, { shares: CREW_SHARES, available: () => false, confirmerUnit: null })).toBeNull()
    expect(pickLift(createRng('x'), [], { shares: CREW_SHARES, available: everything, confirmerUnit: null })).toBeNull()
  })

  it('sends firms in proportion to their lifts in the fleet, never one with none', () => {
    const rng = createRng('firms')
    const counts = [0, 0, 0]
    for (let i = 0; i < 3000; i++) counts[pickCrew(rng, [300, 0, 100])!]!++
    expect(counts[1]).toBe(0)
    expect(counts[0]! / counts[2]!).toBeGreaterThan(2.5)
    expect(counts[0]! / counts[2]!).toBeLessThan(3.5)
    expect(pickCrew(rng, [0, 0])).toBeNull()
  })
})

describe('how a visit goes', () => {
  const items = [
    { code: 'A1-03', item: '驱动主机' }, { code: 'A1-05', item: '制动器间隙' }, { code: 'A1-15', item: '井道照明' },
    { code: 'A1-21', item: '轿门门锁电气触点' }, { code: 'A1-28', item: '层门门锁电气触点' }, { code: 'A2-01', item: '减速机润滑油' },
    { code: 'A2-04', item: '选层器动静触点' }, { code: 'A1-23', item: '轿厢平层准确度' }
  ]
  const workers = [{ name: '马建国', certificateNo: null }, { name: '韩海燕', certificateNo: 'TS-T0630001' }, { name: '李志强', certificateNo: 'TS-T0630002' }]
  const base = { equipmentCode: '31103205002011016288', items, workers, photosMin: 4, minutes: [35, 80] as const, shares: CREW_SHARES, confirmable: true }

  it('plans the shares of forgotten, too short and 不合格 visits, every plan complete', () => {
    const rng = createRng('visits')
    const n = 4000
    const plans = Array.from({ length: n }, () => planVisit(rng, base))
    const share = (p: (x: typeof plans[number]) => boolean) => plans.filter(p).length / n
    expect(share((p) => p.kind === 'forgot')).toBeCloseTo(0.06, 1)
    expect(share((p) => p.kind === 'too_short')).toBeCloseTo(0.04, 1)
    expect(share((p) => Object.values(p.results).some((r) => r.result === 'fail'))).toBeCloseTo(0.12, 1)
    expect(share((p) => p.confirmAfterMs !== null)).toBeCloseTo(0.7, 1)
    for (const p of plans) {
      expect(Object.keys(p.results).sort()).toEqual(items.map((i) => i.code).sort())
      for (const r of Object.values(p.results)) if (r.result !== 'pass') expect(r.note?.length).toBeGreaterThan(0)
      expect(p.workers[0].certificateNo).not.toBeNull()
      expect(p.workers[0]).not.toBe(p.workers[1])
      expect(p.photos).toBeGreaterThanOrEqual(4)
      expect(p.photos).toBeLessThanOrEqual(6)
      expect(p.firstHalf).toEqual(['A1-03', 'A1-05', 'A1-15', 'A1-21'])
      if (p.kind === 'forgot') expect(p.inspection).toBeNull()
      else {
        // 检修 inside the record's window, starting after it and ending before it: the terminal vouches.
        expect(p.inspection!.fromMs).toBeGreaterThan(0)
        expect(p.inspection!.toMs).toBeGreaterThan(p.inspection!.fromMs)
        expect(p.inspection!.toMs).toBeLessThan(p.durationMs)
      }
      if (p.kind === 'too_short') expect(p.durationMs).toBeLessThan(13 * 60_000)
      else expect(p.durationMs).toBeGreaterThanOrEqual(35 * 60_000)
      expect(p.durationMs).toBeLessThanOrEqual(80 * 60_000)
    }
  })

  it.each([
    ['a door lock', '轿门门锁电气触点', /门锁触点/],
    ['the brake', '制动器间隙', /制动衬/],
    ['levelling', '轿厢平层准确度', /平层误差/],
    ['anything else', '驱动主机', /待下次复查/]
  ])('writes a note that fits %s found 不合格', (_name, item, note) => {
    const rng = createRng(`fail:${item}`)
    const plan = planVisit(rng, { ...base, items: [{ code: 'X1', item }], shares: { ...CREW_SHARES, fail: 1 } })
    expect(plan.results.X1).toEqual({ result: 'fail', note: expect.stringMatching(note) })
  })

  it('marks the same items 不适用 at every visit of a lift, only items a lift may lack', () => {
    const kinds = new Set<string>()
    for (let n = 0; n < 200; n++) {
      const code = `3110630000202400${String(n).padStart(4, '0')}`
      const na = notApplicable(code, items)
      expect(notApplicable(code, items)).toEqual(na)
      for (const c of na.keys()) kinds.add(c)
      const plan = planVisit(createRng(`na:${n}`), { ...base, equipmentCode: code, shares: { ...CREW_SHARES, fail: 0 } })
      expect(Object.entries(plan.results).filter(([, r]) => r.result === 'na').map(([c]) => c).sort()).toEqual([...na.keys()].sort())
    }
    expect([...kinds].sort()).toEqual(['A2-01', 'A2-04'])
  })

  it('is confirmed only when the use unit can, and repeats exactly from the same seed', () => {
    expect(planVisit(createRng('c'), { ...base, confirmable: false, shares: { ...CREW_SHARES, confirm: 1 } }).confirmAfterMs).toBeNull()
    expect(planVisit(createRng('same'), base)).toEqual(planVisit(createRng('same'), base))
  })
})

describe('the crews file and options', () => {
  const crew = { firmId: 1, firmName: '甲', username: 'maintainer', password: 'p', workers: [{ name: '甲一', certificateNo: 'TS-1' }, { name: '甲二', certificateNo: null }] }
  it.each([
    [{ version: 1, crews: [] }, /\/crews must not have fewer than 1 items/],
    [{ version: 1, crews: [{ ...crew, workers: [crew.workers[0]] }] }, /\/crews\/0\/workers must not have fewer than 2 items/],
    [{ version: 1, crews: [{ ...crew, workers: crew.workers.map((w) => ({ ...w, certificateNo: null })) }] }, /\/crews\/0 has no certified worker/],
    [{ version: 1, crews: [crew, crew] }, /\/crews\/1 firm 1 is listed twice/]
  ])('refuses a bad crews file naming the path: %#', (value, message) => {
    expect(() => validateCrewsFile(value, 'crews.json')).toThrow(message)
  })

  it.each([
    [['--credentials', 'f', '--crew-visits-per-hour', '3'], /^--crew-visits-per-hour: needs --crews/],
    [['--credentials', 'f', '--crews', 'c', '--api', 'mqtt://x'], /^--api: expected an http:\/\/ or https:\/\/ URL/],
    [['--credentials', 'f', '--crews', 'c', '--crew-visit-minutes', '40'], /^--crew-visit-minutes: expected min-max minutes such as 35-80/],
    [['--credentials', 'f', '--crews', 'c', '--crew-visit-minutes', '0-5'], /^--crew-visit-minutes: a visit takes some time/],
    [['--credentials', 'f', '--crews', 'c', '--crew-late-share', '1.2'], /^--crew-late-share: expected 0\.\.1, got 1.2/],
    [['--credentials', 'f', '--crews', 'c', '--crew-forget-share', '0.7', '--crew-short-share', '0.5'], /^--crew-short-share: with --crew-forget-share/]
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parseFleetArgs(argv)).toThrow(message)
  })

  it('runs crews at the city\'s rate with the file\'s API, and a twentieth of the random 检修 stays unrecorded', () => {
    const args = parseFleetArgs(['--credentials', 'f', '--crews', 'c', '--crew-fail-share', '0.5'])
    expect(resolveCrewOptions(args, { lifts: 3600, seed: 's', fileApi: 'http://10.0.0.1:8080' })).toEqual({
      apiUrl: 'http://10.0.0.1:8080', seed: 's', visitsPerHour: 10, minutes: [35, 80], shares: { ...CREW_SHARES, fail: 0.5 }
    })
    expect(resolveFleetOptions(args, { lifts: 3600, brokerUrl: 'mqtt://x', seed: 's', scenario: [] }).incidents.visitsPerHour).toBe(0.5)
    const demo = parseFleetArgs(['--credentials', 'f', '--crews', 'c', '--api', 'http://127.0.0.1:1', '--crew-visits-per-hour', '30', '--crew-visit-minutes', '1-2', '--visits-per-hour', '1.5'])
    expect(resolveCrewOptions(demo, { lifts: 5000, seed: 's', fileApi: undefined })).toMatchObject({ apiUrl: 'http://127.0.0.1:1', visitsPerHour: 30, minutes: [1, 2] })
    expect(resolveFleetOptions(demo, { lifts: 5000, brokerUrl: 'mqtt://x', seed: 's', scenario: [] }).incidents.visitsPerHour).toBe(1.5)
    expect(resolveCrewOptions(parseFleetArgs(['--credentials', 'f']), { lifts: 1, seed: 's', fileApi: undefined })).toBeNull()
  })
})

describe('generated images', () => {
  /** Width, height and the raw scanlines of an 8-bit RGB PNG, read back by its chunks. */
  function readPng (png: Buffer) {
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    let at = 8
    let width = 0
    let height = 0
    const idat: Buffer[] = []
    while (at < png.length) {
      const length = png.readUInt32BE(at)
      const type = png.subarray(at + 4, at + 8).toString('ascii')
      const data = png.subarray(at + 8, at + 8 + length)
      if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4) }
      if (type === 'IDAT') idat.push(data)
      at += 12 + length
    }
    return { width, height, raw: inflateSync(Buffer.concat(idat)) }
  }

  it('makes photos and signatures that are real PNGs, each one\'s bytes its own', () => {
    const rng = createRng('images')
    const photos = Array.from({ length: 6 }, () => photoPng(rng))
    expect(new Set(photos.map((p) => p.toString('base64'))).size).toBe(6)
    const photo = readPng(photos[0]!)
    expect(photo).toMatchObject({ width: 120, height: 90 })
    expect(photo.raw.length).toBe(90 * (1 + 120 * 3))
    const a = signatureDataUrl(rng)
    const b = signatureDataUrl(rng)
    expect(a).not.toBe(b)
    const signature = readPng(Buffer.from(a.slice('data:image/png;base64,'.length), 'base64'))
    expect(signature).toMatchObject({ width: 200, height: 60 })
    // Ink on white: some dark pixels, mostly white.
    const pixels = [...Array(60).keys()].flatMap((y) => [...Array(200).keys()].map((x) => signature.raw[y * 601 + 1 + x * 3]!))
    expect(pixels.filter((v) => v < 100).length).toBeGreaterThan(100)
    expect(pixels.filter((v) => v === 255).length).toBeGreaterThan(10_000)
  })
})
