/**
 * The on-disk index of one journal segment: where each record's line ends (so a record is read
 * with one pread) and which records name each order id. A segment the journal no longer writes
 * to gets a sidecar file, written once; the segment being written is indexed in memory.
 *
 * Sidecar layout (little-endian): a 32-byte header (magic, record count, id count, first seq,
 * the segment's size in bytes), then the line ends (f64 each), then the id entries sorted by
 * hash: their seqs (f64 each), then their hashes (u32 each).
 */
import fs from 'node:fs'
import path from 'node:path'
import { PRIVATE_FILE_MODE } from '../core'
import { dataEnd } from './segment-data'

const MAGIC = 0x31584756 // "VGX1"
const HEADER = 32

/** A 32-bit FNV-1a hash of an id: the key of the id tables (a match is confirmed on read). */
export function idHash(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The index of one segment, sealed (read from its sidecar) or being written (in memory). */
export interface SegmentIndex {
  readonly segment: string
  readonly firstSeq: number
  /** Records indexed. */
  readonly count: number
  /** Byte offset and length of the line of `seq`, or null when it is not in this segment. */
  locate(seq: number): { offset: number; length: number } | null
  /** Seqs of records that may name `id` (a hash match), ascending. */
  candidates(id: string): number[]
}

/** The index of the segment being written: kept in memory, sealed to a sidecar when done. */
export class ActiveSegment implements SegmentIndex {
  private readonly ends: number[] = []
  private readonly ids = new Map<string, number[]>()

  constructor(
    readonly segment: string,
    readonly firstSeq: number,
  ) {}

  get count(): number {
    return this.ends.length
  }

  /** The line of the next record ends at `end`. */
  push(end: number): void {
    this.ends.push(end)
  }

  /** Record `seq` names `id`. */
  name(id: string, seq: number): void {
    const seqs = this.ids.get(id)
    if (seqs) {
      if (seqs.at(-1) !== seq) seqs.push(seq)
    } else this.ids.set(id, [seq])
  }

  locate(seq: number): { offset: number; length: number } | null {
    const i = seq - this.firstSeq
    if (i < 0 || i >= this.ends.length) return null
    const start = i === 0 ? 0 : (this.ends[i - 1] as number)
    return { offset: start, length: (this.ends[i] as number) - start }
  }

  candidates(id: string): number[] {
    return [...(this.ids.get(id) ?? [])]
  }

  /** Writes the sidecar of this (now sealed) segment: a temp file, then renamed into place. */
  seal(indexDir: string, segmentBytes: number): void {
    const entries: { hash: number; seq: number }[] = []
    for (const [id, seqs] of this.ids) {
      const hash = idHash(id)
      for (const seq of seqs) entries.push({ hash, seq })
    }
    entries.sort((a, b) => a.hash - b.hash || a.seq - b.seq)
    const n = this.ends.length
    const m = entries.length
    const buf = Buffer.alloc(HEADER + n * 8 + m * 12)
    buf.writeUInt32LE(MAGIC, 0)
    buf.writeUInt32LE(n, 4)
    buf.writeUInt32LE(m, 8)
    buf.writeDoubleLE(this.firstSeq, 16)
    buf.writeDoubleLE(segmentBytes, 24)
    let o = HEADER
    for (const end of this.ends) o = buf.writeDoubleLE(end, o)
    for (const e of entries) o = buf.writeDoubleLE(e.seq, o)
    for (const e of entries) o = buf.writeUInt32LE(e.hash, o)
    const file = sidecarPath(indexDir, this.segment)
    const temp = `${file}.tmp`
    fs.writeFileSync(temp, buf, { mode: PRIVATE_FILE_MODE })
    fs.renameSync(temp, file)
  }
}

/** Where the sidecar of a segment is. */
export function sidecarPath(indexDir: string, segment: string): string {
  return path.join(indexDir, `${segment}.idx`)
}

/** What a sidecar's header says. */
export interface SidecarHeader {
  readonly count: number
  /** Id entries (one per record naming an id). */
  readonly ids: number
  readonly firstSeq: number
  readonly segmentBytes: number
}

/** Reads a sidecar's header; null when it is missing or not a whole sidecar. */
export function readSidecarHeader(indexDir: string, segment: string): SidecarHeader | null {
  let fd: number
  try {
    fd = fs.openSync(sidecarPath(indexDir, segment), 'r')
  } catch {
    return null
  }
  try {
    const buf = Buffer.alloc(HEADER)
    if (fs.readSync(fd, buf, 0, HEADER, 0) !== HEADER) return null
    const count = buf.readUInt32LE(4)
    const ids = buf.readUInt32LE(8)
    if (buf.readUInt32LE(0) !== MAGIC) return null
    if (fs.fstatSync(fd).size !== HEADER + count * 8 + ids * 12) return null
    return { count, ids, firstSeq: buf.readDoubleLE(16), segmentBytes: buf.readDoubleLE(24) }
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * The distinct id hashes of a sealed segment, ascending: the hash section of its sidecar alone,
 * 4 bytes per id entry, so every segment's can stay loaded to tell at once that an id is new.
 */
export function readIdHashes(
  indexDir: string,
  segment: string,
  header: SidecarHeader,
): Uint32Array {
  const bytes = header.ids * 4
  const buf = Buffer.alloc(bytes)
  const fd = fs.openSync(sidecarPath(indexDir, segment), 'r')
  try {
    if (fs.readSync(fd, buf, 0, bytes, HEADER + header.count * 8 + header.ids * 8) !== bytes)
      throw new Error(`The index of journal segment ${segment} is cut short`)
  } finally {
    fs.closeSync(fd)
  }
  const all = new Uint32Array(buf.buffer, buf.byteOffset, header.ids)
  let n = 0
  for (let i = 0; i < all.length; i++)
    if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i] as number
  return all.slice(0, n)
}

/** Whether ascending `hashes` holds `hash`. */
export function holdsHash(hashes: Uint32Array, hash: number): boolean {
  let lo = 0
  let hi = hashes.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((hashes[mid] as number) < hash) lo = mid + 1
    else hi = mid
  }
  return lo < hashes.length && hashes[lo] === hash
}

/** A sealed segment's index, read whole from its sidecar. */
export class SealedSegment implements SegmentIndex {
  private constructor(
    readonly segment: string,
    readonly firstSeq: number,
    private readonly ends: Float64Array,
    private readonly idSeqs: Float64Array,
    private readonly idHashes: Uint32Array,
  ) {}

  /** Loads a sidecar (its header was checked when the index opened). */
  static load(indexDir: string, segment: string): SealedSegment {
    return SealedSegment.from(segment, fs.readFileSync(sidecarPath(indexDir, segment)))
  }

  /** Loads a sidecar without holding the event loop while it is read. */
  static async loadAsync(indexDir: string, segment: string): Promise<SealedSegment> {
    return SealedSegment.from(segment, await fs.promises.readFile(sidecarPath(indexDir, segment)))
  }

  private static from(segment: string, buf: Buffer): SealedSegment {
    const n = buf.readUInt32LE(4)
    const m = buf.readUInt32LE(8)
    const copy = (offset: number, bytes: number): ArrayBuffer =>
      buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + bytes) as ArrayBuffer
    return new SealedSegment(
      segment,
      buf.readDoubleLE(16),
      new Float64Array(copy(HEADER, n * 8)),
      new Float64Array(copy(HEADER + n * 8, m * 8)),
      new Uint32Array(copy(HEADER + n * 8 + m * 8, m * 4)),
    )
  }

  get count(): number {
    return this.ends.length
  }

  locate(seq: number): { offset: number; length: number } | null {
    const i = seq - this.firstSeq
    if (i < 0 || i >= this.ends.length) return null
    const start = i === 0 ? 0 : (this.ends[i - 1] as number)
    return { offset: start, length: (this.ends[i] as number) - start }
  }

  candidates(id: string): number[] {
    const hash = idHash(id)
    const hashes = this.idHashes
    let lo = 0
    let hi = hashes.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((hashes[mid] as number) < hash) lo = mid + 1
      else hi = mid
    }
    const out: number[] = []
    for (let i = lo; i < hashes.length && hashes[i] === hash; i++)
      out.push(this.idSeqs[i] as number)
    return out
  }
}

