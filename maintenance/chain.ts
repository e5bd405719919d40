// Tamper evidence of maintenance records (TSG T5002-2017 §10: records immutable and queryable): each
// lift's submitted records form a hash chain. A record's hash is the SHA-256 of the canonical JSON of its
// content (what was done, by whom, when, the workers' signatures by hash), its photos' hashes and the
// previous record's hash; the lift's chain head (its last seq and hash) is kept beside it. Verifying walks
// the chain in seq order and names the first broken link: a record whose content no longer gives its
// hash (edited), a record whose previous hash is not its predecessor's (one removed or swapped before it),
// a gap in seq (removed), or a chain shorter than its head (the last ones removed).
import { createHash } from 'node:crypto'
import type { ChainBreak } from './schedule.ts'

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  // Written out (no entries/filter/map chains): seeding hashes tens of thousands of demo records.
  const object = value as Record<string, unknown>
  const keys = Object.keys(object).sort()
  let out = '{'
  for (const k of keys) {
    const v = object[k]
    if (v === undefined) continue
    if (out.length > 1) out += ','
    out += `${JSON.stringify(k)}:${canonicalJson(v)}`
  }
  return `${out}}`
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

export function recordHash (content: unknown, photoHashes: readonly string[], prevHash: string | null): string {
  return sha256(canonicalJson({ content, photos: photoHashes, prev: prevHash }))
}

export interface ChainLink { id: number, seq: number, prevHash: string | null, hash: string, content: unknown, photoHashes: string[] }


export interface ChainVerdict {
  valid: boolean
  records: number
  /** The first broken link: the record at which the chain stops holding (null id: the record is gone). */
  brokenAt: { seq: number, recordId: number | null, reason: ChainBreak } | null
}

/** Verifies one lift's chain: its submitted records in seq order and the head stored for it. */
export function verifyChain (links: readonly ChainLink[], head: { seq: number, hash: string } | null): ChainVerdict {
  let prev: string | null = null
  for (const [i, link] of links.entries()) {
    const expectedSeq = i + 1
    if (link.seq !== expectedSeq) return { valid: false, records: links.length, brokenAt: { seq: expectedSeq, recordId: null, reason: 'missing_record' } }
    if (link.prevHash !== prev) return { valid: false, records: links.length, brokenAt: { seq: link.seq, recordId: link.id, reason: 'previous_hash_mismatch' } }
    if (recordHash(link.content, link.photoHashes, link.prevHash) !== link.hash) return { valid: false, records: links.length, brokenAt: { seq: link.seq, recordId: link.id, reason: 'content_changed' } }
    prev = link.hash
  }
  const last = links.at(-1)
  if (head !== null && (last === undefined || last.seq !== head.seq || last.hash !== head.hash)) {
    const seq = last === undefined || last.seq < head.seq ? (last?.seq ?? 0) + 1 : head.seq
    return { valid: false, records: links.length, brokenAt: { seq, recordId: null, reason: 'head_mismatch' } }
  }
  if (head === null && last !== undefined) return { valid: false, records: links.length, brokenAt: { seq: 1, recordId: null, reason: 'head_mismatch' } }
  return { valid: true, records: links.length, brokenAt: null }
}
