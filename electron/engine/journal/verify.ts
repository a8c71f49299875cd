/**
 * Walks a journal folder's whole hash chain, streaming, and reports the first record that
 * fails: edited, inserted, removed, reordered, or cut off the end (when the expected head is
 * known, from the state snapshot).
 *
 * The walk works on the stored bytes: each line's hash is computed over its own bytes (the
 * byte before `"hash"` briefly becomes the closing brace), so nothing is decoded or copied on
 * the way. A line that fails is handed to checkLink, which gives the reason in words.
 */
import { hash as digest } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { VerifyReport } from '../../../shared/types'
import { checkLink } from './chain'
import { listSegments } from './journal'
import { GENESIS } from './records'
import { allZero, dataEnd } from './segment-data'

/** Options of a verification. */
export interface VerifyOptions {
  /** The head the state snapshot recorded: a journal that ends before it was cut. */
  readonly expectedHead?: { readonly seq: number; readonly hash: string } | null
  /** Called every `progressEvery` records with the count so far and the estimated total. */
  readonly onProgress?: (checked: number, total: number) => void
  readonly progressEvery?: number
  /**
   * Stop once this seq is checked: a running engine verifies what it has flushed and ignores
   * records still being written after it.
   */
  readonly stopAtSeq?: number
  /** Stops the walk (it then rejects with the signal's reason): the engine is closing. */
  readonly signal?: AbortSignal
}

const NEWLINE = 0x0a
const CLOSE_BRACE = 0x7d
const COMMA = 0x2c
const QUOTE = 0x22
const DIGIT_0 = 0x30
const READ_SIZE = 4 << 20
// `,"hash":"<64 hex>"}` and `,"prev":"<64 hex>"` as they end every line.
const HASH_SUFFIX = 9 + 64 + 2
const PREV_FIELD = 9 + 64 + 1
const SEQ_PREFIX = Buffer.from('{"seq":')
const HASH_FIELD = Buffer.from(',"hash":"')
const PREV_FIELD_NAME = Buffer.from(',"prev":"')

const sha256Hex = (data: Buffer): string => digest('sha256', data, 'hex')

/**
 * Checks the line buf[start, end) (no newline) against the chain; returns its hash, or null
 * when anything is off (the caller then asks checkLink why).
 */
function fastLink(
  buf: Buffer,
  start: number,
  end: number,
  expectedSeq: number,
  expectedPrev: string,
): string | null {
  if (end - start <= HASH_SUFFIX + PREV_FIELD + SEQ_PREFIX.length) return null
  if (buf.compare(SEQ_PREFIX, 0, SEQ_PREFIX.length, start, start + SEQ_PREFIX.length) !== 0)
    return null
  let seq = 0
  let i = start + SEQ_PREFIX.length
  for (; i < end; i++) {
    const c = buf[i] as number
    if (c === COMMA) break
    const d = c - DIGIT_0
    if (d < 0 || d > 9) return null
    seq = seq * 10 + d
  }
  if (seq !== expectedSeq || i === start + SEQ_PREFIX.length) return null
  const hashStart = end - HASH_SUFFIX
  if (buf[end - 1] !== CLOSE_BRACE || buf[end - 2] !== QUOTE) return null
  if (buf.compare(HASH_FIELD, 0, HASH_FIELD.length, hashStart, hashStart + HASH_FIELD.length) !== 0)
    return null
  const prevStart = hashStart - PREV_FIELD
  if (
    buf.compare(
      PREV_FIELD_NAME,
      0,
      PREV_FIELD_NAME.length,
      prevStart,
      prevStart + PREV_FIELD_NAME.length,
    ) !== 0
  )
    return null
  if (buf.toString('latin1', prevStart + PREV_FIELD_NAME.length, hashStart - 1) !== expectedPrev)
    return null
  const stored = buf.toString('latin1', hashStart + HASH_FIELD.length, end - 2)
  // The hash covers the line without its hash field, closed by a brace: borrow the comma.
  buf[hashStart] = CLOSE_BRACE
  const actual = sha256Hex(buf.subarray(start, hashStart + 1))
  buf[hashStart] = COMMA
  return actual === stored ? stored : null
}

/**
 * Whether the bytes of a segment from the first zero on are all zeros (the zeros written ahead
 * of its data): those of `buf` in [from, to), then the rest of the file.
 */