const ORDER_TYPE = '"type":"order.'

/**
 * Calls `each` with the seq, end offset and kind of every whole line of a segment, and a way
 * to read its text (a torn last line, without its newline, is not the journal's: open moves
 * it aside; the zeros ahead of the data end it). Only order records are decoded whole.
 */
export async function scanLines(
  file: string,
  each: (seq: number, end: number, isOrder: boolean, text: () => string) => void,
): Promise<void> {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 22 })
  let rest: Buffer = Buffer.alloc(0)
  let base = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const joined = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk
    // The zeros written ahead of the data end it (segment-data.ts).
    const end = dataEnd(joined)
    const buf = joined.subarray(0, end)
    let start = 0
    for (;;) {
      const nl = buf.indexOf(0x0a, start)
      if (nl === -1) break
      // {"seq":N,"ts":T,"type":"...": the head says which record it is.
      const head = buf.toString('latin1', start, Math.min(nl, start + 80))
      const from = start
      each(Number(head.slice(7, head.indexOf(','))), base + nl + 1, head.includes(ORDER_TYPE), () =>
        buf.toString('utf8', from, nl),
      )
      start = nl + 1
    }
    rest = buf.subarray(start)
    base += start
    if (end < joined.length) {
      stream.destroy()
      break
    }
  }
}
