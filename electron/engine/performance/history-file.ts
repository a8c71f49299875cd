/**
 * The trade-history file: one binary frame per round trip or order outcome, appended as the
 * journal is folded and written once per turn of the event loop (and before a snapshot). A frame
 * leads with its numbers and decimal strings, so a start reads 100,000 trades back in tens of
 * milliseconds; the whole round trip follows as JSON, read only for the trades a view lists.
 * It is derived from the journal and never trusted over it: a frame a crash tore or whose
 * checksum fails ends what is read, and the owner rebuilds the file from the journal when it
 * holds less than the snapshot counts.
 *
 * Frame (little-endian): u32 length, u32 CRC-32 of the rest, u8 kind (1 round trip, 2 order),
 * f64 seq, f64 a, f64 b, u8 outcome, then u32-prefixed UTF-8 strings. A round trip: a = opened,
 * b = closed, strings account, pnl, fee, JSON. An order: a = ts, b = slippage (NaN: none),
 * strings account, symbol.
 */
import fs from 'node:fs'
import { crc32 } from 'node:zlib'
import type { OrderOutcome } from '../../../shared/performance'
import { OUTCOMES } from './history'
import type { RoundTrip } from './trades'

const HEAD = 34
const TRIP = 1
const ORDER = 2

/** A round trip or an order outcome as read back, with its frame's place. */
export type HistoryEntry =
  | {
      readonly kind: 'trip'
      readonly seq: number
      readonly account: string
      readonly openedAt: number
      readonly closedAt: number
      readonly pnl: string
      readonly fee: string
      readonly at: number
      readonly length: number
    }
  | {
      readonly kind: 'order'
      readonly seq: number
      readonly account: string
      readonly ts: number
      readonly symbol: string
      readonly outcome: OrderOutcome
      readonly slippage: number | null
      readonly at: number
      readonly length: number
    }

function frame(
  kind: number,
  seq: number,
  a: number,
  b: number,
  outcome: number,
  strings: string[],
) {
  const sizes = strings.map((s) => Buffer.byteLength(s))
  const length = HEAD + sizes.reduce((sum, n) => sum + 4 + n, 0)
  const buf = Buffer.allocUnsafe(length)
  buf.writeUInt32LE(length, 0)
  buf.writeUInt8(kind, 8)
  buf.writeDoubleLE(seq, 9)
  buf.writeDoubleLE(a, 17)
  buf.writeDoubleLE(b, 25)
  buf.writeUInt8(outcome, 33)
  let at = HEAD
  strings.forEach((s, i) => {
    buf.writeUInt32LE(sizes[i] as number, at)
    at += 4 + buf.write(s, at + 4, 'utf8')
  })
  buf.writeUInt32LE(crc32(buf.subarray(8)), 4)
  return buf
}

/** Reads `count` strings from `at` in `buf` (within `end`); null when they overrun. */
function strings(buf: Buffer, at: number, end: number, count: number): string[] | null {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    if (at + 4 > end) return null
    const size = buf.readUInt32LE(at)
    if (at + 4 + size > end) return null
    out.push(buf.toString('utf8', at + 4, at + 4 + size))
    at += 4 + size
  }
  return out
}

/** The open history of each file: a newer one retires the one before it. */
const opened = new Map<string, HistoryFile>()

/** Appends frames; reads the file back, and the round trips a view lists. */
export class HistoryFile {
  private pending: Buffer[] = []
  private pendingBytes = 0
  /** Bytes on disk. */
  private written: number
  private scheduled = false
  /**
   * Opened again (recovery trying another snapshot): this one writes nothing more, or frames
   * of the abandoned try would land after what the new one cut.
   */
  private retired = false
  /** The file, open for writing from the first flush until `close` (or a retirement). */
  private fd: number | null = null

  private constructor(
    readonly file: string,
    size: number,
  ) {
    this.written = size
  }