async function restIsZero(
  fh: fsp.FileHandle,
  buf: Buffer,
  from: number,
  to: number,
): Promise<boolean> {
  if (!allZero(buf, from, to)) return false
  const scratch = Buffer.allocUnsafe(1 << 16)
  for (;;) {
    const { bytesRead } = await fh.read(scratch, 0, scratch.length, null)
    if (bytesRead === 0) return true
    if (!allZero(scratch, 0, bytesRead)) return false
  }
}

/** Verifies every record of the journal in `dir`. */
export async function verifyJournal(
  dir: string,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const started = performance.now()
  const segments = listSegments(dir)
  // An estimate of the total for progress bars: bytes over an average record size.
  const bytes = (await Promise.all(segments.map((s) => fsp.stat(path.join(dir, s))))).reduce(
    (a, s) => a + s.size,
    0,
  )
  const estimate = Math.max(1, Math.round(bytes / 300))
  const every = options.progressEvery ?? 50_000
  let seq = 0
  let hash = GENESIS
  let firstBad: VerifyReport['firstBad'] = null
  let buf = Buffer.allocUnsafe(READ_SIZE)
  const expectedHead =
    options.expectedHead && options.expectedHead.seq > 0 ? options.expectedHead : null

  outer: for (const segment of segments) {
    const fh = await fsp.open(path.join(dir, segment), 'r')
    let sawAny = false
    let filled = 0
    /** Once the data ended at a zero: whether only zeros follow. */
    let zeroTail: boolean | null = null
    try {
      for (;;) {
        if (filled === buf.length) {
          // One line longer than the buffer: grow it.
          const bigger = Buffer.allocUnsafe(buf.length * 2)
          buf.copy(bigger, 0, 0, filled)
          buf = bigger
        }
        const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null)
        options.signal?.throwIfAborted()
        // The zeros written ahead of the data end it (segment-data.ts); past them, only zeros.
        const end = dataEnd(buf, filled, filled + bytesRead)
        if (end < filled + bytesRead) zeroTail = await restIsZero(fh, buf, end, filled + bytesRead)
        const eof = bytesRead === 0 || zeroTail !== null
        let start = 0
        for (;;) {
          const nl = buf.indexOf(NEWLINE, start)
          if (nl === -1 || nl >= end) break
          const linkHash = fastLink(buf, start, nl, seq + 1, hash)
          if (linkHash === null) {
            const line = buf.toString('utf8', start, nl)
            const link = checkLink(line, seq + 1, hash)
            firstBad = {
              seq: seq + 1,
              segment,
              reason:
                typeof link === 'string'
                  ? link
                  : 'the record is not stored as the journal writes it',
            }
            break outer
          }
          seq += 1
          hash = linkHash
          sawAny = true
          if (expectedHead && seq === expectedHead.seq && hash !== expectedHead.hash) {
            firstBad = {
              seq,
              segment,
              reason: `its hash differs from the one the state snapshot recorded for seq ${seq} (the journal was rewritten)`,
            }
            break outer
          }
          if (seq % every === 0) options.onProgress?.(seq, Math.max(estimate, seq))
          if (seq === options.stopAtSeq) break outer
          start = nl + 1
        }
        // Keep the incomplete last line at the front of the buffer.
        buf.copy(buf, 0, start, end)
        filled = end - start
        if (eof) break
      }
    } finally {
      await fh.close()
    }
    if (filled > 0 || zeroTail === false) {
      firstBad = { seq: seq + 1, segment, reason: 'the segment ends with an incomplete record' }
      break
    }
    if (!sawAny) {
      firstBad = { seq: seq + 1, segment, reason: 'the segment is empty' }
      break
    }
  }

  const expected = options.expectedHead
  if (!firstBad && expected && expected.seq > 0) {
    if (seq < expected.seq) {
      firstBad = {
        seq: seq + 1,
        segment: segments.at(-1) ?? '(none)',
        reason: `the journal ends at seq ${seq} but the state snapshot recorded ${expected.seq}: records were cut off the end`,
      }
    }
  }
  options.onProgress?.(seq, seq)
  return {
    ok: firstBad === null,
    records: seq,
    segments: segments.length,
    head: { seq, hash },
    firstBad,
    durationMs: performance.now() - started,
  }
}
