/**
 * The walk of the whole hash chain that a start from a snapshot leaves to do (the journal
 * opened by checking only the tail after the snapshot's place), started on a worker thread at
 * the very beginning of start-up, so that it runs on the other core while the snapshot is read
 * and folded. Until it has vouched for the chain the gate refuses orders; it vouches only for
 * exactly the chain the journal opened on (the same head, seq and hash). On any doubt (a
 * record that fails, a head that differs because a torn line was moved aside meanwhile, a
 * worker that cannot start) it vouches for nothing and the engine walks the chain itself, as
 * verifyJournal, which names what is wrong.
 *
 * The worker's program is a string: it must run the same in the bundled app, the server host
 * and the tests, with no separate build entry. It reads the stored bytes, as verify.ts does.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { JournalHead } from './journal'
import { listSegments } from './journal'
import { GENESIS } from './records'

/** A chain walk running in the background. */
export interface BackgroundWalk {
  /**
   * Resolves true when the walk found every record, from the first, intact and linked, ending
   * at exactly `head`; false otherwise (then the chain still has to be walked).
   */
  vouches(head: JournalHead): Promise<boolean>
  /** Stops the walk (the engine closes, or needs no walk). */
  stop(): void
}

type WalkOutcome = { ok: true; seq: number; hash: string } | { ok: false }

/**
 * Starts walking the chain of the journal in `dir` as its segments are now (each up to its
 * present size: what is appended later is not the walk's). Never throws.
 */
export function walkChainInBackground(dir: string): BackgroundWalk {
  let worker: Worker | null = null
  let outcome: Promise<WalkOutcome>
  try {
    const segments = listSegments(dir).map((name) => {
      const file = path.join(dir, name)
      return { file, size: statSync(file).size }
    })
    const started = new Worker(WALKER, { eval: true, workerData: { segments, genesis: GENESIS } })
    worker = started
    // The walk never keeps the process alive on its own.
    started.unref()
    outcome = new Promise<WalkOutcome>((resolve) => {
      started.once('message', (message: WalkOutcome) => resolve(message))
      started.once('error', () => resolve({ ok: false }))
      started.once('exit', () => resolve({ ok: false }))
    })
  } catch {
    outcome = Promise.resolve({ ok: false })
  }
  const stop = (): void => {
    void worker?.terminate().catch(() => undefined)
    worker = null
  }
  void outcome.then(stop)
  return {
    vouches: async (head) => {
      const walked = await outcome
      return walked.ok && walked.seq === head.seq && walked.hash === head.hash
    },
    stop,
  }
}

/**
 * The worker: checks each line's seq (one more than the last), its prev (the last line's
 * hash) and its hash (SHA-256 of the line without its hash field, closed by a brace), and
 * posts the last record's seq and hash, or `{ ok: false }` at the first doubt. Only the last
 * segment may end with an incomplete line (a torn tail the journal moves aside on open).
 */
const WALKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { openSync, readSync, closeSync } = require('node:fs')
const crypto = require('node:crypto')
const sha256 = (data) => crypto.hash('sha256', data, 'hex')
const SEQ = Buffer.from('{"seq":')
const HASH = Buffer.from(',"hash":"')
const PREV = Buffer.from(',"prev":"')
const SUFFIX = HASH.length + 64 + 2
let seq = 0
let prev = workerData.genesis
function link(buf, start, end) {
  if (end - start <= SUFFIX + PREV.length + 64 + 1 + SEQ.length) return false
  if (buf.compare(SEQ, 0, SEQ.length, start, start + SEQ.length) !== 0) return false
  let n = 0
  let i = start + SEQ.length
  for (; i < end; i++) {
    const d = buf[i] - 48
    if (buf[i] === 44) break
    if (d < 0 || d > 9) return false
    n = n * 10 + d
  }
  if (n !== seq + 1 || i === start + SEQ.length) return false
  const hashStart = end - SUFFIX
  if (buf[end - 1] !== 125 || buf[end - 2] !== 34) return false
  if (buf.compare(HASH, 0, HASH.length, hashStart, hashStart + HASH.length) !== 0) return false
  const prevStart = hashStart - PREV.length - 64 - 1
  if (buf.compare(PREV, 0, PREV.length, prevStart, prevStart + PREV.length) !== 0) return false
  if (buf.toString('latin1', prevStart + PREV.length, hashStart - 1) !== prev) return false
  const stored = buf.toString('latin1', hashStart + HASH.length, end - 2)
  buf[hashStart] = 125
  const actual = sha256(buf.subarray(start, hashStart + 1))
  buf[hashStart] = 44
  if (actual !== stored) return false
  seq = n
  prev = stored
  return true
}
function walk() {
  let buf = Buffer.allocUnsafe(4 << 20)
  const segments = workerData.segments
  for (let s = 0; s < segments.length; s++) {
    const { file, size } = segments[s]
    const fd = openSync(file, 'r')
    try {
      let position = 0
      let filled = 0
      let any = false
      for (;;) {
        if (filled === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2)
          buf.copy(bigger, 0, 0, filled)
          buf = bigger
        }
        const want = Math.min(buf.length - filled, size - position)
        const read = want > 0 ? readSync(fd, buf, filled, want, position) : 0
        position += read
        // The zeros written ahead of the data end it: the rest of the segment is not read.
        const zero = buf.indexOf(0, filled)
        const end = zero === -1 || zero >= filled + read ? filled + read : zero
        if (end < filled + read) position = size
        let start = 0
        for (;;) {
          const nl = buf.indexOf(10, start)
          if (nl === -1 || nl >= end) break
          if (!link(buf, start, nl)) return { ok: false }
          any = true
          start = nl + 1
        }
        buf.copy(buf, 0, start, end)
        filled = end - start
        if (read === 0 || position === size) break
      }
      if (!any || (filled > 0 && s < segments.length - 1)) return { ok: false }
    } finally {
      closeSync(fd)
    }
  }
  return { ok: true, seq, hash: prev }
}
let outcome
try {
  outcome = walk()
} catch {
  outcome = { ok: false }
}
parentPort.postMessage(outcome)
`
