/**
 * The rules of the hash chain, shared by opening the journal and by verify-audit. A line is
 * checked without parsing its JSON: its hash covers the exact bytes that were written, so if
 * the hash matches, the line is exactly what the engine wrote.
 */
import { hash } from 'node:crypto'

/** The field that closes every stored line. */
export const HASH_FIELD = ',"hash":"'
/** Length of `,"hash":"<64 hex>"}` at the end of every line. */
const HASH_SUFFIX_LENGTH = HASH_FIELD.length + 64 + 2
const PREV_FIELD = ',"prev":"'
const SEQ_PREFIX = '{"seq":'
const HEX64 = /^[0-9a-f]{64}$/

/** SHA-256, hex. */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex')
}

/** A line that passed its checks: its seq and hash. */
export interface ChainLink {
  readonly seq: number
  readonly hash: string
}

/**
 * Checks one stored line against the chain: the seq that must come next, the previous hash
 * (any, when null), and its own hash. Returns the link, or a reason in words when it fails.
 */
export function checkLink(
  line: string,
  expectedSeq: number,
  expectedPrev: string | null,
): ChainLink | string {
  if (line.length <= HASH_SUFFIX_LENGTH + SEQ_PREFIX.length || !line.startsWith(SEQ_PREFIX)) {
    return 'the line is not a journal record'
  }
  const hashStart = line.length - HASH_SUFFIX_LENGTH
  if (line.slice(hashStart, hashStart + HASH_FIELD.length) !== HASH_FIELD || !line.endsWith('"}')) {
    return 'the record has no hash where it belongs'
  }
  const hash = line.slice(hashStart + HASH_FIELD.length, line.length - 2)
  const comma = line.indexOf(',', SEQ_PREFIX.length)
  const seq = Number(line.slice(SEQ_PREFIX.length, comma))
  if (seq !== expectedSeq) {
    return Number.isInteger(seq)
      ? `expected seq ${expectedSeq} but found ${seq} (a record was removed, inserted or moved)`
      : 'the record has no readable seq'
  }
  const prevStart = hashStart - PREV_FIELD.length - 64 - 1
  if (line.slice(prevStart, prevStart + PREV_FIELD.length) !== PREV_FIELD)
    return 'the record has no prev hash where it belongs'
  const prev = line.slice(prevStart + PREV_FIELD.length, hashStart - 1)
  if (expectedPrev !== null && prev !== expectedPrev)
    return 'its prev hash does not match the previous record (the chain is broken)'
  if (!HEX64.test(hash) || sha256(line.slice(0, hashStart) + '}') !== hash) {
    return 'its hash does not match its contents (the record was edited)'
  }
  return { seq, hash }
}
