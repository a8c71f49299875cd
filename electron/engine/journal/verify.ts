/**
 * Walks a journal folder's whole hash chain, streaming, and reports the first record that
 * fails: edited, inserted, removed, reordered, or cut off the end (when the expected head is
 * known, from the state snapshot).
 */
import { createReadStream, promises as fsp } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { VerifyReport } from '../../../shared/types'
import { checkLink } from './chain'
import { listSegments } from './journal'
import { GENESIS } from './records'

/** Options of a verification. */
export interface VerifyOptions {
  /** The head the state snapshot recorded: a journal that ends before it was cut. */
  readonly expectedHead?: { readonly seq: number; readonly hash: string } | null
  /** Called every `progressEvery` records with the count so far and the estimated total. */
  readonly onProgress?: (checked: number, total: number) => void
  readonly progressEvery?: number
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

  outer: for (const segment of segments) {
    let rest = ''
    let sawAny = false
    for await (const chunk of createReadStream(path.join(dir, segment), {
      encoding: 'utf8',
      highWaterMark: 1 << 20,
    })) {
      const text = rest + (chunk as string)
      let start = 0
      for (;;) {
        const end = text.indexOf('\n', start)
        if (end === -1) break
        const link = checkLink(text.slice(start, end), seq + 1, hash)
        if (typeof link === 'string') {
          firstBad = { seq: seq + 1, segment, reason: link }
          break outer
        }
        seq = link.seq
        hash = link.hash
        sawAny = true
        if (seq % every === 0) options.onProgress?.(seq, Math.max(estimate, seq))
        start = end + 1
      }
      rest = text.slice(start)
    }
    if (rest.length > 0) {
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
