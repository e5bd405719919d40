// Identifiers shaped like real ones, so the demo's lists, searches and exports look like a bureau's:
// 20-digit equipment codes (设备代码), 6-digit rescue IDs (救援识别码), unified social credit codes
// (统一社会信用代码) with valid check characters, and Xining phone numbers.
import type { Rng } from '../../platform/prng.ts'

/**
 * TSG 08-2017 设备代码: category (4) + administrative division of the manufacturer (6) + year of manufacture
 * (4) + the manufacturer's serial (6). Serials are drawn increasing per prefix, so codes never repeat.
 */
export function createEquipmentCodes (rng: Rng) {
  const next = new Map<string, number>()
  return function equipmentCode (category: string, region: string, year: number): string {
    const prefix = `${category}${region}${year}`
    const serial = (next.get(prefix) ?? rng.int(1, 40_000)) + rng.int(1, 37)
    if (serial > 999_999) throw new Error(`equipment serials exhausted for ${prefix}`)
    next.set(prefix, serial)
    return `${prefix}${String(serial).padStart(6, '0')}`
  }
}

/** 6-digit rescue IDs, unique across the city; a leading zero is avoided because callers drop it on the phone. */
export function createRescueIds (rng: Rng) {
  const used = new Set<string>()
  return function rescueId (): string {
    if (used.size >= 800_000) throw new Error('rescue IDs exhausted')
    for (;;) {
      const id = String(rng.int(100_000, 999_999))
      if (!used.has(id)) {
        used.add(id)
        return id
      }
    }
  }
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

/** Check character of a unified social credit code, GB 32100-2015. */
export function creditCheckChar (first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!
}

/** A unified social credit code: '91' for a company, '12' for a public institution (hospital, school). */
export function creditCode (rng: Rng, kind: 'company' | 'institution', region: string): string {
  // Organisation code (GB 11714): 8 characters and a check digit.
  let org = ''
  for (let i = 0; i < 8; i++) org += CREDIT_CHARS[rng.int(0, kind === 'company' && i === 0 ? 30 : 9)]!
  let sum = 0
  for (let i = 0; i < 8; i++) sum += CREDIT_CHARS.indexOf(org[i]!) * ORG_WEIGHTS[i]!
  const c = 11 - (sum % 11)
  org += c === 10 ? 'X' : c === 11 ? '0' : String(c)
  const first17 = `${kind === 'company' ? '91' : '12'}${region}${org}`
  return first17 + creditCheckChar(first17)
}

export function landline (rng: Rng): string {
  return `0971-${rng.pick(['5', '6', '8'])}${String(rng.int(0, 999_999)).padStart(6, '0')}`
}

export function mobile (rng: Rng): string {
  return `1${rng.pick(['39', '58', '87', '77', '80', '89', '99', '37'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '马', '赵', '韩', '祁', '冶', '孙', '朱', '何', '胡', '鲁', '索']
const GIVEN = ['建国', '海燕', '文军', '玉兰', '国庆', '志强', '秀英', '德明', '成林', '丽娟', '永福', '晓东', '红梅', '振华', '桂兰', '生福', '占军']

export function personName (rng: Rng): string {
  return `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`
}

/** Adds a suffix to a name already used: (二期), (三期)… then numbers. Registry names are unique. */
export function createUniqueNames () {
  const used = new Set<string>()
  const phases = ['二期', '三期', '四期', '五期', '六期']
  return function unique (name: string): string {
    let candidate = name
    for (let i = 0; used.has(candidate); i++) candidate = i < phases.length ? `${name}（${phases[i]}）` : `${name}（${i + 2}）`
    used.add(candidate)
    return candidate
  }
}