  /**
   * Opens the file and finds its whole frames, oldest first; a torn or damaged frame ends what
   * is read (the rest is cut off by `cut`). `entry(i)` decodes the i-th when asked.
   */
  static open(file: string): { history: HistoryFile; frames: Frames } {
    let buf = Buffer.alloc(0)
    try {
      buf = fs.readFileSync(file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const starts: number[] = []
    let at = 0
    while (at + HEAD <= buf.length) {
      const length = buf.readUInt32LE(at)
      const end = at + length
      if (length < HEAD || end > buf.length) break
      if (crc32(buf.subarray(at + 8, end)) !== buf.readUInt32LE(at + 4)) break
      const kind = buf.readUInt8(at + 8)
      if (kind !== TRIP && kind !== ORDER) break
      starts.push(at)
      at = end
    }
    starts.push(at)
    const history = new HistoryFile(file, buf.length)
    opened.get(file)?.retire()
    opened.set(file, history)
    return { history, frames: new Frames(buf, starts) }
  }

  private retire(): void {
    this.retired = true
    this.pending = []
    this.pendingBytes = 0
    this.close()
  }

  /** Closes the file (the engine stops); a later write opens it again. */
  close(): void {
    if (this.fd === null) return
    const fd = this.fd
    this.fd = null
    fs.closeSync(fd)
  }

  /** The byte where the next frame goes. */
  get end(): number {
    return this.written + this.pendingBytes
  }

  /** Cuts the file to its first `bytes` (frames after what the state covers, or torn ones). */
  cut(bytes: number): void {
    if (this.retired) return
    this.pending = []
    this.pendingBytes = 0
    const fd = fs.openSync(this.file, 'a', 0o600)
    try {
      fs.ftruncateSync(fd, bytes)
    } finally {
      fs.closeSync(fd)
    }
    this.written = bytes
  }

  /** Appends a round trip made by record `seq`; returns its frame's place. */
  appendTrip(seq: number, trip: RoundTrip): { at: number; length: number } {
    const strs = [trip.accountId, trip.pnl, trip.fees, JSON.stringify(trip)]
    return this.push(frame(TRIP, seq, trip.openedAt, trip.closedAt, 0, strs))
  }

  /** Appends an order outcome counted at record `seq`. */
  appendOrder(
    seq: number,
    order: { account: string; ts: number; symbol: string; outcome: OrderOutcome },
    slippage: number | null,
  ): void {
    const { account, ts, symbol, outcome } = order
    const strs = [account, symbol]
    this.push(frame(ORDER, seq, ts, slippage ?? NaN, OUTCOMES.indexOf(outcome), strs))
  }

  private push(buf: Buffer): { at: number; length: number } {
    const place = { at: this.end, length: buf.length }
    if (this.retired) return place
    this.pending.push(buf)
    this.pendingBytes += buf.length
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        try {
          this.flush()
        } catch {
          // Kept in memory and written at the same place with the next frame or before the
          // next snapshot: a disk that refuses (full) must not stop the engine for a derived file.
        }
      })
    }
    return place
  }

  /** Writes what is pending (before a snapshot that counts it, and before a read). */
  flush(): void {
    if (this.pending.length === 0 || this.retired) return
    const buf = Buffer.concat(this.pending, this.pendingBytes)
    // Written at its place, whole, before anything pending is dropped: a write the disk cut
    // short or refused is done again from the same place. The file stays open between writes
    // (a busy engine writes a few times a second).
    this.fd ??= fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600)
    for (let done = 0; done < buf.length;)
      done += fs.writeSync(this.fd, buf, done, buf.length - done, this.written + done)
    this.pending = []
    this.pendingBytes = 0
    this.written += buf.length
  }

  /** Reads the round trips whose frames are at the places given, in that order. */
  readTrips(places: readonly { readonly at: number; readonly length: number }[]): RoundTrip[] {
    if (places.length === 0) return []
    if (places.some((p) => p.at + p.length > this.written)) this.flush()
    const fd = fs.openSync(this.file, 'r')
    try {
      return places.map(({ at, length }) => {
        const buf = Buffer.alloc(length)
        fs.readSync(fd, buf, 0, length, at)
        const json = buf.readUInt8(8) === TRIP ? strings(buf, HEAD, length, 4)?.[3] : undefined
        if (json === undefined)
          throw new Error(`The trade history file has no round trip at byte ${at}; restart Vigil`)
        return JSON.parse(json) as RoundTrip
      })
    } finally {
      fs.closeSync(fd)
    }
  }
}

/** The whole frames of a file as read at start, decoded one at a time. */
export class Frames {
  constructor(
    private readonly buf: Buffer,
    /** Where each frame starts, and where the last ends. */
    private readonly starts: readonly number[],
  ) {}

  get length(): number {
    return this.starts.length - 1
  }

  /** The journal seq that made frame `i`. */
  seq(i: number): number {
    return this.buf.readDoubleLE((this.starts[i] as number) + 9)
  }

  /** Whether frame `i` is a round trip. */
  isTrip(i: number): boolean {
    return this.buf.readUInt8((this.starts[i] as number) + 8) === TRIP
  }

  /** Where frame `i` starts (`length`: where the last ends). */
  start(i: number): number {
    return this.starts[i] as number
  }

  /** Frame `i`, decoded; throws when its strings overrun it (a frame the CRC let through). */
  entry(i: number): HistoryEntry {
    const entry = decode(this.buf, this.start(i), this.start(i + 1))
    if (!entry)
      throw new Error(`The trade history file's frame at byte ${this.start(i)} is damaged`)
    return entry
  }
}

function decode(buf: Buffer, at: number, end: number): HistoryEntry | null {
  const kind = buf.readUInt8(at + 8)
  const seq = buf.readDoubleLE(at + 9)
  const a = buf.readDoubleLE(at + 17)
  const b = buf.readDoubleLE(at + 25)
  const length = end - at
  if (kind === TRIP) {
    // The JSON is read only when the trade is listed: skip it.
    const strs = strings(buf, at + HEAD, end, 3)
    if (!strs) return null
    const [account, pnl, fee] = strs as [string, string, string]
    return { kind: 'trip', seq, account, openedAt: a, closedAt: b, pnl, fee, at, length }
  }
  const outcome = OUTCOMES[buf.readUInt8(at + 33)]
  const strs = kind === ORDER ? strings(buf, at + HEAD, end, 2) : null
  if (!strs || outcome === undefined) return null
  const [account, symbol] = strs as [string, string]
  const slippage = Number.isNaN(b) ? null : b
  return { kind: 'order', seq, account, ts: a, symbol, outcome, slippage, at, length }
}
